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
    public static func of(_ s: AppState, name: String) -> OfficeRow {
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

enum OfficesScreen: Screen {
    static let title = "Offices"
    static let origin = Origin.background
    static var cursor: WritableKeyPath<AppState, ListCursor>? { \.offices.cursor }

    static func ids(_ s: AppState) -> [Int] { Array(s.officeRows.indices) }
    static func load(_ s: AppState) -> LoadState { .idle }
    static func draw(_ g: inout Grid, _ s: AppState) { drawOffices(&g, s) }
    /// Its own office's today (the others refresh in the runtime, one request per office per interval).
    static func refresh(_ s: AppState, background: Bool) -> [Effect] { [.loadDay(s.now.date), .loadDaySchedules(s.now.date)] }
    static func enter(_ s: inout AppState) -> [Effect] {
        if s.offices.cursor.selected == nil { s.offices.cursor.selected = s.offices.current }
        return s.today.appointments == nil || s.today.schedules == nil ? refresh(s, background: false) : []
    }
    static func failed(_ s: inout AppState, _ text: String, offline: Bool) {}
    static func position(_ s: AppState) -> String { "\(s.officeRows.count) offices" }

    /// Shows office `index` (the runtime swaps the whole dashboard).
    static func show(_ s: inout AppState, _ index: Int) -> [Effect] {
        guard index != s.offices.current, s.offices.rows.indices.contains(index) else { return [] }
        return [.switchOffice(index)]
    }

    /// `O`: a picker of the configured offices.
    static func openPicker(_ s: inout AppState) -> [Effect] {
        let rows = s.offices.rows
        s.picker = Picker(title: "Show another office", rows.enumerated().map { (clean($0.element.name), $0.offset) }, current: s.offices.current,
                          preselect: rows.count > 1 ? (s.offices.current + 1) % rows.count : 0, purpose: .office)
        return []
    }

    static let refusal: @Sendable (AppState) -> String? = { s in
        s.offices.rows.count > 1 ? nil : "One office is configured: add [profiles.NAME] tables to the config to switch between offices"
    }

    static let bindings: [Binding] = [
        Binding([.enter], .open, "show this office", hint: true, short: "show") { s in
            guard let i = s.offices.cursor.selected else { return [] }
            return show(&s, i)
        },
    ] + GlobalKeys.movement + GlobalKeys.global
}

extension AppState {
    /// The Offices view's rows: every configured office, or this one alone.
    public var officeRows: [OfficeRow] {
        offices.rows.isEmpty ? [OfficeRow.of(self, name: demo ? "Demo practice" : (officeName.isEmpty ? "This office" : officeName))] : offices.rows
    }
}

func drawOffices(_ g: inout Grid, _ s: AppState) {
    let rows = s.officeRows
    drawTitle(&g, "Offices · today, \(weekdayName(s.now.date)) \(s.now.date)", right: rows.count > 1 ? "Enter or O shows another" : "")
    let table = rows.enumerated().map { i, r -> TableRow in
        let age = r.readAt.map { " · " + s.dataAge($0) } ?? ""
        return TableRow([(i == s.offices.current ? "● " : "  ") + clean(r.name), r.appointments.map(String.init) ?? "…",
                         r.unconfirmed.map(String.init) ?? "…", r.here.map(String.init) ?? "…", r.openMinutes.map(Huddle.hoursMinutes) ?? "…",
                         clean(r.answer) + age],
                        roles: [.normal, .normal, .normal, .normal, .normal, r.answers ? .normal : .error])
    }
    let sel = s.offices.cursor.selected
    Widgets.table(&g, x: 0, y: Area.header, width: g.width, height: g.height - Area.header,
                  columns: [Column("Office", 16), Column("Appts", 5, alignRight: true), Column("Unconf", 6, alignRight: true),
                            Column("Here", 4, alignRight: true), Column("Open", 5, alignRight: true), Column("Office answers", 0)],
                  rows: table, selected: sel, scroll: s.offices.cursor.scroll, ascii: s.ascii, highlightColumns: 1)
}
