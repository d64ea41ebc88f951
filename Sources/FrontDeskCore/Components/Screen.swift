import Foundation
import OpenDentalAPI
import TerminalUI

/// One screen of the app, as the router and the chrome see it. Each lives in its own folder under
/// `Screens/`: its state (a struct inside `AppState`), its key table (every binding with its
/// handler), its rows and its view. The router and the chrome ask the active screen
/// (`AppState.active`) for its keys, rows, load state and drawing. A tab is registered once
/// (`ScreenID` and its line in `Router.swift`): its title, digit, key table, help and place in
/// docs/keys.md follow. A new screen is a `Feature` (`Feature.swift`), which gives these from its
/// own state and the `Shared` view; it also adds its `Msg` case and, for what it reads, its
/// `Effect` (docs/dev/guide.md, "Add a screen").
protocol Screen: Sendable {
    /// The title of its help overlay.
    static var title: String { get }
    /// Its keys, movement and the global keys included.
    static var bindings: [Binding] { get }
    /// The cursor its rows are selected with; nil for a screen that only scrolls.
    static var cursor: WritableKeyPath<AppState, ListCursor>? { get }
    /// Its rows marked with Space; nil where rows cannot be marked.
    static var marks: WritableKeyPath<AppState, Set<Int>>? { get }
    /// Its marked appointments, in the order shown.
    static func markedAppointments(_ s: AppState) -> [Appointment]
    /// The ids of its rows as shown (after filters), in order.
    static func ids(_ s: AppState) -> [Int]
    /// Where its data is (loading, loaded, failed).
    static func load(_ s: AppState) -> LoadState
    /// The rows came from the local cache or another dashboard, saved at this time.
    static func dataFrom(_ s: AppState) -> LocalDateTime?
    /// More rows can be fetched than are loaded ("12/50+").
    static func moreRows(_ s: AppState) -> Bool
    static func draw(_ g: inout Grid, _ s: AppState)
    /// What to reload for it (`r`, a refresh tick, after a write).
    static func refresh(_ s: AppState, background: Bool) -> [Effect]
    static func selectedPatNum(_ s: AppState) -> Int?
    static func selectedAppointment(_ s: AppState) -> Appointment?
    /// The row selected when the old selection is gone.
    static func defaultSelection(_ s: AppState, _ ids: [Int]) -> Int?
    /// Up, down, page: the cursor, or scrolling.
    static func move(_ s: inout AppState, by delta: Int)
    /// A mouse click on content row `row` (0 = the first row shown); true when it selected something.
    static func click(_ s: inout AppState, row: Int) -> Bool
    /// A key its table does not bind.
    static func unbound(_ s: inout AppState, _ key: Key) -> [Effect]
    /// The screen was chosen (a tab, a number key).
    static func enter(_ s: inout AppState) -> [Effect]
    /// A request it made failed.
    static func failed(_ s: inout AppState, _ text: String, offline: Bool)
    /// Which requests are its own.
    static var origin: Origin { get }
    /// The read that loads its rows (its failure ends its loading).
    static func loads(_ e: Effect) -> Bool
    /// Its rows are on their way.
    static func startLoading(_ s: inout AppState)
    /// The status line's place: "3/12", "patient".
    static func position(_ s: AppState) -> String
    /// Its rows are drawn from the appointments themselves each time (not built once from an
    /// answer): a write's answer that replaced the appointment is on screen at once, and needs no
    /// read after it.
    static var drawsAppointmentsLive: Bool { get }
    /// Esc, once the overlays, the filter and the marks have had it, is its own (its binding runs).
    static func escapes(_ s: AppState) -> Bool
    /// What a key that moved near the end of its loaded rows asks for (the next page), if anything.
    static func wantsMore(_ s: AppState) -> Effect?
}

extension Screen {
    static var cursor: WritableKeyPath<AppState, ListCursor>? { nil }
    static var marks: WritableKeyPath<AppState, Set<Int>>? { nil }
    static func markedAppointments(_ s: AppState) -> [Appointment] { [] }
    static func ids(_ s: AppState) -> [Int] { [] }
    static func dataFrom(_ s: AppState) -> LocalDateTime? { nil }
    static func moreRows(_ s: AppState) -> Bool { false }
    static func selectedAppointment(_ s: AppState) -> Appointment? { nil }
    static func selectedPatNum(_ s: AppState) -> Int? {
        guard let c = cursor else { return nil }
        return s[keyPath: c].selected
    }
    static func defaultSelection(_ s: AppState, _ ids: [Int]) -> Int? { ids.first }

    static func move(_ s: inout AppState, by delta: Int) {
        guard let c = cursor else { return }
        s[keyPath: c].move(by: delta, in: ids(s), visible: s.contentRows)
    }

    static func click(_ s: inout AppState, row: Int) -> Bool { selectRow(&s, row) }

    /// Selects the row drawn at content row `row`; false when there is none.
    static func selectRow(_ s: inout AppState, _ row: Int) -> Bool {
        guard let c = cursor else { return false }
        let ids = ids(s)
        let index = s[keyPath: c].scroll + row
        guard index < ids.count else { return false }
        s[keyPath: c].selected = ids[index]
        return true
    }

    static func unbound(_ s: inout AppState, _ key: Key) -> [Effect] { [] }
    static func escapes(_ s: AppState) -> Bool { false }
    static func wantsMore(_ s: AppState) -> Effect? { nil }
    static var drawsAppointmentsLive: Bool { false }
    static func loads(_ e: Effect) -> Bool { false }
    static func startLoading(_ s: inout AppState) {}
    static func enter(_ s: inout AppState) -> [Effect] { [] }

    /// "3/12": the selected row's place among the rows shown.
    static func position(_ s: AppState) -> String {
        let ids = ids(s)
        guard let c = cursor else { return "" }
        return ids.isEmpty ? "0/0" : "\((s[keyPath: c].selected.flatMap { ids.firstIndex(of: $0) } ?? 0) + 1)/\(ids.count)\(moreRows(s) ? "+" : "")"
    }
}
