import Foundation
import OpenDentalAPI
import TerminalUI

/// The keys every screen shares: moving through rows, the screens, help, refresh, quit.
enum GlobalKeys {
    static let movement = movement(spacePages: true)

    /// Space pages down except where it marks rows (the schedule and the lists).
    static func movement(spacePages: Bool) -> [Binding] { [
        Binding([.up, .char("k")], .up, "previous row") { move(&$0, by: -1) },
        Binding([.down, .char("j")], .down, "next row") { move(&$0, by: 1) },
        Binding([.pageUp, .ctrl("b")], .pageUp, "page up") { move(&$0, by: -$0.contentRows) },
        Binding([.pageDown, .ctrl("f")] + (spacePages ? [.char(" ")] : []), .pageDown, "page down") { move(&$0, by: $0.contentRows) },
        Binding([.home, .char("g")], .top, "first row") { move(&$0, by: -1_000_000) },
        Binding([.end, .char("G")], .bottom, "last row") { move(&$0, by: 1_000_000) },
    ] }

    static let global: [Binding] = [
        Binding([.char("?")], .help, "help", hint: true) { s in
            s.help = true
            return []
        },
        Binding([.char("q")], .quit, "quit", hint: true) { s in
            s.quitting = true
            return [.quit]
        },
        Binding([.tab], .nextScreen, "next screen") { show(&$0, ScreenID(rawValue: ($0.screen.rawValue + 1) % ScreenID.allCases.count)!) },
        Binding([.backTab], .prevScreen, "previous screen") {
            show(&$0, ScreenID(rawValue: ($0.screen.rawValue + ScreenID.allCases.count - 1) % ScreenID.allCases.count)!)
        },
    ] + ScreenID.allCases.map { id in
        // Each tab's digit, from the registry.
        Binding([.char(Character(String(id.rawValue + 1)))], .showScreen, id.title.lowercased()) { show(&$0, id) }
    } + [
        OfficesScreen.key([.char("O")], .pickOffice, "show another office (a picker of the configured ones)", refusal: OfficesScreen.refusal, .pick),
        Binding([.char("r")], .refresh, "refresh now") { s in
            s.message = "Refreshing…"
            s.messageIsError = false
            return markLoading(&s, refreshEffects(s, background: false))
        },
        Binding([.ctrl("l")], .repaint, "repaint the screen") { _ in [.repaint] },
        Binding([.char("T")], .cycleTheme, "next colour theme") { _ in [.cycleTheme] },
        Privacy.binding,
        Binding([.char("R")], .resendWrite, "send again (or check again) a change that did not save", writes: true) { resendWrite(&$0) },
    ]

    static func move(_ s: inout AppState, by delta: Int) -> [Effect] {
        s.active.move(&s, by: delta)
        return []
    }

    /// Another tab: the patient screen closes, the filter clears, the screen loads what it shows.
    static func show(_ s: inout AppState, _ target: ScreenID) -> [Effect] {
        _ = PatientScreen.send(&s, .close)
        s.filter = ""
        s.screen = target
        return target.screen.enter(&s)
    }
}

// Helpers every screen's keys use.

/// A word on the status line that is not an error.
func say(_ s: inout AppState, _ text: String) {
    s.message = text
    s.messageIsError = false
}

/// `/`: filter the rows of the screen on show as you type.
func openFilter(_ s: inout AppState) -> [Effect] {
    s.prompt = .filter(s.filter)
    return []
}

extension Prompt {
    /// The filter line: applied as typed, kept on Enter, cleared by Esc.
    static func filter(_ text: String) -> Prompt {
        Prompt(label: "Filter", text: text, reply: Reply("filter") { .filterTyped($0) }, changed: Reply("filter") { .filterTyped($0) },
               cancelled: Reply("filter") { _ in .filterTyped("") }, sendsEmpty: true)
    }

    /// A call noted with a patient (a commlog), from any screen that shows them.
    static func callNote(patNum: Int, label: String) -> Prompt {
        Prompt(label: label, reply: Reply("commlog \(patNum)") { .callNoted(patNum: patNum, $0) })
    }
}

/// Enter: the selected row's patient, over the screen.
func openPatient(_ s: inout AppState) -> [Effect] {
    guard let patNum = s.active.selectedPatNum(s) else { return [] }
    return PatientScreen.open(&s, patNum)
}
