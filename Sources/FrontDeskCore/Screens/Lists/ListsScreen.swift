import Foundation
import OpenDentalAPI
import TerminalUI

/// The Lists screen's state: which list, its rows and the appointments behind them.
public struct ListsState: Equatable, Sendable {
    public var kind: ListKind = .confirmations
    public var rows: [ListRow] = []
    public var appointments: [Int: Appointment] = [:]
    public var load: LoadState = .idle
    public var cursor = ListCursor()
    /// Lists as last seen (from the cache), shown only while the office cannot be reached.
    public var cached: [ListKind: CachedList] = [:]
    /// The list on screen came from the cache or another dashboard, saved at this time.
    public var from: LocalDateTime?
    /// Only rows with this status word.
    public var statusFilter: String?
    /// Rows marked with Space (their ids), for the picker and break to act on all of them.
    public var marked: Set<Int> = []

    /// Rows on screen and the appointments behind them.
    mutating func show(_ rows: [ListRow], _ appts: [Appointment], from: LocalDateTime?) {
        self.rows = rows
        self.from = from
        appointments = Dictionary(appts.map { ($0.aptNum, $0) }, uniquingKeysWith: { a, _ in a })
    }
}

/// The Lists screen's messages: its keys, and the lists the office (or the cache) answered.
public enum ListsMessage: Equatable, Sendable {
    case entered
    case previousList, nextList
    /// `f`: only one status (cycles, then all).
    case cycleStatus
    /// What the office answered for a list (`from` nil), or another dashboard's copy of it; the
    /// screen builds its rows.
    case data(ListKind, ListSource, from: LocalDateTime?)
    /// Rows built already, with the appointments behind them.
    case loaded(ListKind, [ListRow], [Appointment])
    case failed(String, offline: Bool)
    /// The office answered a write with the appointment as it now is.
    case appointmentChanged(Appointment)
    /// The lists as last seen, from the cache at start (shown only while the office cannot be reached).
    case restored([ListKind: CachedList])
}

/// The worklists (`3`): a child feature; its state is `AppState.lists`, changed only here. The
/// writes its keys start (confirm, arrived, ASAP, a recall's status) are the app's flows, which act
/// on the row this screen says is selected.
enum ListsScreen: Feature {
    static let title = "Lists"
    static let origin = Origin.lists
    static var state: WritableKeyPath<AppState, ListsState> { \.lists }
    static var cursor: WritableKeyPath<AppState, ListCursor>? { \.lists.cursor }
    static var marks: WritableKeyPath<AppState, Set<Int>>? { \.lists.marked }
    static let entered: ListsMessage? = .entered

    static func markedAppointments(_ s: AppState) -> [Appointment] {
        s.visibleListRows.filter { s.lists.marked.contains($0.id) }.compactMap { $0.aptNum.flatMap { s.lists.appointments[$0] } }
    }

    static func rows(_ l: ListsState, _ shared: Shared) -> [Int] { l.visibleRows(shared).map(\.id) }
    static func loadState(_ l: ListsState) -> LoadState { l.load }
    static func loads(_ e: Effect) -> Bool { if case .loadList = e { return true } else { return false } }
    static func startLoading(_ s: inout AppState) { s.lists.load = .loading }
    static func dataFrom(_ s: AppState) -> LocalDateTime? { s.lists.from }
    static func view(_ g: inout Grid, _ l: ListsState, _ shared: Shared) { drawLists(&g, l, shared) }
    static func reload(_ l: ListsState, _ shared: Shared, background: Bool) -> [Effect] { [.loadList(l.kind, today: shared.now.date)] }

    static func selectedPatNum(_ s: AppState) -> Int? { s.visibleListRows.first { $0.id == s.lists.cursor.selected }?.patNum }

    static func selectedAppointment(_ s: AppState) -> Appointment? {
        guard let row = s.visibleListRows.first(where: { $0.id == s.lists.cursor.selected }), let apt = row.aptNum else { return nil }
        return s.lists.appointments[apt]
    }

    static func failed(_ s: inout AppState, _ text: String, offline: Bool) { _ = send(&s, .failed(text, offline: offline)) }

    static func reduce(_ l: inout ListsState, _ message: ListsMessage, _ shared: Shared) -> Step {
        switch message {
        case .entered:
            l.load = .loading
            return .run(.loadList(l.kind, today: shared.now.date))
        case .previousList: return turn(&l, by: -1, shared)
        case .nextList: return turn(&l, by: 1, shared)
        case .cycleStatus:
            let words = Array(Set(l.rows.map(\.status).filter { !$0.isEmpty })).sorted()
            l.statusFilter = cycle(words, l.statusFilter)
            keep(&l, shared)
            return .ask(.say(l.statusFilter.map { "Only: \($0)" } ?? "All statuses"))
        case .data(let kind, let source, let from):
            guard kind == l.kind else { return .none }
            let (rows, appts) = listRows(source, shared)
            return show(&l, kind, rows, appts, from: from, shared)
        case .loaded(let kind, let rows, let appts):
            return show(&l, kind, rows, appts, from: nil, shared)
        case .failed(let text, let offline):
            guard l.load == .loading else { return .none }
            l.load = .failed(text)
            // Unreachable: the list as last seen, said to be old.
            if offline, l.rows.isEmpty, let cached = l.cached[l.kind] {
                let (rows, appts) = listRows(cached.source, shared)
                l.show(rows, appts, from: cached.from)
                keep(&l, shared)
            }
            return .none
        case .appointmentChanged(let a):
            if l.appointments[a.aptNum] != nil { l.appointments[a.aptNum] = a }
            return .none
        case .restored(let cached):
            l.cached = cached
            return .none
        }
    }

