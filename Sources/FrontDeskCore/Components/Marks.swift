import Foundation
import OpenDentalAPI
import TerminalUI

/// Rows marked with Space on the schedule and the lists: `*` in the row and a count on the
/// status line (never colour alone); the picker and break act on all of them.
extension AppState {
    /// The tab's marks (kept under the patient screen).
    var marks: Set<Int> { screen.screen.marks.map { self[keyPath: $0] } ?? [] }

    /// The marked appointments of the screen on show, in the order shown.
    public var markedAppointments: [Appointment] {
        guard patient.patNum == nil else { return [] }
        return screen.screen.markedAppointments(self)
    }

    mutating func clearMarks() {
        for screen in Self.screens {
            if let m = screen.marks { self[keyPath: m] = [] }
        }
    }

    /// The office's copy of an appointment (a write's answer) replaces it wherever it is shown.
    mutating func replaceAppointment(_ a: Appointment) {
        _ = ScheduleScreen.send(&self, .appointmentChanged(a))
        _ = ListsScreen.send(&self, .appointmentChanged(a))
        _ = PatientScreen.send(&self, .appointmentChanged(a))
    }

    /// An appointment the app knows, wherever it was read.
    func appointment(_ aptNum: Int) -> Appointment? {
        schedule.appointments.first { $0.aptNum == aptNum } ?? lists.appointments[aptNum]
            ?? patient.detail?.appointments.first { $0.aptNum == aptNum }
    }
}

enum MarkKeys {
    /// Space: marks (or unmarks) the selected row, then moves to the next one.
    static func binding(_ marks: WritableKeyPath<AppState, Set<Int>> & Sendable) -> Binding {
        Binding([.char(" ")], .mark, "mark / unmark (c and b act on all marked; Esc clears)",
                refusal: { s in s.active.cursor.flatMap { s[keyPath: $0].selected } == nil ? "Select a row first" : nil }) { s in
            guard let c = s.active.cursor, let id = s[keyPath: c].selected else { return [] }
            if s[keyPath: marks].contains(id) { s[keyPath: marks].remove(id) } else { s[keyPath: marks].insert(id) }
            s.active.move(&s, by: 1)
            return []
        }
    }
}
