import Foundation
import OpenDentalAPI
import TerminalUI

/// What one office's row of the Offices view says: today at a glance and whether it answers.
public struct OfficeRow: Equatable, Sendable {
    public var name: String
    /// nil until today has been read.
    public var appointments: Int?
    public var unconfirmed: Int?
    /// Arrived or seated, not yet dismissed.
    public var here: Int?
    public var openMinutes: Int?
    /// "answers", "unreachable: …", "refused: …", "not asked yet".
    public var answer: String
    public var answers: Bool
    /// When today's rows were read (the office's clock), for their age.
    public var readAt: LocalDateTime?

    public init(name: String, appointments: Int? = nil, unconfirmed: Int? = nil, here: Int? = nil, openMinutes: Int? = nil,
                answer: String = "not asked yet", answers: Bool = false, readAt: LocalDateTime? = nil) {
        self.name = name
        self.appointments = appointments
        self.unconfirmed = unconfirmed
        self.here = here
        self.openMinutes = openMinutes
        self.answer = answer
        self.answers = answers
        self.readAt = readAt
    }
}

/// Today as read for the Offices view, whatever day the schedule shows.
public struct OfficeToday: Equatable, Sendable {
    public var appointments: [Appointment]?
    public var schedules: [Schedule]?
    public var readAt: LocalDateTime?
    /// The last failure of a read, in words (cleared by an answer).
    public var problem: String?
    public init() {}
}

/// The Offices view (`5`) and the `O` picker: every configured office, each with its own client,
/// throttle ledger, cache and refresh (the runtime keeps them apart); Enter or the picker shows
/// another one.
public struct OfficesState: Equatable, Sendable {
    /// Every configured office, in the config's order (empty: one office, no switching).
    public var rows: [OfficeRow] = []
    /// The office shown.
    public var current = 0
    public var cursor = ListCursor()
    public init() {}
}

extension OfficeRow {
    /// The row of the office `s` is: from today as read, its connection and its last failure.
    public static func of(_ s: AppState, name: String) -> OfficeRow { of(Shared(s), name: name) }

    static func of(_ s: Shared, name: String) -> OfficeRow {
        var row = OfficeRow(name: name)
        let t = s.today
        if let appts = t.appointments {
            let booked = appts.filter { [.scheduled, .complete, .asap].contains($0.aptStatus) }
            row.appointments = booked.count
            row.unconfirmed = booked.filter { $0.aptStatus == .scheduled && !s.status($0).isConfirmed }.count
            row.here = booked.filter { $0.dateTimeArrived != nil && $0.dateTimeDismissed == nil && $0.aptStatus == .scheduled }.count
            if let schedules = t.schedules {
                var f = HuddleFacts(day: s.now.date)
                f.appointments = appts
                f.schedules = schedules
                row.openMinutes = Huddle.openTime(f, HuddleContext(now: s.now, confirmDefs: s.confirmDefs, operatories: s.operatories,
                                                                   noScheduling: s.noSchedulingBlockouts))?.values.reduce(0) { $0 + Huddle.minutes($1) }
            }
        }
        row.readAt = t.readAt
        switch s.connection {
        case .offline(let why): row.answer = "unreachable: " + why
        case .online where t.problem == nil: row.answer = "answers"; row.answers = true
        default: row.answer = t.problem.map { "refused: " + $0 } ?? "not asked yet"
        }
        return row
    }
}

/// The Offices view's messages.
public enum OfficesMessage: Equatable, Sendable {
    case entered
    /// Every configured office's row, and which one is shown (from the runtime's desk).
    case rows([OfficeRow], current: Int)
    /// Show office `n` (Enter on its row, or its key in the `O` picker).
    case show(Int)
    /// Enter: the selected office.
    case showSelected
    /// `O`: a picker of the configured offices.
    case pick
}

/// The Offices view (`5`): a child feature; its state is `AppState.offices`, changed only here.
enum OfficesScreen: Feature {
    static let title = "Offices"
    static let origin = Origin.background
    static var state: WritableKeyPath<AppState, OfficesState> { \.offices }
    static var cursor: WritableKeyPath<AppState, ListCursor>? { \.offices.cursor }
    static let entered: OfficesMessage? = .entered

