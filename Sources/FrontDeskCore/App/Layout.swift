import Foundation
import TerminalUI

/// Where things are on the screen. Render and mouse handling both ask here, so a click lands on
/// the row that was drawn there.
public enum Layout {
    /// Row 0: tabs. Row 1: the screen's title. Row 2: the table header.
    public static let tabRow = 0
    public static let titleRow = Area.top + Area.title
    public static let headerRow = Area.top + Area.header
    /// The first row of content.
    public static let firstRow = Area.top + Area.first
    /// The status line and the hint bar under the content.
    public static let rowsBelow = 2

    /// Rows of content a screen of `height` has room for.
    public static func contentRows(height: Int) -> Int { max(1, height - firstRow - rowsBelow) }

    /// The content row (0-based) at screen row `y`, if `y` is in the content area.
    public static func contentRow(at y: Int, height: Int) -> Int? {
        y >= firstRow && y < firstRow + contentRows(height: height) ? y - firstRow : nil
    }

    /// A tab as drawn: " 1 Schedule ".
    public static func tabLabel(_ screen: ScreenID) -> String { " \(screen.rawValue + 1) \(screen.title) " }

    /// The tab under column `x` of the tab row.
    public static func tab(at x: Int) -> ScreenID? {
        var start = 0
        for screen in ScreenID.allCases {
            let w = TextWidth.width(tabLabel(screen))
            if x >= start && x < start + w { return screen }
            start += w
        }
        return nil
    }
}

/// A screen's view draws into an area of its own (the rows between the tabs and the status
/// line), from its row 0, with nothing of the chrome's positions: its title, its header, its
/// rows. `render` places it on the screen; a test draws a view into a small grid of its own.
public enum Area {
    /// The screen row of the area's row 0.
    public static let top = 1
    public static let title = 0
    public static let header = 1
    /// The first row of content.
    public static let first = 2

    /// The area of a screen `height` rows tall.
    public static func height(screen height: Int) -> Int { max(first + 1, height - top - Layout.rowsBelow) }
}
