import Foundation
import OpenDentalAPI

/// The schedule's rows, computed from its state and the shared view each time they are needed.
extension ScheduleState {
    /// The day's appointments in time order, after the local filter.
    func visible(_ shared: Shared) -> [Appointment] {
        let sorted = appointments.filter { a in
            // What the desktop draws: Unscheduled-list and Planned appointments keep a date, but
            // are not on the book (drawn, they would make free time look taken).
            a.aptStatus != .unschedList && a.aptStatus != .planned
                && (providerFilter == nil || a.provNum == providerFilter || a.provHyg == providerFilter)
                && (opFilter == nil || a.op == opFilter)
                && (clinicFilter == nil || (shared.opClinic[a.op] ?? a.clinicNum) == clinicFilter)
        }.sorted { ($0.sortTime, $0.op, $0.aptNum) < ($1.sortTime, $1.op, $1.aptNum) }
        guard !shared.filter.isEmpty else { return sorted }
        let f = shared.filter.lowercased()
        return sorted.filter { a in
            shared.name(a.patNum).lowercased().contains(f) || a.procDescript.lowercased().contains(f) || a.provAbbr.lowercased().contains(f)
                || (shared.opAbbr[a.op] ?? "").lowercased().contains(f) || shared.status(a).word.lowercased().contains(f)
        }
    }

    /// The operatories the grid shows, in the office's order, after the filters.
    func gridOps(_ shared: Shared) -> [Int] {
        let base = shared.opOrder.isEmpty ? Array(Set(appointments.map(\.op))).sorted() : shared.opOrder
        return base.filter { op in (opFilter == nil || op == opFilter) && (clinicFilter == nil || shared.opClinic[op] == clinicFilter) }
    }

    /// The day's free time after the filters (none unless `F` shows it and the day's schedules
    /// are read); today, only what has not ended.
    func freeRows(_ shared: Shared) -> [FreeTime] {
        guard showFree, schedulesDay == day else { return [] }
        let facts = OpeningFinder.Facts(schedules: daySchedules, booked: appointments, noScheduling: shared.noSchedulingBlockouts,
                                        operatories: shared.operatories)
        return OpeningFinder.freeTime(on: day, facts).compactMap { $0.fromNow(shared.now) }.filter { f in
            (providerFilter == nil || f.provNum == providerFilter)
                && (opFilter == nil || f.op == opFilter)
                && (clinicFilter == nil || shared.opClinic[f.op] == clinicFilter)
                && shared.filter.isEmpty
        }
    }

    /// The list's rows: appointments, and free time among them when shown.
    func rows(_ shared: Shared) -> [ScheduleRow] {
        let appts = visible(shared).map(ScheduleRow.appointment)
        let free = freeRows(shared)
        if free.isEmpty { return appts }
        return (appts + free.map(ScheduleRow.free)).enumerated().sorted { a, b in
            a.element.sortKey != b.element.sortKey ? a.element.sortKey < b.element.sortKey : a.offset < b.offset
        }.map(\.element)
    }

    /// Today: the first appointment that has not ended yet; another day, the first row.
    func firstRow(_ ids: [Int], _ shared: Shared) -> Int? {
        if day == shared.now.date {
            let next = visible(shared).first { a in
                guard let t = a.aptDateTime else { return false }
                return t.epochSeconds + a.lengthMinutes * 60 >= shared.now.epochSeconds
            }
            if let n = next { return n.aptNum }
        }
        return ids.first
    }
}

extension AppState {
    /// The day's appointments in time order, after the local filter.
    public var visibleAppointments: [Appointment] { schedule.visible(Shared(self)) }
    /// The operatories the grid shows, in the office's order, after the filters.
    public var gridOps: [Int] { schedule.gridOps(Shared(self)) }
}

/// A row of the schedule's list: an appointment, or free time (`F`).
public enum ScheduleRow: Equatable, Sendable {
    case appointment(Appointment)
    case free(FreeTime)

    public var id: Int {
        switch self {
        case .appointment(let a): return a.aptNum
        case .free(let f): return f.id
        }
    }

    var sortKey: (Int, Int) {
        switch self {
        case .appointment(let a): return (a.aptDateTime?.time.secondsOfDay ?? 0, a.op)
        case .free(let f): return (f.startBlock * OpeningFinder.blockMinutes * 60, f.op)
        }
    }
}

extension AppState {
    /// The day's free time after the schedule's filters.
    public var freeRows: [FreeTime] { schedule.freeRows(Shared(self)) }
    /// The schedule's rows: appointments, and free time among them when shown.
    public var scheduleRows: [ScheduleRow] { schedule.rows(Shared(self)) }
}