    static func rows(_ o: OfficesState, _ shared: Shared) -> [Int] { Array(o.shownRows(shared).indices) }
    static func view(_ g: inout Grid, _ o: OfficesState, _ shared: Shared) { drawOffices(&g, o, shared) }
    /// Its own office's today (the others refresh in the runtime, one request per office per interval).
    static func reload(_ o: OfficesState, _ shared: Shared, background: Bool) -> [Effect] { [.loadDay(shared.now.date), .loadDaySchedules(shared.now.date)] }
    static func failed(_ s: inout AppState, _ text: String, offline: Bool) {}
    static func position(_ s: AppState) -> String { "\(s.officeRows.count) offices" }

    static func reduce(_ o: inout OfficesState, _ message: OfficesMessage, _ shared: Shared) -> Step {
        switch message {
        case .entered:
            if o.cursor.selected == nil { o.cursor.selected = o.current }
            return shared.today.appointments == nil || shared.today.schedules == nil ? Step(effects: reload(o, shared, background: false)) : .none
        case .rows(let rows, let current):
            o.rows = rows
            o.current = current
            return .none
        case .show(let index):
            guard index != o.current, o.rows.indices.contains(index) else { return .none }
            return .ask(.showOffice(index))
        case .showSelected:
            return o.cursor.selected.map { reduce(&o, .show($0), shared) } ?? .none
        case .pick:
            let rows = o.rows
            return .ask(.open(.picker(Picker(title: "Show another office", rows.enumerated().map { (clean($0.element.name), $0.offset) },
                                             current: o.current, preselect: rows.count > 1 ? (o.current + 1) % rows.count : 0,
                                             reply: Reply("show office") { .offices(.show($0)) }))))
        }
    }

    static let refusal: @Sendable (OfficesState, Shared) -> String? = { o, _ in
        o.rows.count > 1 ? nil : "Only one office: add [profiles.NAME]"
    }

    static let bindings: [Binding] = [
        key([.enter], .open, "show this office", hint: true, short: "show", .showSelected),
    ] + GlobalKeys.movement + GlobalKeys.global
}

extension OfficesState {
    /// Every configured office, or this one alone.
    func shownRows(_ shared: Shared) -> [OfficeRow] {
        rows.isEmpty ? [OfficeRow.of(shared, name: shared.demo ? "Demo practice" : (shared.officeName.isEmpty ? "This office" : shared.officeName))] : rows
    }
}

extension AppState {
    /// The Offices view's rows: every configured office, or this one alone.
    public var officeRows: [OfficeRow] { offices.shownRows(Shared(self)) }
}

func drawOffices(_ g: inout Grid, _ o: OfficesState, _ s: Shared) {
    let rows = o.shownRows(s)
    drawTitle(&g, "Offices · today, \(weekdayName(s.now.date)) \(s.now.date)", right: rows.count > 1 ? "Enter or O shows another" : "")
    let table = rows.enumerated().map { i, r -> TableRow in
        let age = r.readAt.map { " · " + s.dataAge($0) } ?? ""
        return TableRow([(i == o.current ? "● " : "  ") + clean(r.name), r.appointments.map(String.init) ?? "…",
                         r.unconfirmed.map(String.init) ?? "…", r.here.map(String.init) ?? "…", r.openMinutes.map(Huddle.hoursMinutes) ?? "…",
                         clean(r.answer) + age],
                        roles: [.normal, .normal, .normal, .normal, .normal, r.answers ? .normal : .error])
    }
    let sel = o.cursor.selected
    Widgets.table(&g, x: 0, y: Area.header, width: g.width, height: g.height - Area.header,
                  columns: [Column("Office", 16), Column("Appts", 5, alignRight: true), Column("Unconf", 6, alignRight: true),
                            Column("Here", 4, alignRight: true), Column("Open", 5, alignRight: true), Column("Office answers", 0)],
                  rows: table, selected: sel, scroll: o.cursor.scroll, ascii: s.ascii, highlightColumns: 1)
}

extension OfficesMessage: FeatureMessage {
    public func send(_ s: inout AppState) -> [Effect] { OfficesScreen.send(&s, self) }
}

extension Msg {
    /// The Offices view's own message.
    public static func offices(_ m: OfficesMessage) -> Msg { .feature(m) }
}
