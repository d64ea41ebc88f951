import Foundation
import OpenDentalAPI
import TerminalUI

extension ScheduleScreen {
    static let bindings: [Binding] = [
        Binding([.left, .char("h")], .prevDay, "previous day", hint: true) { go(&$0, to: $0.schedule.day.adding(days: -1)) },
        Binding([.right, .char("l")], .nextDay, "next day", hint: true) { go(&$0, to: $0.schedule.day.adding(days: 1)) },
        Binding([.char("t")], .today, "today") { go(&$0, to: $0.now.date) },
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
        Binding([.char("F")], .toggleFree, "free time as rows (show / hide)") { s in
            s.schedule.showFree.toggle()
            say(&s, s.schedule.showFree ? "Free time shown (H fills the selected hole)" : "Free time hidden")
            keepSelection(&s)
            return ScheduleScreen.freeTimeEffects(s)
        },
        Binding([.char("B")], .book, "book into the selected free time (who fits; anyone else: B on their patient screen)", writes: true,
                refusal: { s in
                    if let why = s.writeRefusal { return why }
                    return ScheduleScreen.selectedHole(s) == nil ? "Select free time first (F shows it); to book a patient: Enter, then B" : nil
                }) { FillFlow.open(&$0) },
        Binding([.char("H")], .fillHole, "fill the hole: who fits (ASAP, Unscheduled, Planned, recall)", writes: true,
                refusal: FillFlow.refusal) { FillFlow.open(&$0) },
        Binding([.char("/")], .filter, "filter these rows", hint: true) { openFilter(&$0) },
        Binding([.char("v")], .toggleGrid, "list / grid (operatories as columns)") { s in
            s.schedule.gridView.toggle()
            say(&s, s.schedule.gridView ? "Grid: operatories as columns ([ ] to scroll sideways)" : "List view")
            return []
        },
        Binding([.char("p")], .cycleProvider, "show one provider (cycles, then all)") { s in
            let provs = Array(Set(s.schedule.appointments.flatMap { [$0.provNum, $0.provHyg] }.filter { $0 != 0 })).sorted()
            s.schedule.providerFilter = cycle(provs, s.schedule.providerFilter)
            say(&s, s.schedule.providerFilter.map { "Provider: \(s.providerAbbr[$0] ?? "#\($0)")" } ?? "All providers")
            keepSelection(&s)
            return []
        },
        Binding([.char("o")], .cycleOperatory, "show one operatory (cycles, then all)") { s in
            let ops = s.opOrder.isEmpty ? Array(Set(s.schedule.appointments.map(\.op))).sorted() : s.opOrder
            s.schedule.opFilter = cycle(ops, s.schedule.opFilter)
            say(&s, s.schedule.opFilter.map { "Operatory: \(s.opAbbr[$0] ?? "#\($0)")" } ?? "All operatories")
            keepSelection(&s)
            return []
        },
        Binding([.char("C")], .cycleClinic, "show one clinic (cycles, then all)") { s in
            let clinics = Array(Set(s.opClinic.values.filter { $0 != 0 })).sorted()
            if clinics.isEmpty {
                say(&s, "This office does not use clinics")
            } else {
                s.schedule.clinicFilter = cycle(clinics, s.schedule.clinicFilter)
                say(&s, s.schedule.clinicFilter.map { "Clinic #\($0)" } ?? "All clinics")
                keepSelection(&s)
            }
            return []
        },
        Binding([.char("["), .char("<")], .opsLeft, "grid: operatories to the left") { scrollOps(&$0, by: -1) },
        Binding([.char("]"), .char(">")], .opsRight, "grid: operatories to the right") { scrollOps(&$0, by: 1) },
        MarkKeys.binding(\.schedule.marked),
    ] + GlobalKeys.movement(spacePages: false) + GlobalKeys.global

    /// Another day: its rows are asked for.
    static func go(_ s: inout AppState, to day: LocalDate) -> [Effect] {
        s.schedule.show(day)
        return markLoading(&s, [.loadDay(day)])
    }

    static func scrollOps(_ s: inout AppState, by delta: Int) -> [Effect] {
        s.schedule.gridFirstOp = max(0, min(max(0, s.gridOps.count - 1), s.schedule.gridFirstOp + delta))
        return []
    }
}

extension Prompt {
    /// `d`: a date for the schedule (its forms in `parseDate`).
    static let goToDate = Prompt(label: "Go to date (yyyy-mm-dd, m/d, +3, -1)", reply: Reply("date") { .dateEntered($0) }, sendsEmpty: true)
}
