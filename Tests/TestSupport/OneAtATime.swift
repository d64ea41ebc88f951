import Foundation
import Testing

/// Heavy tests share the machine through this gate, in four kinds.
///
/// - **Timed** tests (`.takesTurns`) measure time against a deadline: a timeout, a connection
///   that must end at once. They run alone among the heavy tests: on the 2-core machine a loaded
///   neighbour made them measure the machine instead of the code. Two timed tests at once were
///   tried: a transport test then waited out its 5 s timeout for an answer cut short.
/// - **Paced** tests (`.takesPacedTurns`) count 429s against an office's throttle (one request a
///   second, a 40 ms margin): a request leaving 100 ms after its start beside a loaded neighbour
///   earned a 429 the throttle never would have. They spend their seconds waiting on the throttle
///   (a few requests, little CPU), each on a sandbox of its own, so two of them run together,
///   beside nothing else.
/// - **Sharing** tests (`.sharesTurns`) load the machine but wait for what they check, never for
///   time: dashboards in tmux or over ssh, a sandbox per test, the fault matrix. Up to
///   `sharing` of them run at once; most of their time is spent waiting on their processes.
/// - **Clear** tests (`.clearOfTimedTests`) only burn CPU on a thread of their own (the mutation
///   run): they keep clear of the timed ones and otherwise take no turn, filling the cores the
///   waiting tests leave idle.
///
/// Light tests run alongside all of them. Free room goes to the sharing and clear kinds first;
/// then the paced tests, two at a time, once none of those runs or waits; then the timed ones,
/// one by one. That puts them at the end of the run,
/// where the machine is quiet (the light tests flood both cores at its start), and it never
/// leaves a core idle while a timed test waits for its neighbour to drain. Every heavy test asks
/// at the start of the run, so none waits for ever.
public actor OneAtATime {
    public enum Kind: Int, Sendable, Comparable {
        case clear, sharing, paced, timed
        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    public static let shared = OneAtATime()
    /// Sharing tests at once. Three on the 2-core machine: 8 s less a run than two (a race in
    /// the crawl test's count came out, fixed), and with the dashboards among them (their keys
    /// sent only on a settled screen) a full run went from 104 s to 78-88 s.
    public static let sharing = 3
    /// Paced tests at once.
    public static let paced = 2
    private var running: [Kind: Int] = [:]
    /// `long`: a test that takes many seconds; among waiters of a kind these go first, so the
    /// run does not end on one of them with the other lanes idle (a 13 s test asking last
    /// ended the sharing phase alone).
    private var waiters: [(kind: Kind, long: Bool, go: CheckedContinuation<Void, Never>)] = []

    private func count(_ kind: Kind) -> Int { running[kind, default: 0] }

    /// Whether a test of `kind` may start now.
    private func fits(_ kind: Kind) -> Bool {
        let alone = count(.timed) == 0 && count(.paced) == 0
        switch kind {
        case .clear: return alone
        case .sharing: return alone && count(.sharing) < Self.sharing
        case .paced:
            return count(.timed) == 0 && count(.paced) < Self.paced && count(.sharing) == 0 && count(.clear) == 0
                && !waiters.contains { $0.kind < .paced }
        case .timed: return alone && count(.sharing) == 0 && count(.clear) == 0 && !waiters.contains { $0.kind < .timed }
        }
    }

    /// When the gate was first asked: every heavy test asks within moments of the run's start.
    private let opened = ContinuousClock.now

    public func acquire(_ kind: Kind, long: Bool = false) async {
        // A timed test that asks first would otherwise start at once, in the flood of light tests
        // that opens the run, and hold every sharing test back while it waits on its throttle
        // (seen: 13 s lost). It lets the others ask first.
        if kind >= .paced, ContinuousClock.now - opened < .seconds(1) {
            try? await Task.sleep(until: opened + .seconds(1))
        }
        if fits(kind) {
            running[kind, default: 0] += 1
            return
        }
        await withCheckedContinuation { waiters.append((kind, long, $0)) }
    }

    public func release(_ kind: Kind) {
        running[kind, default: 0] -= 1
        // Lighter kinds first (long tests before short ones), then the timed ones, one by one,
        // once nothing else runs or waits.
        while let i = waiters.firstIndex(where: { $0.kind < .timed && $0.long && fits($0.kind) })
                ?? waiters.firstIndex(where: { $0.kind < .timed && fits($0.kind) })
                ?? waiters.firstIndex(where: { fits($0.kind) }) {
            let next = waiters.remove(at: i)
            running[next.kind, default: 0] += 1
            next.go.resume()
        }
    }

    /// A turn for part of a test: a test that measures time in one stretch only runs that
    /// stretch as a timed test and the rest as a sharing one.
    public static func inTurn<T>(_ kind: Kind, long: Bool = false, _ body: () async throws -> T) async rethrows -> T {
        await shared.acquire(kind, long: long)
        do {
            let result = try await body()
            await shared.release(kind)
            return result
        } catch {
            await shared.release(kind)
            throw error
        }
    }
}

/// `@Suite(.takesTurns)`, `@Suite(.sharesTurns)`, `@Suite(.clearOfTimedTests)`: each of the
/// suite's tests runs as that kind of heavy test.
public struct TakesTurns: TestTrait, SuiteTrait, TestScoping {
    let kind: OneAtATime.Kind
    var long = false
    public var isRecursive: Bool { true }

    /// The turn a test already holds (a suite's trait and the test's own both apply).
    @TaskLocal static var held: OneAtATime.Kind?

    /// A test of a sharing suite may be timed (`@Test(.takesTurns)`): the heavier of the two
    /// traits is the one that takes the turn.
    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        guard testCase != nil else { return nil }
        let turns = test.traits.compactMap { $0 as? TakesTurns }
        let heaviest = turns.map(\.kind).max() ?? kind
        guard kind >= heaviest else { return nil }
        var me = self
        me.long = turns.contains { $0.kind == kind && $0.long }
        return me
    }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        if let held = Self.held, held >= kind { return try await function() }
        try await Self.$held.withValue(kind) { try await turn(test, function) }
    }

    /// The first turn's start (for FD_TURNS's timeline; turns are asked for as the run starts).
    static let runStart = Date()

    private func turn(_ test: Test, _ function: @Sendable () async throws -> Void) async throws {
        _ = Self.runStart
        try await OneAtATime.inTurn(kind, long: long) {
            let t0 = Date()
            defer {
                if ProcessInfo.processInfo.environment["FD_TURNS"] != nil {
                    FileHandle.standardError.write(Data("TURN \(Date().timeIntervalSince(t0)) \(kind) \(test.name) from \(t0.timeIntervalSince(Self.runStart))\n".utf8))
                }
            }
            try await function()
        }
    }
}

extension Trait where Self == TakesTurns {
    /// A timed test: runs beside no other heavy test.
    public static var takesTurns: Self { TakesTurns(kind: .timed) }
    /// A test that counts 429s against a throttle: runs beside one other of its kind only.
    public static var takesPacedTurns: Self { TakesTurns(kind: .paced) }
    /// A sharing test: runs beside a few others of its kind, never beside a timed one.
    public static var sharesTurns: Self { TakesTurns(kind: .sharing) }
    /// A sharing test that takes many seconds (a dashboard's whole session): starts before the
    /// short ones waiting with it.
    public static var sharesLongTurns: Self { TakesTurns(kind: .sharing, long: true) }
    /// A CPU-bound test on a thread of its own: never beside a timed test, otherwise whenever.
    public static var clearOfTimedTests: Self { TakesTurns(kind: .clear) }
}
