import Foundation
import Testing
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI

/// A screen that faces the waiting room: the mask and the idle lock, on every screen.
@Suite struct PrivacyTests {
    @Test func pMasksNamesAndDetailsOnEveryScreenUntilPressedAgain() {
        var s = fixtureState(width: 120, height: 40)
        _ = update(&s, .key(.char("P")))
        var text = render(s).text
        #expect(s.masked && text.contains(" MASKED "))
        #expect(text.contains("N. J.") && !text.contains("Núñez") && !text.contains("山田"))
        #expect(!text.contains("Prefers mornings"), "notes hidden")
        // The picker and the break dialog name the patient by initials too.
        _ = update(&s, .key(.char("c")))
        #expect(s.picker?.title == "Confirm: 山. 太. · Tue 12/1 09:00")
        _ = update(&s, .key(.escape))
        // Lists: the contact list's names and phones.
        _ = update(&s, .key(.char("3")))
        _ = update(&s, .lists(.data(.confirmations, .confirmations([appt(301, pat: 4, time: "09:30", confirmed: 19)],
                                                                   contacts: [4: ContactCard(name: "Wolfe, Max", phone: "(503)555-0101", confirmMethod: "Text")]),
                                    from: nil)))
        text = render(s).text
        #expect(text.contains("W. M.") && !text.contains("555-0101") && !text.contains("Wolfe"))
        // Patients: birthdates, phones and e-mail hidden.
        _ = update(&s, .key(.char("2")))
        _ = update(&s, .key(.escape))
        s.patients.query = "smi"
        _ = update(&s, .patients(.loaded(query: "smi", offset: 0, rows: [selectRow(1, "Smith", "Ann")], pageSize: 100)))
        text = render(s).text
        #expect(text.contains("S. A.") && !text.contains("Smith") && !text.contains("1980-03-14") && !text.contains("555-0100") && !text.contains("x1@"))
        // The patient screen shows nothing but who it is by initials and number.
        _ = update(&s, .key(.enter))
        _ = update(&s, .patient(.loaded(PatientDetail(patient: try! JSONDecoder().decode(Patient.self, from: Data(#"{"PatNum":1,"LName":"Smith","FName":"Ann","HmPhone":"555-1234"}"#.utf8))))))
        text = render(s).text
        #expect(text.contains("Details hidden while masked") && !text.contains("555-1234") && !text.contains("Smith"))
        _ = update(&s, .key(.char("P")))
        #expect(render(s).text.contains("Smith, Ann"))
    }

    @Test func idleLockHidesEverythingAndAnyKeyOpensItWithoutLosingTyping() {
        var s = fixtureState()
        s.privacy = PrivacySettings(idleLockSeconds: 300)
        s.lastInput = 100
        _ = update(&s, .key(.char("n")))
        for c in "Running late" { _ = update(&s, .key(.char(c))) }
        _ = update(&s, .tick(now: fixtureNow, clock: 399))
        #expect(!s.locked)
        _ = update(&s, .tick(now: fixtureNow, clock: 401))
        #expect(s.locked)
        let text = render(s).text
        #expect(text.contains("Locked") && text.contains("Press any key.") && !text.contains("Núñez") && !text.contains("Running late"))
        // The key that opens it does nothing else; the note being typed is still there.
        #expect(update(&s, .key(.enter)).isEmpty && !s.locked)
        #expect(s.prompt?.text == "Running late")
    }

    @Test func theLockCanAskForTheOperatorsInitials() {
        var s = fixtureState()
        s.operatorInitials = "JS"
        s.privacy = PrivacySettings(idleLockSeconds: 60, lockRequiresInitials: true)
        _ = update(&s, .tick(now: fixtureNow, clock: 200))
        #expect(s.locked && render(s).text.contains("Type your initials"))
        for c in "xy" { _ = update(&s, .key(.char(c))) }
        #expect(render(s).text.contains("••▏") && !render(s).text.contains("xy"))
        _ = update(&s, .key(.enter))
        #expect(s.locked && s.lockMessage == "Not the initials of this session's operator")
        _ = update(&s, .click(x: 5, y: 5, double: false))
        #expect(s.locked, "a click does not open it either")
        for c in "js" { _ = update(&s, .key(.char(c))) }
        _ = update(&s, .key(.enter))
        #expect(!s.locked && s.lockMessage == nil)
    }
}
