import Foundation
import OpenDentalAPI
import TerminalUI

/// What lies over the screen, bottom to top. The one on top takes every key and is drawn last;
/// nothing else decides the order (a dialog opened over the finder is over it, help opened over
/// the dialog is over that). Each kind handles its own keys and draws its own view; the typing
/// line draws on the status and hint lines instead of a box.
public enum Overlay: Equatable, Sendable {
    /// Finding an opening to book or move into (`B`, `M`).
    case booking(Booking)
    /// Who could fill a hole (`H`).
    case fill(FillHole)
    /// A question before an irreversible write.
    case dialog(Dialog)
    case picker(Picker)
    /// New patient, contact details.
    case form(Form)
    /// The typing line: a search, a filter, a note.
    case prompt(Prompt)
    /// The key list of the screen below; the scroll is its own.
    case help(scroll: Int)

    public enum Kind: Sendable { case booking, fill, dialog, picker, form, prompt, help }

    public var kind: Kind {
        switch self {
        case .booking: .booking
        case .fill: .fill
        case .dialog: .dialog
        case .picker: .picker
        case .form: .form
        case .prompt: .prompt
        case .help: .help
        }
    }

    /// The overlay's keys.
    func key(_ s: inout AppState, _ key: Key) -> [Effect] {
        switch self {
        case .booking: BookingFlow.key(&s, key)
        case .fill: FillFlow.key(&s, key)
        case .dialog: handleDialogKey(&s, key)
        case .picker: handlePickerKey(&s, key)
        case .form: handleFormKey(&s, key)
        case .prompt: handlePromptKey(&s, key)
        case .help: handleHelpKey(&s, key)
        }
    }

    /// The hint bar while it is on top: only keys that work in it (the screen's keys below do
    /// nothing then, so naming them would be a lie).
    var hints: [(String, String)] {
        switch self {
        case .booking, .fill: [("↑↓", "choose"), ("Esc", "back")]
        case .dialog: [("Esc", "cancel")]
        case .picker: [("↑↓", "choose"), ("Enter", "takes"), ("Esc", "cancels")]
        case .form: [("Tab", "next"), ("←/→", "choices"), ("Enter", "saves"), ("Esc", "closes")]
        case .prompt: [("Enter", "done"), ("Esc", "cancel"), ("Bksp", "delete"), ("^U", "clear")]
        case .help: [("↑↓", "scroll"), ("any key", "closes")]
        }
    }

    /// The overlay's view, over what is drawn already.
    func draw(_ g: inout Grid, _ s: AppState) {
        switch self {
        case .booking(let b): BookingFlow.draw(&g, s, b)
        case .fill(let f): FillFlow.draw(&g, s, f)
        case .dialog(let d): Widgets.box(&g, title: d.title, lines: d.lines.map { (SafeText.clean($0), .normal) }, minWidth: 40)
        case .picker(let p): drawPicker(&g, s, p)
        case .form(let f): drawForm(&g, s, f)
        case .prompt: break  // on the status and hint lines (Chrome)
        case .help: drawHelp(&g, s)
        }
    }
}

extension AppState {
    /// The overlay that has the keys.
    public var topOverlay: Overlay? { overlays.last }

    /// The uppermost overlay of a kind.
    func overlay(_ kind: Overlay.Kind) -> Overlay? { overlays.last { $0.kind == kind } }

    /// Puts `o` in the place of the overlay of its kind, or on top when there is none; nil
    /// takes the overlay of that kind off, wherever it is.
    mutating func place(_ o: Overlay?, _ kind: Overlay.Kind) {
        let at = overlays.lastIndex { $0.kind == kind }
        switch (o, at) {
        case (let o?, let i?): overlays[i] = o
        case (let o?, nil): overlays.append(o)
        case (nil, let i?): overlays.remove(at: i)
        case (nil, nil): break
        }
    }

    // Each kind by name, for the flows that open, change and close them.
    public var prompt: Prompt? {
        get { if case .prompt(let p)? = overlay(.prompt) { p } else { nil } }
        set { place(newValue.map(Overlay.prompt), .prompt) }
    }
    public var dialog: Dialog? {
        get { if case .dialog(let d)? = overlay(.dialog) { d } else { nil } }
        set { place(newValue.map(Overlay.dialog), .dialog) }
    }
    public var picker: Picker? {
        get { if case .picker(let p)? = overlay(.picker) { p } else { nil } }
        set { place(newValue.map(Overlay.picker), .picker) }
    }
    public var form: Form? {
        get { if case .form(let f)? = overlay(.form) { f } else { nil } }
        set { place(newValue.map(Overlay.form), .form) }
    }
    public var booking: Booking? {
        get { if case .booking(let b)? = overlay(.booking) { b } else { nil } }
        set { place(newValue.map(Overlay.booking), .booking) }
    }
    public var fill: FillHole? {
        get { if case .fill(let f)? = overlay(.fill) { f } else { nil } }
        set { place(newValue.map(Overlay.fill), .fill) }
    }
    /// The help overlay is open.
    public var help: Bool {
        get { overlay(.help) != nil }
        set { place(newValue ? .help(scroll: helpScroll) : nil, .help) }
    }
    public var helpScroll: Int {
        get { if case .help(let n)? = overlay(.help) { n } else { 0 } }
        set { if help { place(.help(scroll: newValue), .help) } }
    }
}

/// What an overlay hands back, as a message to whoever opened it: the opener says which message
/// (`message`, built from what was chosen or typed) and names it (`id`, with what it is about:
/// two replies with the same id are the same reply, which keeps the state comparable).
public struct Reply<Value: Sendable>: Equatable, Sendable {
    public let id: String
    let message: @Sendable (Value) -> Msg

    init(_ id: String, _ message: @escaping @Sendable (Value) -> Msg) {
        self.id = id
        self.message = message
    }

    public static func == (a: Self, b: Self) -> Bool { a.id == b.id }
}
