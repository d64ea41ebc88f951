import Foundation
import OpenDentalAPI
import TerminalUI

/// Starts a write: the row shows "saving…" until the answer comes back. Refused while the office
/// is unreachable and the screen shows the cache (the user is told why, nothing is queued).
func start(_ s: inout AppState, _ effect: Effect) -> [Effect] {
    if let why = s.writeRefusal {
        if let apt = WriteCheck.aptNum(effect), s.undo?.aptNum == apt { s.undo = nil }
        s.message = why
        s.messageIsError = true
        return []
    }
    switch effect {
    case .confirm(let apt, _), .setTime(let apt, _, _), .appendNote(let apt, _), .breakAppointment(let apt, _, _), .checkIn(let apt, _, _, _),
         .setPriority(let apt, _):
        s.saving[apt] = "saving…"
    default: break
    }
    s.message = "Saving…"
    s.messageIsError = false
    return [effect]
}

func markLoading(_ s: inout AppState, _ effects: [Effect]) -> [Effect] {
    for e in effects {
        switch e {
        case .loadDay: s.schedule.load = .loading
        case .searchPatients: s.patients.load = .loading
        case .loadList: s.lists.load = .loading
        case .loadDetail: s.patient.load = .loading
        default: break
        }
    }
    return effects
}
