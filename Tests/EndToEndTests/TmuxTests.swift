import Foundation
import Testing

/// End to end: the real binary in tmux against its embedded sandbox, waiting on screen text
/// (never sleeping a fixed time to assert). Skipped only when tmux is missing.
struct Tmux {
    let socket = "fd-e2e-\(getpid())-\(UUID().uuidString.prefix(6))"
    let session = "e2e"
    let home: String

    init() throws {
        home = NSTemporaryDirectory() + "fd-e2e-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

    static var binary: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for config in ["debug", "release"] {
            let p = root.appendingPathComponent(".build/\(config)/frontdesk").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return root.appendingPathComponent(".build/debug/frontdesk").path
    }

    /// Runs a tmux command and returns its output. posix_spawn + waitpid rather than Process:
    /// Foundation's waitUntilExit can miss the exit of a child on a test thread, and the tmux
    /// server forked by new-session must not inherit an output pipe (it would hold it open).
    @discardableResult
    func run(_ args: [String]) -> String {
        let outPath = home + "/tmux-out-\(UUID().uuidString)"
        defer { unlink(outPath) }
        let pid = spawn("/usr/bin/tmux", ["-L", socket] + args, output: args.first == "new-session" ? "/dev/null" : outPath)
        _ = waitStatus(pid)
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    /// Starts the dashboard with no office configured; the shell reports its exit status after.
    func start(env: [String: String] = [:], width: Int = 80, height: Int = 24) {
        var vars = ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state", "LANG": "C.UTF-8", "TERM": "xterm-256color"]
        vars.merge(env) { _, new in new }
        let envText = vars.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        run(["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height),
             "sh -c \"env \(envText) '\(Self.binary)'; echo EXIT=\\$?; sleep 60\""])
    }

    func screen() -> String { run(["capture-pane", "-p", "-t", session]) }
    func keys(_ k: String...) { run(["send-keys", "-t", session] + k) }
    func type(_ text: String) { run(["send-keys", "-t", session, "-l", text]) }
    func resize(_ w: Int, _ h: Int) { run(["resize-window", "-t", session, "-x", String(w), "-y", String(h)]) }
    func stop() { run(["kill-server"]) }

    /// Waits (up to `seconds`) until the screen contains `text`; returns the screen.
    @discardableResult
    func wait(for text: String, seconds: Double = 60, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = screen()
            if last.contains(text) { return last }
            usleep(100_000)
        }
        Issue.record("timed out waiting for \"\(text)\"; screen was:\n\(last)", sourceLocation: sourceLocation)
        return last
    }

    var panePid: Int32 { Int32(run(["display", "-p", "-t", session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
}

@Suite(.serialized, .enabled(if: Tmux.available)) struct EndToEndTests {
    @Test func demoBootsSearchesOpensAPatientAndResizes() throws {
        let t = try Tmux()
        defer { t.stop() }
        t.start()
        t.wait(for: "DEMO: sandbox practice")
        // The day has loaded when a row is selected (the "▶" marker, colour or not).
        let schedule = t.wait(for: "▶")
        #expect(schedule.contains("Today") && schedule.contains("appointments"))
        t.keys("2")
        t.wait(for: "Find patient")
        t.type("nunez")
        t.keys("Enter")
        t.wait(for: "Núñez, José")
        t.keys("Enter")
        let detail = t.wait(for: "Patient detail")
        t.wait(for: "Upcoming appointments")
        #expect(detail.contains("Núñez"))
        t.keys("Escape")
        t.wait(for: "Patients matching")
        t.keys("?")
        t.wait(for: "Keys: Patients")
        t.keys("Escape")
        t.resize(120, 40)
        let wide = t.wait(for: "Email")
        #expect(wide.split(separator: "\n").first.map { $0.count > 80 } == true)
        t.resize(70, 20)
        t.wait(for: "Terminal too small")
        t.wait(for: "70x20, need 80x24")
        t.resize(80, 24)
        t.wait(for: "Patients matching")
        t.keys("q")
        let after = t.wait(for: "EXIT=0")
        // The terminal is back to normal: the dashboard is gone from the screen.
        #expect(!after.contains("Patients matching"))
    }

    @Test(arguments: [["NO_COLOR": "1"], ["TERM": "vt100"]])
    func monochromeRunsStillShowTheSelection(env: [String: String]) throws {
        let t = try Tmux()
        defer { t.stop() }
        t.start(env: env)
        let s = t.wait(for: "▶")
        #expect(s.contains("appointments"))
        t.keys("q")
        t.wait(for: "EXIT=0")
    }

    /// SIGTERM ends cleanly (exit 0); SIGSEGV goes through the C crash handler, which restores the
    /// terminal and says so before the process dies (exit 128+11).
    @Test(arguments: [(SIGTERM, "EXIT=0"), (SIGSEGV, "EXIT=139")])
    func signalsLeaveTheTerminalUsable(signal: Int32, exit: String) throws {
        let t = try Tmux()
        defer { t.stop() }
        t.start()
        t.wait(for: "▶")
        let pid = frontdeskPid(under: t.panePid)
        #expect(pid > 0)
        kill(pid, signal)
        let after = t.wait(for: "EXIT=")
        #expect(after.contains(exit))
        #expect(!after.contains("DEMO: sandbox practice"))
        if signal == SIGSEGV { #expect(after.contains("the terminal was restored")) }
    }
}

/// Starts a program with stdin from /dev/null and stdout+stderr into `output`; 0 when it failed.
func spawn(_ path: String, _ args: [String], env: [String: String]? = nil, output: String) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    // Nothing else may reach the child: the test process holds the in-process sandboxes'
    // sockets (FlyingFox opens them without close-on-exec), and a child that inherited one kept
    // a connection open after the server closed it (seen: a dropped-connection fault test
    // waited 60 s for the rest of the body).
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
        if let fd = Int32(entry), fd > 2 { _ = fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC) }
    }
    let argv = ([path] + args).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    if let env {
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { return 0 }
    } else {
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return 0 }
    }
    return pid
}

/// Waits for a child; its exit status, or -1 when a signal ended it.
func waitStatus(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
}

/// Runs the binary without a terminal: returns exit status and output.
func runFrontdesk(_ args: [String], env: [String: String]) -> (status: Int32, output: String) {
    let out = NSTemporaryDirectory() + "fd-run-\(UUID().uuidString)"
    defer { unlink(out) }
    let pid = spawn(Tmux.binary, args, env: env, output: out)
    guard pid > 0 else { return (-1, "spawn failed") }
    let status = waitStatus(pid)
    return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
}

@Suite(.serialized) struct CheckCommandTests {
    /// `frontdesk sandbox` in the background; returns its pid and base URL.
    func startSandbox(_ extra: [String] = []) throws -> (pid: pid_t, url: String, log: String) {
        let log = NSTemporaryDirectory() + "fd-sandbox-\(UUID().uuidString).log"
        let pid = spawn(Tmux.binary, ["sandbox", "--port", "0", "--patients", "200"] + extra, output: log)
        guard pid > 0 else { throw CancellationError() }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: log, encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.contains("Base URL:") }) {
                return (pid, String(line.split(separator: " ").last!), log)
            }
            usleep(100_000)
        }
        kill(pid, SIGTERM)
        Issue.record("sandbox did not start")
        throw CancellationError()
    }

    @Test func checkAgainstTheSandboxAndItsFailures() throws {
        let (pid, url, log) = try startSandbox()
        defer {
            kill(pid, SIGINT)
            _ = waitStatus(pid)
            unlink(log)
        }
        let home = NSTemporaryDirectory() + "fd-check-\(UUID().uuidString)"
        let base = ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "PATH": "/usr/bin:/bin"]
        var env = base
        env["FRONTDESK_BASE_URL"] = url
        env["FRONTDESK_DEVELOPER_KEY"] = "NFF6i0KrXrxDkZHt"
        env["FRONTDESK_CUSTOMER_KEY"] = "VzkmZEaUWOjnQX2z"
        let ok = runFrontdesk(["check"], env: env)
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("Result:      OK") && ok.output.contains("ApiReadAll"))
        #expect(!ok.output.contains("VzkmZEaUWOjnQX2z"))

        env["FRONTDESK_CUSTOMER_KEY"] = "WrongWrongWrong1"
        let bad = runFrontdesk(["check"], env: env)
        #expect(bad.status == 1 && bad.output.contains("401") && bad.output.contains("FAILED"))
        #expect(!bad.output.contains("WrongWrongWrong1") && !bad.output.contains("NFF6i0KrXrxDkZHt"))

        // A config file others can read is refused, with the fix.
        try FileManager.default.createDirectory(atPath: home + "/config/frontdesk", withIntermediateDirectories: true)
        let path = home + "/config/frontdesk/config.toml"
        try "[profiles.main]\nmode = \"local\"\nbase_url = \"\(url)\"\ndeveloper_key = \"NFF6i0KrXrxDkZHt\"\ncustomer_key = \"VzkmZEaUWOjnQX2z\"\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        let refused = runFrontdesk(["check"], env: base)
        #expect(refused.status == 2 && refused.output.contains("chmod 600"))
        chmod(path, 0o600)
        let fromFile = runFrontdesk(["check", "--profile", "main"], env: base)
        #expect(fromFile.status == 0 && fromFile.output.contains("Mode:        local"), "\(fromFile.output)")
        // Keys never on the command line.
        let argv = runFrontdesk(["check", "--developer-key", "x"], env: base)
        #expect(argv.status != 0)
    }

    @Test func officeDownIsSaidInPlainWords() {
        let home = NSTemporaryDirectory() + "fd-check-\(UUID().uuidString)"
        let r = runFrontdesk(["check"], env: ["HOME": home, "XDG_CONFIG_HOME": home, "FRONTDESK_BASE_URL": "http://127.0.0.1:1/api/v1",
                                              "FRONTDESK_DEVELOPER_KEY": "devkey12345", "FRONTDESK_CUSTOMER_KEY": "custkey12345"])
        #expect(r.status == 1)
        #expect(r.output.contains("unreachable") && r.output.contains("refused"), "\(r.output)")
    }
}

/// The frontdesk process whose parent is the pane's shell.
func frontdeskPid(under shell: Int32) -> Int32 {
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
        guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8) else { continue }
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        if fields.count > 2, Int32(fields[1]) == shell, stat.contains("(frontdesk)") { return pid }
    }
    return 0
}
