import Foundation
import OpenDentalAPI
import TerminalUI

// MARK: selection

func selectedAppointment(_ s: AppState) -> Appointment? { s.active.selectedAppointment(s) }

func selectedPatNum(_ s: AppState) -> Int? { s.active.selectedPatNum(s) }

/// nil -> first -> ... -> last -> nil.
func cycle<T: Equatable>(_ values: [T], _ current: T?) -> T? {
    guard !values.isEmpty else { return nil }
    guard let c = current, let i = values.firstIndex(of: c) else { return values[0] }
    return i + 1 < values.count ? values[i + 1] : nil
}

/// Selection is kept by record id across refreshes; if the row is gone, the nearest survives.
/// Every screen with rows keeps its own, so a refresh of one does not move another's.
func keepSelection(_ s: inout AppState, on screen: (any Screen.Type)? = nil) {
    let screen = screen ?? s.screen.screen
    guard let cursor = screen.cursor else { return }
    let ids = screen.ids(s)
    s[keyPath: cursor].keep(in: ids, fallback: screen.defaultSelection(s, ids), visible: s.contentRows)
}

func clampScroll(_ s: inout AppState) {
    let screen = s.screen.screen
    guard let cursor = screen.cursor else { return }
    s[keyPath: cursor].clamp(to: screen.ids(s), visible: s.contentRows)
}
