import Foundation
import OpenDentalAPI
import TerminalUI

/// The registry: each tab's screen. The only place that asks which tab is which; its title, its
/// digit (its place, from 1), its key table and its place in `docs/keys.md` follow from it.
extension ScreenID {
    /// The screen behind a tab.
    var screen: any Screen.Type {
        switch self {
        case .schedule: return ScheduleScreen.self
        case .patients: return PatientsScreen.self
        case .lists: return ListsScreen.self
        case .huddle: return HuddleScreen.self
        case .offices: return OfficesScreen.self
        }
    }

    /// The tab's title: its screen's.
    public var title: String { screen.title }
}

extension AppState {
    /// The screen that has the keys: the patient screen while it is open, else the tab's.
    var active: any Screen.Type { patient.patNum != nil ? PatientScreen.self : screen.screen }

    /// The active screen's keys, without the writing ones in read-only mode.
    var keyTable: [Binding] { readOnly ? active.bindings.filter { !$0.writes } : active.bindings }

    /// Every screen, for what concerns them all (a failure, a selection kept across a refresh).
    static let screens: [any Screen.Type] = ScreenID.allCases.map(\.screen) + [PatientScreen.self]
}

/// Keys go to what is on top: a too-small screen, then the top overlay (a dialog, the typing line,
/// the finder, help...); then Esc; then the active screen's bindings.
func handleKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    // Too small: only quit works.
    if s.tooSmall {
        if key == .char("q") || key == .ctrl("c") { s.quitting = true; return [.quit] }
        return []
    }
    if let top = s.topOverlay { return top.key(&s, key) }
    if key == .escape {
        if s.bulk != nil { Bulk.stop(&s); return [] }
        if !s.filter.isEmpty { s.filter = ""; keepSelection(&s); return [] }
        if !s.marks.isEmpty, s.patient.patNum == nil { s.clearMarks(); say(&s, "Marks cleared"); return [] }
        if s.patient.patNum != nil { return PatientScreen.send(&s, .close) }
        // A screen that binds Esc for itself (the huddle's rows: back to its figures).
        if let back = s.keyTable.first(where: { $0.keys.contains(.escape) }), s.active.escapes(s) { return back.perform(&s) }
        s.message = nil
        return []
    }
    guard let binding = s.keyTable.first(where: { $0.keys.contains(key) }) else { return s.active.unbound(&s, key) }
    return binding.perform(&s)
}

/// Runs the active screen's binding for `action` as if its key was pressed.
func perform(_ s: inout AppState, _ action: Action) -> [Effect] {
    s.keyTable.first { $0.action == action }?.perform(&s) ?? []
}

func handleClick(_ s: inout AppState, x: Int, y: Int, double: Bool) -> [Effect] {
    guard !s.tooSmall else { return [] }
    // A click closes help; any other overlay keeps it from reaching the screen below.
    if s.topOverlay?.kind == .help { s.help = false; return [] }
    guard s.overlays.isEmpty else { return [] }
    if y == Layout.tabRow {
        guard let screen = Layout.tab(at: x) else { return [] }
        return GlobalKeys.show(&s, screen)
    }
    guard let row = Layout.contentRow(at: y, height: s.height), s.active.click(&s, row: row) else { return [] }
    return double ? perform(&s, .open) : []
}
