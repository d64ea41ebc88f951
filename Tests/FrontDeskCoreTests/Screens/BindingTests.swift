import Testing
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI

/// Every key that can be refused says why on the status line, and does nothing else.
@Suite struct BindingTests {
    /// States in which keys are refused: nothing selected, the office unreachable with the screen
    /// from the cache, a broken appointment selected in an office without "Left Msg".
    func probes(_ screen: ScreenID, patient: Bool) -> [AppState] {
        func on(_ make: (inout AppState) -> Void) -> AppState {
            var s = fixtureState()
            s.screen = screen
            if patient { s.patient = PatientState(patNum: 3) }
            make(&s)
            return s
        }
        return [
            on { s in
                s.schedule.cursor.selected = nil
                s.schedule.appointments = []
            },
            on { s in
                s.connection = .offline("Office unreachable")
                s.schedule.from = LocalDateTime(date: fixtureToday, time: LocalTime(hour: 8, minute: 0))
                s.lists.from = s.schedule.from
            },
            on { s in
                s.schedule.cursor.selected = 106
                s.confirmDefs = [def(19, "Not Called", order: 0)]
            },
            on { s in
                s.confirmDefs = []
            },
        ]
    }

    @Test(arguments: [(ScreenID.schedule, false), (.patients, false), (.lists, false), (.schedule, true)])
    func everyRefusalIsSaidWhenTheKeyIsPressed(screen: ScreenID, patient: Bool) {
        let table = KeyTables.table(for: screen, detail: patient, readOnly: false)
        for binding in table where binding.canBeRefused {
            var refusedSomewhere = false
            for var s in probes(screen, patient: patient) {
                guard let why = binding.refused(in: s) else { continue }
                refusedSomewhere = true
                let before = s
                let effects = update(&s, .key(binding.keys[0]))
                #expect(effects.isEmpty, "\(binding.action) ran although refused")
                #expect(s.message == why && s.messageIsError, "\(binding.action): \(why)")
                // Nothing else changed: no prompt opened, no row marked saving, no dialog.
                var expected = before
                expected.message = why
                expected.messageIsError = true
                expected.lastInput = s.clock // a key came
                expected.messageAt = s.clock
                #expect(s == expected, "\(binding.action)")
                // Whole, at 80 columns, beside whatever the status line holds.
                #expect(render(s).lines[22].contains(why), "\(binding.action): the reason is on screen whole: \(render(s).lines[22])")
            }
            #expect(refusedSomewhere, "\(binding.action): no probe state refuses it; add one")
        }
    }

    @Test func refusalsNameTheirCause() {
        var s = fixtureState()
        s.schedule.cursor.selected = 106
        #expect(KeyTables.schedule.first { $0.action == .breakAppt }?.refused(in: s) == "Only scheduled appointments can be broken")
        s.schedule.cursor.selected = 103
        #expect(KeyTables.schedule.first { $0.action == .confirm }?.refused(in: s) == nil)
        s.confirmDefs = []
        #expect(KeyTables.schedule.first { $0.action == .leftMessage }?.refused(in: s)?.contains("still loading") == true)
        #expect(KeyTables.schedule.first { $0.action == .confirm }?.refused(in: s)?.contains("still loading") == true)
        #expect(KeyTables.schedule.first { $0.action == .undo }?.refused(in: s)?.hasPrefix("Nothing to undo") == true)
    }
}
