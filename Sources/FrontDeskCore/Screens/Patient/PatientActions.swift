import Foundation
import OpenDentalAPI
import TerminalUI

/// The patient screen's keys.
func patientAction(_ s: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .commlog:
        guard let p = s.detailPatNum else { return [] }
        if let why = s.writeRefusal {
            s.message = why
            s.messageIsError = true
            return []
        }
        s.prompt = Prompt(purpose: .commlog(patNum: p), label: "Note a call with \(s.name(p))", text: "")
    default: break
    }
    return []
}
