import Foundation
import OpenDentalAPI
import TerminalUI

func handlePromptKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    guard var p = s.prompt else { return [] }
    switch key {
    case .escape:
        s.prompt = nil
        if p.purpose == .filter { s.filter = ""; keepSelection(&s) }
        return []
    case .backspace, .delete:
        if !p.text.isEmpty { p.text.removeLast() }
    case .char(let c):
        if p.text.count < 200 { p.text.append(c) }
    case .ctrl("u"):
        p.text = ""
    case .enter:
        s.prompt = nil
        let text = p.text.trimmingCharacters(in: .whitespaces)
        switch p.purpose {
        case .filter:
            s.filter = text
            keepSelection(&s)
        case .search:
            guard !text.isEmpty else { return [] }
            // Already searched during a typing pause: keep those results.
            if text == s.query, s.resultsLoad != .idle { return [] }
            s.query = text
            s.results = []
            s.patientSelection = nil
            s.patientScroll = 0
            return markLoading(&s, [.searchPatients(query: text, search(for: text, hideInactive: s.hideInactive), offset: 0)])
        case .date:
            guard let d = parseDate(text, today: s.now.date, current: s.day) else {
                s.message = "Not a date: \(text)"
                s.messageIsError = true
                return []
            }
            s.day = d
            s.appointments = []
            s.dayFrom = nil
            s.scheduleSelection = nil
            return markLoading(&s, [.loadDay(d)])
        case .note(let apt):
            guard !text.isEmpty else { return [] }
            return start(&s, .appendNote(aptNum: apt, stamp(text, s)))
        case .commlog(let pat):
            guard !text.isEmpty else { return [] }
            return start(&s, .addCommlog(patNum: pat, stamp(text, s)))
        }
        return []
    default:
        break
    }
    s.prompt = p
    if p.purpose == .search {
        s.typingGeneration += 1
        return [.debounce(generation: s.typingGeneration, seconds: 0.35)]
    }
    if p.purpose == .filter {
        // The filter applies as you type.
        s.filter = p.text
        keepSelection(&s)
    }
    return []
}

/// API writes carry no user name: record who did it (digest §8.2).
func stamp(_ text: String, _ s: AppState) -> String {
    s.operatorInitials.isEmpty ? text : "\(text) (\(s.operatorInitials))"
}
