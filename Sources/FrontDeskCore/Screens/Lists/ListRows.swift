import Foundation
import OpenDentalAPI

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
    public static func confirmations(_ pending: [Appointment], patients: [Int: ContactCard], confirmDefs: [Definition]) -> [ListRow] {
        pending.compactMap { a -> ListRow? in
            guard let when = a.aptDateTime else { return nil }
            let p = patients[a.patNum]
            let word = statusWord(a, confirmDefs: confirmDefs)
            return ListRow(id: a.aptNum, patNum: a.patNum, aptNum: a.aptNum,
                           cells: [when.date.description, hhmm(when), p?.name ?? "#\(a.patNum)", word, p?.phone ?? "", p?.confirmMethod ?? ""],
                           status: word)
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
            return ListRow(id: a.aptNum, patNum: a.patNum, aptNum: a.aptNum,
                           cells: [hhmm(a.aptDateTime), hhmm(arrived), "\(minutes) min", "", opNames[a.op] ?? "#\(a.op)", a.provAbbr],
                           status: "Arrived", nameColumn: 3)
        }
        return (rows, waiting.map { $0.0 })
    }

    /// Unscheduled, ASAP, Planned: newest first, at most 300.
    public static func appointmentList(_ appts: [Appointment], confirmDefs: [Definition]) -> ([ListRow], [Appointment]) {
        let shown = Array(appts.sorted { ($0.sortTime, $0.aptNum) > ($1.sortTime, $1.aptNum) }.prefix(300))
        let rows = shown.map { a -> ListRow in
            let word = statusWord(a, confirmDefs: confirmDefs)
            return ListRow(id: a.aptNum, patNum: a.patNum, aptNum: a.aptNum,
                           cells: [a.aptDateTime?.date.description ?? "", "", word, a.procDescript, a.provAbbr],
                           status: word, nameColumn: 1)
        }
        return (rows, shown)
    }

    public static func recall(_ rows: [RecallListRow]) -> [ListRow] {
        rows.enumerated().map { i, r in
            ListRow(id: i + 1, patNum: r.patNum, aptNum: nil,
                    cells: [r.dueDate?.description ?? "", r.patient, r.type, String(r.numRemind), r.contact])
        }
    }
}
