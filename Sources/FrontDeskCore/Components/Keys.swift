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
    case nextScreen, prevScreen, screenSchedule, screenPatients, screenLists
    case prevList, nextList, toggleInactive
    case confirm, leftMessage, arrived, seated, dismissed, note, breakAppt, commlog
    case undo, resendWrite
    case toggleGrid, cycleProvider, cycleOperatory, cycleClinic, cycleStatus, opsLeft, opsRight
}

public struct Binding: Sendable {
    public var keys: [Key]
    public var action: Action
    public var help: String
    /// Shown in the bottom hint bar (the rest only in `?`).
    public var hint: Bool
    /// Changes data at the office.
    public var writes: Bool

    public init(_ keys: [Key], _ action: Action, _ help: String, hint: Bool = false, writes: Bool = false) {
        self.keys = keys
        self.action = action
        self.help = help
        self.hint = hint
        self.writes = writes
    }
}

public enum KeyTables {
    static let movement: [Binding] = [
        Binding([.up, .char("k")], .up, "previous row"),
        Binding([.down, .char("j")], .down, "next row"),
        Binding([.pageUp, .ctrl("b")], .pageUp, "page up"),
        Binding([.pageDown, .ctrl("f"), .char(" ")], .pageDown, "page down"),
        Binding([.home, .char("g")], .top, "first row"),
        Binding([.end, .char("G")], .bottom, "last row"),
    ]

    static let global: [Binding] = [
        Binding([.char("?")], .help, "help", hint: true),
        Binding([.char("q")], .quit, "quit", hint: true),
        Binding([.tab], .nextScreen, "next screen"),
        Binding([.backTab], .prevScreen, "previous screen"),
        Binding([.char("1")], .screenSchedule, "schedule"),
        Binding([.char("2")], .screenPatients, "patients"),
        Binding([.char("3")], .screenLists, "lists"),
        Binding([.char("r")], .refresh, "refresh now"),
        Binding([.ctrl("l")], .repaint, "repaint the screen"),
        Binding([.char("T")], .cycleTheme, "next colour theme"),
        Binding([.char("R")], .resendWrite, "send again (or check again) a change that did not save", writes: true),
    ]

    public static let schedule: [Binding] = [
        Binding([.left, .char("h")], .prevDay, "previous day", hint: true),
        Binding([.right, .char("l")], .nextDay, "next day", hint: true),
        Binding([.char("t")], .today, "today"),
        Binding([.char("d")], .gotoDate, "go to a date"),
        Binding([.enter], .open, "patient", hint: true),
        Binding([.char("c")], .confirm, "confirm", hint: true, writes: true),
        Binding([.char("L")], .leftMessage, "left message", writes: true),
        Binding([.char("a")], .arrived, "arrived", hint: true, writes: true),
        Binding([.char("s")], .seated, "seated", writes: true),
        Binding([.char("x")], .dismissed, "dismissed", writes: true),
        Binding([.char("n")], .note, "add to the appointment note", writes: true),
        Binding([.char("b")], .breakAppt, "break (missed/cancelled)", writes: true),
        Binding([.char("u")], .undo, "undo the last confirmation change", writes: true),
        Binding([.char("/")], .filter, "filter these rows", hint: true),
        Binding([.char("v")], .toggleGrid, "list / grid (operatories as columns)"),
        Binding([.char("p")], .cycleProvider, "show one provider (cycles, then all)"),
        Binding([.char("o")], .cycleOperatory, "show one operatory (cycles, then all)"),
        Binding([.char("C")], .cycleClinic, "show one clinic (cycles, then all)"),
        Binding([.char("["), .char("<")], .opsLeft, "grid: operatories to the left"),
        Binding([.char("]"), .char(">")], .opsRight, "grid: operatories to the right"),
    ] + movement + global

    public static let patients: [Binding] = [
        Binding([.char("/"), .char("s")], .search, "search name/phone/birthdate/chart#", hint: true),
        Binding([.enter], .open, "open", hint: true),
        Binding([.char("i")], .toggleInactive, "show/hide inactive"),
    ] + movement + global

    public static let lists: [Binding] = [
        Binding([.char("["), .char("<")], .prevList, "previous list", hint: true),
        Binding([.char("]"), .char(">")], .nextList, "next list", hint: true),
        Binding([.enter], .open, "patient", hint: true),
        Binding([.char("c")], .confirm, "confirm", hint: true, writes: true),
        Binding([.char("L")], .leftMessage, "left message", writes: true),
        Binding([.char("a")], .arrived, "arrived", writes: true),
        Binding([.char("s")], .seated, "seated", writes: true),
        Binding([.char("u")], .undo, "undo the last confirmation change", writes: true),
        Binding([.char("/")], .filter, "filter these rows"),
        Binding([.char("f")], .cycleStatus, "only one status (cycles, then all)"),
    ] + movement + global

    public static let detail: [Binding] = [
        Binding([.escape], .back, "back", hint: true),
        Binding([.char("m")], .commlog, "note a call (commlog)", hint: true, writes: true),
    ] + movement + global

    /// The table for a screen, minus writes in read-only mode.
    public static func table(for screen: ScreenID, detail: Bool, readOnly: Bool) -> [Binding] {
        let t: [Binding]
        if detail { t = Self.detail } else {
            switch screen {
            case .schedule: t = schedule
            case .patients: t = patients
            case .lists: t = lists
            }
        }
        return readOnly ? t.filter { !$0.writes } : t
    }

    public static func action(for key: Key, in table: [Binding]) -> Action? {
        table.first { $0.keys.contains(key) }?.action
    }
}

extension KeyTables {
    /// docs/keys.md, generated from the same tables as the hint bar and the `?` overlay.
    public static func markdown() -> String {
        var out = "# FrontDesk keys\n\nGenerated from the key tables in `Sources/FrontDeskCore/Keys.swift` "
            + "(`UPDATE_GOLDEN=1 swift test` rewrites this file). Keys marked *saves* write to the office "
            + "and are hidden by `--read-only`.\n"
        for (title, table) in [("Schedule", schedule), ("Patients", patients), ("Lists", lists), ("Patient", detail)] {
            out += "\n## \(title)\n\n| Keys | Does | |\n|---|---|---|\n"
            for b in table {
                let keys = b.keys.map { "`\($0.label)`" }.joined(separator: " ")
                out += "| \(keys) | \(b.help) | \(b.writes ? "saves" : "") |\n"
            }
        }
        return out
    }
}
