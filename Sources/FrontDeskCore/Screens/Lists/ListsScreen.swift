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

enum ListsScreen: Screen {
    static let title = "Lists"
    static let origin = Origin.lists
    static var cursor: WritableKeyPath<AppState, ListCursor>? { \.lists.cursor }
    static var marks: WritableKeyPath<AppState, Set<Int>>? { \.lists.marked }
    static func markedAppointments(_ s: AppState) -> [Appointment] {
        s.visibleListRows.filter { s.lists.marked.contains($0.id) }.compactMap { $0.aptNum.flatMap(s.appointment) }
    }

    static func ids(_ s: AppState) -> [Int] { s.visibleListRows.map(\.id) }
    static func load(_ s: AppState) -> LoadState { s.lists.load }
    static func loads(_ e: Effect) -> Bool { if case .loadList = e { return true } else { return false } }
    static func startLoading(_ s: inout AppState) { s.lists.load = .loading }
    static func dataFrom(_ s: AppState) -> LocalDateTime? { s.lists.from }
    static func draw(_ g: inout Grid, _ s: AppState) { drawLists(&g, s) }
    static func refresh(_ s: AppState, background: Bool) -> [Effect] { [.loadList(s.lists.kind, today: s.now.date)] }
    static func enter(_ s: inout AppState) -> [Effect] { markLoading(&s, [.loadList(s.lists.kind, today: s.now.date)]) }

    static func selectedPatNum(_ s: AppState) -> Int? { s.visibleListRows.first { $0.id == s.lists.cursor.selected }?.patNum }

    static func selectedAppointment(_ s: AppState) -> Appointment? {
        guard let row = s.visibleListRows.first(where: { $0.id == s.lists.cursor.selected }), let apt = row.aptNum else { return nil }
        return s.schedule.appointments.first { $0.aptNum == apt } ?? s.lists.appointments[apt]
    }

    static func failed(_ s: inout AppState, _ text: String, offline: Bool) {
        guard s.lists.load == .loading else { return }
        s.lists.load = .failed(text)
        // Unreachable: the list as last seen, said to be old.
        if offline, s.lists.rows.isEmpty, let cached = s.lists.cached[s.lists.kind] {
            let (rows, appts) = s.listRows(cached.source)
            s.lists.show(rows, appts, from: cached.from)
            keepSelection(&s, on: ListsScreen.self)
        }
    }

    /// A list on screen: the office's answer (`from` nil) or another dashboard's copy of it.
    static func show(_ s: inout AppState, _ kind: ListKind, _ rows: [ListRow], _ appts: [Appointment], from: LocalDateTime?) -> [Effect] {
        guard kind == s.lists.kind else { return [] }
        if from == nil { markOnline(&s) }
        s.lists.show(rows, appts, from: from)
        s.lists.load = .loaded(at: s.clock)
        keepSelection(&s, on: ListsScreen.self)
        return resolveNames(&s, rows.filter(\.namedFromDirectory).map(\.patNum))
    }

    static func show(_ s: inout AppState, _ kind: ListKind, _ source: ListSource, from: LocalDateTime?) -> [Effect] {
        guard kind == s.lists.kind else { return [] }
        let (rows, appts) = s.listRows(source)
        return show(&s, kind, rows, appts, from: from)
    }

    /// `[` `]`: another list, asked for.
    static func turn(_ s: inout AppState, by delta: Int) -> [Effect] {
        let n = ListKind.allCases.count
        s.lists.kind = ListKind(rawValue: (s.lists.kind.rawValue + delta + n) % n)!
        s.lists.rows = []
        s.lists.marked = []
        s.lists.from = nil
        s.lists.cursor.reset()
        return markLoading(&s, [.loadList(s.lists.kind, today: s.now.date)])
    }

    static let bindings: [Binding] = [
        Binding([.char("["), .char("<")], .prevList, "previous list", hint: true) { turn(&$0, by: -1) },
        Binding([.char("]"), .char(">")], .nextList, "next list", hint: true) { turn(&$0, by: 1) },
        Binding([.enter], .open, "patient", hint: true) { openPatient(&$0) },
        // On the Recall list the rows are patients' recalls: `c` sets the recall status.
        Binding([.char("c")], .confirm, "status picker (Enter: Confirmed; on Recall: the recall status)", hint: true, short: "confirm", writes: true,
                refusal: { s in s.lists.kind == .recall ? RecallFlow.refusal(s) : ConfirmFlow.refusal(s) }) { s in
            s.lists.kind == .recall ? RecallFlow.open(&s) : ConfirmFlow.open(&s)
        },
        Binding([.char("B")], .book, "book the recall (Recall list)", writes: true, refusal: { s in
            s.lists.kind == .recall ? RecallFlow.bookRefusal(s) : "B books from the Recall list or the patient screen; M moves this appointment"
        }) { RecallFlow.openBook(&$0) },
        AppointmentKeys.leftMessage,
        AppointmentKeys.time("a", .arrived, "arrived"),
        AppointmentKeys.time("s", .seated, "seated"),
        AppointmentKeys.asap,
        AppointmentKeys.move,
        AppointmentKeys.undo,
        Binding([.char("/")], .filter, "filter these rows") { openFilter(&$0) },
        Binding([.char("f")], .cycleStatus, "only one status (cycles, then all)") { s in
            let words = Array(Set(s.lists.rows.map(\.status).filter { !$0.isEmpty })).sorted()
            s.lists.statusFilter = cycle(words, s.lists.statusFilter)
            say(&s, s.lists.statusFilter.map { "Only: \($0)" } ?? "All statuses")
            keepSelection(&s)
            return []
        },
        MarkKeys.binding(\.lists.marked),
    ] + GlobalKeys.movement(spacePages: false) + GlobalKeys.global
}

extension AppState {
    /// The list's rows after the status and text filters.
    public var visibleListRows: [ListRow] {
        let rows = lists.statusFilter.map { st in lists.rows.filter { $0.status == st } } ?? lists.rows
        guard !filter.isEmpty else { return rows }
        let f = filter.lowercased()
        return rows.filter { displayCells($0).joined(separator: " ").lowercased().contains(f) }
    }

    /// A list row's cells as shown, with the patient's name filled in.
    public func displayCells(_ r: ListRow) -> [String] {
        var cells = r.cells
        if let c = r.nameColumn, c < cells.count { cells[c] = name(r.patNum) }
        guard masked else { return cells }
        // Masked: every list's patient column as initials, its contact columns hidden.
        for (i, column) in lists.kind.columns.enumerated() where i < cells.count {
            switch column {
            case .patient where r.nameColumn == nil: cells[i] = Privacy.initials(cells[i])
            case .phone, .contact: cells[i] = Privacy.detail(cells[i], self)
            default: break
            }
        }
        return cells
    }

    /// A list's rows from what the office answered, with this office's names and the time now.
    func listRows(_ source: ListSource) -> ([ListRow], [Appointment]) {
        ListRows.rows(source, now: now, opNames: opAbbr, confirmDefs: confirmDefs, names: patientNames)
    }
}
