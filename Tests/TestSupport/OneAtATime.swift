import Foundation
import Testing

/// Heavy tests share the machine through this gate, in three kinds.
///
/// - Tests that measure time against a throttle or a deadline (`.takesTurns`) run alone: on a
///   2-core machine another heavy test beside them made them measure the machine instead of the
///   code (a request leaving 100 ms after its start, a 429 the throttle never earned).
/// - Tests that load the machine but wait for what they check, never for time (dashboards in
///   tmux, a sandbox per test, the fault matrix) run two at a time (`.sharesTurns`): most of
///   their time is spent waiting on their processes, so two of them keep both cores busier.
/// - Tests that only burn CPU on a thread of their own (the mutation run) stay clear of the tests
///   that run alone and otherwise take no turn (`.clearOfTimedTests`): they fill the cores the
///   waiting tests leave idle.
///
/// Light tests run alongside all of them. A free slot goes to the lighter kinds first, and a test
/// that runs alone starts when nothing else heavy runs: granting strictly in the order asked left
/// one core idle while each lone test waited for the slot beside it to drain. Every heavy test
/// asks at the start of the run, so none waits for ever.
public actor OneAtATime {
    public static let shared = OneAtATime()
    public static let capacity = 2
    private var inUse = 0
    private var waiters: [(weight: Int, go: CheckedContinuation<Void, Never>)] = []

    /// Tests clear of the timed ones now running (weight 0).
    private var clear = 0
    /// Whether a test that runs alone runs now.
    private var alone = false

    /// Whether a test of `weight` may start now.
    private func fits(_ weight: Int) -> Bool {
        switch weight {
        case 0: return !alone
        case Self.capacity: return inUse == 0 && clear == 0
        default: return inUse + weight <= Self.capacity
        }
    }

    public func acquire(weight: Int) async {
        if fits(weight) {
            take(weight)
            return
        }
        await withCheckedContinuation { waiters.append((weight, $0)) }
    }

    private func take(_ weight: Int) {
        if weight == 0 { clear += 1 } else { inUse += weight }
        if weight == Self.capacity { alone = true }
    }

    public func release(weight: Int) {
        if weight == 0 { clear -= 1 } else { inUse -= weight }
        if weight == Self.capacity { alone = false }
        // The first that fits, lighter ones first: a test clear of the timed ones or a shared turn
        // beside one running, a lone one when nothing else heavy runs.
        while let i = waiters.firstIndex(where: { $0.weight < Self.capacity && fits($0.weight) })
                ?? waiters.firstIndex(where: { fits($0.weight) }) {
            let next = waiters.remove(at: i)
            take(next.weight)
            next.go.resume()
        }
    }
}

extension OneAtATime {
    /// A turn for part of a test: a test that measures time only in one stretch runs that stretch
    /// alone and the rest beside one other.
    public static func inTurn<T>(alone: Bool, _ body: () async throws -> T) async rethrows -> T {
        let weight = alone ? capacity : 1
        await shared.acquire(weight: weight)
        do {
            let result = try await body()
            await shared.release(weight: weight)
            return result
        } catch {
            await shared.release(weight: weight)
            throw error
        }
    }
}

/// `@Suite(.takesTurns)`: each of the suite's tests runs while no other heavy test does.
/// `@Suite(.sharesTurns)`: each runs beside at most one other test that shares its turns.
public struct TakesTurns: TestTrait, SuiteTrait, TestScoping {
    let weight: Int
    public var isRecursive: Bool { true }

    /// The turn a test already holds (a suite's trait and the test's own both apply).
    @TaskLocal static var held: Int?

    /// A test of a suite that shares its turns may run alone (`@Test(.takesTurns)`): the
    /// heavier of the two traits is the one that takes the turn.
    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        guard testCase != nil else { return nil }
        let heaviest = test.traits.compactMap { ($0 as? TakesTurns)?.weight }.max() ?? weight
        return weight < heaviest ? nil : self
    }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        if let held = Self.held, held >= weight { return try await function() }
        try await Self.$held.withValue(weight) { try await turn(test, function) }
    }

    private func turn(_ test: Test, _ function: @Sendable () async throws -> Void) async throws {
        await OneAtATime.shared.acquire(weight: weight)
        let t0 = Date()
        defer { if ProcessInfo.processInfo.environment["FD_TURNS"] != nil { FileHandle.standardError.write("TURN \(Date().timeIntervalSince(t0)) \(weight) \(test.name)\n".data(using: .utf8)!) } }
        do {
            try await function()
        } catch {
            await OneAtATime.shared.release(weight: weight)
            throw error
        }
        await OneAtATime.shared.release(weight: weight)
    }
}

extension Trait where Self == TakesTurns {
    /// Runs alone among the heavy tests: for tests that measure time.
    public static var takesTurns: Self { TakesTurns(weight: OneAtATime.capacity) }
    /// Runs beside at most one other heavy test: for tests that load the machine but wait for
    /// what they check.
    public static var sharesTurns: Self { TakesTurns(weight: 1) }
    /// Never runs beside a test that runs alone, otherwise whenever: for CPU-bound tests on a
    /// thread of their own, which hold up nothing else.
    public static var clearOfTimedTests: Self { TakesTurns(weight: 0) }
}
