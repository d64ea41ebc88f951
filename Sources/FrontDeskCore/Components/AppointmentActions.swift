import Foundation
import OpenDentalAPI
import TerminalUI

/// Keys that write to the selected appointment (schedule and lists rows): confirmation, check-in times, note, break.
func appointmentAction(_ s: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .confirm, .leftMessage, .arrived, .seated, .dismissed, .note, .breakAppt:
        // Said before a note is typed or a question asked, so no typing is lost to a refusal.
        if let why = s.writeRefusal {
            s.message = why
            s.messageIsError = true
            return []
        }
        guard let apt = selectedAppointment(s) else {
            s.message = "Select an appointment first"
            s.messageIsError = true
            return []
        }
        let who = s.name(apt.patNum)
        switch action {
        case .confirm:
            s.undoConfirm = UndoConfirm(aptNum: apt.aptNum, previousDefNum: apt.confirmed, previousName: s.confirmWord(apt))
            return start(&s, .confirm(aptNum: apt.aptNum, .value(.confirmed)))
        case .leftMessage:
            guard let d = s.defNum(named: "Left Msg") else {
                s.message = s.confirmDefs.isEmpty ? "The office's confirmation statuses are still loading; try again in a moment"
                    : "This office has no \"Left Msg\" confirmation status"
                s.messageIsError = true
                return []
            }
            s.undoConfirm = UndoConfirm(aptNum: apt.aptNum, previousDefNum: apt.confirmed, previousName: s.confirmWord(apt))
            return start(&s, .confirm(aptNum: apt.aptNum, .defNum(d)))
        case .arrived: return start(&s, .setTime(aptNum: apt.aptNum, .arrived, s.now.time))
        case .seated: return start(&s, .setTime(aptNum: apt.aptNum, .seated, s.now.time))
        case .dismissed: return start(&s, .setTime(aptNum: apt.aptNum, .dismissed, s.now.time))
        case .note: s.prompt = Prompt(purpose: .note(aptNum: apt.aptNum), label: "Add to note for \(who)", text: "")
        default:
            guard apt.aptStatus == .scheduled else {
                s.message = "Only scheduled appointments can be broken"
                s.messageIsError = true
                return []
            }
            let when = apt.aptDateTime.map { LocalDate.pad($0.time.hour, 2) + ":" + LocalDate.pad($0.time.minute, 2) } ?? ""
            s.dialog = Dialog(title: "Break appointment", lines: [
                "\(who), \(when)", "",
                "m  missed (adds D9986, stays on the schedule as Broken)",
                "c  cancelled (adds D9987, stays as Broken)",
                "u  send to the Unscheduled list",
                "Esc  keep the appointment",
            ], choices: [
                "m": .breakAppointment(aptNum: apt.aptNum, toUnscheduledList: false, .missed),
                "c": .breakAppointment(aptNum: apt.aptNum, toUnscheduledList: false, .cancelled),
                "u": .breakAppointment(aptNum: apt.aptNum, toUnscheduledList: true, nil),
            ])
        }
    default: break
    }
    return []
}
