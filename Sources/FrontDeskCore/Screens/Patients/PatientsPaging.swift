import Foundation
import OpenDentalAPI
import TerminalUI

/// Patients scrolled near the end of what is loaded: fetch the next page.
public func wantsMoreResults(_ s: AppState) -> Effect? {
    guard s.screen == .patients, s.resultsMore, s.resultsLoad != .loading,
          let sel = s.patientSelection, let i = s.results.firstIndex(where: { $0.patNum == sel }),
          i >= s.results.count - 10 else { return nil }
    return .searchPatients(query: s.query, search(for: s.query, hideInactive: s.hideInactive), offset: s.results.count)
}
