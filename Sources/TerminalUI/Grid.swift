import Foundation

/// What a cell means, not how it looks: themes map roles to colours and attributes, with a
/// monochrome fallback for each, so a status is never carried by colour alone.
public enum Role: String, CaseIterable, Sendable {
    case normal = "text"
    case dim = "text.dim"
    case title = "title"
    case header = "table.header"
    case selected = "list.selected"
    case tabActive = "tab.active"
    case tabInactive = "tab.inactive"
    case status = "status"
    case statusOnline = "status.online"
    case statusOffline = "status.offline"
    case statusBusy = "status.busy"
    case hint = "hint"
    case hintKey = "hint.key"
    case demo = "demo"
    case error = "error"
    case warning = "warning"
    case dialog = "dialog"
    case input = "input"
    case marker = "marker"
    case apptConfirmed = "appt.confirmed"
    case apptUnconfirmed = "appt.unconfirmed"
    case apptLeftMessage = "appt.leftmsg"
    case apptArrived = "appt.arrived"
    case apptSeated = "appt.seated"
    case apptComplete = "appt.complete"
    case apptBroken = "appt.broken"
    case apptLate = "appt.late"
}

public struct Cell: Equatable, Sendable {
    /// One grapheme; "" marks the right half of a wide character.
    public var text: String
    public var role: Role
    public init(_ text: String = " ", _ role: Role = .normal) {
        self.text = text
        self.role = role
    }
}

/// The in-memory screen every frame is rendered into; the curses backend paints it, tests compare
/// it as text.
public struct Grid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` at (x, y), clipped to `maxWidth` columns and the grid edge. Returns the
    /// columns used. Everything drawn passes `SafeText.clean` here, the one place nothing can
    /// bypass: no escape sequence, control or invisible format character reaches a cell.
    @discardableResult
    public mutating func put(_ x: Int, _ y: Int, _ text: String, _ role: Role = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? width, width - max(0, x))
        var col = x
        for ch in SafeText.clean(text) {
            let w = TextWidth.width(ch)
            if w == 0 { continue }
            if col - x + w > limit { break }
            if col >= 0 {
                // Overwriting half of a wide character leaves no orphan half behind.
                if self[col, y].text.isEmpty, col > 0 { self[col - 1, y] = Cell(" ", self[col - 1, y].role) }
                self[col, y] = Cell(String(ch), role)
                if w == 2 {
                    if col + 1 < width { self[col + 1, y] = Cell("", role) }
                }
            }
            col += w
        }
        return col - x
    }

    /// Copies `other` with its top-left corner at (x, y), clipped to this grid: a view drawn into
    /// an area of its own takes its place on the screen.
    public mutating func place(_ other: Grid, x: Int, y: Int) {
        for oy in 0..<other.height where y + oy >= 0 && y + oy < height {
            for ox in 0..<other.width where x + ox >= 0 && x + ox < width { self[x + ox, y + oy] = other[ox, oy] }
        }
    }

    /// Fills a rectangle with spaces in `role`.
    public mutating func fill(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ role: Role) {
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) { self[xx, yy] = Cell(" ", role) }
        }
    }

    /// One string per row, for goldens and for the pseudo-terminal benchmark.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width { s += self[x, y].text }
            return s
        }
    }

    public var text: String { lines.joined(separator: "\n") }
}
