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

    func opened() -> AppState {
        var s = fixtureState()
        _ = update(&s, .key(.enter))
        return s
    }

    @Test func itShowsThePatientOverTheTabItWasOpenedFrom() {
        var s = opened()
        #expect(render(s).lines[1].hasPrefix("Patient 山田, 太郎"))
        _ = update(&s, .patient(.loaded(detail(3))))
        let lines = render(s).lines
        #expect(lines[0].hasPrefix(" 1 Schedule  2 Patients  3 Lists  4 Huddle  5 Offices  Patient "))
        #expect(lines[1] == "Patient detail                                          Esc back · m note a call")
        #expect(lines[2].hasPrefix(" Okafor, Grace  ·  #3  ·  Patient"))
        #expect(lines[22].hasPrefix(" online  patient · updated 0s ago"))
    }

    @Test func anAnswerForAnotherPatientIsIgnored() {
        var s = opened()
        _ = update(&s, .patient(.loaded(detail(9))))
        #expect(s.patient.detail == nil && s.patient.load == .loading)
    }

    @Test func arrowsScrollAndEscGoesBack() {
        var s = opened()
        _ = update(&s, .patient(.loaded(detail(3))))
        _ = update(&s, .key(.down))
        _ = update(&s, .key(.down))
        #expect(s.patient.scroll == 2)
        _ = update(&s, .key(.home))
        #expect(s.patient.scroll == 0)
        // The schedule's selection is where it was.
        _ = update(&s, .key(.escape))
        #expect(s.patient.patNum == nil && s.schedule.cursor.selected == 103)
    }

    @Test func mNotesACallWithThisPatient() {
        var s = opened()
        _ = update(&s, .key(.char("m")))
        #expect(s.prompt?.reply == Prompt.callNote(patNum: 3, label: "").reply)
        for c in "Called back" { _ = update(&s, .key(.char(c))) }
        #expect(update(&s, .key(.enter)) == [.addCommlog(patNum: 3, "Called back")])
    }

    @Test func anotherTabClosesIt() {
        var s = opened()
        _ = update(&s, .key(.char("3")))
        #expect(s.patient.patNum == nil && s.screen == .lists)
    }
}
