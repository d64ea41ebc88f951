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
}

enum HuddleScreen: Screen {
    static let title = "Huddle"
    static let origin = Origin.huddle
    static var cursor: WritableKeyPath<AppState, ListCursor>? { \.huddle.cursor }

    static func ids(_ s: AppState) -> [Int] {
        guard let open = s.huddle.open else { return HuddleFigureKind.allCases.map(\.rawValue) }
        return s.huddleSummary?.figure(open).rows.map(\.id) ?? []
    }

    static func load(_ s: AppState) -> LoadState { s.huddle.load }
    static func loads(_ e: Effect) -> Bool { if case .loadHuddle = e { return true } else { return false } }
    static func startLoading(_ s: inout AppState) { s.huddle.load = .loading }
    static func dataFrom(_ s: AppState) -> LocalDateTime? { s.huddle.from }
    static func draw(_ g: inout Grid, _ s: AppState) { drawHuddle(&g, s) }
    /// A background refresh reads it again only after five minutes: the huddle is four queries,
    /// four seconds of a Remote office's budget.
    static func refresh(_ s: AppState, background: Bool) -> [Effect] {
        if background, case .loaded(let at) = s.huddle.load, s.clock - at < 300 { return [] }
        return [.loadHuddle(s.huddle.day ?? s.now.date)]
    }

    static func enter(_ s: inout AppState) -> [Effect] {
        if s.huddle.day == nil { s.huddle.day = s.now.date }
        return markLoading(&s, [.loadHuddle(s.huddle.day!)])
    }

    static func failed(_ s: inout AppState, _ text: String, offline: Bool) {
        if s.huddle.load == .loading { s.huddle.load = .failed(text) }
    }

    static func selectedRow(_ s: AppState) -> HuddleRow? {
        guard let open = s.huddle.open else { return nil }
        return s.huddleSummary?.figure(open).rows.first { $0.id == s.huddle.cursor.selected }
    }

    static func selectedPatNum(_ s: AppState) -> Int? { selectedRow(s)?.patNum }

    /// Esc closes a figure's rows.
    static func escapes(_ s: AppState) -> Bool { s.huddle.open != nil }

    static func selectedAppointment(_ s: AppState) -> Appointment? {
        guard let apt = selectedRow(s)?.aptNum else { return nil }
        return s.huddle.facts?.appointments?.first { $0.aptNum == apt }
    }

    /// The figure list starts under the providers' lines: a click there selects a figure.
    static func click(_ s: inout AppState, row: Int) -> Bool {
        let offset = s.huddle.open == nil ? HuddleLayout.figuresTop(s) - Area.first : 0
        return row >= offset && selectRow(&s, row - offset)
    }

    /// What was read for a day's huddle: shown if it is the day on show, names asked for.
    static func loaded(_ s: inout AppState, _ facts: HuddleFacts, from: LocalDateTime?, done: Bool) -> [Effect] {
        guard facts.day == s.huddle.day else { return [] }
        if from == nil { markOnline(&s) }
        s.huddle.facts = facts
        s.huddle.from = from
        if done { s.huddle.load = .loaded(at: s.clock) }
        if s.huddle.open != nil, ids(s).isEmpty { close(&s) }
        keepSelection(&s, on: HuddleScreen.self)
        // The names the figures show (not the whole candidate lists).
        return resolveNames(&s, facts.patNums + (s.huddleSummary?.figures.flatMap { $0.rows.map(\.patNum) } ?? []))
    }

    /// Another day: its figures are asked for, the old ones leave.
    static func go(_ s: inout AppState, to day: LocalDate) -> [Effect] {
        s.huddle.day = day
        s.huddle.facts = nil
        s.huddle.from = nil
        close(&s)
        return markLoading(&s, [.loadHuddle(day)])
    }

    /// Enter: the selected figure's rows, or the selected row's patient.
    static func open(_ s: inout AppState) -> [Effect] {
        if s.huddle.open != nil { return openPatient(&s) }
        guard let id = s.huddle.cursor.selected, let kind = HuddleFigureKind(rawValue: id), let summary = s.huddleSummary else { return [] }
        let f = summary.figure(kind)
        if let why = f.unavailable {
            say(&s, "\(kind.title): \(why)")
            return []
        }
        if f.rows.isEmpty {
            say(&s, "\(kind.title): nobody")
            return []
        }
        s.huddle.figureSelected = id
        s.huddle.open = kind
        s.huddle.cursor.reset()
        keepSelection(&s, on: HuddleScreen.self)
        return []
    }

    static func close(_ s: inout AppState) {
        guard s.huddle.open != nil else { return }
        s.huddle.open = nil
        s.huddle.cursor.reset()
        s.huddle.cursor.selected = s.huddle.figureSelected
        keepSelection(&s, on: HuddleScreen.self)
    }

    static let bindings: [Binding] = [
        Binding([.left, .char("h")], .prevDay, "previous day", hint: true, short: "prev day") { go(&$0, to: ($0.huddle.day ?? $0.now.date).adding(days: -1)) },
        Binding([.right, .char("l")], .nextDay, "next day", hint: true) { go(&$0, to: ($0.huddle.day ?? $0.now.date).adding(days: 1)) },
        Binding([.char("t")], .today, "today") { go(&$0, to: $0.now.date) },
        Binding([.enter], .open, "the rows behind a figure; on a row, the patient", hint: true, short: "rows") { open(&$0) },
        Binding([.escape], .back, "back to the figures", hint: true, short: "back") { s in
            close(&s)
            return []
        },
        Binding([.char("c")], .confirm, "confirmation picker (Enter: Confirmed) on an appointment row", hint: true, short: "confirm", writes: true,
                refusal: { s in
                    if let why = s.writeRefusal { return why }
                    guard s.huddle.open?.rowsAreAppointments == true else { return "Open Scheduled, Unconfirmed or New patients (Enter), then c confirms a row" }
                    return ConfirmFlow.refusal(s)
                }) { ConfirmFlow.open(&$0) },
        // The calls a huddle leads to (a balance, a recall, a hole to fill): noted from the row.
        Binding([.char("m")], .commlog, "note a call with the row's patient (commlog)", short: "note call", writes: true,
                refusal: { s in s.writeRefusal ?? (selectedRow(s) == nil ? "Open a figure's rows (Enter), then m notes a call with one" : nil) }) { s in
            guard let p = selectedRow(s)?.patNum else { return [] }
            s.prompt = Prompt(purpose: .commlog(patNum: p), label: "Note a call with \(s.name(p))", text: "")
            return []
        },
    ] + GlobalKeys.movement + GlobalKeys.global
}

extension AppState {
    /// The huddle's figures from what was read (nil before anything was).
    public var huddleSummary: HuddleSummary? {
        guard let f = huddle.facts else { return nil }
        // Until the office's providers are read (a cold start on a Remote office), a dentist is
        // named by the abbreviation their appointments carry.
        var abbr = providerAbbr
        for a in f.appointments ?? [] where abbr[a.provNum] == nil && !a.provAbbr.isEmpty { abbr[a.provNum] = a.provAbbr }
        return Huddle.summary(f, HuddleContext(now: now, confirmDefs: confirmDefs, operatories: operatories, noScheduling: noSchedulingBlockouts,
                                               providerAbbr: abbr, balanceThreshold: huddle.balanceThreshold))
    }
}
