import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing

/// Overlays lie on one stack: whatever opened last is on top, takes the keys and is drawn over
/// the rest; closing it gives the keys back to the one below, unchanged.
@Suite struct OverlayStackTests {
    static let question = Dialog(title: "Changed at the office since you looked", lines: ["Mo Smith 09:00"], choices: ["y": []])
    static let note = Prompt(label: "Add to note", text: "smi", reply: Reply("note 1") { .noteEntered(aptNum: 1, $0) })

    @Test func theOneOpenedLastHasTheKeysWhicheverKindItIs() {
        // A question arriving while the typing line is open (a check's answer) is over it.
        var s = fixtureState()
        s.prompt = Self.note
        s.dialog = Self.question
        #expect(s.overlays.map(\.kind) == [.prompt, .dialog])
        let store = TestStore(s)
        store.send(.key(.char("x")))  // not a choice of the question: nothing, and not typed
        store.effects([])
        store.send(.key(.escape)) { $0.dialog = nil }
        store.effects([])
        store.send(.key(.char("t"))) { $0.prompt?.text = "smit" }
        store.effects([])

        // The other way round: the typing line opened over a question has the keys.
        var t = fixtureState()
        t.dialog = Self.question
        t.prompt = Prompt(label: "Add to note", text: "", reply: Reply("note 1") { .noteEntered(aptNum: 1, $0) })
        let other = TestStore(t)
        other.send(.key(.char("n"))) { $0.prompt?.text = "n" }
        other.effects([])
    }

    @Test func theTopOneIsDrawnOverTheOthers() {
        var s = fixtureState()
        s.dialog = Self.question
        s.help = true
        #expect(!render(s).lines.joined(separator: "\n").contains("Changed at the office since you looked"), "help covers the question")
        let store = TestStore(s)
        store.send(.key(.escape)) { $0.help = false }
        store.effects([])
        #expect(render(store.state).lines.joined(separator: "\n").contains("Changed at the office since you looked"))
    }

    @Test func helpKeepsItsScrollUntilItClosesAndAClickClosesOnlyHelp() {
        var s = fixtureState()
        s.help = true
        let store = TestStore(s)
        store.send(.key(.down)) { $0.helpScroll = 1 }
        store.send(.key(.down)) { $0.helpScroll = 2 }
        store.effects([])
        var again = store.state
        again.help = true
        #expect(again == store.state, "opening what is open adds nothing")
        store.send(.key(.escape)) { $0.help = false }
        #expect(store.state.helpScroll == 0 && store.state.overlays.isEmpty)
        store.effects([])

        // A click closes help on top; under a question, it reaches nothing.
        var u = fixtureState()
        u.help = true
        let clicks = TestStore(u)
        clicks.send(.click(x: 5, y: 5, double: false)) { $0.help = false }
        clicks.effects([])
        var w = fixtureState()
        w.dialog = Self.question
        let under = TestStore(w)
        under.send(.click(x: 2, y: 0, double: false))
        under.effects([])
    }
}

/// The test store itself: it must fail where a test forgets something.
@Suite struct TestStoreTests {
    @Test func anUncheckedEffectOrAnUnsaidChangeFails() {
        // `2` shows Patients: the search field opens and the tab changes; a test that says
        // neither fails, naming both.
        withKnownIssue {
            let store = TestStore(fixtureState())
            store.send(.key(.char("2")))
            store.effects([])
        } matching: { $0.comments.contains { $0.rawValue.contains("screen") } }
        // Effects left unchecked fail when the store goes away.
        withKnownIssue {
            let store = TestStore(fixtureState())
            store.send(.key(.char("r"))) { _ in }
            _ = store
        } matching: { $0.comments.contains { $0.rawValue.contains("effects left unchecked") || $0.rawValue.contains("state changed") } }
    }

    /// Not exhaustive (for tests that check the state with their own expectations): what is not
    /// said may change, what is said must hold, and every effect is still checked.
    @Test func aStoreThatIsNotExhaustiveStillChecksEffectsAndWhatItIsTold() {
        let store = TestStore(fixtureState(), exhaustive: false)
        store.send(.key(.char("2"))) { $0.screen = .patients }
        store.effects([])
        #expect(store.prompt?.label == "Find patient")
        withKnownIssue {
            let wrong = TestStore(fixtureState(), exhaustive: false)
            wrong.send(.key(.char("2"))) { $0.screen = .lists }
            wrong.effects([])
        } matching: { $0.comments.contains { $0.rawValue.contains("screen") } }
        withKnownIssue {
            let unchecked = TestStore(fixtureState(), exhaustive: false)
            unchecked.send(.key(.char("r")))
            _ = unchecked
        } matching: { $0.comments.contains { $0.rawValue.contains("effects left unchecked") } }
    }
}
