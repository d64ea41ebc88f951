import Foundation
import OpenDentalAPI
import TerminalUI

/// Pure: the whole screen for a state. Every piece of server text passes through `SafeText.clean`.
public func render(_ s: AppState) -> Grid {
    if s.tooSmall {
        return Widgets.tooSmall(width: s.width, height: s.height, needWidth: AppState.minWidth, needHeight: AppState.minHeight)
    }
    if s.locked { return Privacy.drawLock(s) }
    var g = Grid(width: s.width, height: s.height)
    drawTabs(&g, s)
    var area = Grid(width: s.width, height: Area.height(screen: s.height))
    s.active.draw(&area, s)
    g.place(area, x: 0, y: Area.top)
    drawStatus(&g, s)
    drawHints(&g, s)
    for o in s.overlays { o.draw(&g, s) }
    return g
}
