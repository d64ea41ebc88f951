import Foundation
import Testing

/// Tests that measure time against a throttle, or that load both cores (dashboards in tmux, a
/// sandbox per test, the fault matrix, the mutation run), take turns: on a 2-core machine two of
/// them at once made the timing ones measure the machine instead of the code (a request leaving
/// 100 ms after its start). Light tests still run alongside.
public actor OneAtATime {
    public static let shared = OneAtATime()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    public func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

/// `@Suite(.takesTurns)`: each of the suite's tests runs while no other such test does.
public struct TakesTurns: TestTrait, SuiteTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        await OneAtATime.shared.acquire()
        let t0 = Date()
        defer { if ProcessInfo.processInfo.environment["FD_TURNS"] != nil { FileHandle.standardError.write("TURN \(Date().timeIntervalSince(t0)) \(test.name)\n".data(using: .utf8)!) } }
        do {
            try await function()
        } catch {
            await OneAtATime.shared.release()
            throw error
        }
        await OneAtATime.shared.release()
    }
}

extension Trait where Self == TakesTurns {
    public static var takesTurns: Self { TakesTurns() }
}
