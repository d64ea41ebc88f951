import Foundation
import OpenDentalAPI
import TerminalUI

/// A short menu over the screen: every item has its own key, the current value is marked, one
/// item is preselected so Enter takes it, ↑/↓ move, Esc closes. It takes every key while open.
public struct Picker: Equatable, Sendable {
    public struct Item: Equatable, Sendable {
        public var key: Character
        public var label: String
        public var value: Int
        /// The value the record has now (marked "now").
        public var current: Bool
    }

    public var title: String
    public var items: [Item]
    public var selected: Int
    /// The choice goes back as this message to whoever opened the picker: the picker knows
    /// nothing of its openers.
    public var reply: Reply<Int>

    /// One key per item: digits, then letters without j and k (they move), c (a second press of
    /// the key that opened it must not choose anything) and q (pressed by reflex to leave).
    static let keys: [Character] = Array("123456789abdefghilmnoprstuvwxyz")

    init(title: String, _ entries: [(label: String, value: Int)], current: Int?, preselect: Int?, reply: Reply<Int>) {
        self.title = title
        items = zip(Self.keys, entries).map { key, e in Item(key: key, label: e.label, value: e.value, current: e.value == current) }
        selected = items.firstIndex { $0.value == preselect } ?? 0
        self.reply = reply
    }

    /// The lines of its box: "▶ 3  Appointment Confirmed", the current one with "(now)".
    func lines(ascii: Bool) -> [(String, Role)] {
        var out = items.enumerated().map { i, item -> (String, Role) in
            let mark = i == selected ? (ascii ? ">" : "▶") : " "
            return ("\(mark) \(item.key)  \(item.label)\(item.current ? "  (now)" : "")", i == selected ? .selected : .normal)
        }
        out.append(("", .normal))
        out.append(("Enter takes the marked one · its key picks one · Esc cancels", .dim))
        return out
    }
}

/// While a picker is open: its keys choose, ↑/↓ (j/k) move, Esc closes, anything else is ignored.
func handlePickerKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    guard var p = s.picker else { return [] }
    switch key {
    case .escape:
        s.picker = nil
        return []
    case .up, .char("k"): p.selected = max(0, p.selected - 1)
    case .down, .char("j"): p.selected = min(p.items.count - 1, p.selected + 1)
    case .home: p.selected = 0
    case .end: p.selected = p.items.count - 1
    case .enter:
        s.picker = nil
        return handle(&s, p.reply.message(p.items[p.selected].value))
    case .char(let c):
        guard let item = p.items.first(where: { $0.key == c }) else { return [] }
        s.picker = nil
        return handle(&s, p.reply.message(item.value))
    default: return []
    }
    s.picker = p
    return []
}

func drawPicker(_ g: inout Grid, _ s: AppState, _ p: Picker) {
    Widgets.box(&g, title: p.title, lines: p.lines(ascii: s.ascii).map { (clean($0.0), $0.1) }, minWidth: 44)
}
