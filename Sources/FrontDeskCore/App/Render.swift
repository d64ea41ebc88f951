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
    s.active.draw(&g, s)
    drawStatus(&g, s)
    drawHints(&g, s)
    if let f = s.fill { FillFlow.draw(&g, s, f) }
    if let b = s.booking { BookingFlow.draw(&g, s, b) }
    if let d = s.dialog {
        Widgets.box(&g, title: d.title, lines: d.lines.map { (SafeText.clean($0), .normal) }, minWidth: 40)
    }
    if let f = s.form { drawForm(&g, s, f) }
    if let p = s.picker { drawPicker(&g, s, p) }
    if s.help { drawHelp(&g, s) }
    return g
}
