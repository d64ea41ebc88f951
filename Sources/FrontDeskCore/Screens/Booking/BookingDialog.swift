import Foundation
import OpenDentalAPI
import TerminalUI

extension BookingFlow {
    // MARK: the question

    /// The providers of a new appointment in `op`: the operatory's assigned dentist and
    /// hygienist when it has them, else the patient's (the desktop's rule).
    static func providers(for op: Int, _ b: Booking, _ s: AppState) -> (prov: Int, hyg: Int, hygiene: Bool, clinic: Int) {
        let o = s.operatories.first { $0.operatoryNum == op }
        let isHyg = o?.isHygiene ?? false
        var prov = o.map(\.provDentist).flatMap { $0 == 0 ? nil : $0 } ?? b.patientProv
        var hyg = o.map(\.provHygienist).flatMap { $0 == 0 ? nil : $0 } ?? b.patientHyg
        // The provider chosen in the finder is the one whose time was found free.
        if isHyg { hyg = b.provNum } else { prov = b.provNum }
        let clinic = o.map(\.clinicNum).flatMap { $0 == 0 ? nil : $0 } ?? b.patientClinic
        return (prov, hyg, isHyg, clinic)
    }

    /// "Thu 12/3 10:40".
    static func when(_ d: LocalDate, _ t: LocalTime) -> String {
        "\(weekdayName(d)) \(d.month)/\(d.day) \(LocalDate.pad(t.hour, 2)):\(LocalDate.pad(t.minute, 2))"
    }

