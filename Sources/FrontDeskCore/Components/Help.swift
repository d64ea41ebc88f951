import Foundation
import OpenDentalAPI
import TerminalUI

/// The `?` overlay, generated from the same binding table as the hint bar.
public func helpLines(_ s: AppState) -> [(String, Role)] {
    let table = s.keyTable
    var lines: [(String, Role)] = []
    for b in table {
        let keys = b.keys.map(\.label).joined(separator: " ")
        lines.append((TextWidth.pad(keys, to: 14) + b.help + (b.writes ? "  (saves to the office)" : ""), .normal))
    }
    return lines
}

/// The `?` overlay; when the list is taller than the screen, ↑/↓ scroll it.
func drawHelp(_ g: inout Grid, _ s: AppState) {
    let title = "Keys: \(s.active.title)"
    let all = helpLines(s)
    let room = max(1, g.height - 4 - 2)
    let scroll = min(s.helpScroll, max(0, all.count - room))
    var lines = Array(all.dropFirst(scroll).prefix(room))
    let more = scroll + room < all.count
    lines.append(("", .normal))
    lines.append((more || scroll > 0 ? "↑/↓ scroll · any other key closes" + (more ? " · more below" : "") : "Any key closes this help.", .dim))
    // As wide as its widest line, shown or not, so it keeps its width while it scrolls.
    let widest = all.map { TextWidth.width($0.0) }.max() ?? 0
    Widgets.box(&g, title: title, lines: lines, minWidth: max(50, widest + 2))
}

/// While the help is open: ↑/↓ (j/k) and page keys scroll a help list taller than the screen;
/// any other key closes it.
func handleHelpKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    switch key {
    case .down, .char("j"): s.helpScroll += 1
    case .up, .char("k"): s.helpScroll = max(0, s.helpScroll - 1)
    case .pageDown, .char(" "): s.helpScroll += max(1, s.height - 6)
    case .pageUp: s.helpScroll = max(0, s.helpScroll - max(1, s.height - 6))
    default:
        s.help = false
        s.helpScroll = 0
    }
    return []
}
