import Foundation

/// A column of a table: title, width (0 = take what is left), alignment.
public struct Column: Sendable {
    public var title: String
    public var width: Int
    public var alignRight: Bool
    public init(_ title: String, _ width: Int, alignRight: Bool = false) {
        self.title = title
        self.width = width
        self.alignRight = alignRight
    }
}

/// One table row: cell texts (already safe) and a role per cell.
public struct TableRow: Sendable {
    public var cells: [String]
    public var roles: [Role]
    /// Marked by the user (Space): a "*" beside the selection marker, not colour alone.
    public var marked: Bool
    public init(_ cells: [String], roles: [Role] = [], marked: Bool = false) {
        self.cells = cells
        self.roles = roles
        self.marked = marked
    }
}

public enum Widgets {
    /// Draws a table with a header line; the selected row is shown in `.selected` and also marked
    /// with "▶" (or ">" in ASCII mode), so selection never depends on colour.
    ///
    /// `highlightColumns` limits the highlight to the first columns (the ones that name the row);
    /// the rest keep their own roles, which also keeps a one-row move cheap on a slow link.
    public static func table(_ g: inout Grid, x: Int, y: Int, width: Int, height: Int, columns: [Column],
                             rows: [TableRow], selected: Int?, scroll: Int, ascii: Bool = false, highlightColumns: Int? = nil) {
        guard height > 0 else { return }
        let fixed = columns.reduce(0) { $0 + ($1.width > 0 ? $1.width + 1 : 0) } + 2
        let flexible = max(4, width - fixed)
        let widths = columns.map { $0.width > 0 ? $0.width : flexible }
        g.fill(x, y, width, 1, .header)
        var cx = x + 2
        for (i, c) in columns.enumerated() {
            g.put(cx, y, TextWidth.pad(c.title, to: widths[i], alignRight: c.alignRight), .header, maxWidth: max(0, x + width - cx))
            cx += widths[i] + 1
        }
        for line in 0..<(height - 1) {
            let index = scroll + line
            guard index < rows.count else { break }
            let row = rows[index]
            let yy = y + 1 + line
            let isSel = index == selected
            let span = min(columns.count, highlightColumns ?? columns.count)
            if isSel {
                let w = span == columns.count ? width : 2 + widths.prefix(span).reduce(0) { $0 + $1 + 1 } - 1
                g.fill(x, yy, min(width, w), 1, .selected)
                g.put(x, yy, ascii ? ">" : "▶", .selected)
            }
            if row.marked { g.put(x + 1, yy, "*", isSel ? .selected : .marker) }
            cx = x + 2
            for (i, _) in columns.enumerated() where i < row.cells.count {
                let role = isSel && i < span ? Role.selected : (i < row.roles.count ? row.roles[i] : .normal)
                g.put(cx, yy, TextWidth.pad(row.cells[i], to: widths[i], alignRight: columns[i].alignRight), role,
                      maxWidth: max(0, x + width - cx))
                cx += widths[i] + 1
            }
        }
    }

    /// Keeps `selected` visible in a window of `visible` rows.
    public static func scroll(selected: Int, current: Int, visible: Int, count: Int) -> Int {
        guard visible > 0, count > visible else { return 0 }
        var s = current
        if selected < s { s = selected }
        if selected >= s + visible { s = selected - visible + 1 }
        return max(0, min(s, count - visible))
    }

    /// The bottom hint bar: "key action" pairs, as many as fit.
    public static func hints(_ g: inout Grid, y: Int, _ pairs: [(String, String)]) {
        g.fill(0, y, g.width, 1, .hint)
        var x = 0
        for (key, action) in pairs {
            let need = TextWidth.width(key) + 1 + TextWidth.width(action) + 2
            if x + need > g.width { break }
            x += g.put(x, y, key, .hintKey)
            x += g.put(x, y, " " + action + "  ", .hint)
        }
    }

    /// A centered box with a title and lines (help overlay, dialogs).
    public static func box(_ g: inout Grid, title: String, lines: [(String, Role)], minWidth: Int = 30) {
        let inner = min(g.width - 4, max(minWidth, max(TextWidth.width(title) + 4, (lines.map { TextWidth.width($0.0) }.max() ?? 0) + 2)))
        let h = min(g.height - 2, lines.count + 2)
        let x = max(0, (g.width - inner - 2) / 2), y = max(0, (g.height - h) / 2)
        g.fill(x, y, inner + 2, h, .dialog)
        g.put(x, y, "┌" + String(repeating: "─", count: inner) + "┐", .dialog)
        g.put(x + 2, y, " " + title + " ", .dialog, maxWidth: inner - 2)
        for i in 0..<(h - 2) {
            g.put(x, y + 1 + i, "│", .dialog)
            let (text, role) = lines[i]
            g.put(x + 2, y + 1 + i, text, role == .normal ? .dialog : role, maxWidth: inner - 2)
            g.put(x + inner + 1, y + 1 + i, "│", .dialog)
        }
        g.put(x, y + h - 1, "└" + String(repeating: "─", count: inner) + "┘", .dialog)
    }

    /// Shown below the minimum size; `q` still quits.
    public static func tooSmall(width: Int, height: Int, needWidth: Int, needHeight: Int) -> Grid {
        var g = Grid(width: width, height: height)
        let lines = ["Terminal too small", "(\(width)x\(height), need \(needWidth)x\(needHeight))", "Enlarge the window, or press q to quit."]
        for (i, l) in lines.enumerated() {
            let y = height / 2 - 1 + i
            let t = TextWidth.truncate(l, to: width)
            g.put(max(0, (width - TextWidth.width(t)) / 2), y, t, i == 0 ? .warning : .normal)
        }
        return g
    }
}