    static func weekdayName(_ d: LocalDate) -> String { ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][max(0, min(6, d.weekday))] }

    static func confirm(_ s: inout AppState, _ b: Booking, _ o: Opening) {
        let at = LocalDateTime(date: o.date, time: o.start)
        let who = s.name(b.patNum)
        let opName = s.opAbbr[o.op] ?? "op \(o.op)"
        let assigned = providers(for: o.op, b, s)
        let provName = s.providerAbbr[b.provNum] ?? "#\(b.provNum)"
        var lines = ["Patient:    \(who)", "When:       \(when(o.date, o.start)) (\(o.minutes) min)", "Operatory:  \(opName)",
                     "Provider:   \(provName)"]
        if let a = b.moving, a.aptStatus == .planned {
            // A planned appointment is scheduled as a new one that points at it; it stays planned.
            lines.insert("Planned:    \(a.procDescript.isEmpty ? "#\(a.aptNum)" : a.procDescript)", at: 1)
            lines.append("")
            lines.append("y schedules it (the planned one stays) · n cancels")
            let req = MoveRequest(aptNum: a.aptNum, patNum: a.patNum, at: at, op: o.op, pattern: b.pattern, provNum: assigned.prov,
                                  provHyg: assigned.hyg, status: nil, confirmed: nil, clearASAP: false)
            s.dialog = Dialog(title: "Schedule the planned appointment?", lines: lines, choices: ["y": [.schedulePlanned(req)]])
            return
        }
        if let a = b.moving {
            let was = a.aptDateTime.map { when($0.date, $0.time) } ?? "unscheduled"
            lines.insert("From:       \(was) \(s.opAbbr[a.op] ?? "")", at: 1)
            var move = MoveRequest(aptNum: a.aptNum, patNum: a.patNum, at: at, op: o.op, pattern: b.pattern, provNum: assigned.prov,
                                   provHyg: assigned.hyg, status: a.aptStatus == .scheduled ? nil : .scheduled, confirmed: nil,
                                   clearASAP: a.priority == .asap)
            if a.aptStatus != .scheduled { lines.append("Status:     \(a.aptStatus.rawValue) → Scheduled") }
            if a.priority == .asap { lines.append("ASAP:       taken off (the hole is filled)") }
            let otherDay = a.aptDateTime?.date != o.date
            if otherDay, let first = s.confirmDefs.first, first.defNum != a.confirmed {
                // As the desktop asks: "Reset Confirmation Status?"
                lines.append("")
                lines.append("Another day: reset the confirmation to \"\(first.itemName)\"?")
                lines.append("y moves and resets · k moves and keeps it · n cancels")
                var reset = move
                reset.confirmed = first.defNum
                s.dialog = Dialog(title: "Move this appointment?", lines: lines, choices: ["y": [.move(reset)], "k": [.move(move)]])
            } else {
                lines.append("")
                lines.append("y moves · n cancels")
                move.confirmed = nil
                s.dialog = Dialog(title: "Move this appointment?", lines: lines, choices: ["y": [.move(move)]])
            }
            return
        }
        let typeName = b.typeNum.flatMap { t in s.appointmentTypes?.first { $0.appointmentTypeNum == t }?.appointmentTypeName }
        if let typeName { lines.append("Type:       \(typeName)") }
        if let recall = b.recallType { lines.append("Recall:     \(recall)") }
        if b.isNewPatient { lines.append("New patient: yes (no completed visit)") }
        lines.append("")
        lines.append("y books · n cancels")
        let req = BookRequest(patNum: b.patNum, at: at, op: o.op, pattern: b.pattern, provNum: assigned.prov, provHyg: assigned.hyg,
                              isHygiene: assigned.hygiene, clinicNum: assigned.clinic, appointmentTypeNum: b.typeNum, isNewPatient: b.isNewPatient)
        s.dialog = Dialog(title: "Book this appointment?", lines: lines, choices: ["y": [.book(req)]])
    }

    // MARK: saved

    static func booked(_ s: inout AppState, _ a: Appointment, overlaps: [Appointment], moved: Bool) -> [Effect] {
        markOnline(&s)
        s.saving[a.aptNum] = nil
        if let p = s.pendingWrite, case .book = p.effect { s.pendingWrite = nil }
        if let p = s.pendingWrite, WriteCheck.aptNum(p.effect) == a.aptNum { s.pendingWrite = nil }
        let at = a.aptDateTime.map { when($0.date, $0.time) } ?? "?"
        let word = moved ? "Moved" : "Booked"
        if overlaps.isEmpty {
            s.message = "\(word): \(at) \(s.opAbbr[a.op] ?? "") (\(a.lengthMinutes) min)"
            s.messageIsError = false
        }
        // The new row is shown selected: a schedule on show goes to its day (its read is then
        // the refresh); a patient screen showing the patient chooses it once its detail shows it.
        var effects: [Effect]?
        if let d = a.aptDateTime?.date {
            let moved = ScheduleScreen.send(&s, .booked(aptNum: a.aptNum, day: d, goTo: s.active == ScheduleScreen.self))
            if !moved.isEmpty { effects = moved }
            _ = PatientScreen.send(&s, .focus(aptNum: a.aptNum, patNum: a.patNum))
        }
        if !overlaps.isEmpty { overlapFound(&s, a, overlaps) }
        return effects ?? refreshEffects(s, background: false)
    }

    /// Someone (the desktop, another office's terminal) booked into the same time as `ours`
    /// meanwhile: said on the status line, and, when nothing else is open, asked which to move.
    static func overlapFound(_ s: inout AppState, _ ours: Appointment, _ theirs: [Appointment]) {
        guard let other = theirs.first else { return }
        let at = ours.aptDateTime.map { when($0.date, $0.time) } ?? ""
        let op = s.opAbbr[ours.op] ?? "#\(ours.op)"
        // Ours is selected where the schedule shows its day, so M moves it at once.
        if s.active == ScheduleScreen.self, let d = ours.aptDateTime?.date {
            _ = ScheduleScreen.send(&s, .booked(aptNum: ours.aptNum, day: d, goTo: false))
        }
        s.message = "\(at) \(op): \(theirs.map { "#\($0.aptNum)" }.joined(separator: ", ")) was booked into it meanwhile (M moves either)"
        s.messageIsError = true
        guard s.dialog == nil, s.picker == nil, s.form == nil, s.prompt == nil, s.booking == nil, s.fill == nil else { return }
        func line(_ who: String, _ a: Appointment) -> String {
            let t = a.aptDateTime.map { hhmm($0.time) } ?? "?"
            return "\(who) \(s.name(a.patNum))  \(t) (\(a.lengthMinutes) min)  #\(a.aptNum)"
        }
        var d = Dialog(title: "Booked into the same time meanwhile", lines: [
            "\(at) \(op)",
            line("ours:  ", ours),
        ] + theirs.map { line("theirs:", $0) } + ["", "o: move ours   t: move theirs   Esc: keep both"], choices: [:])
        d.moves = ["o": ours, "t": other]
        s.dialog = d
    }
}