    /// A list on screen: the office's answer (`from` nil) or another dashboard's copy of it.
    static func show(_ l: inout ListsState, _ kind: ListKind, _ rows: [ListRow], _ appts: [Appointment], from: LocalDateTime?,
                     _ shared: Shared) -> Step {
        guard kind == l.kind else { return .none }
        l.show(rows, appts, from: from)
        l.load = .loaded(at: shared.clock)
        keep(&l, shared)
        return Step(requests: (from == nil ? [.online] : []) + [.names(rows.filter(\.namedFromDirectory).map(\.patNum))])
    }

    /// `[` `]`: another list, asked for.
    static func turn(_ l: inout ListsState, by delta: Int, _ shared: Shared) -> Step {
        let n = ListKind.allCases.count
        l.kind = ListKind(rawValue: (l.kind.rawValue + delta + n) % n)!
        l.rows = []
        l.marked = []
        l.from = nil
        l.cursor.reset()
        l.load = .loading
        return .run(.loadList(l.kind, today: shared.now.date))
    }

    /// The selection kept by id across a new read; the first row when it is gone.
    static func keep(_ l: inout ListsState, _ shared: Shared) {
        let ids = rows(l, shared)
        l.cursor.keep(in: ids, fallback: ids.first, visible: shared.contentRows)
    }

    /// A list's rows from what the office answered, with this office's names and the time now.
    static func listRows(_ source: ListSource, _ shared: Shared) -> ([ListRow], [Appointment]) {
        ListRows.rows(source, now: shared.now, opNames: shared.opAbbr, confirmDefs: shared.confirmDefs, names: shared.patientNames)
    }

    static let bindings: [Binding] = [
        key([.char("["), .char("<")], .prevList, "previous list", hint: true, .previousList),
        key([.char("]"), .char(">")], .nextList, "next list", hint: true, .nextList),
        Binding([.enter], .open, "patient", hint: true) { openPatient(&$0) },
        // On the Recall list the rows are patients' recalls: `c` sets the recall status.
        Binding([.char("c")], .confirm, "status picker (Enter: Confirmed; on Recall: the recall status)", hint: true, short: "confirm", writes: true,
                refusal: { s in s.lists.kind == .recall ? RecallFlow.refusal(s) : ConfirmFlow.refusal(s) }) { s in
            s.lists.kind == .recall ? RecallFlow.open(&s) : ConfirmFlow.open(&s)
        },
        Binding([.char("B")], .book, "book the recall (Recall list)", writes: true, refusal: { s in
            s.lists.kind == .recall ? RecallFlow.bookRefusal(s) : "B books from Recall or a patient; M moves"
        }) { RecallFlow.openBook(&$0) },
        AppointmentKeys.leftMessage,
        AppointmentKeys.time("a", .arrived, "arrived"),
        AppointmentKeys.time("s", .seated, "seated"),
        AppointmentKeys.asap,
        AppointmentKeys.move,
        AppointmentKeys.undo,
        Binding([.char("/")], .filter, "filter these rows") { openFilter(&$0) },
        key([.char("f")], .cycleStatus, "only one status (cycles, then all)", .cycleStatus),
        MarkKeys.binding(\.lists.marked),
    ] + GlobalKeys.movement(spacePages: false) + GlobalKeys.global
}

extension ListsState {
    /// The rows after the status and text filters.
    func visibleRows(_ shared: Shared) -> [ListRow] {
        let rows = statusFilter.map { st in self.rows.filter { $0.status == st } } ?? self.rows
        guard !shared.filter.isEmpty else { return rows }
        let f = shared.filter.lowercased()
        return rows.filter { displayCells($0, shared).joined(separator: " ").lowercased().contains(f) }
    }

    /// A row's cells as shown, with the patient's name filled in.
    func displayCells(_ r: ListRow, _ shared: Shared) -> [String] {
        var cells = r.cells
        if let c = r.nameColumn, c < cells.count { cells[c] = shared.name(r.patNum) }
        guard shared.masked else { return cells }
        // Masked: every list's patient column as initials, its contact columns hidden.
        for (i, column) in kind.columns.enumerated() where i < cells.count {
            switch column {
            case .patient where r.nameColumn == nil: cells[i] = Privacy.initials(cells[i])
            case .phone, .contact: cells[i] = Privacy.detail(cells[i], shared)
            default: break
            }
        }
        return cells
    }
}

extension AppState {
    /// The list's rows after the status and text filters.
    public var visibleListRows: [ListRow] { lists.visibleRows(Shared(self)) }

    /// A list row's cells as shown, with the patient's name filled in.
    public func displayCells(_ r: ListRow) -> [String] { lists.displayCells(r, Shared(self)) }
}

extension ListsMessage: FeatureMessage {
    public func send(_ s: inout AppState) -> [Effect] { ListsScreen.send(&s, self) }
}

extension Msg {
    /// The Lists screen's own message.
    public static func lists(_ m: ListsMessage) -> Msg { .feature(m) }
}
