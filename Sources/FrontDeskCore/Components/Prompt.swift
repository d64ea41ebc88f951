import Foundation
import OpenDentalAPI
import TerminalUI

/// The typing line: a search, a filter, a note, a date. It owns the bottom line while open and
/// knows nothing of who opened it: what is typed goes back as the opener's messages (`reply` on
/// Enter, `changed` as it is typed, `cancelled` on Esc).
public struct Prompt: Equatable, Sendable {
    public var label: String
    public var text: String
    /// Enter: the text, trimmed, goes back as this message.
    public var reply: Reply<String>
    /// Each change of the text goes back as this message (a filter applied as typed, a search's
    /// typing pause); nil: nothing until Enter.
    public var changed: Reply<String>?
    /// Esc goes back as this message; nil: Esc only closes the line.
    public var cancelled: Reply<String>?
    /// ↑↓ and the page keys move the rows under the line (the search's results: Enter then opens
    /// the one chosen) instead of being ignored.
    public var movesRows = false
    /// The key that opened the line is not its first letter ("/" opens the search).
    public var opener: Character?
    /// Enter on an empty line is sent too (a filter cleared, initials said to be missing);
    /// otherwise it only closes the line.
    public var sendsEmpty = false

    init(label: String, text: String = "", reply: Reply<String>, changed: Reply<String>? = nil, cancelled: Reply<String>? = nil,
         movesRows: Bool = false, opener: Character? = nil, sendsEmpty: Bool = false) {
        self.label = label
        self.text = text
        self.reply = reply
        self.changed = changed
        self.cancelled = cancelled
        self.movesRows = movesRows
        self.opener = opener
        self.sendsEmpty = sendsEmpty
    }
}

func handlePromptKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    guard var p = s.prompt else { return [] }
    switch key {
    case .escape:
        s.prompt = nil
        return p.cancelled.map { handle(&s, $0.message(p.text)) } ?? []
    case .up where p.movesRows, .down where p.movesRows, .pageUp where p.movesRows, .pageDown where p.movesRows:
        let page = s.contentRows
        s.active.move(&s, by: key == .up ? -1 : key == .down ? 1 : key == .pageUp ? -page : page)
        return []
    case .backspace, .delete:
        if !p.text.isEmpty { p.text.removeLast() }
    case .char(let c) where c == p.opener && p.text.isEmpty:
        return []
    case .char(let c):
        if p.text.count < 200 { p.text.append(c) }
    case .ctrl("u"):
        p.text = ""
    case .enter:
        s.prompt = nil
        let text = p.text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty || p.sendsEmpty else { return [] }
        return handle(&s, p.reply.message(text))
    default:
        break
    }
    s.prompt = p
    return p.changed.map { handle(&s, $0.message(p.text)) } ?? []
}

/// API writes carry no user name: record who did it (digest §8.2).
func stamp(_ text: String, _ s: AppState) -> String {
    s.operatorInitials.isEmpty ? text : "\(text) (\(s.operatorInitials))"
}
