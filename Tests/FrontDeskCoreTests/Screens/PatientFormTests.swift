import Foundation
import Testing
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI

/// New patient and edit contact: the forms, their checks, the duplicate search, only what changed sent.
@Suite struct PatientFormTests {
    func type(_ s: inout AppState, _ text: String) {
        for c in text { _ = update(&s, .key(.char(c))) }
    }

    func onPatients() -> AppState {
        var s = fixtureState()
        _ = update(&s, .key(.char("2")))
        _ = update(&s, .key(.escape))
        return s
    }

    @Test func aNewPatientIsCheckedLikeTheAPIThenLookedForThenCreated() {
        var s = onPatients()
        _ = update(&s, .key(.char("N")))
        #expect(s.form?.reply == PatientForms.newPatientReply && render(s).text.contains("New patient"))
        #expect(update(&s, .key(.enter)).isEmpty && s.form?.error == "Last name is required" && s.form?.focus == 0)
        type(&s, "Okafor")
        _ = update(&s, .key(.tab))
        type(&s, "Grace")
        _ = update(&s, .key(.tab))
        type(&s, "13/45/1980")
        _ = update(&s, .key(.enter))
        #expect(s.form?.error == "Birthdate: type it as m/d/yyyy or yyyy-mm-dd" && s.form?.focus == 2)
        _ = update(&s, .key(.ctrl("u")))
        type(&s, "3/14/1980")
        _ = update(&s, .key(.tab))
        _ = update(&s, .key(.right)) // Gender: Female
        _ = update(&s, .key(.tab))
        type(&s, "555-01")
        _ = update(&s, .key(.enter))
        #expect(s.form?.error?.hasPrefix("Mobile phone: 7 to 15 digits") == true)
        type(&s, "01 22")
        for _ in 0..<5 { _ = update(&s, .key(.tab)) } // to State
        type(&s, "or")
        _ = update(&s, .key(.tab))
        type(&s, "9730")
        _ = update(&s, .key(.enter))
        #expect(s.form?.error == "Zip: 12345, 12345-6789 or A1A 1A1")
        type(&s, "1")
        let birth = LocalDate(year: 1980, month: 3, day: 14)
        #expect(update(&s, .key(.enter)) == [.findDuplicates(lName: "Okafor", fName: "Grace", birthdate: birth)])
        // Nobody alike: created with what was typed.
        let effects = update(&s, .duplicates([]))
        guard case .createPatient(let f, let known)? = effects.first else { Issue.record("expected a create, got \(effects)"); return }
        #expect(known.isEmpty && f.lName == "Okafor" && f.fName == "Grace" && f.birthdate == birth && f.gender == .female)
        #expect(f.wirelessPhone == "555-0101 22" && f.state == "OR" && f.zip == "97301" && f.email == nil && s.form == nil)
        let p = try! JSONDecoder().decode(Patient.self, from: Data(#"{"PatNum":900,"LName":"Okafor","FName":"Grace"}"#.utf8))
        #expect(update(&s, .patientCreated(p)) == [.loadDetail(900)])
        #expect(s.patient.patNum == 900 && s.message == "Saved: new patient #900")
    }

    @Test func someoneAlikeIsShownAndTheUserChooses() {
        var s = onPatients()
        _ = update(&s, .key(.char("N")))
        type(&s, "Smith")
        _ = update(&s, .key(.tab))
        type(&s, "Ann")
        _ = update(&s, .key(.enter))
        #expect(PatientMatch.alike([selectRow(1, "Smith", "Annie"), selectRow(2, "Smith", "Bob"), selectRow(3, "Smith", "Zed", birth: "1990-01-01")],
                                   fName: "Ann", birthdate: LocalDate(year: 1990, month: 1, day: 1)).map(\.patNum) == [1, 3])
        _ = update(&s, .duplicates([selectRow(1, "Smith", "Annie")]))
        let picker = try! #require(s.picker)
        #expect(picker.items.map(\.label) == ["Smith, Annie · 1980-03-14 · (503)555-0100 · #1", "None of these: create the new patient"])
        #expect(picker.items[picker.selected].value == 1, "the existing patient is preselected")
        // Esc on the choice keeps the form and what was typed.
        _ = update(&s, .key(.escape))
        #expect(s.form?.value("FName") == "Ann")
        _ = update(&s, .key(.enter))
        _ = update(&s, .duplicates([selectRow(1, "Smith", "Annie")]))
        #expect(update(&s, .key(.enter)) == [.loadDetail(1)])
        #expect(s.form == nil && s.patient.patNum == 1)
        // Or: none of them.
        _ = update(&s, .key(.char("2")))
        _ = update(&s, .key(.escape))
        _ = update(&s, .key(.char("N")))
        type(&s, "Smith")
        _ = update(&s, .key(.tab))
        type(&s, "Ann")
        _ = update(&s, .key(.enter))
        _ = update(&s, .duplicates([selectRow(1, "Smith", "Annie")]))
        let effects = update(&s, .key(.char("2")))
        guard case .createPatient(_, let known)? = effects.first else { Issue.record("expected a create"); return }
        #expect(known == [1])
    }

    @Test func editingContactSendsOnlyWhatChanged() {
        var s = fixtureState()
        _ = update(&s, .key(.enter))
        let json = #"{"PatNum":3,"LName":"Y","FName":"T","WirelessPhone":"(503)555-0101","Email":"t@example.com","TxtMsgOk":"Unknown"}"#
        _ = update(&s, .patient(.loaded(PatientDetail(patient: try! JSONDecoder().decode(Patient.self, from: Data(json.utf8))))))
        _ = update(&s, .key(.char("e")))
        #expect(s.form?.value("WirelessPhone") == "(503)555-0101")
        _ = update(&s, .key(.enter))
        #expect(s.message == "Nothing changed" && s.form == nil)
        _ = update(&s, .key(.char("e")))
        _ = update(&s, .key(.ctrl("u")))
        type(&s, "503-555-0199")
        for _ in 0..<11 { _ = update(&s, .key(.tab)) } // wraps to Texts OK
        _ = update(&s, .key(.up))
        _ = update(&s, .key(.right))
        var f = PatientFields()
        f.wirelessPhone = "503-555-0199"
        f.preferContactMethod = .doNotCall
        #expect(update(&s, .key(.enter)) == [.updatePatient(patNum: 3, f, shown: ["WirelessPhone": "(503)555-0101", "PreferContactMethod": "None"])])
        #expect(s.form == nil)
    }

    @Test func formsAreRefusedWhileMaskedAndEscLosesNothingUnsaid() {
        var s = onPatients()
        _ = update(&s, .key(.char("P")))
        _ = update(&s, .key(.char("N")))
        #expect(s.form == nil && s.message == "Press P to show details before editing them")
        _ = update(&s, .key(.char("P")))
        _ = update(&s, .key(.char("N")))
        type(&s, "X")
        _ = update(&s, .key(.escape))
        #expect(s.form == nil && s.message == "Closed without saving")
    }
}
