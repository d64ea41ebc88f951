import Foundation
import OpenDentalAPI
import TerminalUI

/// The huddle's own state: the day, what was read for it, and which figure's rows are open.
public struct HuddleState: Equatable, Sendable {
    /// nil until the screen is first shown (then today).
    public var day: LocalDate?
    public var facts: HuddleFacts?
    public var load: LoadState = .idle
    /// The figures came from the cache or another dashboard, saved at this time.
    public var from: LocalDateTime?
    /// The figure list's cursor, or the open figure's rows'.
    public var cursor = ListCursor()
    /// The figure whose rows are shown (Enter), nil for the figure list.
    public var open: HuddleFigureKind?
    /// The figure selected when its rows were opened (back to it on Esc).
    var figureSelected: Int?
    /// Family balances over this are named (config `huddle_balance_threshold`).
    public var balanceThreshold: Decimal = 100

    public init() {}

    /// The figures from what was read (nil before anything was), recomputed each time.
    public func summary(_ shared: Shared) -> HuddleSummary? {
        guard let f = facts else { return nil }
        // Until the office's providers are read (a cold start on a Remote office), a dentist is
        // named by the abbreviation their appointments carry.
        var abbr = shared.providerAbbr
        for a in f.appointments ?? [] where abbr[a.provNum] == nil && !a.provAbbr.isEmpty { abbr[a.provNum] = a.provAbbr }
        return Huddle.summary(f, HuddleContext(now: shared.now, confirmDefs: shared.confirmDefs, operatories: shared.operatories,
                                               noScheduling: shared.noSchedulingBlockouts, providerAbbr: abbr, balanceThreshold: balanceThreshold))
    }

    /// The row selected in an open figure.
    func selectedRow(_ shared: Shared) -> HuddleRow? {
        guard let open else { return nil }
        return summary(shared)?.figure(open).rows.first { $0.id == cursor.selected }
    }
}

/// The huddle's messages: its keys, and what its reads bring.
public enum HuddleMessage: Equatable, Sendable {
    /// The tab was chosen: today the first time, the day it showed after.
    case entered
    case previousDay, nextDay, today
    /// Enter: a figure's rows, or a row's patient.
    case open
    /// Esc: back to the figures.
    case back
    /// `m`: a call noted with the selected row's patient.
    case noteCall
    /// What was read for a day (`done` once every part came); `from`: a copy saved then.
    case loaded(HuddleFacts, from: LocalDateTime?, done: Bool)
    case failed(String)
}

/// The morning huddle (`4`): a child feature; its state is `AppState.huddle`, changed only here.
enum HuddleScreen: Feature {
    static let title = "Huddle"
    static let origin = Origin.huddle
    static var state: WritableKeyPath<AppState, HuddleState> { \.huddle }
    static var cursor: WritableKeyPath<AppState, ListCursor>? { \.huddle.cursor }
    static let entered: HuddleMessage? = .entered

    static func rows(_ h: HuddleState, _ shared: Shared) -> [Int] {
        guard let open = h.open else { return HuddleFigureKind.allCases.map(\.rawValue) }
        return h.summary(shared)?.figure(open).rows.map(\.id) ?? []
    }

    static func loadState(_ h: HuddleState) -> LoadState { h.load }
    static func loads(_ e: Effect) -> Bool { if case .loadHuddle = e { return true } else { return false } }
    static func startLoading(_ s: inout AppState) { s.huddle.load = .loading }
    static func dataFrom(_ s: AppState) -> LocalDateTime? { s.huddle.from }
    static func view(_ g: inout Grid, _ h: HuddleState, _ shared: Shared) { drawHuddle(&g, h, shared) }

    /// A background refresh reads it again only after five minutes: the huddle is four queries,
    /// four seconds of a Remote office's budget.
    static func reload(_ h: HuddleState, _ shared: Shared, background: Bool) -> [Effect] {
        if background, case .loaded(let at) = h.load, shared.clock - at < 300 { return [] }
        return [.loadHuddle(h.day ?? shared.now.date)]
    }

    static func failed(_ s: inout AppState, _ text: String, offline: Bool) { _ = send(&s, .failed(text)) }
    static func selectedPatNum(_ s: AppState) -> Int? { s.huddle.selectedRow(Shared(s))?.patNum }
    /// Esc closes a figure's rows.
    static func escapes(_ s: AppState) -> Bool { s.huddle.open != nil }

    static func selectedAppointment(_ s: AppState) -> Appointment? {
        guard let apt = s.huddle.selectedRow(Shared(s))?.aptNum else { return nil }
        return s.huddle.facts?.appointments?.first { $0.aptNum == apt }
    }

    /// The figure list starts under the providers' lines: a click there selects a figure.
    static func click(_ s: inout AppState, row: Int) -> Bool {
        let offset = s.huddle.open == nil ? HuddleLayout.figuresTop(s.huddle, Shared(s)) - Area.first : 0
        return row >= offset && selectRow(&s, row - offset)
    }

