import Foundation
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI

/// One wake of the dashboard, shared by the terminal runtime and the headless one, so that what
/// the benchmarks and the tests drive is the user's app: the clock tick (with the office queue's
/// report), the background refresh, the user's input, the effects' answers, a cache gone bad; then
/// every effect is handed to the runner except those the runtime keeps (returned: quit, repaint,
/// theme).
struct LoopTurns {
    private var lastTick: Date
    private var lastRefresh: Date
    private var cacheProblemSaid = false
    let refreshSeconds: Double?
    /// An office not on screen: no refresh of its screens, and only today's reads and the writes
    /// already asked for run; what else its messages ask for (names, lists) waits in `deferred`
    /// until it is shown.
    var unseen = false
    var deferred: [Effect] = []

    /// The first clock tick comes a second after `lastTick` (at once by default).
    init(refreshSeconds: Double?, lastTick: Date = .distantPast, now: Date = Date()) {
        self.refreshSeconds = refreshSeconds
        self.lastTick = lastTick
        lastRefresh = now
    }

    /// `wall` is the office's wall clock, `clock` the seconds since start (what `update` fades
    /// messages and times requests by).
    mutating func turn(_ state: inout AppState, pending: [Effect], input: [Msg], now: Date, wall: LocalDateTime, clock: Double,
                       inbox: Inbox, effects: EffectRunner, store: OfficeStore, logger: Logger) -> [Effect] {
        var pending = pending
        if now.timeIntervalSince(lastTick) >= 1 {
            lastTick = now
            pending += update(&state, .tick(now: wall, clock: clock))
            effects.reportQueue()
        }
        if !unseen, let every = refreshSeconds, now.timeIntervalSince(lastRefresh) >= every {
            lastRefresh = now
            if !effects.busy { pending += update(&state, .refreshTick) }
        }
        for msg in input + inbox.drain() {
            // Ctrl-C, typed or a signal (posted to the inbox), ends the loop.
            if case .key(.ctrl("c")) = msg { state.quitting = true; continue }
            pending += update(&state, msg)
        }
        // A cache that fails mid-session (disk full, locked, made read-only) is said once.
        if !cacheProblemSaid, let problem = store.problem {
            cacheProblemSaid = true
            logger.warning("\(problem)")
            pending += update(&state, .cacheProblem(problem))
        }
        var kept: [Effect] = []
        for e in pending {
            switch e {
            case .quit: state.quitting = true
            case .repaint, .cycleTheme, .switchOffice: kept.append(e)
            case _ where unseen && !Self.runsUnseen(e): if !deferred.contains(e) { deferred.append(e) }
            default: effects.run(e, state: state)
            }
        }
        return kept
    }

    /// What an office not on screen still does: today's reads (its row) and writes already asked for.
    static func runsUnseen(_ e: Effect) -> Bool {
        switch e {
        case .loadDay, .loadDaySchedules, .verifyWrite, .checked: return true
        default: return Write.of(e) != nil
        }
    }
}
