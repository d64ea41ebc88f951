import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing

/// Overlays lie on one stack: whatever opened last is on top, takes the keys and is drawn over
/// the rest; closing it gives the keys back to the one below, unchanged.
@Suite struct OverlayStackTests {
    static let question = Dialog(title: "Changed at the office since you looked", lines: ["Mo Smith 09:00"], choices: ["y": []])

    @Test func theOneOpenedLastHasTheKeysWhicheverKindItIs() {
        // A question arriving while the typing line is open (a check's answer) is over it.
        var s = fixtureState()
        s.prompt = Prompt(purpose: .filter, label: "Filter", text: "smi")
        s.dialog = Self.question
        #expect(s.overlays.map(\.kind) == [.prompt, .dialog])
        _ = update(&s, .key(.char("x")))
        #expect(s.prompt?.text == "smi", "the key went to the question, not into the text")
        _ = update(&s, .key(.escape))
        #expect(s.dialog == nil && s.topOverlay?.kind == .prompt)
        _ = update(&s, .key(.char("t")))
        #expect(s.prompt?.text == "smit")

        // The other way round: the typing line opened over a question has the keys.
        var t = fixtureState()
        t.dialog = Self.question
        t.prompt = Prompt(purpose: .filter, label: "Filter", text: "")
        _ = update(&t, .key(.char("n")))
        #expect(t.prompt?.text == "n" && t.dialog != nil)
    }

    @Test func theTopOneIsDrawnOverTheOthers() {
        var s = fixtureState()
        s.dialog = Self.question
        s.help = true
        let helpOnTop = render(s).lines.joined(separator: "\n")
        #expect(!helpOnTop.contains("Changed at the office since you looked"), "help covers the question")
        _ = update(&s, .key(.escape))
        #expect(!s.help && s.dialog != nil)
        #expect(render(s).lines.joined(separator: "\n").contains("Changed at the office since you looked"))
    }

    @Test func helpKeepsItsScrollUntilItClosesAndAClickClosesOnlyHelp() {
        var s = fixtureState()
        s.help = true
        _ = update(&s, .key(.down))
        _ = update(&s, .key(.down))
        #expect(s.helpScroll == 2)
        s.help = true
        #expect(s.helpScroll == 2 && s.overlays.count == 1, "opening what is open adds nothing")
        _ = update(&s, .key(.escape))
        #expect(!s.help && s.helpScroll == 0 && s.overlays.isEmpty)

        // A click closes help on top; under a question, it reaches nothing.
        s.help = true
        _ = update(&s, .click(x: 5, y: 5, double: false))
        #expect(!s.help)
        s.dialog = Self.question
        let before = s
        _ = update(&s, .click(x: 2, y: 0, double: false))
        #expect(s == before)
    }
}
