import Testing
import TerminalUI

/// The grid, display widths and widgets on their own, drawn into small grids and compared with
/// literal rows.
@Suite struct WidthAndGridTests {
    @Test func widthsFromTheTable() {
        #expect(TextWidth.width("山田 太郎") == 9)
        #expect(TextWidth.width("Nguye\u{0302}\u{0303}n") == 6)
        #expect(TextWidth.width("José") == 4)
        #expect(TextWidth.truncate("山田太郎", to: 5) == "山田…")
        #expect(TextWidth.pad("山田", to: 6) == "山田  ")
    }

    @Test func wrappingBreaksAtSpacesByDisplayWidth() {
        #expect(TextWidth.wrap("Not authorised (401): check the keys", to: 16) == ["Not authorised", "(401): check the", "keys"])
        // Display columns, not characters: CJK takes two each.
        #expect(TextWidth.wrap("山田 太郎 様", to: 5) == ["山田", "太郎", "様"])
        // A word longer than a line is cut where the line ends; past the lines allowed, "…".
        #expect(TextWidth.wrap("abcdefghij kl", to: 4) == ["abcd", "efgh", "ij", "kl"])
        #expect(TextWidth.wrap("one two three four", to: 8, lines: 2) == ["one two", "three f…"])
        #expect(TextWidth.wrap("", to: 8).isEmpty && TextWidth.wrap("x", to: 0).isEmpty)
    }

    @Test func anAreaIsPlacedWithItsRolesAndClipped() {
        var area = Grid(width: 6, height: 2)
        area.put(0, 0, "山田x", .title)
        area.put(0, 1, "abcdef", .error)
        var g = Grid(width: 8, height: 3)
        g.place(area, x: 3, y: 1)
        #expect(g.lines == ["        ", "   山田x", "   abcde"])
        #expect(g[3, 1].role == .title && g[4, 1].text.isEmpty && g[7, 2].role == .error && g[2, 2].role == .normal)
    }

    @Test func wideCharactersNeverSplit() {
        var g = Grid(width: 5, height: 1)
        g.put(0, 0, "山田太郎")
        #expect(g.lines[0] == "山田 ")
        g.put(1, 0, "x")
        #expect(g.lines[0] == " x田 ")
    }}

@Suite struct WidgetTests {
    @Test func aTableDrawsItsHeaderRowsAndMarksTheSelectionWithoutColour() {
        var g = Grid(width: 24, height: 4)
        Widgets.table(&g, x: 0, y: 0, width: 24, height: 4, columns: [Column("Time", 5), Column("Name", 0)],
                      rows: [TableRow(["08:00", "Okafor, Grace"]), TableRow(["08:30", "山田, 太郎"]), TableRow(["09:00", "Lee"])],
                      selected: 1, scroll: 0)
        #expect(g.lines == [
            "  Time  Name            ",
            "  08:00 Okafor, Grace   ",
            "▶ 08:30 山田, 太郎      ",
            "  09:00 Lee             ",
        ])
        #expect(g[0, 2].role == .selected && g[0, 1].role != .selected)
        var ascii = Grid(width: 24, height: 2)
        Widgets.table(&ascii, x: 0, y: 0, width: 24, height: 2, columns: [Column("Time", 5)], rows: [TableRow(["08:00"])],
                      selected: 0, scroll: 0, ascii: true)
        #expect(ascii.lines[1].hasPrefix("> 08:00"))
    }

    @Test func scrollingKeepsTheSelectionInView() {
        #expect(Widgets.scroll(selected: 0, current: 0, visible: 5, count: 20) == 0)
        #expect(Widgets.scroll(selected: 7, current: 0, visible: 5, count: 20) == 3)
        #expect(Widgets.scroll(selected: 2, current: 3, visible: 5, count: 20) == 2)
        #expect(Widgets.scroll(selected: 19, current: 0, visible: 5, count: 20) == 15)
    }

    @Test func hintsShowKeysAndWordsInTheirRoles() {
        var g = Grid(width: 30, height: 1)
        Widgets.hints(&g, y: 0, [("?", "help"), ("q", "quit")])
        #expect(g.lines[0].hasPrefix("? help  q quit"))
    }
}
