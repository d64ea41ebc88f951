import Foundation
import OpenDentalAPI
import TerminalUI

/// A line of text the user is typing: a search, a note, a date.
public struct Prompt: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case search, filter, date
        case note(aptNum: Int)
        case commlog(patNum: Int)
        /// The operator's initials, asked before the first write; then that write's key runs.
        case initials(then: Action)
        /// A note of the call just made, for each of these patients (a suffix each: their time).
        case callNote(patNums: [Int], suffixes: [Int: String])
    }
    public var purpose: Purpose
    public var label: String
    public var text: String
}

func handlePromptKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    guard var p = s.prompt else { return [] }
    switch key {
    case .escape:
        s.prompt = nil
        if p.purpose == .filter { s.filter = ""; keepSelection(&s) }
        return []
    case .up where p.purpose == .search, .down where p.purpose == .search,
         .pageUp where p.purpose == .search, .pageDown where p.purpose == .search:
        // The results move under the search field: Enter then opens the one chosen.
        let page = s.contentRows
        PatientsScreen.move(&s, by: key == .up ? -1 : key == .down ? 1 : key == .pageUp ? -page : page)
        return []
    case .backspace, .delete:
        if !p.text.isEmpty { p.text.removeLast() }
    case .char("/") where p.purpose == .search && p.text.isEmpty:
        // The key that opens the search field is not the first letter of a search.
        return []
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
            // Already searched during a typing pause: Enter opens the patient chosen among them.
            if text == s.patients.query, s.patients.load != .idle {
                return s.patients.cursor.selected == nil ? [] : openPatient(&s)
            }
            s.patients.results = []
            return markLoading(&s, [s.patients.searching(text)])
        case .date:
            guard let d = parseDate(text, today: s.now.date, current: s.schedule.day) else {
                s.message = "Not a date: \(text)"
                s.messageIsError = true
                return []
            }
            return ScheduleScreen.go(&s, to: d)
        case .note(let apt):
            guard !text.isEmpty else { return [] }
            return start(&s, .appendNote(aptNum: apt, stamp(text, s)))
        case .commlog(let pat):
            guard !text.isEmpty else { return [] }
            return start(&s, .addCommlog(patNum: pat, stamp(text, s)))
        case .initials(let action):
            let letters = text.uppercased()
            guard (1...4).contains(letters.count), letters.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                s.prompt = p
                s.message = "Initials are 1 to 4 letters (A-Z)"
                s.messageIsError = true
                return []
            }
            s.operatorInitials = letters
            say(&s, "Writes are recorded as \(letters)")
            return perform(&s, action)
        case .callNote(let patNums, let suffixes):
            guard !text.isEmpty else { return [] }
            return ConfirmFlow.notes(&s, text, patNums: patNums, suffixes: suffixes)
        }
        return []
    default:
        break
    }
    s.prompt = p
    if p.purpose == .search {
        s.patients.typingGeneration += 1
        return [.debounce(generation: s.patients.typingGeneration, seconds: 0.35)]
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
