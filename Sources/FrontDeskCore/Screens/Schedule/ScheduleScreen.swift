import Foundation
import OpenDentalAPI
import TerminalUI

/// The schedule's own state: the day on show and how it is filtered and drawn.
public struct ScheduleState: Equatable, Sendable {
    public var day: LocalDate
    public var appointments: [Appointment] = []
    public var cursor = ListCursor()
    public var load: LoadState = .idle
    /// The day on screen came from the local cache, saved at this time; nil once the office answered.
    public var from: LocalDateTime?
    /// Grid view: operatories as columns, time down the side.
    public var gridView = false
    public var gridFirstOp = 0
    public var providerFilter: Int?
    public var opFilter: Int?
    public var clinicFilter: Int?
    /// Rows marked with Space (AptNums), for the picker and break to act on all of them.
    public var marked: Set<Int> = []
    /// Free time shown as rows (`F`): from the day's schedules, read when shown.
    public var showFree = false
    public var daySchedules: [Schedule] = []
    public var schedulesDay: LocalDate?
    /// The time an appointment sent to the Unscheduled list left free: `H` fills it.
    public var lastHole: FreeTime?
    /// The appointment that left it (not offered back into its own hole).
    public var lastHoleSource: Int?
    /// A send to the Unscheduled list on its way: the hole it will leave.
    public var pendingHole: FreeTime?
    public var pendingHoleSource: Int?

    public init(day: LocalDate) { self.day = day }

    /// Another day: its rows are asked for, the old ones leave.
    mutating func show(_ d: LocalDate) {
        day = d
        appointments = []
        from = nil
        marked = []
        cursor.reset()
    }
}

enum ScheduleScreen: Screen {
    static let title = "Schedule"
    static let origin = Origin.schedule
    static var cursor: WritableKeyPath<AppState, ListCursor>? { \.schedule.cursor }
    static var marks: WritableKeyPath<AppState, Set<Int>>? { \.schedule.marked }
    static func markedAppointments(_ s: AppState) -> [Appointment] { s.visibleAppointments.filter { s.schedule.marked.contains($0.aptNum) } }

    static func ids(_ s: AppState) -> [Int] { s.scheduleRows.map(\.id) }
    static func load(_ s: AppState) -> LoadState { s.schedule.load }
    static func loads(_ e: Effect) -> Bool { if case .loadDay = e { return true } else { return false } }
    static var drawsAppointmentsLive: Bool { true }
    static func startLoading(_ s: inout AppState) { s.schedule.load = .loading }
    static func dataFrom(_ s: AppState) -> LocalDateTime? { s.schedule.from }
    static func draw(_ g: inout Grid, _ s: AppState) { drawSchedule(&g, s) }
    static func refresh(_ s: AppState, background: Bool) -> [Effect] { [.loadDay(s.schedule.day)] }

    static func selectedAppointment(_ s: AppState) -> Appointment? {
        s.visibleAppointments.first { $0.aptNum == s.schedule.cursor.selected }
    }

    static func selectedPatNum(_ s: AppState) -> Int? { selectedAppointment(s)?.patNum }

    /// Today: the first appointment that has not ended yet.
    static func defaultSelection(_ s: AppState, _ ids: [Int]) -> Int? {
        if s.schedule.day == s.now.date {
            let next = s.visibleAppointments.first { a in
                guard let t = a.aptDateTime else { return false }
                return t.epochSeconds + a.lengthMinutes * 60 >= s.now.epochSeconds
            }
            if let n = next { return n.aptNum }
        }
        return ids.first
    }

    /// The grid is not a list of rows: a click there selects nothing.
    static func click(_ s: inout AppState, row: Int) -> Bool { !s.schedule.gridView && selectRow(&s, row) }

    static func enter(_ s: inout AppState) -> [Effect] { markLoading(&s, [.loadDay(s.schedule.day)]) }

    static func failed(_ s: inout AppState, _ text: String, offline: Bool) {
        if s.schedule.load == .loading { s.schedule.load = .failed(text) }
    }
}

