import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing
import TerminalUI

/// Every key that a screen's hint bar and help name does exactly what they say from the screen's
/// entry state, or is refused with its reason: pressed as a user does (through `update`), it has
/// the same outcome as its binding run directly. A key taken by something else on the way (a
/// field left open, an overlay) would type into it instead, and fail here.
@Suite struct NamedKeysTests {
    /// The screens as a user first meets them: the schedule at start, the Patients and Lists tabs
    /// just entered, a patient just opened.
    func entries() -> [(String, AppState)] {
        let start = fixtureState()
        // Entering Patients opens the search field (its hint bar names only the field's keys);
        // the screen's own keys are named once it is closed.
        let patients = TestStore(start, exhaustive: false)
        patients.send(.key(.char("2")))
        patients.effects([])
        patients.send(.key(.escape))
        patients.effects([])
        let lists = TestStore(start, exhaustive: false)
        lists.send(.key(.char("3")))
        lists.effects([.loadList(.confirmations, today: fixtureToday)])
        var patient = start
        let p: Patient = Sched.decode(#"{"PatNum":1,"LName":"Nguyen","FName":"Anh","PatStatus":"Patient","PriProv":1,"SecProv":0,"ClinicNum":0}"#)
        patient.patient = PatientState(patNum: 1)
        patient.patient.detail = PatientDetail(patient: p)
        patient.patient.load = .loaded(at: 100)
        // The huddle with its figures in, one figure's rows open; the Offices view of three.
        var rows = huddleState()
        rows.huddle.open = .unconfirmed
        rows.huddle.cursor.selected = 104
        return [("schedule", start), ("patients", patients.state), ("lists", lists.state), ("patient", patient), ("huddle", huddleState()),
                ("huddle rows", rows), ("offices", officesState())]
    }

    @Test func everyNamedKeyDoesWhatItSaysFromEachScreensEntry() {
        var wrong: [String] = []
        for (name, entry) in entries() {
            for binding in entry.keyTable {
                for key in binding.keys {
                    var pressed = entry
                    let viaKey = update(&pressed, .key(key))
                    var direct = entry
                    direct.lastInput = direct.clock
                    let viaBinding = binding.perform(&direct)
                    if direct.message != entry.message { direct.messageAt = direct.clock }
                    if viaKey != viaBinding || pressed != direct {
                        wrong.append("\(name) \(key) (\(binding.help)): \(pressed.message ?? "-") / \(direct.message ?? "-")")
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }

    @Test func enteringPatientsOpensTheFieldAndNamesOnlyItsKeys() {
        let store = TestStore(fixtureState())
        store.send(.key(.char("2"))) {
            $0.screen = .patients
            $0.prompt = .search("")
        }
        store.effects([])
        let hints = render(store.state).lines.last ?? ""
        #expect(hints.contains("Enter") && hints.contains("Esc") && !hints.contains("new patient"), "\(hints)")
    }

    /// Typing a name on the Patients screen types it, even one whose letters are keys elsewhere
    /// (`N` is "new patient" once a search has been made).
    @Test func aNameThatStartsWithAKeyLetterIsTypable() {
        let store = TestStore(fixtureState())
        store.send(.key(.char("2"))) {
            $0.screen = .patients
            $0.prompt = .search("")
        }
        store.effects([])
        // Each letter goes into the line (no form opens for `N`), and asks for a typing pause.
        var typed = ""
        for (i, c) in "Nguyen".enumerated() {
            typed.append(c)
            store.send(.key(.char(c))) { [typed] in
                $0.prompt?.text = typed
                $0.patients.typingGeneration = i + 1
            }
            store.effects([.debounce(generation: i + 1, seconds: 0.35)])
        }
    }
}
