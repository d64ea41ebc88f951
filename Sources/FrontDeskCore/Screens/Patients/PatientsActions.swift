import Foundation
import OpenDentalAPI
import TerminalUI

/// The patient search screen's keys.
func patientsAction(_ s: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .search:
        s.prompt = Prompt(purpose: .search, label: "Find patient", text: s.query)
    case .toggleInactive:
        s.hideInactive.toggle()
        s.message = s.hideInactive ? "Hiding inactive patients" : "Showing inactive patients"
        s.messageIsError = false
        if !s.query.isEmpty { return [.searchPatients(query: s.query, search(for: s.query, hideInactive: s.hideInactive), offset: 0)] }
    default: break
    }
    return []
}
