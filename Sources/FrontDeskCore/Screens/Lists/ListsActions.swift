import Foundation
import OpenDentalAPI
import TerminalUI

/// The lists screen's keys: which list, one status at a time.
func listsAction(_ s: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .prevList, .nextList:
        let n = ListKind.allCases.count
        s.listKind = ListKind(rawValue: (s.listKind.rawValue + (action == .nextList ? 1 : n - 1)) % n)!
        s.listRows = []
        s.shownListFrom = nil
        s.listSelection = nil
        s.listScroll = 0
        return markLoading(&s, [.loadList(s.listKind, today: s.now.date)])
    case .cycleStatus:
        let words = Array(Set(s.listRows.map(\.status).filter { !$0.isEmpty })).sorted()
        s.statusFilter = cycle(words, s.statusFilter)
        s.message = s.statusFilter.map { "Only: \($0)" } ?? "All statuses"
        s.messageIsError = false
        keepSelection(&s)
    default: break
    }
    return []
}
