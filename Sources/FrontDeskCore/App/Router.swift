import Foundation
import OpenDentalAPI
import TerminalUI

extension ScreenID {
    /// The screen behind a tab.
    var screen: any Screen.Type {
        switch self {
        case .schedule: return ScheduleScreen.self
        case .patients: return PatientsScreen.self
        case .lists: return ListsScreen.self
        }
    }
}

extension AppState {
    /// The screen that has the keys: the patient screen while it is open, else the tab's.
    var active: any Screen.Type { patient.patNum != nil ? PatientScreen.self : screen.screen }

    /// The active screen's keys, without the writing ones in read-only mode.
    var keyTable: [Binding] { readOnly ? active.bindings.filter { !$0.writes } : active.bindings }

    /// Every screen, for what concerns them all (a failure, a selection kept across a refresh).
    static let screens: [any Screen.Type] = [ScheduleScreen.self, PatientsScreen.self, ListsScreen.self, PatientScreen.self]
}

/// Keys go to what is on top: a too-small screen, a dialog, the typing line, the help overlay;
/// then Esc; then the active screen's bindings.
func handleKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    // Too small: only quit works.
    if s.tooSmall {
        if key == .char("q") || key == .ctrl("c") { s.quitting = true; return [.quit] }
        return []
    }
    if s.dialog != nil { return handleDialogKey(&s, key) }
    if s.picker != nil { return handlePickerKey(&s, key) }
    if s.form != nil { return handleFormKey(&s, key) }
    if s.prompt != nil { return handlePromptKey(&s, key) }
    if s.booking != nil, !s.help { return BookingFlow.key(&s, key) }
    if s.fill != nil, !s.help { return FillFlow.key(&s, key) }
    if s.help { return handleHelpKey(&s, key) }
    if key == .escape {
        if s.bulk != nil { Bulk.stop(&s); return [] }
        if !s.filter.isEmpty { s.filter = ""; keepSelection(&s); return [] }
        if !s.marks.isEmpty, s.patient.patNum == nil { s.clearMarks(); say(&s, "Marks cleared"); return [] }
        if s.patient.patNum != nil {
            s.patient = PatientState()
            return []
        }
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
    guard !s.tooSmall, s.prompt == nil, s.dialog == nil, s.picker == nil, s.form == nil, s.booking == nil, s.fill == nil else { return [] }
    if s.help { s.help = false; return [] }
    if y == Layout.tabRow {
        guard let screen = Layout.tab(at: x) else { return [] }
        return perform(&s, [.screenSchedule, .screenPatients, .screenLists][screen.rawValue])
    }
    guard let row = Layout.contentRow(at: y, height: s.height), s.active.click(&s, row: row) else { return [] }
    return double ? perform(&s, .open) : []
}
