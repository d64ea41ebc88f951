import Foundation
import FrontDeskApp
import FrontDeskCore
import FrontDeskStore
import OpenDentalAPI

/// One host serving the office: N headless dashboards (the real app core, effects and client)
/// against a remote-profile sandbox that runs as a process of its own, so the CPU measured here
/// is the dashboards' alone. Run once per transport, with prompt answers and with slow ones.
///
///   swift run -c release frontdesk-bench host 1 --seconds 30 --latency 8000 [--settle 90] [--urlsession]
func benchHost(dashboards: Int, seconds: Double, settle: Double = 0, latencies: [Int], transports: [String]) async throws {
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("frontdesk").path
    guard FileManager.default.isExecutableFile(atPath: exe) else {
        print("host: \(exe) is missing: build the frontdesk product in the same configuration first")
        return
    }
    for latency in latencies {
        for transport in transports {
            let port = Int(freePort())
            let office = Process()
            office.executableURL = URL(fileURLWithPath: exe)
            office.arguments = ["sandbox", "--profile", "remote", "--patients", "2000", "--port", String(port)]
                + (latency > 0 ? ["--fault", "latency:ms=\(latency)"] : [])
            office.standardOutput = FileHandle.nullDevice
            office.standardError = FileHandle.nullDevice
            try office.run()
            defer { office.terminate(); office.waitUntilExit() }
            guard await waitForPort(port, seconds: 60) else {
                print("host: the sandbox did not start")
                return
            }
            let root = NSTemporaryDirectory() + "frontdesk-host-\(getpid())-\(transport)-\(latency)"
            try? FileManager.default.removeItem(atPath: root)
            defer { try? FileManager.default.removeItem(atPath: root) }
            var boxes: [RuntimeBox] = []
            for i in 0..<dashboards {
                let t: HTTPTransport = transport == "urlsession" ? URLSessionTransport() : CurlTransport()
                let c = OpenDentalClient(configuration: ClientConfiguration(
                    baseURL: URL(string: "http://127.0.0.1:\(port)/api/v1")!,
                    credentials: Credentials(developerKey: "NFF6i0KrXrxDkZHt", customerKey: "VzkmZEaUWOjnQX2z"),
                    mode: .remote, tier: .standard), transport: t)
                let dir = root + "/cache"
                await c.shareBudget(directory: dir, owner: Int32(70_000 + i))
                let store = try OfficeStore.open(directory: dir, identity: OfficeIdentity(c), owner: Int32(70_000 + i))
                let now = AppRuntime.localNow()
                var state = AppState(today: now.date, now: now)
                state.width = 80
                state.height = 24
                let rt = HeadlessRuntime(client: c, state: state, store: store)
                rt.refreshSeconds = 30
                boxes.append(RuntimeBox(rt))
            }
            // Their start (reference data, the day, the directory crawl) first, not counted: what
            // is measured after it is a dashboard left on screen.
            if settle > 0 {
                await withTaskGroup(of: Void.self) { group in
                    for box in boxes { group.addTask { _ = await box.runtime.run(for: settle, leaveRunning: true) { _ in false } } }
                }
            }
            let before = Bench.cpuSeconds()
            await withTaskGroup(of: Void.self) { group in
                for box in boxes {
                    group.addTask { _ = await box.runtime.run(for: seconds) { _ in false } }
                }
            }
            let cpu = Bench.cpuSeconds() - before
            print(String(format: "host: %d dashboard%@, %@, office answering %@%@: %.2f %% of one core (%.2f s of CPU in %.0f s), peak RSS of the process %.1f MiB",
                         dashboards, dashboards == 1 ? "" : "s", transport, latency > 0 ? "in \(latency) ms" : "at once",
                         settle > 0 ? String(format: ", after %.0f s to settle", settle) : "",
                         cpu / seconds * 100, cpu, seconds, Bench.peakRSSMiB()))
        }
    }
}

/// A dashboard handed to one task of its own (it is never touched by two at once).
final class RuntimeBox: @unchecked Sendable {
    let runtime: HeadlessRuntime
    init(_ r: HeadlessRuntime) { runtime = r }
}

extension Bench {
    /// User and system CPU this process used so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }
}

/// A port nobody listens on now (bound, read, closed).
func freePort() -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return UInt16(bigEndian: addr.sin_port)
}

func waitForPort(_ port: Int, seconds: Double) async -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
        close(fd)
        if ok { return true }
        try? await Task.sleep(nanoseconds: 200_000_000)
    }
    return false
}
