import Foundation

/// Who is waiting for a request. A keypress (interactive) never waits behind a background crawl:
/// when a slot frees up, the most urgent waiter goes first, oldest first within a class.
public enum RequestPriority: Int, Comparable, Sendable, CaseIterable {
    case background = 0
    case visible = 1
    case interactive = 2

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Time source for throttling and retry back-off, injectable for tests. Seconds, monotonic.
public protocol SchedulerClock: Sendable {
    func now() -> Double
    func sleep(until deadline: Double) async throws
}

/// The real clock.
public struct SystemClock: SchedulerClock {
    private let origin = ContinuousClock.now
    public init() {}

    public func now() -> Double {
        let d = ContinuousClock.now - origin
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    public func sleep(until deadline: Double) async throws {
        let wait = deadline - now()
        if wait > 0 { try await Task.sleep(nanoseconds: nanoseconds(wait)) }
    }
}

/// Seconds to nanoseconds for `Task.sleep`, never trapping: NaN and negatives are 0, and anything
/// past a day (infinity too) is a day (a time from outside, such as a header, is never converted unchecked).
public func nanoseconds(_ seconds: Double) -> UInt64 {
    guard !seconds.isNaN, seconds > 0 else { return 0 }
    return UInt64(min(seconds, 86_400) * 1e9)
}

/// At most one request in flight per customer key, started no sooner than `interval` plus a
/// margin after the previous start (Open Dental counts the request's own execution), and never
/// before a `Retry-After` the server asked for. Waiters can be cancelled (task cancellation or by tag).
///
/// The margin is what keeps the office's budget whole: requests started exactly one interval apart
/// reach the office up to a few milliseconds closer than that (network jitter) and are refused
/// (measured: 8 of 61 in a minute against the remote sandbox; 37 of 104 before the client shared
/// its lane). It starts at `Margin.initial` of the interval, doubles (plus a step) after every 429
/// up to half the interval, and after `Margin.narrowAfter` answers in a row without a 429 shrinks
/// by a tenth, never below the initial.
public actor RequestScheduler {
    public struct Ticket: Sendable {
        public let key: String
        let id: UInt64
    }

    private struct Waiter {
        let id: UInt64
        let priority: RequestPriority
        let tag: String?
        let continuation: CheckedContinuation<Void, Error>
    }

    /// The adaptive spacing added to a throttled lane's interval.
    public enum Margin {
        /// Share of the interval added from the start.
        public static let initial = 0.04
        /// After a 429: margin = margin × 2 + this share of the interval.
        public static let step = 0.05
        /// The margin never exceeds this share of the interval.
        public static let maximum = 0.5
        /// Answers in a row without a 429 before the margin shrinks by a tenth.
        public static let narrowAfter = 30
    }

    private struct Lane {
        var interval: Double = 0
        /// Seconds added to `interval` between starts (0 for unthrottled lanes).
        var margin: Double = -1
        var streak = 0
        /// The ticket that holds the slot, if any: a release by any other ticket is ignored.
        var holder: UInt64?
        var busy: Bool { holder != nil }
        var lastStart = -Double.infinity
        var notBefore = -Double.infinity
        var waiters: [Waiter] = []
        var pumping = false
    }

    private let clock: SchedulerClock
    /// When each lane's last request really went out (see `HTTPRequest.onSend`).
    public nonisolated let sends: SendStamps
    private var lanes: [String: Lane] = [:]
    private var nextID: UInt64 = 0
    /// Shared with the other FrontDesk processes on this host, per lane (see `RequestLedger`).
    private var ledgers: [String: RequestLedger] = [:]

    public init(clock: SchedulerClock = SystemClock()) {
        self.clock = clock
        sends = SendStamps(clock: clock)
    }

    /// Makes this lane's starts count against a budget shared by every process that uses `ledger`.
    public func share(key: String, ledger: RequestLedger) {
        ledgers[key] = ledger
        sends.share(key: key, ledger: ledger)
    }

    /// Waits for this key's turn. Throws `CancellationError` when cancelled while queued.
    public func acquire(key: String, interval: Double, priority: RequestPriority, tag: String? = nil) async throws -> Ticket {
        try Task.checkCancellation()
        nextID += 1
        let id = nextID
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Void, Error>) in
                var lane = lanes[key] ?? Lane()
                lane.interval = interval
                if lane.margin < 0 { lane.margin = interval * Margin.initial }
                lane.waiters.append(Waiter(id: id, priority: priority, tag: tag, continuation: cont))
                lanes[key] = lane
                pump(key)
            }
        } onCancel: {
            Task { await self.cancelWaiter(key: key, id: id) }
        }
        return Ticket(key: key, id: id)
    }

    /// Ends the request that holds the key's slot. Releasing twice, or a ticket that no longer
    /// holds the slot, does nothing (a write releases early and again when it ends).
    public func release(_ ticket: Ticket) {
        guard var lane = lanes[ticket.key], lane.holder == ticket.id else { return }
        lane.holder = nil
        lanes[ticket.key] = lane
        pump(ticket.key)
    }

    /// The longest wait a server may impose through `Retry-After`: a bad or hostile header must
    /// not stop the dashboard for a day.
    public static let maxBackOff: Double = 120

    /// The server asked us to wait (429 Retry-After): nothing for this key starts before then.
    /// The wait is bounded by `maxBackOff`; a value that is not a finite number is ignored.
    public func backOff(key: String, seconds: Double) {
        guard seconds.isFinite, seconds > 0 else { return }
        var lane = lanes[key] ?? Lane()
        lane.notBefore = max(lane.notBefore, clock.now() + min(seconds, Self.maxBackOff))
        lanes[key] = lane
    }

    /// A throttled answer (429): start further apart from now on.
    public func throttled(key: String) {
        guard var lane = lanes[key], lane.interval > 0 else { return }
        lane.margin = min(lane.interval * Margin.maximum, max(lane.margin, 0) * 2 + lane.interval * Margin.step)
        lane.streak = 0
        lanes[key] = lane
    }

    /// An answer that was not a 429: after a long enough run of them, close up a little.
    public func answered(key: String) {
        guard var lane = lanes[key], lane.interval > 0 else { return }
        lane.streak += 1
        if lane.streak >= Margin.narrowAfter {
            lane.streak = 0
            lane.margin = max(lane.interval * Margin.initial, lane.margin * 0.9)
        }
        lanes[key] = lane
    }

    /// The spacing between request starts for this key now (interval plus margin).
    public func spacing(key: String) -> Double {
        guard let lane = lanes[key] else { return 0 }
        return lane.interval + max(0, lane.margin)
    }

    /// Seconds until the server's `Retry-After` ends for this key (0 when it asked for none).
    public func waitRemaining(key: String) -> Double {
        guard let lane = lanes[key] else { return 0 }
        return max(0, lane.notBefore - clock.now())
    }

    /// Cancels every queued (not yet started) request carrying `tag`.
    public func cancel(tag: String) {
        for key in Array(lanes.keys) {
            guard var lane = lanes[key] else { continue }
            let (gone, kept) = (lane.waiters.filter { $0.tag == tag }, lane.waiters.filter { $0.tag != tag })
            lane.waiters = kept
            lanes[key] = lane
            for w in gone { w.continuation.resume(throwing: CancellationError()) }
        }
    }

    /// How many requests wait (not counting the one in flight), for the status line.
    public func queuedCount(key: String? = nil) -> Int {
        if let key { return lanes[key]?.waiters.count ?? 0 }
        return lanes.values.reduce(0) { $0 + $1.waiters.count }
    }

    private func cancelWaiter(key: String, id: UInt64) {
        guard var lane = lanes[key], let i = lane.waiters.firstIndex(where: { $0.id == id }) else { return }
        let w = lane.waiters.remove(at: i)
        lanes[key] = lane
        w.continuation.resume(throwing: CancellationError())
    }

    private func pump(_ key: String) {
        guard var lane = lanes[key], !lane.pumping, !lane.busy, !lane.waiters.isEmpty else { return }
        lane.pumping = true
        lanes[key] = lane
        Task { await self.runPump(key) }
    }

    /// Sleeps until the key may start again, then hands the slot to the most urgent waiter at
    /// that moment (so one that arrived during the wait can overtake).
    private func runPump(_ key: String) async {
        while true {
            guard var lane = lanes[key] else { return }
            if lane.busy || lane.waiters.isEmpty {
                lane.pumping = false
                lanes[key] = lane
                return
            }
            let ready = max(max(lane.lastStart, sends.last(key)) + lane.interval + max(0, lane.margin), lane.notBefore)
            if clock.now() < ready {
                try? await clock.sleep(until: ready)
                continue
            }
            // Other processes on this host may have used the office's budget meanwhile.
            if lane.interval > 0, let ledger = ledgers[key] {
                let urgent = lane.waiters.contains { $0.priority > .background }
                let wait = ledger.claim(spacing: lane.interval + max(0, lane.margin), urgent: urgent)
                if wait > 0 {
                    try? await clock.sleep(until: clock.now() + wait)
                    continue
                }
            }
            var best = 0
            for (i, w) in lane.waiters.enumerated() where w.priority > lane.waiters[best].priority { best = i }
            let w = lane.waiters.remove(at: best)
            lane.holder = w.id
            lane.lastStart = clock.now()
            lane.pumping = false
            lanes[key] = lane
            w.continuation.resume()
            return
        }
    }
}

/// The moment each lane's last request went on the wire. A slot is granted by the scheduler's
/// actor, but the request leaves only when its task gets a thread again: on a busy machine that
/// is 100 ms later or more, and spacing the next start from the grant let two requests reach the
/// office closer than the interval (429). Stamped synchronously from the transport, read by the
/// pump; the shared ledger is moved forward too, so other processes space from the real start.
public final class SendStamps: @unchecked Sendable {
    // @unchecked: both dictionaries are guarded by `lock`.
    private let lock = NSLock()
    private let clock: SchedulerClock
    private var stamps: [String: Double] = [:]
    private var ledgers: [String: RequestLedger] = [:]

    init(clock: SchedulerClock) {
        self.clock = clock
    }

    func share(key: String, ledger: RequestLedger) {
        lock.withLock { ledgers[key] = ledger }
    }

    /// A request of `key` is going out now.
    public func sent(key: String) {
        let ledger = lock.withLock { () -> RequestLedger? in
            stamps[key] = clock.now()
            return ledgers[key]
        }
        ledger?.touch()
    }

    func last(_ key: String) -> Double {
        lock.withLock { stamps[key] ?? -Double.infinity }
    }
}
