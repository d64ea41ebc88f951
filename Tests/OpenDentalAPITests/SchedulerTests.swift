import Foundation
import Testing
@testable import OpenDentalAPI

@Suite struct SchedulerTests {
    /// Starts `count` concurrent GETs and returns the virtual times at which each reached the wire.
    func startTimes(mode: APIMode, tier: ThrottleTier, count: Int) async throws -> [Double] {
        let clock = TestClock()
        let times = Locked<[Double]>([])
        let transport = StubTransport { _, _ in
            times.value.append(clock.now())
            return json("[]")
        }
        let client = makeClient(mode: mode, tier: tier, clock: clock, transport: transport)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask { _ = try await client.send(Endpoints.securityPerms(), priority: .background) }
            }
            try await group.waitForAll()
        }
        return times.value
    }

    @Test(arguments: [(ThrottleTier.readAllOnly, 5.0), (.standard, 1.0), (.enterprise, 0.5)])
    func remoteRequestsAreSpacedByTier(tier: ThrottleTier, interval: Double) async throws {
        let t = try await startTimes(mode: .remote, tier: tier, count: 6)
        #expect(t.count == 6)
        for (a, b) in zip(t, t.dropFirst()) { #expect(b - a >= interval - 1e-9) }
        // ...and no slower than needed: each waits exactly one interval on the virtual clock.
        #expect(abs((t.last! - t.first!) - 5 * interval) < 1e-6)
    }

    @Test func localModeIsNotThrottled() async throws {
        let t = try await startTimes(mode: .local, tier: .readAllOnly, count: 5)
        #expect(t.count == 5)
        #expect(t.last! - t.first! < 1e-9)
    }

    @Test func interactiveOvertakesQueuedBackground() async throws {
        let clock = TestClock()
        let scheduler = RequestScheduler(clock: clock)
        let holder = try await scheduler.acquire(key: "k", interval: 1, priority: .background)
        let order = Locked<[String]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            let arrivals: [(String, RequestPriority)] = [("bg1", .background), ("bg2", .background), ("vis", .visible), ("bg3", .background), ("key", .interactive)]
            for (i, (name, prio)) in arrivals.enumerated() {
                group.addTask {
                    let t = try await scheduler.acquire(key: "k", interval: 1, priority: prio)
                    order.value.append(name)
                    await scheduler.release(t)
                }
                // Enqueue in a known order.
                while await scheduler.queuedCount(key: "k") < i + 1 { await Task.yield() }
            }
            await scheduler.release(holder)
            try await group.waitForAll()
        }
        #expect(order.value == ["key", "vis", "bg1", "bg2", "bg3"])
    }

    @Test func queuedRequestsCanBeCancelled() async throws {
        let scheduler = RequestScheduler(clock: TestClock())
        let holder = try await scheduler.acquire(key: "k", interval: 0, priority: .background)
        let crawl = Task { try await scheduler.acquire(key: "k", interval: 0, priority: .background, tag: "crawl") }
        let other = Task { try await scheduler.acquire(key: "k", interval: 0, priority: .background, tag: "screen") }
        let single = Task { try await scheduler.acquire(key: "k", interval: 0, priority: .visible) }
        while await scheduler.queuedCount() < 3 { await Task.yield() }
        await scheduler.cancel(tag: "crawl")
        single.cancel()
        await #expect(throws: CancellationError.self) { _ = try await crawl.value }
        await #expect(throws: CancellationError.self) { _ = try await single.value }
        #expect(await scheduler.queuedCount() == 1)
        await scheduler.release(holder)
        let t = try await other.value
        await scheduler.release(t)
        #expect(await scheduler.queuedCount() == 0)
    }

    @Test func retryAfterHoldsTheKey() async throws {
        let clock = TestClock()
        let times = Locked<[Double]>([])
        let transport = StubTransport { _, n in
            times.value.append(clock.now())
            if n == 1 { return json("Too many requests", status: 429, headers: ["Retry-After": "7"]) }
            return json(#"[{"Permission":"ApiReadAll","HasPermission":"true"}]"#)
        }
        let client = makeClient(mode: .remote, tier: .standard, clock: clock, transport: transport)
        let perms = try await client.send(Endpoints.securityPerms())
        #expect(perms.count == 1)
        #expect(times.value.count == 2)
        #expect(times.value[1] - times.value[0] >= 7 - 1e-9)
    }
}

