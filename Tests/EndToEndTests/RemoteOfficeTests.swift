import Foundation
import TestSupport
import Testing

/// Two dashboards (two processes) on one key against a Remote office (one request a second,
/// 429 when faster), sharing the host's request ledger and cache; then a start with the office
/// gone, from that cache. Counted by the sandbox, a third process.
@Suite(.serialized, .takesTurns, .enabled(if: Tmux.enabled)) struct RemoteOfficeTests {
    /// Every schedule row on screen shows a patient's name, not a "#PatNum" placeholder.
    static func everyNameShown(_ screen: String) -> Bool {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.firstIndex(where: { $0.contains("Patient") && $0.contains("Time") }),
              let column = lines[header].range(of: "Patient") else { return false }
        let start = lines[header].distance(from: lines[header].startIndex, to: column.lowerBound)
        let rows = lines.dropFirst(header + 1).prefix { $0.contains(":") && !$0.contains(" online ") && !$0.contains("OFFICE") }
        guard rows.count >= 5 else { return false }
        return rows.allSatisfy { row in
            let cells = Array(row)
            return cells.count > start && cells[start] != "#"
        }
    }

    static func stats(_ url: String) async -> (requests: Int, throttled: Int, rows: String) {
        await offThread {
            let admin = url.replacingOccurrences(of: "/api/v1", with: "/sandbox/stats")
            guard let data = try? Data(contentsOf: URL(string: admin)!),
                  let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return (-1, -1, "") }
            return (obj["requests"] as? Int ?? -1, obj["throttled"] as? Int ?? -1, "\(obj["rows"] ?? "")")
        }
    }

    @Test func twoDashboardsShareTheBudgetAndAStartWithoutTheOfficeShowsTheCache() async throws {
        let (pid, url, log) = try await startSandbox(["--profile", "remote"])
        var sandboxRunning = true
        defer {
            if sandboxRunning { kill(pid, SIGINT); _ = waitStatus(pid) }
            unlink(log)
        }
        let shared = NSTemporaryDirectory() + "fd-e2e-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: shared) }
        let env = ["FRONTDESK_BASE_URL": url, "FRONTDESK_DEVELOPER_KEY": "NFF6i0KrXrxDkZHt",
                   "FRONTDESK_CUSTOMER_KEY": "VzkmZEaUWOjnQX2z", "XDG_CACHE_HOME": shared]
        let a = try Tmux(), b = try Tmux()
        defer { a.stop(); b.stop() }
        a.start(env: env)
        b.start(env: env)
        let both = await offThread { () -> Bool in
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if Self.everyNameShown(a.screen()), Self.everyNameShown(b.screen()) { return true }
                usleep(200_000)
            }
            return false
        }
        #expect(both, "names on both screens; a: \(a.screen())\nb: \(b.screen())")
        // Let the background work of both run on a while: still nothing refused.
        _ = await offThread { sleep(6) }
        let (requests, throttled, rows) = await Self.stats(url)
        #expect(requests > 6)
        // Two processes, one budget: the ledger spaces them as one client (without it two cold
        // dashboards collided from their first request: 10 refusals in 46).
        #expect(throttled <= 1, "\(throttled) of \(requests) answered 429: \(rows)")

        // Quit one; the office goes away; start it again.
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
    }
}
