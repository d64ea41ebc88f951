import Foundation
import Testing
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI

/// The patient screen on its own.
@Suite struct PatientScreenTests {
    func detail(_ patNum: Int) -> PatientDetail {
        let json = #"{"PatNum":\#(patNum),"LName":"Okafor","FName":"Grace","PatStatus":"Patient","Birthdate":"1980-03-14","WirelessPhone":"(503)555-0101"}"#
        return PatientDetail(patient: try! JSONDecoder().decode(Patient.self, from: Data(json.utf8)))
    }

    /// Enter on the schedule's selected row (山田, 太郎, #3): the patient screen over it, loading.
    func opened() -> TestStore {
        let store = TestStore(fixtureState())
        store.send(.key(.enter)) {
            $0.patient = PatientState(patNum: 3)
            $0.patient.load = .loading
        }
        store.effects([.loadDetail(3)])
        return store
    }

    /// Its detail, as the office sent it.
    func loaded(_ store: TestStore) {
        store.send(.patient(.loaded(detail(3)))) {
            $0.patient.detail = self.detail(3)
            $0.patient.load = .loaded(at: $0.clock)
            // The name the office sent serves every screen.
            $0.patientNames[3] = "Okafor, Grace"
        }
        store.effects([])
    }

    @Test func itShowsThePatientOverTheTabItWasOpenedFrom() {
        let store = opened()
        #expect(render(store.state).lines[1].hasPrefix("Patient 山田, 太郎"))
        loaded(store)
        let lines = render(store.state).lines
        #expect(lines[0].hasPrefix(" 1 Schedule  2 Patients  3 Lists  4 Huddle  5 Offices  Patient "))
        #expect(lines[1] == "Patient detail                                          Esc back · m note a call")
        #expect(lines[2].hasPrefix(" Okafor, Grace  ·  #3  ·  Patient"))
        #expect(lines[22].hasPrefix(" online  patient · updated 0s ago"))
    }

    @Test func anAnswerForAnotherPatientIsIgnored() {
        let store = opened()
        store.send(.patient(.loaded(detail(9))))
        store.effects([])
    }

    @Test func arrowsScrollAndEscGoesBack() {
        let store = opened()
        loaded(store)
        store.send(.key(.down)) { $0.patient.scroll = 1 }
        store.effects([])
        store.send(.key(.down)) { $0.patient.scroll = 2 }
        store.effects([])
        store.send(.key(.home)) { $0.patient.scroll = 0 }
        store.effects([])
        // Back on the schedule, its selection where it was (103).
        store.send(.key(.escape)) { $0.patient = PatientState() }
        store.effects([])
        #expect(store.state.schedule.cursor.selected == 103)
    }

    @Test func mNotesACallWithThisPatient() {
        let store = opened()
        store.send(.key(.char("m"))) { $0.prompt = .callNote(patNum: 3, label: "Note a call with 山田, 太郎") }
        store.effects([])
        store.type("Called back")
        store.send(.key(.enter)) {
            $0.prompt = nil
            $0.message = "Saving…"
            $0.messageAt = $0.clock
        }
        store.effects([.addCommlog(patNum: 3, "Called back")])
    }

    @Test func anotherTabClosesIt() {
        let store = opened()
        store.send(.key(.char("3"))) {
            $0.patient = PatientState()
            $0.screen = .lists
            $0.lists.load = .loading
        }
        store.effects([.loadList(.confirmations, today: fixtureToday)])
    }
}
