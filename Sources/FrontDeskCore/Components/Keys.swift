import Foundation

/// A key press, decoded by the terminal backend.
public enum Key: Hashable, Sendable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, tab, backTab, delete
    case ctrl(Character)
    case function(Int)

    public var label: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Bksp"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .delete: return "Del"
        case .ctrl(let c): return "^" + String(c).uppercased()
        case .function(let n): return "F\(n)"
        }
    }
}

/// What a key does. Screens declare their bindings once, as data: the hint bar, the `?` overlay
/// and docs/keys.md are generated from these tables.
public enum Action: String, Sendable, CaseIterable {
    case up, down, pageUp, pageDown, top, bottom
    case prevDay, nextDay, today, gotoDate
    case open, back, filter, search, help, refresh, repaint, quit, cycleTheme
    case nextScreen, prevScreen, showScreen, pickOffice
    case prevList, nextList, toggleInactive
    case confirm, leftMessage, arrived, seated, dismissed, note, breakAppt, commlog
    case undo, resendWrite, mark, asap, privacy, newPatient, editContact, book, move, toggleFree, fillHole
    case toggleGrid, cycleProvider, cycleOperatory, cycleClinic, cycleStatus, opsLeft, opsRight
}

/// A key binding: the keys, what they do (`run`), the words for `?`, the hint bar and
/// docs/keys.md, whether it writes to the office (hidden in read-only mode), and why it cannot
/// run right now (`refusal`: said on the status line instead of running).
public struct Binding: Sendable {
    public var keys: [Key]
    public var action: Action
    public var help: String
    /// Shown in the bottom hint bar (the rest only in `?`).
    public var hint: Bool
    /// The hint bar's word when `help` is too long for it.
    public var short: String?
    /// Changes data at the office.
    public var writes: Bool
    /// Why the key does nothing now, or nil when it can run.
    let refusal: (@Sendable (AppState) -> String?)?
    /// What the key does.
    let run: @Sendable (inout AppState) -> [Effect]

    init(_ keys: [Key], _ action: Action, _ help: String, hint: Bool = false, short: String? = nil, writes: Bool = false,
         refusal: (@Sendable (AppState) -> String?)? = nil, _ run: @escaping @Sendable (inout AppState) -> [Effect]) {
        self.keys = keys
        self.action = action
        self.help = help
        self.hint = hint
        self.short = short
        self.writes = writes
        self.refusal = refusal
        self.run = run
    }

    /// Runs the binding, or says why it cannot.
    func perform(_ s: inout AppState) -> [Effect] {
        if let why = refusal?(s) {
            s.message = why
            s.messageIsError = true
            return []
        }
        // The action log records who did it: the first write asks for initials, once.
        if writes, s.askInitials, s.operatorInitials.isEmpty {
            s.prompt = .initials(then: action)
            return []
        }
        return run(&s)
    }

    /// Why it is refused in `s`, if it is (for tests and the help overlay).
    public func refused(in s: AppState) -> String? { refusal?(s) }
    public var canBeRefused: Bool { refusal != nil }
}

/// The key tables by screen, for the hint bar, the `?` overlay, docs/keys.md and the tests.
public enum KeyTables {
    public static var schedule: [Binding] { ScheduleScreen.bindings }
    public static var patients: [Binding] { PatientsScreen.bindings }
    public static var lists: [Binding] { ListsScreen.bindings }
    public static var detail: [Binding] { PatientScreen.bindings }

    /// The table for a screen, minus writes in read-only mode.
    public static func table(for screen: ScreenID, detail: Bool, readOnly: Bool) -> [Binding] {
        let t = detail ? PatientScreen.bindings : screen.screen.bindings
        return readOnly ? t.filter { !$0.writes } : t
    }

    public static func action(for key: Key, in table: [Binding]) -> Action? {
        table.first { $0.keys.contains(key) }?.action
    }
}

extension KeyTables {
    /// docs/keys.md, generated from the same tables as the hint bar and the `?` overlay.
    public static func markdown() -> String {
        var out = "# FrontDesk keys\n\nGenerated from the screens' key tables (`Sources/FrontDeskCore/Screens/`, `Components/AppointmentKeys.swift`, `App/GlobalKeys.swift`) "
            + "(`UPDATE_GOLDEN=1 swift test` rewrites this file). Keys marked *saves* write to the office "
            + "and are hidden by `--read-only`.\n"
        for (title, table) in ScreenID.allCases.map({ ($0.title, $0.screen.bindings) }) + [(PatientScreen.title, detail)] {
            out += "\n## \(title)\n\n| Keys | Does | |\n|---|---|---|\n"
            for b in table {
                let keys = b.keys.map { "`\($0.label)`" }.joined(separator: " ")
                out += "| \(keys) | \(b.help) | \(b.writes ? "saves" : "") |\n"
            }
        }
        return out
    }
}

extension Prompt {
    /// The operator's initials, asked before the first write; then that write's key runs.
    static func initials(then action: Action, text: String = "") -> Prompt {
        Prompt(label: "Your initials, for the action log (1-4 letters)", text: text,
               reply: Reply("initials then \(action)") { .initialsEntered($0, then: action) }, sendsEmpty: true)
    }
}

/// The initials typed: kept for the action log and the write's key run; anything but 1 to 4
/// letters keeps the line open with what was typed.
func enterInitials(_ s: inout AppState, _ text: String, then action: Action) -> [Effect] {
    let letters = text.uppercased()
    guard (1...4).contains(letters.count), letters.allSatisfy({ $0.isASCII && $0.isLetter }) else {
        s.prompt = .initials(then: action, text: text)
        s.message = "Initials are 1 to 4 letters (A-Z)"
        s.messageIsError = true
        return []
    }
    s.operatorInitials = letters
    say(&s, "Writes are recorded as \(letters)")
    return perform(&s, action)
}
