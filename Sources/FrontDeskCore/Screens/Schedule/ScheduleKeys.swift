import Foundation
import OpenDentalAPI
import TerminalUI

extension ScheduleScreen {
    static let bindings: [Binding] = [
        key([.left, .char("h")], .prevDay, "previous day", hint: true, .previousDay),
        key([.right, .char("l")], .nextDay, "next day", hint: true, .nextDay),
        key([.char("t")], .today, "today", .today),
        Binding([.char("d")], .gotoDate, "go to a date") { s in
            s.prompt = .goToDate
            return []
        },
        Binding([.enter], .open, "patient", hint: true) { openPatient(&$0) },
        AppointmentKeys.confirm(),
        AppointmentKeys.leftMessage,
        AppointmentKeys.time("a", .arrived, "arrived", hint: true),
        AppointmentKeys.time("s", .seated, "seated"),
        AppointmentKeys.time("x", .dismissed, "dismissed"),
        AppointmentKeys.note,
        AppointmentKeys.breakAppointment,
        AppointmentKeys.asap,
        AppointmentKeys.move,
        AppointmentKeys.undo,
        key([.char("F")], .toggleFree, "free time as rows (show / hide)", .toggleFree),
        Binding([.char("B")], .book, "book into the selected free time (who fits; anyone else: B on their patient screen)", writes: true,
                refusal: { s in
                    if let why = s.writeRefusal { return why }
                    return ScheduleScreen.selectedHole(s) == nil ? "Select free time first (F shows it); to book a patient: Enter, then B" : nil
                }) { FillFlow.open(&$0) },
        Binding([.char("H")], .fillHole, "fill the hole: who fits (ASAP, Unscheduled, Planned, recall)", writes: true,
                refusal: FillFlow.refusal) { FillFlow.open(&$0) },
        Binding([.char("/")], .filter, "filter these rows", hint: true) { openFilter(&$0) },
        key([.char("v")], .toggleGrid, "list / grid (operatories as columns)", .toggleGrid),
        key([.char("p")], .cycleProvider, "show one provider (cycles, then all)", .cycleProvider),
        key([.char("o")], .cycleOperatory, "show one operatory (cycles, then all)", .cycleOperatory),
        key([.char("C")], .cycleClinic, "show one clinic (cycles, then all)", .cycleClinic),
        key([.char("["), .char("<")], .opsLeft, "grid: operatories to the left", .opsLeft),
        key([.char("]"), .char(">")], .opsRight, "grid: operatories to the right", .opsRight),
        MarkKeys.binding(\.schedule.marked),
    ] + GlobalKeys.movement(spacePages: false) + GlobalKeys.global
}

extension Prompt {
    /// `d`: a date for the schedule (its forms in `parseDate`).
    static let goToDate = Prompt(label: "Go to date (yyyy-mm-dd, m/d, +3, -1)", reply: Reply("date") { .schedule(.dateEntered($0)) }, sendsEmpty: true)
}