extension AppState {
    /// The day's appointments in time order, after the local filter.
    public var visibleAppointments: [Appointment] {
        let sc = schedule
        let sorted = sc.appointments.filter { a in
            // What the desktop draws: Unscheduled-list and Planned appointments keep a date, but
            // are not on the book (drawn, they would make free time look taken).
            a.aptStatus != .unschedList && a.aptStatus != .planned
                && (sc.providerFilter == nil || a.provNum == sc.providerFilter || a.provHyg == sc.providerFilter)
                && (sc.opFilter == nil || a.op == sc.opFilter)
                && (sc.clinicFilter == nil || (opClinic[a.op] ?? a.clinicNum) == sc.clinicFilter)
        }.sorted { ($0.sortTime, $0.op, $0.aptNum) < ($1.sortTime, $1.op, $1.aptNum) }
        guard !filter.isEmpty else { return sorted }
        let f = filter.lowercased()
        return sorted.filter { a in
            name(a.patNum).lowercased().contains(f) || a.procDescript.lowercased().contains(f) || a.provAbbr.lowercased().contains(f)
                || (opAbbr[a.op] ?? "").lowercased().contains(f) || confirmWord(a).lowercased().contains(f)
        }
    }

    /// The operatories the grid shows, in the office's order, after the filters.
    public var gridOps: [Int] {
        let base = opOrder.isEmpty ? Array(Set(schedule.appointments.map(\.op))).sorted() : opOrder
        return base.filter { op in (schedule.opFilter == nil || op == schedule.opFilter) && (schedule.clinicFilter == nil || opClinic[op] == schedule.clinicFilter) }
    }
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
    /// The day's free time after the schedule's filters (none unless `F` shows it and the day's
    /// schedules are read); today, only what has not ended.
    public var freeRows: [FreeTime] {
        guard schedule.showFree, schedule.schedulesDay == schedule.day else { return [] }
        let facts = OpeningFinder.Facts(schedules: schedule.daySchedules, booked: schedule.appointments, noScheduling: noSchedulingBlockouts,
                                        operatories: operatories)
        return OpeningFinder.freeTime(on: schedule.day, facts).compactMap { $0.fromNow(now) }.filter { f in
            (schedule.providerFilter == nil || f.provNum == schedule.providerFilter)
                && (schedule.opFilter == nil || f.op == schedule.opFilter)
                && (schedule.clinicFilter == nil || opClinic[f.op] == schedule.clinicFilter)
                && filter.isEmpty
        }
    }

    /// The list's rows: appointments, and free time among them when shown.
    public var scheduleRows: [ScheduleRow] {
        let appts = visibleAppointments.map(ScheduleRow.appointment)
        let free = freeRows
        if free.isEmpty { return appts }
        return (appts + free.map(ScheduleRow.free)).enumerated().sorted { a, b in
            a.element.sortKey != b.element.sortKey ? a.element.sortKey < b.element.sortKey : a.offset < b.offset
        }.map(\.element)
    }
}

extension ScheduleScreen {
    /// The hole on the selected free row, if one is selected.
    static func selectedHole(_ s: AppState) -> FreeTime? {
        s.freeRows.first { $0.id == s.schedule.cursor.selected }
    }

    /// The day's schedules came (for free time).
    static func schedulesLoaded(_ s: inout AppState, _ day: LocalDate, _ schedules: [Schedule]) -> [Effect] {
        guard day == s.schedule.day else { return [] }
        s.schedule.daySchedules = schedules
        s.schedule.schedulesDay = day
        keepSelection(&s, on: ScheduleScreen.self)
        return []
    }

    /// What showing free time needs for the day on show: its schedules, and which blockout types block.
    static func freeTimeEffects(_ s: AppState) -> [Effect] {
        guard s.schedule.showFree, s.schedule.schedulesDay != s.schedule.day else { return [] }
        return [.loadDaySchedules(s.schedule.day)] + (s.appointmentTypes == nil ? [.loadSchedulingReference] : [])
    }

    /// The day's rows: from the office (`from` nil) or as another dashboard or the cache saw them.
    static func dayLoaded(_ s: inout AppState, _ day: LocalDate, _ appts: [Appointment], from: LocalDateTime?) -> [Effect] {
        guard day == s.schedule.day else { return [] }
        s.schedule.appointments = appts.filter { $0.aptDateTime != nil }
        s.schedule.from = from
        s.schedule.load = .loaded(at: s.clock)
        keepSelection(&s, on: ScheduleScreen.self)
        guard from != nil else {
            markOnline(&s)
            return dayNames(&s) + freeTimeEffects(s)
        }
        // Nothing was asked of the office yet: one small request says whether it answers.
        let probe: [Effect] = s.connection == .unknown && !s.probed ? [.loadPermissions] : []
        s.probed = true
        return probe + dayNames(&s)
    }
}
