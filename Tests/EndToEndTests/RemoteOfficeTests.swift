import Foundation
import TestSupport
import Testing

/// Two dashboards (two processes) on one key against a Remote office (one request a second,
/// 429 when faster), sharing the host's request ledger and cache; counted by the sandbox, a third
/// process. Then, in a test of its own, a start with the office gone, from the cache two such
/// dashboards wrote. The test that counts 429s runs beside no other test's dashboards (a paced
/// turn); the start without the office waits only for what it checks, so it shares its turn (it
/// used to follow the count in the same test: 8 s at the end of every run with nothing beside it).
@Suite(.enabled(if: Tmux.enabled)) struct RemoteOfficeTests {
    static func everyNameShown(_ screen: String) -> Bool { EndToEndTests.everyNameShown(screen) }

    static func stats(_ url: String) async -> (requests: Int, throttled: Int, rows: String) {
        await offThread {
            let admin = url.replacingOccurrences(of: "/api/v1", with: "/sandbox/stats")
            guard let data = try? Data(contentsOf: URL(string: admin)!),
                  let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return (-1, -1, "") }
            return (obj["requests"] as? Int ?? -1, obj["throttled"] as? Int ?? -1, "\(obj["rows"] ?? "")")
        }
    }

    /// A Remote-profile sandbox and two dashboards on its key, sharing one cache folder: returns
    /// once both show the day with every name.
    struct TwoDashboards {
        let pid: pid_t, url: String, log: String, shared: String
        let a: Tmux, b: Tmux
        var env: [String: String] {
            ["FRONTDESK_BASE_URL": url, "FRONTDESK_DEVELOPER_KEY": "NFF6i0KrXrxDkZHt",
             "FRONTDESK_CUSTOMER_KEY": "VzkmZEaUWOjnQX2z", "XDG_CACHE_HOME": shared]
        }

        static func start() async throws -> TwoDashboards {
            let (pid, url, log) = try await startSandbox(["--profile", "remote"])
            let two = TwoDashboards(pid: pid, url: url, log: log, shared: NSTemporaryDirectory() + "fd-e2e-cache-\(UUID().uuidString)",
                                    a: try Tmux(), b: try Tmux())
            two.a.start(env: two.env)
            two.b.start(env: two.env)
            let both = await offThread { () -> Bool in
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline {
                    if everyNameShown(two.a.screen()), everyNameShown(two.b.screen()) { return true }
                    usleep(200_000)
                }
                return false
            }
            #expect(both, "names on both screens; a: \(two.a.screen())\nb: \(two.b.screen())")
            return two
        }

        /// Ends the dashboards and the sandbox (if still running), removes the cache folder.
        func stop(sandboxRunning: Bool = true) {
            a.stop()
            b.stop()
            if sandboxRunning { kill(pid, SIGINT); _ = waitStatus(pid) }
            unlink(log)
            try? FileManager.default.removeItem(atPath: shared)
        }
    }

    @Test(.takesPacedTurns) func twoDashboardsShareTheBudget() async throws {
        let two = try await TwoDashboards.start()
        defer { two.stop() }
        // Let the background work of both run on a while: still nothing refused.
        _ = await offThread { sleep(6) }
        let (requests, throttled, rows) = await Self.stats(two.url)
        #expect(requests > 6)
        // Two processes, one budget: the ledger spaces them as one client (without it two cold
        // dashboards collided from their first request: 10 refusals in 46; with the ledger reading
        // its clock before its lock, 4 of 17). Alone this run sees 0; while the rest of the suite
        // runs, a request can reach the sandbox's front door more than the 40 ms margin late (seen:
        // 2 refusals once in six full runs), so up to 2 are allowed here; the benchmark
        // (`frontdesk-bench requests`) measures the target on a quiet machine: 0.
        #expect(throttled <= 2, "\(throttled) of \(requests) answered 429: \(rows)")
    }

    @Test(.sharesLongTurns) func aStartWithoutTheOfficeShowsTheCacheTwoDashboardsWrote() async throws {
        let two = try await TwoDashboards.start()
        var sandboxRunning = true
        defer { two.stop(sandboxRunning: sandboxRunning) }
        two.b.keys("q")
        await two.b.wait(for: "EXIT=0")
        try await startWithoutTheOffice(two.a, pid: two.pid, env: two.env, shared: two.shared, sandboxRunning: &sandboxRunning)
    }

    /// Quit one; the office goes away; start it again: the cache's day, said as such.
    func startWithoutTheOffice(_ a: Tmux, pid: pid_t, env: [String: String], shared: String, sandboxRunning: inout Bool) async throws {
        a.keys("q")
        await a.wait(for: "EXIT=0")
        kill(pid, SIGINT)
        _ = waitStatus(pid)
        sandboxRunning = false
        let c = try Tmux()
        defer { c.stop() }
        c.start(env: env)
        let screen = await c.wait(for: "data from", seconds: 30)
        await c.wait(for: "OFFICE UNREACHABLE", seconds: 30)
        #expect(Self.everyNameShown(screen), "the cached day with its names:\n\(screen)")
        c.keys("c")
        await c.wait(for: "Cannot save: office unreachable", seconds: 10)

        // `frontdesk cache`: where, how big, how old; --clear empties it. Never the key.
        var cli = env
        cli["HOME"] = shared
        cli["XDG_CONFIG_HOME"] = shared + "/config"
        let info = await runFrontdesk(["cache"], env: cli)
        #expect(info.status == 0, "\(info.output)")
        #expect(info.output.contains("Cache:    \(shared)/frontdesk/office-"), "\(info.output)")
        #expect(info.output.contains("Patients:") && !info.output.contains("Patients: 0 "), "\(info.output)")
        #expect(!info.output.contains("VzkmZEaUWOjnQX2z"))
        let cleared = await runFrontdesk(["cache", "--clear"], env: cli)
        #expect(cleared.output.contains("Cleared.") && cleared.output.contains("Patients: 0 "), "\(cleared.output)")
    }
}

@Suite(.sharesTurns, .enabled(if: Tmux.enabled)) struct CacheFileTests {
    /// A cache file that is not a database: said once, the dashboard works from the office.
    @Test func aCorruptCacheIsSaidAndTheDashboardGoesOn() async throws {
        let (pid, url, log) = try await startSandbox()
        defer { kill(pid, SIGINT); _ = waitStatus(pid); unlink(log) }
        let t = try Tmux()
        defer { t.stop() }
        let env = ["FRONTDESK_BASE_URL": url, "FRONTDESK_DEVELOPER_KEY": "NFF6i0KrXrxDkZHt", "FRONTDESK_CUSTOMER_KEY": "VzkmZEaUWOjnQX2z",
                   "XDG_CACHE_HOME": t.home + "/cache", "HOME": t.home, "XDG_CONFIG_HOME": t.home + "/config"]
        let where_ = await runFrontdesk(["cache"], env: env)
        #expect(where_.output.contains("nothing cached yet"), "\(where_.output)")
        let path = try #require(where_.output.split(separator: "\n").first { $0.hasPrefix("Cache:") }?.split(separator: " ").last.map(String.init))
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: path))
        t.start(env: env)
        await t.wait(for: "Working without the local cache")
        await t.wait(for: "online")
        // The file is left for the user to look at or clear; the command says how, and clears it.
        let after = await runFrontdesk(["cache"], env: env)
        #expect(after.status == 1 && after.output.contains("cannot be read"), "\(after.output)")
        let cleared = await runFrontdesk(["cache", "--clear"], env: env)
        #expect(cleared.status == 0 && cleared.output.contains("Removed the unreadable cache file"), "\(cleared.output)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
