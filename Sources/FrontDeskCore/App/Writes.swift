import Foundation
import OpenDentalAPI
import TerminalUI

/// Starts a write: the row shows "saving…" until the answer comes back. Refused while the office
/// is unreachable and the screen shows the cache (the user is told why, nothing is queued).
func start(_ s: inout AppState, _ effect: Effect, check: Bool = true) -> [Effect] {
    if let why = s.writeRefusal {
        if let apt = WriteCheck.aptNum(effect), s.undo?.aptNum == apt { s.undo = nil }
        s.message = why
        s.messageIsError = true
        return []
    }
    if let apt = WriteCheck.aptNum(effect) { s.saving[apt] = "saving…" }
    FillFlow.breakStarted(&s, effect)
    s.message = "Saving…"
    s.messageIsError = false
    return [check ? checked(s, effect) : effect]
}

func markLoading(_ s: inout AppState, _ effects: [Effect]) -> [Effect] {
    for e in effects {
        for screen in AppState.screens where screen.loads(e) { screen.startLoading(&s) }
    }
    return effects
}

/// A write on rows that may be stale goes with the row as shown, so the runtime can compare it
/// with the office's copy first.
func checked(_ s: AppState, _ effect: Effect) -> Effect {
    guard s.rowsNeedCheck, let apt = WriteCheck.aptNum(effect), let shown = s.appointment(apt) else { return effect }
    return .checked(effect, shown: shown)
}
