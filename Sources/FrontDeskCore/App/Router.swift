import Foundation
import OpenDentalAPI
import TerminalUI

func handleKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    // Too small: only quit works.
    if s.tooSmall {
        if key == .char("q") || key == .ctrl("c") { s.quitting = true; return [.quit] }
        return []
    }
    if let dialog = s.dialog {
        if key == .escape || key == .char("n") && dialog.choices["n"] == nil { s.dialog = nil; return [] }
        if case .char(let c) = key, let effect = dialog.choices[c] {
            s.dialog = nil
            return start(&s, effect)
        }
        return []
    }
    if s.prompt != nil { return handlePromptKey(&s, key) }
    if s.help {
        // ↑/↓ (j/k) and page keys scroll a help list taller than the screen; any other key closes it.
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
    if key == .escape {
        if !s.filter.isEmpty { s.filter = ""; keepSelection(&s); return [] }
        if s.detailPatNum != nil {
            s.detailPatNum = nil
            s.detail = nil
            return []
        }
        s.message = nil
        return []
    }
    let table = KeyTables.table(for: s.screen, detail: s.detailPatNum != nil, readOnly: s.readOnly)
    guard let action = KeyTables.action(for: key, in: table) else {
        if s.screen == .patients, s.detailPatNum == nil, case .char(let c) = key, c.isLetter || c.isNumber {
            // Typing on the patient screen starts a search with that letter.
            s.prompt = Prompt(purpose: .search, label: "Find patient", text: String(c))
        }
        return []
    }
    return perform(&s, action)
}

func handleClick(_ s: inout AppState, x: Int, y: Int, double: Bool) -> [Effect] {
    guard !s.tooSmall, s.prompt == nil, s.dialog == nil else { return [] }
    if s.help { s.help = false; return [] }
    if y == Layout.tabRow {
        guard let screen = Layout.tab(at: x) else { return [] }
        return perform(&s, [.screenSchedule, .screenPatients, .screenLists][screen.rawValue])
    }
    guard s.detailPatNum == nil, !(s.screen == .schedule && s.gridView), let row = Layout.contentRow(at: y, height: s.height) else { return [] }
    let index: Int
    switch s.screen {
    case .schedule:
        index = s.scheduleScroll + row
        let ids = s.visibleAppointments.map(\.aptNum)
        guard index < ids.count else { return [] }
        s.scheduleSelection = ids[index]
    case .patients:
        index = s.patientScroll + row
        guard index < s.results.count else { return [] }
        s.patientSelection = s.results[index].patNum
    case .lists:
        index = s.listScroll + row
        let rows = s.visibleListRows
        guard index < rows.count else { return [] }
        s.listSelection = rows[index].id
    }
    return double ? perform(&s, .open) : []
}
