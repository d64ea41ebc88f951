import Testing
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI

/// The patient search screen on its own.
@Suite struct PatientsScreenTests {
    func searched() -> AppState {
        var s = fixtureState()
        _ = update(&s, .key(.char("2")))
        _ = update(&s, .key(.escape))
        s.patients.query = "smi"
        _ = update(&s, .searchLoaded(query: "smi", offset: 0, rows: [selectRow(1, "Smith", "Ann"), selectRow(2, "Smithers", "Bo", status: "Inactive")], pageSize: 100))
        return s
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
        var s = fixtureState()
        _ = update(&s, .key(.char("2")))
        #expect(s.prompt?.purpose == .search)
        _ = update(&s, .key(.escape))
        _ = update(&s, .key(.char("W")))
        #expect(s.prompt == Prompt(purpose: .search, label: "Find patient", text: "W"))
    }

    @Test func inactivePatientsToggleAndSearchAgain() {
        var s = searched()
        let effects = update(&s, .key(.char("i")))
        #expect(!s.patients.hideInactive && s.message == "Showing inactive patients")
        #expect(effects == [.searchPatients(query: "smi", search(for: "smi", hideInactive: false), offset: 0)])
    }

    @Test func aBackgroundRefreshNeverSearchesAgain() {
        var s = searched()
        #expect(update(&s, .refreshTick).isEmpty)
        #expect(update(&s, .key(.char("r"))) == [.searchPatients(query: "smi", search(for: "smi", hideInactive: true), offset: 0)])
    }

    @Test func enterOpensTheSelectedPatient() {
        var s = searched()
        _ = update(&s, .key(.down))
        #expect(update(&s, .key(.enter)) == [.loadDetail(2)])
        #expect(s.patient.patNum == 2 && s.patient.load == .loading)
    }

    @Test func arrowsChooseAmongResultsWhileTypingAndEnterOpensTheChosenOne() {
        var s = searched()
        _ = update(&s, .key(.char("/")))
        #expect(s.prompt?.text == "smi")
        _ = update(&s, .key(.down))
        #expect(s.prompt != nil && s.patients.cursor.selected == 2)
        _ = update(&s, .key(.pageUp))
        _ = update(&s, .key(.pageDown))
        #expect(s.patients.cursor.selected == 2)
        #expect(update(&s, .key(.enter)) == [.loadDetail(2)])
        #expect(s.prompt == nil && s.patient.patNum == 2)
    }
}
