import Testing
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI

/// The patient search screen on its own.
@Suite struct PatientsScreenTests {
    /// `2` shows Patients with the search field open; Esc closes the field.
    func enterAndLeaveTheField(_ store: TestStore) {
        store.send(.key(.char("2"))) {
            $0.screen = .patients
            $0.prompt = .search("")
        }
        store.effects([])
        store.send(.key(.escape)) { $0.prompt = nil }
        store.effects([])
    }

    func searched() -> AppState {
        let store = TestStore(fixtureState())
        enterAndLeaveTheField(store)
        var s = store.state
        s.patients.query = "smi"
        let rows = [selectRow(1, "Smith", "Ann"), selectRow(2, "Smithers", "Bo", status: "Inactive")]
        let results = TestStore(s)
        results.send(.patients(.loaded(query: "smi", offset: 0, rows: rows, pageSize: 100))) {
            $0.patients.results = rows
            $0.patients.load = .loaded(at: $0.clock)
            $0.patients.cursor.selected = 1
            // The names learnt on the way serve every screen.
            $0.patientNames[1] = "Smith, Ann"
            $0.patientNames[2] = "Smithers, Bo"
        }
        results.effects([])
        return results.state
    }

    @Test func resultsAreDrawnWithTheFirstSelected() {
        let lines = render(searched()).lines
        #expect(Array(lines[1...4]) == [
            "Patients matching \"smi\" (active only)                                   rows 1-2",
            "  Name                                Birthdate  Phone         Status     Chart#",
            "▶ Smith, Ann                          1980-03-14 (503)555-0100 Patient    1     ",
            "  Smithers, Bo                        1980-03-14 (503)555-0100 Inactive   2     ",
        ])
        #expect(lines[22].hasPrefix(" online  1/2 · updated 0s ago"))
    }

    @Test func theScreenOpensWithTheSearchFieldAndTypingStartsOne() {
        let store = TestStore(fixtureState())
        enterAndLeaveTheField(store)
        store.send(.key(.char("W"))) { $0.prompt = .search("W") }
        store.effects([])
    }

    @Test func inactivePatientsToggleAndSearchAgain() {
        let store = TestStore(searched())
        store.send(.key(.char("i"))) {
            $0.patients.hideInactive = false
            $0.patients.load = .loading
            $0.message = "Showing inactive patients"
            $0.messageAt = $0.clock
        }
        store.effects([.searchPatients(query: "smi", search(for: "smi", hideInactive: false), offset: 0)])
    }

    @Test func aBackgroundRefreshNeverSearchesAgain() {
        let store = TestStore(searched())
        store.send(.refreshTick)
        store.effects([])
        store.send(.key(.char("r"))) {
            $0.patients.load = .loading
            $0.message = "Refreshing…"
            $0.messageAt = $0.clock
        }
        store.effects([.searchPatients(query: "smi", search(for: "smi", hideInactive: true), offset: 0)])
    }

    @Test func enterOpensTheSelectedPatient() {
        let store = TestStore(searched())
        store.send(.key(.down)) { $0.patients.cursor.selected = 2 }
        store.effects([])
        store.send(.key(.enter)) {
            $0.patient.patNum = 2
            $0.patient.load = .loading
        }
        store.effects([.loadDetail(2)])
    }

    @Test func arrowsChooseAmongResultsWhileTypingAndEnterOpensTheChosenOne() {
        let store = TestStore(searched())
        store.send(.key(.char("/"))) { $0.prompt = .search("smi") }
        store.effects([])
        // ↓ moves the results under the line, which stays open.
        store.send(.key(.down)) { $0.patients.cursor.selected = 2 }
        store.effects([])
        store.send(.key(.pageUp)) { $0.patients.cursor.selected = 1 }
        store.effects([])
        store.send(.key(.pageDown)) { $0.patients.cursor.selected = 2 }
        store.effects([])
        // Enter on what was searched already opens the chosen one.
        store.send(.key(.enter)) {
            $0.prompt = nil
            $0.patient = PatientState(patNum: 2)
            $0.patient.load = .loading
        }
        store.effects([.loadDetail(2)])
    }
}
