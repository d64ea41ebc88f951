import Foundation
import OpenDentalAPI
import TerminalUI

/// Keys that write to the selected appointment, on any screen whose rows are appointments
/// (the schedule, the lists): confirmation, check-in times, note, break, undo.
enum AppointmentKeys {
    /// Said before a note is typed or a question asked, so no typing is lost to a refusal.
    static let refusal: @Sendable (AppState) -> String? = { s in
        if let why = s.writeRefusal { return why }
        return s.active.selectedAppointment(s) == nil ? "Select an appointment first" : nil
    }

    /// `c`: the office's confirmation statuses for the selected (or every marked) appointment.
    static func confirm(hint: Bool = true) -> Binding {
        Binding([.char("c")], .confirm, "status picker (Enter: Confirmed)", hint: hint, short: "confirm", writes: true,
                refusal: ConfirmFlow.refusal) { ConfirmFlow.open(&$0) }
    }

    static let leftMessage = Binding([.char("L")], .leftMessage, "left message", writes: true, refusal: { s in
        if let why = refusal(s) { return why }
        guard s.defNum(named: "Left Msg") == nil else { return nil }
        return s.confirmDefs.isEmpty ? ConfirmFlow.statusesLoading
            : "This office has no \"Left Msg\" confirmation status"
    }) { s in
        let apt = s.active.selectedAppointment(s)!
        s.undo = .confirmation(apt, s)
        return start(&s, .confirm(aptNum: apt.aptNum, .defNum(s.defNum(named: "Left Msg")!)))
    }

    static func time(_ key: Character, _ field: TimeField, _ help: String, hint: Bool = false) -> Binding {
        let action: Action = field == .arrived ? .arrived : field == .seated ? .seated : .dismissed
        return Binding([.char(key)], action, help, hint: hint, writes: true, refusal: refusal) { s in
            let apt = s.active.selectedAppointment(s)!
            // As the desktop does: the status the office links to this time is set with it.
            if let status = s.linkedStatus(field) {
                return start(&s, .checkIn(aptNum: apt.aptNum, field, s.now.time, status: status))
            }
            return start(&s, .setTime(aptNum: apt.aptNum, field, s.now.time))
        }
    }

    /// `A`: ASAP on or off (`PUT /appointments/{n}` with `Priority`); undo takes it back.
    static let asap = Binding([.char("A")], .asap, "ASAP on / off (the ASAP list)", writes: true, refusal: refusal) { s in
        let apt = s.active.selectedAppointment(s)!
        let now: ApptPriority = apt.priority == .asap ? .normal : .asap
        s.undo = Undo(aptNum: apt.aptNum, restore: .setPriority(aptNum: apt.aptNum, apt.priority ?? .normal), previousName: apt.priority == .asap ? "ASAP" : "not ASAP")
        return start(&s, .setPriority(aptNum: apt.aptNum, now))
    }

    /// `M`: move (or schedule a broken or unscheduled one) into an opening the finder shows.
    static let move = Binding([.char("M")], .move, "move / schedule into an opening", writes: true, refusal: BookingFlow.moveRefusal) {
        BookingFlow.openMove(&$0)
    }

    static let note = Binding([.char("n")], .note, "add to the appointment note", writes: true, refusal: refusal) { s in
        let apt = s.active.selectedAppointment(s)!
        s.prompt = Prompt(label: "Add to note for \(s.name(apt.patNum))", reply: Reply("note \(apt.aptNum)") { [apt = apt.aptNum] in .noteEntered(aptNum: apt, $0) })
        return []
    }

    /// The rows `b` breaks: the marked scheduled ones, else the selected one.
    static func toBreak(_ s: AppState) -> [Appointment] {
        let marked = s.markedAppointments
        if !marked.isEmpty { return marked.filter { $0.aptStatus == .scheduled } }
        return s.active.selectedAppointment(s).map { [$0] } ?? []
    }

    static let breakAppointment = Binding([.char("b")], .breakAppt, "break (missed/cancelled)", writes: true, refusal: { s in
        if let why = s.writeRefusal { return why }
        let rows = toBreak(s)
        if rows.isEmpty { return s.markedAppointments.isEmpty ? "Select an appointment first" : "None of the marked appointments is scheduled" }
        return rows.allSatisfy { $0.aptStatus == .scheduled } ? nil : "Only scheduled appointments can be broken"
    }) { s in
        let rows = toBreak(s)
        let apt = rows[0]
        let when = apt.aptDateTime.map { LocalDate.pad($0.time.hour, 2) + ":" + LocalDate.pad($0.time.minute, 2) } ?? ""
        func all(_ toList: Bool, _ type: BreakType?) -> [Effect] {
            rows.map { .breakAppointment(aptNum: $0.aptNum, toUnscheduledList: toList, type) }
        }
        let skipped = s.markedAppointments.count - rows.count
        let marked = !s.markedAppointments.isEmpty
        s.dialog = Dialog(title: !marked ? "Break appointment" : "Break \(rows.count) marked appointment\(rows.count == 1 ? "" : "s")", lines: [
            !marked ? "\(s.name(apt.patNum)), \(when)" : "One request each" + (skipped > 0 ? "; \(skipped) not scheduled, left alone" : ""), "",
            "m  missed (adds D9986, stays on the schedule as Broken)",
            "c  cancelled (adds D9987, stays as Broken)",
            "u  send to the Unscheduled list",
            "Esc  keep the appointment",
        ], choices: [
            "m": all(false, .missed),
            "c": all(false, .cancelled),
            "u": all(true, nil),
        ])
        return []
    }

    /// Takes back the last confirmation or ASAP change by writing back what was there.
    static let undo = Binding([.char("u")], .undo, "undo the last confirmation or ASAP change", writes: true, refusal: { s in
        s.undo == nil ? "Nothing to undo (confirmations, ASAP)" : nil
    }) { s in
        let u = s.undo!
        s.undo = nil
        let effects = start(&s, u.restore)
        if !effects.isEmpty { s.message = "Undoing: back to \(u.previousName)" }
        return effects
    }
}

/// `R`: sends again a write that did not save, or asks again whether one whose answer was lost did;
/// after a bulk run, the rows it did not save or send.
func resendWrite(_ s: inout AppState) -> [Effect] {
    if s.pendingWrite?.recheck != true, !s.bulkRetry.isEmpty {
        let again = s.bulkRetry
        s.pendingWrite = nil
        return Bulk.start(&s, verb: "Sending again", noun: "Sent again", again)
    }
    guard let p = s.pendingWrite else {
        s.message = "Nothing to send again"
        s.messageIsError = false
        return []
    }
    if p.recheck {
        s.message = "Checking whether the \(WriteCheck.describe(p.effect)) saved…"
        s.messageIsError = false
        return [.verifyWrite(p.effect)]
    }
    s.pendingWrite = nil
    return start(&s, p.effect)
}
