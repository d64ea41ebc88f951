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
        // At least the interval plus the margin apart (arrivals at the office jitter; exactly one
        // interval apart, a third were refused)...
        let spacing = interval * (1 + RequestScheduler.Margin.initial)
        for (a, b) in zip(t, t.dropFirst()) { #expect(b - a >= spacing - 1e-9) }
        // ...and no slower than needed: each waits exactly that on the virtual clock.
        #expect(abs((t.last! - t.first!) - 5 * spacing) < 1e-6)
    }

    /// A 429 widens the spacing at once; a long run of answers narrows it back, never below the start.
    @Test func theMarginWidensAfterA429AndNarrowsSlowly() async throws {
        let scheduler = RequestScheduler(clock: TestClock())
        let t = try await scheduler.acquire(key: "k", interval: 1, priority: .background)
        await scheduler.release(t)
        let start = await scheduler.spacing(key: "k")
        #expect(abs(start - 1.04) < 1e-9)
        await scheduler.throttled(key: "k")
        let wide = await scheduler.spacing(key: "k")
        #expect(abs(wide - (1 + 0.04 * 2 + 0.05)) < 1e-9)
        for _ in 0..<10 { await scheduler.throttled(key: "k") }
        #expect(await scheduler.spacing(key: "k") <= 1.5 + 1e-9, "never more than half an interval")
        for _ in 0..<(RequestScheduler.Margin.narrowAfter - 1) { await scheduler.answered(key: "k") }
        #expect(await scheduler.spacing(key: "k") == 1.5, "not before a full run of answers")
        await scheduler.answered(key: "k")
        #expect(abs(await scheduler.spacing(key: "k") - 1.45) < 1e-9)
        for _ in 0..<(RequestScheduler.Margin.narrowAfter * 200) { await scheduler.answered(key: "k") }
        #expect(abs(await scheduler.spacing(key: "k") - 1.04) < 1e-9)
    }

    /// The client tells the scheduler: a 429 widens the lane's spacing before the retry goes out.
    @Test func aThrottledAnswerWidensTheClientsSpacing() async throws {
        let clock = TestClock()
        let times = Locked<[Double]>([])
        let transport = StubTransport { _, n in
            times.value.append(clock.now())
            return n == 2 ? json(#""slow down""#, status: 429) : json("[]")
        }
        let client = makeClient(mode: .remote, tier: .standard, retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.01), clock: clock, transport: transport)
        for _ in 0..<3 { _ = try await client.send(Endpoints.securityPerms()) }
        let t = times.value
        #expect(t.count == 4)
        #expect(t[1] - t[0] >= 1.04 - 1e-9)
        #expect(t[3] - t[2] >= 1.13 - 1e-9, "after the 429 the next start waits the wider spacing")
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

