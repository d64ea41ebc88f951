import Foundation
import OpenDentalAPI

/// What the office answered for a list: models only. The runtime fetches it; the core builds the
/// rows (`ListRows.rows`), so the screen's columns and rules live in one folder.
public enum ListSource: Equatable, Sendable, Codable {
    /// Scheduled appointments of the next two business days, and what is known of their patients.
    case confirmations([Appointment], contacts: [Int: ContactCard])
    /// Today's appointments.
    case waitingRoom([Appointment])
    /// Unscheduled, ASAP or Planned appointments.
    case appointments([Appointment])
    case recall([RecallListRow])

    /// The patients the list is about (for their names from the cache).
    public var patNums: [Int] {
        switch self {
        case .confirmations(let a, _), .waitingRoom(let a), .appointments(let a): return a.map(\.patNum)
        case .recall(let rows): return rows.map(\.patNum)
        }
    }
}

/// The Lists screen's rows, built from models: pure, so the rules that choose the rows are tested
/// without a network, and no server field is ever force-unwrapped (a row without the date it
/// needs is left out and counted).
public enum ListRows {
    /// The status word shown for an appointment (never colour alone).
    public static func statusWord(_ a: Appointment, confirmDefs: [Definition]) -> String {
        AppointmentStatus(a, confirmDefs: confirmDefs).word
    }

    static func hhmm(_ t: LocalDateTime?) -> String { t.map { FrontDeskCore.hhmm($0.time) } ?? "" }

    /// The next `count` weekdays after `today`.
    public static func businessDays(after today: LocalDate, count: Int) -> [LocalDate] {
        var days: [LocalDate] = []
        var d = today
        while days.count < count {
            d = d.adding(days: 1)
            if (1...5).contains(d.weekday) { days.append(d) }
        }
        return days
    }


    /// Scheduled appointments still to confirm, in time order; those without a date are left out
    /// and counted.
    public static func pendingConfirmation(_ appts: [Appointment]) -> (appointments: [Appointment], undated: Int) {
        let dated = appts.filter { $0.aptDateTime != nil }
        let pending = dated.filter(AppointmentStatus.needsCall)
            .sorted { ($0.sortTime, $0.aptNum) < ($1.sortTime, $1.aptNum) }
        return (pending, appts.count - dated.count)
    }

    /// Confirmations: date, time, patient, status, phone, preferred method.
    /// A patient without a card yet (its phone is on its way) shows the name the app knows.
    public static func confirmations(_ pending: [Appointment], patients: [Int: ContactCard], confirmDefs: [Definition],
                                     names: [Int: String] = [:]) -> [ListRow] {
        pending.compactMap { a -> ListRow? in
            guard let when = a.aptDateTime else { return nil }
            let p = patients[a.patNum]
            let word = statusWord(a, confirmDefs: confirmDefs)
            return ListRow(.confirmations, id: a.aptNum, patNum: a.patNum, aptNum: a.aptNum, [
                .date: when.date.description, .time: hhmm(when), .patient: p?.name ?? names[a.patNum] ?? "#\(a.patNum)", .status: word,
                .phone: p?.phone ?? "", .prefers: p?.confirmMethod ?? "",
            ], status: word)
        }
    }

    /// Waiting room: arrived, not seated, still Scheduled; longest wait first.
    public static func waitingRoom(_ appts: [Appointment], now: LocalDateTime, opNames: [Int: String]) -> ([ListRow], [Appointment]) {
        var waiting: [(Appointment, LocalDateTime)] = []
        for a in appts where a.dateTimeSeated == nil && a.aptStatus == .scheduled {
            if let arrived = a.dateTimeArrived { waiting.append((a, arrived)) }
        }
        waiting.sort { ($0.1, $0.0.aptNum) < ($1.1, $1.0.aptNum) }
        let rows = waiting.map { (a: Appointment, arrived: LocalDateTime) -> ListRow in
            let minutes = max(0, (now.epochSeconds - arrived.epochSeconds) / 60)
            return ListRow(.waitingRoom, id: a.aptNum, patNum: a.patNum, aptNum: a.aptNum, [
                .appointment: hhmm(a.aptDateTime), .arrived: hhmm(arrived), .waiting: "\(minutes) min",
                .operatory: opNames[a.op] ?? "#\(a.op)", .provider: a.provAbbr,
            ], status: "Arrived", nameFromDirectory: true)
        }
        return (rows, waiting.map { $0.0 })
    }

    /// Unscheduled, ASAP, Planned: newest first, at most 300.
    public static func appointmentList(_ appts: [Appointment], confirmDefs: [Definition], kind: ListKind = .unscheduled) -> ([ListRow], [Appointment]) {
        let shown = Array(appts.sorted { ($0.sortTime, $0.aptNum) > ($1.sortTime, $1.aptNum) }.prefix(300))
        let rows = shown.map { a -> ListRow in
            let word = statusWord(a, confirmDefs: confirmDefs)
            return ListRow(kind, id: a.aptNum, patNum: a.patNum, aptNum: a.aptNum, [
                .date: a.aptDateTime?.date.description ?? "", .status: word,
                .procedures: (a.priority == .asap ? "ASAP " : "") + a.procDescript, .provider: a.provAbbr,
            ], status: word, nameFromDirectory: true)
        }
        return (rows, shown)
    }

    public static func recall(_ rows: [RecallListRow]) -> [ListRow] {
        rows.enumerated().map { i, r in
            ListRow(.recall, id: i + 1, patNum: r.patNum, aptNum: nil, [
                .due: r.dueDate?.description ?? "", .patient: r.patient, .recallType: r.type, .reminded: String(r.numRemind), .contact: r.contact,
            ])
        }
    }

    /// A list's rows and the appointments behind them, from what the office answered.
    public static func rows(_ source: ListSource, now: LocalDateTime, opNames: [Int: String], confirmDefs: [Definition],
                            names: [Int: String] = [:]) -> ([ListRow], [Appointment]) {
        switch source {
        case .confirmations(let appts, let contacts):
            let pending = pendingConfirmation(appts).appointments
            return (confirmations(pending, patients: contacts, confirmDefs: confirmDefs, names: names), pending)
        case .waitingRoom(let appts): return waitingRoom(appts, now: now, opNames: opNames)
        case .appointments(let appts): return appointmentList(appts, confirmDefs: confirmDefs)
        case .recall(let rows): return (recall(rows), [])
        }
    }
}
