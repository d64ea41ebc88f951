import Foundation
import Testing
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI

/// New patient and edit contact: the forms, their checks, the duplicate search, only what changed sent.
@Suite struct PatientFormTests {
    func type(_ s: TestStore, _ text: String) {
        for c in text { s.send(.key(.char(c))); s.effects([]) }
    }

    /// `N`, "Smith" and "Ann" typed, Enter: the office is asked who is alike.
    func newSmithAnn(_ s: TestStore, sourceLocation: SourceLocation = #_sourceLocation) {
        s.send(.key(.char("N")), sourceLocation: sourceLocation)
        s.effects([], sourceLocation: sourceLocation)
        type(s, "Smith")
        s.send(.key(.tab), sourceLocation: sourceLocation)
        s.effects([], sourceLocation: sourceLocation)
        type(s, "Ann")
        s.send(.key(.enter), sourceLocation: sourceLocation)
        s.effects([.findDuplicates(lName: "Smith", fName: "Ann", birthdate: nil)], sourceLocation: sourceLocation)
    }

    func onPatients() -> AppState {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char("2")))
        s.effects([])
        s.send(.key(.escape))
        s.effects([])
        return s.state
    }

    @Test func aNewPatientIsCheckedLikeTheAPIThenLookedForThenCreated() {
        let s = TestStore(onPatients(), exhaustive: false)
        s.send(.key(.char("N")))
        s.effects([])
        #expect(s.form?.reply == PatientForms.newPatientReply && render(s).text.contains("New patient"))
        s.send(.key(.enter))
        s.effects([])
        #expect(s.form?.error == "Last name is required" && s.form?.focus == 0)
        type(s, "Okafor")
        s.send(.key(.tab))
        s.effects([])
        type(s, "Grace")
        s.send(.key(.tab))
        s.effects([])
        type(s, "13/45/1980")
        s.send(.key(.enter))
        s.effects([])
        #expect(s.form?.error == "Birthdate: type it as m/d/yyyy or yyyy-mm-dd" && s.form?.focus == 2)
        s.send(.key(.ctrl("u")))
        s.effects([])
        type(s, "3/14/1980")
        s.send(.key(.tab))
        s.effects([])
        s.send(.key(.right))
        s.effects([]) // Gender: Female
        s.send(.key(.tab))
        s.effects([])
        type(s, "555-01")
        s.send(.key(.enter))
        s.effects([])
        #expect(s.form?.error?.hasPrefix("Mobile phone: 7 to 15 digits") == true)
        type(s, "01 22")
        for _ in 0..<5 { s.send(.key(.tab)); s.effects([]) } // to State
        type(s, "or")
        s.send(.key(.tab))
        s.effects([])
        type(s, "9730")
        s.send(.key(.enter))
        s.effects([])
        #expect(s.form?.error == "Zip: 12345, 12345-6789 or A1A 1A1")
        type(s, "1")
        let birth = LocalDate(year: 1980, month: 3, day: 14)
        s.send(.key(.enter))
        s.effects([.findDuplicates(lName: "Okafor", fName: "Grace", birthdate: birth)])
        // Nobody alike: created with what was typed.
        s.send(.duplicates([]))
        let effects = s.takeEffects()
        guard case .createPatient(let f, let known)? = effects.first else { Issue.record("expected a create, got \(effects)"); return }
        #expect(known.isEmpty && f.lName == "Okafor" && f.fName == "Grace" && f.birthdate == birth && f.gender == .female)
        #expect(f.wirelessPhone == "555-0101 22" && f.state == "OR" && f.zip == "97301" && f.email == nil && s.form == nil)
        let p = try! JSONDecoder().decode(Patient.self, from: Data(#"{"PatNum":900,"LName":"Okafor","FName":"Grace"}"#.utf8))
        s.send(.patientCreated(p))
        s.effects([.loadDetail(900)])
        #expect(s.patient.patNum == 900 && s.message == "Saved: new patient #900")
    }

    @Test func someoneAlikeIsShownAndTheUserChooses() {
        let s = TestStore(onPatients(), exhaustive: false)
        newSmithAnn(s)
        #expect(PatientMatch.alike([selectRow(1, "Smith", "Annie"), selectRow(2, "Smith", "Bob"), selectRow(3, "Smith", "Zed", birth: "1990-01-01")],
                                   fName: "Ann", birthdate: LocalDate(year: 1990, month: 1, day: 1)).map(\.patNum) == [1, 3])
        s.send(.duplicates([selectRow(1, "Smith", "Annie")]))
        s.effects([])
        let picker = try! #require(s.picker)
        #expect(picker.items.map(\.label) == ["Smith, Annie · 1980-03-14 · (503)555-0100 · #1", "None of these: create the new patient"])
        #expect(picker.items[picker.selected].value == 1, "the existing patient is preselected")
        // Esc on the choice keeps the form and what was typed.
        s.send(.key(.escape))
        s.effects([])
        #expect(s.form?.value("FName") == "Ann")
        s.send(.key(.enter))
        s.effects([.findDuplicates(lName: "Smith", fName: "Ann", birthdate: nil)])
        s.send(.duplicates([selectRow(1, "Smith", "Annie")]))
        s.effects([])
        s.send(.key(.enter))
        s.effects([.loadDetail(1)])
        #expect(s.form == nil && s.patient.patNum == 1)
        // Or: none of them.
        s.send(.key(.char("2")))
        s.effects([])
        s.send(.key(.escape))
        s.effects([])
        newSmithAnn(s)
        s.send(.duplicates([selectRow(1, "Smith", "Annie")]))
        s.effects([])
        s.send(.key(.char("2")))
        let effects = s.takeEffects()
        guard case .createPatient(_, let known)? = effects.first else { Issue.record("expected a create"); return }
        #expect(known == [1])
    }

    @Test func editingContactSendsOnlyWhatChanged() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.enter))
        s.effects([.loadDetail(3)])
        let json = #"{"PatNum":3,"LName":"Y","FName":"T","WirelessPhone":"(503)555-0101","Email":"t@example.com","TxtMsgOk":"Unknown"}"#
        s.send(.patient(.loaded(PatientDetail(patient: try! JSONDecoder().decode(Patient.self, from: Data(json.utf8))))))
        s.effects([])
        s.send(.key(.char("e")))
        s.effects([])
        #expect(s.form?.value("WirelessPhone") == "(503)555-0101")
        s.send(.key(.enter))
        s.effects([])
        #expect(s.message == "Nothing changed" && s.form == nil)
        s.send(.key(.char("e")))
        s.effects([])
        s.send(.key(.ctrl("u")))
        s.effects([])
        type(s, "503-555-0199")
        for _ in 0..<11 { s.send(.key(.tab)); s.effects([]) } // wraps to Texts OK
        s.send(.key(.up))
        s.effects([])
        s.send(.key(.right))
        s.effects([])
        var f = PatientFields()
        f.wirelessPhone = "503-555-0199"
        f.preferContactMethod = .doNotCall
        s.send(.key(.enter))
        s.effects([.updatePatient(patNum: 3, f, shown: ["WirelessPhone": "(503)555-0101", "PreferContactMethod": "None"])])
        #expect(s.form == nil)
    }

    @Test func formsAreRefusedWhileMaskedAndEscLosesNothingUnsaid() {
        let s = TestStore(onPatients(), exhaustive: false)
        s.send(.key(.char("P")))
        s.effects([])
        s.send(.key(.char("N")))
        s.effects([])
        #expect(s.form == nil && s.message == "Press P to show details before editing them")
        s.send(.key(.char("P")))
        s.effects([])
        s.send(.key(.char("N")))
        s.effects([])
        type(s, "X")
        s.send(.key(.escape))
        s.effects([])
        #expect(s.form == nil && s.message == "Closed without saving")
    }
}