    static func reduce(_ h: inout HuddleState, _ message: HuddleMessage, _ shared: Shared) -> Step {
        switch message {
        case .entered:
            if h.day == nil { h.day = shared.now.date }
            h.load = .loading
            return .run(.loadHuddle(h.day!))
        case .previousDay: return go(&h, to: (h.day ?? shared.now.date).adding(days: -1), shared)
        case .nextDay: return go(&h, to: (h.day ?? shared.now.date).adding(days: 1), shared)
        case .today: return go(&h, to: shared.now.date, shared)
        case .open: return open(&h, shared)
        case .back:
            close(&h, shared)
            return .none
        case .noteCall:
            guard let p = h.selectedRow(shared)?.patNum else { return .none }
            return .ask(.open(.prompt(.callNote(patNum: p, label: "Note a call with \(shared.name(p))"))))
        case .loaded(let facts, let from, let done):
            guard facts.day == h.day else { return .none }
            h.facts = facts
            h.from = from
            if done { h.load = .loaded(at: shared.clock) }
            if h.open != nil, rows(h, shared).isEmpty { close(&h, shared) }
            keep(&h, shared)
            // The names the figures show (not the whole candidate lists).
            let names = facts.patNums + (h.summary(shared)?.figures.flatMap { $0.rows.map(\.patNum) } ?? [])
            return Step(requests: (from == nil ? [.online] : []) + [.names(names)])
        case .failed(let text):
            if h.load == .loading { h.load = .failed(text) }
            return .none
        }
    }

    /// The selection kept by id across a new read; the first row when it is gone.
    static func keep(_ h: inout HuddleState, _ shared: Shared) {
        let ids = rows(h, shared)
        h.cursor.keep(in: ids, fallback: ids.first, visible: shared.contentRows)
    }

    /// Another day: its figures are asked for, the old ones leave.
    static func go(_ h: inout HuddleState, to day: LocalDate, _ shared: Shared) -> Step {
        h.day = day
        h.facts = nil
        h.from = nil
        close(&h, shared)
        h.load = .loading
        return .run(.loadHuddle(day))
    }

    /// Enter: the selected figure's rows, or the selected row's patient.
    static func open(_ h: inout HuddleState, _ shared: Shared) -> Step {
        if h.open != nil { return h.selectedRow(shared).map { .ask(.openPatient($0.patNum)) } ?? .none }
        guard let id = h.cursor.selected, let kind = HuddleFigureKind(rawValue: id), let summary = h.summary(shared) else { return .none }
        let f = summary.figure(kind)
        if let why = f.unavailable { return .ask(.say("\(kind.title): \(why)")) }
        if f.rows.isEmpty { return .ask(.say("\(kind.title): nobody")) }
        h.figureSelected = id
        h.open = kind
        h.cursor.reset()
        keep(&h, shared)
        return .none
    }

    static func close(_ h: inout HuddleState, _ shared: Shared) {
        guard h.open != nil else { return }
        h.open = nil
        h.cursor.reset()
        h.cursor.selected = h.figureSelected
        keep(&h, shared)
    }

    static let bindings: [Binding] = [
        key([.left, .char("h")], .prevDay, "previous day", hint: true, short: "prev day", .previousDay),
        key([.right, .char("l")], .nextDay, "next day", hint: true, .nextDay),
        key([.char("t")], .today, "today", .today),
        key([.enter], .open, "the rows behind a figure; on a row, the patient", hint: true, short: "rows", .open),
        key([.escape], .back, "back to the figures", hint: true, short: "back", .back),
        // The confirmation picker is the app's (the schedule's and the lists' too): it confirms
        // the appointment this screen says is selected.
        Binding([.char("c")], .confirm, "confirmation picker (Enter: Confirmed) on an appointment row", hint: true, short: "confirm", writes: true,
                refusal: { s in
                    if let why = s.writeRefusal { return why }
                    guard s.huddle.open?.rowsAreAppointments == true else { return "Open Scheduled, Unconfirmed or New patients (Enter), then c confirms a row" }
                    return ConfirmFlow.refusal(s)
                }) { ConfirmFlow.open(&$0) },
        // The calls a huddle leads to (a balance, a recall, a hole to fill): noted from the row.
        key([.char("m")], .commlog, "note a call with the row's patient (commlog)", short: "note call", writes: true,
            refusal: { h, shared in shared.writeRefusal ?? (h.selectedRow(shared) == nil ? "Open a figure's rows (Enter), then m notes a call with one" : nil) },
            .noteCall),
    ] + GlobalKeys.movement + GlobalKeys.global
}

extension HuddleMessage: FeatureMessage {
    public func send(_ s: inout AppState) -> [Effect] { HuddleScreen.send(&s, self) }
}

extension Msg {
    /// The huddle's own message.
    public static func huddle(_ m: HuddleMessage) -> Msg { .feature(m) }
}
