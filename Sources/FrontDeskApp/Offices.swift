import Foundation
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI

/// One configured office as the dashboard is given it: its own client (its keys, its throttle
/// ledger), its own cache, its own action log, and the state it starts with.
public struct OfficeSetup: Sendable {
    public var name: String
    public var client: OpenDentalClient
    public var store: OfficeStore
    public var actionLog: ActionLog?
    public var state: AppState

    public init(name: String, client: OpenDentalClient, store: OfficeStore, actionLog: ActionLog? = nil, state: AppState) {
        self.name = name
        self.client = client
        self.store = store
        self.actionLog = actionLog
        self.state = state
    }
}

/// An office the dashboard keeps: nothing of it is shared with another office (the client and
/// its keys, the effects, the inbox their answers come back to, the cache, the state).
final class OfficeSession {
    let name: String
    let client: OpenDentalClient
    let store: OfficeStore
    let inbox = Inbox()
    let effects: EffectRunner
    var state: AppState
    var turns: LoopTurns
    /// Its start (reference data, the day, names) has run: it has been shown once.
    var started = false
    var lastBackground = Date.distantPast
    var backgroundStep = 0
    /// Its Offices row and what it was computed from: computed again only when that changed
    /// (the loop turns every second; open time is worth a little work, not every second).
    private var rowMemo: (input: RowInput, row: OfficeRow)?

    struct RowInput: Equatable {
        var today: OfficeToday
        var connection: Connection
        var minute: Int
        var confirmDefs: [Definition]
        var operatories: [Operatory]
        var noScheduling: Set<Int>
    }

    func row() -> OfficeRow {
        let input = RowInput(today: state.today, connection: state.connection, minute: state.now.epochSeconds / 60, confirmDefs: state.confirmDefs,
                             operatories: state.operatories, noScheduling: state.noSchedulingBlockouts)
        if let memo = rowMemo, memo.input == input { return memo.row }
        let row = OfficeRow.of(state, name: name)
        rowMemo = (input, row)
        return row
    }

    init(_ setup: OfficeSetup, refreshSeconds: Double?, reuseSeconds: Double, logger: Logger, now: Date = Date()) {
        name = setup.name
        client = setup.client
        store = setup.store
        state = setup.state
        effects = EffectRunner(client: setup.client, inbox: inbox, logger: logger, store: setup.store, reuseSeconds: reuseSeconds, actionLog: setup.actionLog)
        effects.watchReach()
        turns = LoopTurns(refreshSeconds: refreshSeconds, lastTick: .distantPast, now: now)
    }
}

/// Every configured office, one of them shown. The one shown runs as a single-office dashboard
/// does; the others only keep their row of the Offices view: one request per office per refresh
/// interval (today's appointments, and every fourth time its schedules instead), at background
/// priority, each against its own budget. An office that is down, slow or refuses its key holds
/// up nothing: each has its own client, and the loop never waits on any of them.
final class OfficeDesk {
    var sessions: [OfficeSession]
    private(set) var current: Int
    let logger: Logger
    let interval: Double

    init(_ setups: [OfficeSetup], start: Int, refreshSeconds: Double, reuseSeconds: Double, logger: Logger, now: Date = Date()) {
        sessions = setups.map { OfficeSession($0, refreshSeconds: refreshSeconds, reuseSeconds: reuseSeconds, logger: logger, now: now) }
        current = max(0, min(setups.count - 1, start))
        self.logger = logger
        interval = max(5, refreshSeconds)
        for (i, s) in sessions.enumerated() { s.turns.unseen = i != current }
    }

    var shown: OfficeSession { sessions[current] }

    /// The first turn of the office shown: its start, from its cache.
    func startShown() -> [Effect] {
        let s = shown
        s.started = true
        return startEffects(&s.state, cache: CacheLoader.snapshot(s.store, day: s.state.schedule.day))
    }

    /// Shows office `index`: it keeps what it had, starts if it never was shown, and the privacy
    /// mask, the idle clock and the screen size carry over (a screen facing the waiting room stays
    /// masked; an office not shown for a while is not found locked, since nobody was idle).
    func show(_ index: Int) -> [Effect] {
        guard sessions.indices.contains(index), index != current else { return [] }
        let before = shown.state
        shown.turns.unseen = true
        current = index
        let s = shown
        s.turns.unseen = false
        s.state.masked = before.masked
        // Its first frame already names it and lists the others, as every later one does.
        _ = update(&s.state, .offices(.rows(before.offices.rows, current: index)))
        s.state.locked = before.locked
        s.state.lastInput = before.lastInput
        s.state.width = before.width
        s.state.height = before.height
        s.state.themeName = before.themeName
        s.state.ascii = before.ascii
        logger.info("office shown: \(s.name)")
        var pending = s.turns.deferred
        s.turns.deferred = []
        if !s.started {
            pending = startShown() + pending
        } else {
            pending += update(&s.state, .refreshTick)
        }
        s.state.message = "Showing \(s.name)"
        s.state.messageIsError = false
        return pending
    }

    /// One wake for every office: the one shown gets the input and `pending`; the others their
    /// answers and, once per interval, one read of today. Returns the effects the runtime keeps.
    func turn(pending: [Effect], input: [Msg], now: Date, wall: LocalDateTime, clock: Double) -> [Effect] {
        var kept: [Effect] = []
        for (i, s) in sessions.enumerated() {
            var mine: [Effect] = i == current ? pending : []
            var msgs: [Msg] = []
            if i == current {
                msgs = input
            } else {
                // Sizes follow the terminal, so an office is drawn right the moment it is shown.
                for case .resize(let w, let h) in input { msgs.append(.resize(width: w, height: h)) }
                if now.timeIntervalSince(s.lastBackground) >= interval, !s.effects.busy {
                    s.lastBackground = now
                    mine.append(s.backgroundStep % 4 == 1 ? .loadDaySchedules(wall.date) : .loadDay(wall.date))
                    s.backgroundStep += 1
                }
            }
            kept += s.turns.turn(&s.state, pending: mine, input: msgs, now: now, wall: wall, clock: clock,
                                 inbox: s.inbox, effects: s.effects, store: s.store, logger: logger)
        }
        if sessions.count > 1 {
            let rows = sessions.map { $0.row() }
            if rows != shown.state.offices.rows || shown.state.offices.current != current {
                _ = update(&shown.state, .offices(.rows(rows, current: current)))
            }
        }
        return kept
    }

    /// Writes still on their way, in every office: logged as unknown.
    func abandon() -> Int { sessions.reduce(0) { $0 + $1.effects.abandon() } }

    var inboxFDs: [Int32] { sessions.map(\.inbox.readFD) }
}
