import Foundation
import Testing
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI

/// A screen that faces the waiting room: the mask and the idle lock, on every screen.
@Suite struct PrivacyTests {
    @Test func pMasksNamesAndDetailsOnEveryScreenUntilPressedAgain() {
        let s = TestStore(fixtureState(width: 120, height: 40), exhaustive: false)
        s.send(.key(.char("P")))
        s.effects([])
        var text = render(s).text
        #expect(s.masked && text.contains(" MASKED "))
        #expect(text.contains("N. J.") && !text.contains("Núñez") && !text.contains("山田"))
        #expect(!text.contains("Prefers mornings"), "notes hidden")
        // The picker and the break dialog name the patient by initials too.
        s.send(.key(.char("c")))
        s.effects([])
        #expect(s.picker?.title == "Confirm: 山. 太. · Tue 12/1 09:00")
        s.send(.key(.escape))
        s.effects([])
        // Lists: the contact list's names and phones.
        s.send(.key(.char("3")))
        s.effects([.loadList(.confirmations, today: fixtureToday)])
        s.send(.lists(.data(.confirmations, .confirmations([appt(301, pat: 4, time: "09:30", confirmed: 19)],
                                                                   contacts: [4: ContactCard(name: "Wolfe, Max", phone: "(503)555-0101", confirmMethod: "Text")]),
                                    from: nil)))
        s.effects([])
        text = render(s).text
        #expect(text.contains("W. M.") && !text.contains("555-0101") && !text.contains("Wolfe"))
        // Patients: birthdates, phones and e-mail hidden.
        s.send(.key(.char("2")))
        s.effects([])
        s.send(.key(.escape))
        s.effects([])
        s.patients.query = "smi"
        s.send(.patients(.loaded(query: "smi", offset: 0, rows: [selectRow(1, "Smith", "Ann")], pageSize: 100)))
        s.effects([])
        text = render(s).text
        #expect(text.contains("S. A.") && !text.contains("Smith") && !text.contains("1980-03-14") && !text.contains("555-0100") && !text.contains("x1@"))
        // The patient screen shows nothing but who it is by initials and number.
        s.send(.key(.enter))
        s.effects([.loadDetail(1)])
        s.send(.patient(.loaded(PatientDetail(patient: try! JSONDecoder().decode(Patient.self, from: Data(#"{"PatNum":1,"LName":"Smith","FName":"Ann","HmPhone":"555-1234"}"#.utf8))))))
        s.effects([])
        text = render(s).text
        #expect(text.contains("Details hidden while masked") && !text.contains("555-1234") && !text.contains("Smith"))
        s.send(.key(.char("P")))
        s.effects([])
        #expect(render(s).text.contains("Smith, Ann"))
    }

    @Test func idleLockHidesEverythingAndAnyKeyOpensItWithoutLosingTyping() {
        var start = fixtureState()
        start.privacy = PrivacySettings(idleLockSeconds: 300)
        start.lastInput = 100
        let store = TestStore(start)
        store.send(.key(.char("n"))) {
            $0.prompt = Prompt(label: "Add to note for 山田, 太郎", reply: Reply("note 103") { .noteEntered(aptNum: 103, $0) })
        }
        store.effects([])
        store.type("Running late")
        store.send(.tick(now: fixtureNow, clock: 399)) { $0.clock = 399 }
        store.effects([])
        store.send(.tick(now: fixtureNow, clock: 401)) {
            $0.clock = 401
            $0.locked = true
        }
        store.effects([])
        let text = render(store.state).text
        #expect(text.contains("Locked") && text.contains("Press any key.") && !text.contains("Núñez") && !text.contains("Running late"))
        // The key that opens it does nothing else; the note being typed is still there.
        // The idle clock starts again from the key that opened it.
        store.send(.key(.enter)) {
            $0.locked = false
            $0.lastInput = 401
        }
        store.effects([])
        #expect(store.state.prompt?.text == "Running late")
    }

    @Test func theLockCanAskForTheOperatorsInitials() {
        var start = fixtureState()
        start.operatorInitials = "JS"
        start.privacy = PrivacySettings(idleLockSeconds: 60, lockRequiresInitials: true)
        let store = TestStore(start)
        store.send(.tick(now: fixtureNow, clock: 200)) {
            $0.clock = 200
            $0.locked = true
        }
        store.effects([])
        #expect(render(store.state).text.contains("Type your initials"))
        store.send(.key(.char("x"))) { $0.lockTyped = "x" }
        store.effects([])
        store.send(.key(.char("y"))) { $0.lockTyped = "xy" }
        store.effects([])
        #expect(render(store.state).text.contains("••▏") && !render(store.state).text.contains("xy"))
        store.send(.key(.enter)) {
            $0.lockTyped = ""
            $0.lockMessage = "Not the initials of this session's operator"
        }
        store.effects([])
        // A click does not open it either.
        store.send(.click(x: 5, y: 5, double: false))
        store.effects([])
        store.send(.key(.char("j"))) { $0.lockTyped = "j" }
        store.effects([])
        store.send(.key(.char("s"))) { $0.lockTyped = "js" }
        store.effects([])
        store.send(.key(.enter)) {
            $0.locked = false
            $0.lockTyped = ""
            $0.lockMessage = nil
            $0.lastInput = 200
        }
        store.effects([])
    }
}
