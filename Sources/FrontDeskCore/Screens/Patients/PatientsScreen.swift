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

/// The Patients screen's messages: its keys, the search line's text, and what the office answered.
public enum PatientsMessage: Equatable, Sendable {
    case entered
    /// `/`, `s`: the search line, with the query in it.
    case openSearch
    /// A letter or digit typed on the screen: the search line opens with it.
    case typedFirst(Character)
    case toggleInactive
    /// Enter: the selected patient.
    case open
    /// The search line changed (a typing pause then searches), or was entered.
    case searchTyped
    case searchEntered(String)
    /// The typing pause after keystroke `generation` of the search line.
    case searchPause(generation: Int)
    /// A page of results for `query` from `offset`.
    case loaded(query: String, offset: Int, rows: [PatientSelectRow], pageSize: Int)
    case failed(String)
}

/// Finding a patient (`2`): a child feature; its state is `AppState.patients`, changed only here.
enum PatientsScreen: Feature {
    static let title = "Patients"
    static let origin = Origin.patients
    static var state: WritableKeyPath<AppState, PatientsState> { \.patients }
    static var cursor: WritableKeyPath<AppState, ListCursor>? { \.patients.cursor }
    static let entered: PatientsMessage? = .entered

    static let bindings: [Binding] = [
        key([.char("/"), .char("s")], .search, "search name/phone/birthdate/chart#", hint: true, .openSearch),
        key([.enter], .open, "open", hint: true, .open),
        PatientForms.newPatientBinding,
        key([.char("i")], .toggleInactive, "show/hide inactive", .toggleInactive),
    ] + GlobalKeys.movement + GlobalKeys.global

    static func rows(_ p: PatientsState, _ shared: Shared) -> [Int] { p.results.map(\.patNum) }
    static func loadState(_ p: PatientsState) -> LoadState { p.load }
    static func loads(_ e: Effect) -> Bool { if case .searchPatients = e { return true } else { return false } }
    static func startLoading(_ s: inout AppState) { s.patients.load = .loading }
    static func moreRows(_ s: AppState) -> Bool { s.patients.more }
    static func view(_ g: inout Grid, _ p: PatientsState, _ shared: Shared) { drawPatients(&g, p, shared) }

    /// A background refresh does not search again (the rows would jump under the user).
    static func reload(_ p: PatientsState, _ shared: Shared, background: Bool) -> [Effect] {
        p.query.isEmpty || background ? [] : [.searchPatients(query: p.query, search(for: p.query, hideInactive: p.hideInactive), offset: 0)]
    }

    /// Typing a letter or digit starts a search with it.
    static func unbound(_ s: inout AppState, _ key: Key) -> [Effect] {
        guard case .char(let c) = key, c.isLetter || c.isNumber else { return [] }
        return send(&s, .typedFirst(c))
    }

    static func failed(_ s: inout AppState, _ text: String, offline: Bool) { _ = send(&s, .failed(text)) }

    /// Near the end of the loaded results: the next page.
    static func wantsMore(_ s: AppState) -> Effect? {
        let p = s.patients
        guard p.more, p.load != .loading, let sel = p.cursor.selected, let i = p.results.firstIndex(where: { $0.patNum == sel }),
              i >= p.results.count - 10 else { return nil }
        return .searchPatients(query: p.query, search(for: p.query, hideInactive: p.hideInactive), offset: p.results.count)
    }

    static func reduce(_ p: inout PatientsState, _ message: PatientsMessage, _ shared: Shared) -> Step {
        switch message {
        case .entered:
            // Nothing searched yet: the search line opens.
            return p.query.isEmpty ? .ask(.open(.prompt(.search("")))) : .none
        case .openSearch: return .ask(.open(.prompt(.search(p.query))))
        case .typedFirst(let c): return .ask(.open(.prompt(.search(String(c)))))
        case .toggleInactive:
            p.hideInactive.toggle()
            let said = AppRequest.say(p.hideInactive ? "Hiding inactive patients" : "Showing inactive patients")
            guard !p.query.isEmpty else { return .ask(said) }
            // The search again, shown as loading like any other (the old rows stay until it answers).
            p.load = .loading
            return Step(effects: [.searchPatients(query: p.query, search(for: p.query, hideInactive: p.hideInactive), offset: 0)], requests: [said])
        case .open:
            return p.cursor.selected.map { .ask(.openPatient($0)) } ?? .none
        case .searchTyped:
            p.typingGeneration += 1
            return .run(.debounce(generation: p.typingGeneration, seconds: 0.35))
        case .searchEntered(let text):
            // Already searched during a typing pause: Enter opens the patient chosen among them.
            if text == p.query, p.load != .idle { return reduce(&p, .open, shared) }
            p.results = []
            p.load = .loading
            return .run(p.searching(text))
        case .searchPause(let generation):
            // Search as you type, once typing pauses: only the latest pause counts, and at least
            // two characters, so a slow link and the throttle see one request per pause.
            guard generation == p.typingGeneration, let line = shared.typingLine, line.isSearch else { return .none }
            let text = line.text.trimmingCharacters(in: .whitespaces)
            guard text.count >= 2, text != p.query else { return .none }
            p.load = .loading
            return .run(p.searching(text))
        case .loaded(let query, let offset, let rows, let pageSize):
            guard query == p.query else { return .none }
            if offset == 0 { p.results = rows } else {
                let have = Set(p.results.map(\.patNum))
                p.results += rows.filter { !have.contains($0.patNum) }
            }
            p.more = rows.count >= pageSize
            p.load = .loaded(at: shared.clock)
            let sel = p.cursor.selected
            if sel == nil || !p.results.contains(where: { $0.patNum == sel }) { p.cursor.selected = p.results.first?.patNum }
            // The names learnt on the way serve every screen.
            let names = Dictionary(rows.map { ($0.patNum, personName($0.lName, $0.fName)) }, uniquingKeysWith: { _, b in b })
            return .ask(.online, .learnNames(names))
        case .failed(let text):
            if p.load == .loading { p.load = .failed(text) }
            return .none
        }
    }
}

extension Prompt {
    /// The search line: a typing pause searches, ↑↓ move the results under it, and Enter opens
    /// the one chosen (or searches what was typed since).
    static func search(_ text: String) -> Prompt {
        Prompt(label: "Find patient", text: text, reply: Reply("search") { .patients(.searchEntered($0)) },
               changed: Reply("search") { _ in .patients(.searchTyped) }, movesRows: true, opener: "/")
    }

    /// This is the search line (its typing pause and the Patients screen's words ask).
    var isSearch: Bool { reply == Prompt.search("").reply }
}

extension PatientsMessage: FeatureMessage {
    public func send(_ s: inout AppState) -> [Effect] { PatientsScreen.send(&s, self) }
}

extension Msg {
    /// The Patients screen's own message.
    public static func patients(_ m: PatientsMessage) -> Msg { .feature(m) }
}
