import Foundation
import OpenDentalAPI
import TerminalUI

/// The patient search screen's state: the query and its pages of results.
public struct PatientsState: Equatable, Sendable {
    public var query = ""
    public var hideInactive = true
    public var results: [PatientSelectRow] = []
    /// The office may have more rows than are loaded.
    public var more = false
    public var load: LoadState = .idle
    public var cursor = ListCursor()
    /// Counts keystrokes in the search prompt, so only the last typing pause searches.
    public var typingGeneration = 0

    /// The first page of results for `text`, asked for.
    mutating func searching(_ text: String) -> Effect {
        query = text
        cursor.reset()
        return .searchPatients(query: text, search(for: text, hideInactive: hideInactive), offset: 0)
    }
}

enum PatientsScreen: Screen {
    static let title = "Patients"
    static let origin = Origin.patients
    static var cursor: WritableKeyPath<AppState, ListCursor>? { \.patients.cursor }

    static let bindings: [Binding] = [
        Binding([.char("/"), .char("s")], .search, "search name/phone/birthdate/chart#", hint: true) { s in
            s.prompt = .search(s.patients.query)
            return []
        },
        Binding([.enter], .open, "open", hint: true) { openPatient(&$0) },
        PatientForms.newPatientBinding,
        Binding([.char("i")], .toggleInactive, "show/hide inactive") { s in
            s.patients.hideInactive.toggle()
            say(&s, s.patients.hideInactive ? "Hiding inactive patients" : "Showing inactive patients")
            let p = s.patients
            // The search again, shown as loading like any other (the old rows stay until it answers).
            return p.query.isEmpty ? [] : markLoading(&s, [.searchPatients(query: p.query, search(for: p.query, hideInactive: p.hideInactive), offset: 0)])
        },
    ] + GlobalKeys.movement + GlobalKeys.global

    static func ids(_ s: AppState) -> [Int] { s.patients.results.map(\.patNum) }
    static func load(_ s: AppState) -> LoadState { s.patients.load }
    static func loads(_ e: Effect) -> Bool { if case .searchPatients = e { return true } else { return false } }
    static func startLoading(_ s: inout AppState) { s.patients.load = .loading }
    static func moreRows(_ s: AppState) -> Bool { s.patients.more }
    static func draw(_ g: inout Grid, _ s: AppState) { drawPatients(&g, s) }

    /// A background refresh does not search again (the rows would jump under the user).
    static func refresh(_ s: AppState, background: Bool) -> [Effect] {
        let p = s.patients
        return p.query.isEmpty || background ? [] : [.searchPatients(query: p.query, search(for: p.query, hideInactive: p.hideInactive), offset: 0)]
    }

    /// Typing a letter or digit starts a search with it.
    static func unbound(_ s: inout AppState, _ key: Key) -> [Effect] {
        if case .char(let c) = key, c.isLetter || c.isNumber {
            s.prompt = .search(String(c))
        }
        return []
    }

    /// Nothing searched yet: the search field opens.
    static func enter(_ s: inout AppState) -> [Effect] {
        if s.patients.query.isEmpty { s.prompt = .search("") }
        return []
    }

    static func failed(_ s: inout AppState, _ text: String, offline: Bool) {
        if s.patients.load == .loading { s.patients.load = .failed(text) }
    }

    // MARK: messages

    static func searchLoaded(_ s: inout AppState, query: String, offset: Int, rows: [PatientSelectRow], pageSize: Int) -> [Effect] {
        guard query == s.patients.query else { return [] }
        if offset == 0 { s.patients.results = rows } else {
            let have = Set(s.patients.results.map(\.patNum))
            s.patients.results += rows.filter { !have.contains($0.patNum) }
        }
        s.patients.more = rows.count >= pageSize
        s.patients.load = .loaded(at: s.clock)
        markOnline(&s)
        for r in rows { s.patientNames[r.patNum] = personName(r.lName, r.fName) }
        let sel = s.patients.cursor.selected
        if sel == nil || !s.patients.results.contains(where: { $0.patNum == sel }) {
            s.patients.cursor.selected = s.patients.results.first?.patNum
        }
        return []
    }

    /// Search as you type, once typing pauses: only the latest pause counts, and at least two
    /// characters, so a slow link and the throttle see one request per pause.
    static func searchPause(_ s: inout AppState, generation: Int) -> [Effect] {
        guard generation == s.patients.typingGeneration, let p = s.prompt, p.isSearch else { return [] }
        let text = p.text.trimmingCharacters(in: .whitespaces)
        guard text.count >= 2, text != s.patients.query else { return [] }
        return markLoading(&s, [s.patients.searching(text)])
    }
}

/// Patients scrolled near the end of what is loaded: fetch the next page.
func wantsMoreResults(_ s: AppState) -> Effect? {
    let p = s.patients
    guard s.active == PatientsScreen.self, p.more, p.load != .loading,
          let sel = p.cursor.selected, let i = p.results.firstIndex(where: { $0.patNum == sel }),
          i >= p.results.count - 10 else { return nil }
    return .searchPatients(query: p.query, search(for: p.query, hideInactive: p.hideInactive), offset: p.results.count)
}

extension Prompt {
    /// The search line: a typing pause searches, ↑↓ move the results under it, and Enter opens
    /// the one chosen (or searches what was typed since).
    static func search(_ text: String) -> Prompt {
        Prompt(label: "Find patient", text: text, reply: Reply("search") { .searchEntered($0) }, changed: Reply("search") { .searchTyped($0) },
               movesRows: true, opener: "/")
    }

    /// This is the search line (its typing pause and the Patients screen's words ask).
    var isSearch: Bool { reply == Prompt.search("").reply }
}

extension PatientsScreen {
    static func searchEntered(_ s: inout AppState, _ text: String) -> [Effect] {
        // Already searched during a typing pause: Enter opens the patient chosen among them.
        if text == s.patients.query, s.patients.load != .idle {
            return s.patients.cursor.selected == nil ? [] : openPatient(&s)
        }
        s.patients.results = []
        return markLoading(&s, [s.patients.searching(text)])
    }
}
