import Foundation
import OpenDentalAPI
import TerminalUI

/// A few labelled fields over the screen: Tab/↓ and S-Tab/↑ move between them, typing edits the
/// one marked ▶, ←/→ change a choice, Enter checks and sends, Esc closes. Nothing is sent until
/// the whole form is valid; a mistake is said on the form with the field marked.
public struct Form: Equatable, Sendable {
    public struct Field: Equatable, Sendable {
        /// The API's name for it ("WirelessPhone").
        public var key: String
        public var label: String
        public var text: String
        /// The value when the form opened (an edit sends only what changed).
        public var original: String
        /// Fixed values cycled with ←/→ (empty: free text).
        public var choices: [String] = []
        public var required = false
        public var maxLength = 100
    }


    public var title: String
    public var fields: [Field]
    public var focus = 0
    /// The last mistake found, and the field it is about.
    public var error: String?
    /// Enter: the form, as filled in, goes back as this message to whoever opened it (which
    /// checks it and says what is wrong on the form).
    public var reply: Reply<Form>

    /// The value of a field by its API name.
    public func value(_ key: String) -> String {
        (fields.first { $0.key == key }?.text ?? "").trimmingCharacters(in: .whitespaces)
    }

    func changed(_ key: String) -> Bool {
        fields.first { $0.key == key }.map { $0.text.trimmingCharacters(in: .whitespaces) != $0.original } ?? false
    }

    /// The box's lines: "▶ Mobile phone   (503)555-0101▏".
    func lines(ascii: Bool) -> [(String, Role)] {
        let width = (fields.map { TextWidth.width($0.label) }.max() ?? 0) + 2
        var out = fields.enumerated().map { i, f -> (String, Role) in
            let mark = i == focus ? (ascii ? ">" : "▶") : " "
            let value = f.choices.isEmpty ? clean(f.text) + (i == focus ? "▏" : "") : "◀ \(f.text) ▶"
            return ("\(mark) \(TextWidth.pad(f.label + (f.required ? "*" : ""), to: width))\(value)", i == focus ? .selected : .normal)
        }
        out.append(("", .normal))
        if let e = error { out.append((clean(e), .error)) }
        out.append(("Tab next · ←/→ choices · Enter saves · Esc closes", .dim))
        return out
    }
}

/// While a form is open it takes every key.
func handleFormKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    guard var f = s.form else { return [] }
    var field = f.fields[f.focus]
    switch key {
    case .escape:
        s.form = nil
        say(&s, "Closed without saving")
        return []
    case .tab, .down: f.focus = (f.focus + 1) % f.fields.count
    case .backTab, .up: f.focus = (f.focus + f.fields.count - 1) % f.fields.count
    case .left where !field.choices.isEmpty, .right where !field.choices.isEmpty:
        let i = field.choices.firstIndex(of: field.text) ?? 0
        field.text = field.choices[(i + (key == .right ? 1 : field.choices.count - 1)) % field.choices.count]
        f.fields[f.focus] = field
    case .backspace where field.choices.isEmpty, .delete where field.choices.isEmpty:
        if !field.text.isEmpty { field.text.removeLast() }
        f.fields[f.focus] = field
    case .ctrl("u") where field.choices.isEmpty:
        field.text = ""
        f.fields[f.focus] = field
    case .char(let c) where field.choices.isEmpty:
        if field.text.count < field.maxLength { field.text.append(c) }
        f.fields[f.focus] = field
    case .char(" ") where !field.choices.isEmpty:
        let i = field.choices.firstIndex(of: field.text) ?? 0
        field.text = field.choices[(i + 1) % field.choices.count]
        f.fields[f.focus] = field
    case .enter:
        s.form = f
        return handle(&s, f.reply.message(f))
    default: break
    }
    s.form = f
    return []
}

func drawForm(_ g: inout Grid, _ s: AppState, _ f: Form) {
    Widgets.box(&g, title: f.title, lines: f.lines(ascii: s.ascii), minWidth: 56)
}
