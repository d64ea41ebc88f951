import Foundation
import TestSupport
import Testing

/// End to end: the real binary in tmux against its embedded sandbox, waiting on screen text
/// (never sleeping a fixed time to assert). Skipped only when tmux is missing, and never under CI
/// (there a missing tmux fails the suite instead of skipping it).
struct Tmux {
    let socket = "fd-e2e-\(getpid())-\(UUID().uuidString.prefix(6))"
    let session = "e2e"
    let home: String

    init() throws {
        home = NSTemporaryDirectory() + "fd-e2e-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    /// tmux wherever PATH has it.
    static let path: String? = {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") + ["/usr/bin", "/usr/local/bin"]
        return dirs.map { "\($0)/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
    static var available: Bool { path != nil }
    /// Run when tmux is there, and always under CI, where a skipped suite would hide a broken install.
    static var enabled: Bool { available || ProcessInfo.processInfo.environment["CI"] != nil }

    /// The `frontdesk` this `swift test` built: beside the test bundle, whatever the scratch path;
    /// the source tree's `.build` only when the bundle's folder has none.
    static var binary: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for dir in [beside, beside.deletingLastPathComponent()] {
            let p = dir.appendingPathComponent("frontdesk").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
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
        let pid = spawn(Self.path ?? "/usr/bin/tmux", ["-L", socket] + args, output: args.first == "new-session" ? "/dev/null" : outPath)
        _ = waitStatus(pid)
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    /// Starts the dashboard with no office configured; the shell reports its exit status after.
    func start(env: [String: String] = [:], args: [String] = [], width: Int = 80, height: Int = 24, stderrTo: String? = nil) {
        var vars = ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state", "LANG": "C.UTF-8", "TERM": "xterm-256color"]
        vars.merge(env) { _, new in new }
        let envText = vars.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        run(["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height),
             "sh -c \"env \(envText) '\(Self.binary)' \(args.joined(separator: " "))\(stderrTo.map { " 2>'\($0)'" } ?? ""); echo EXIT=\\$?; sleep 60\""])
    }

    /// Runs `command` (a shell line) in the pane; the shell reports its exit status after.
    func startShell(_ command: String, width: Int = 80, height: Int = 24) {
        run(["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height), "sh -c \"\(command); echo EXIT=\\$?; sleep 60\""])
    }

    func screen() -> String { run(["capture-pane", "-p", "-t", session]) }
    /// The screen with its attributes as escape sequences (colours show as SGR codes).
    func screenWithAttributes() -> String { run(["capture-pane", "-p", "-e", "-t", session]) }
    func keys(_ k: String...) { run(["send-keys", "-t", session] + k) }
    func type(_ text: String) { run(["send-keys", "-t", session, "-l", text]) }
    func resize(_ w: Int, _ h: Int) { run(["resize-window", "-t", session, "-x", String(w), "-y", String(h)]) }
    /// Ends the session and whatever still runs in its pane: the pane's process group is killed
    /// too (a dashboard left behind by a failed test kept running, and waking, for hours).
    func stop() {
        let pid = panePid
        run(["kill-server"])
        // The server's socket file stays behind otherwise (13 a run were seen left in tmux's folder).
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(folder)/tmux-\(getuid())/\(socket)")
        if pid > 1 {
            kill(-pid, SIGTERM)
            usleep(200_000)
            kill(-pid, SIGKILL)
        }
    }

    /// Waits (up to `seconds`) until the screen contains `text`; returns the screen. The polling
    /// runs off the cooperative pool (see `offThread`).
    @discardableResult
    func wait(for text: String, seconds: Double = 60, sourceLocation: SourceLocation = #_sourceLocation) async -> String {
        let last = await waitUntil(seconds: seconds) { $0.contains(text) }
        if !last.contains(text) { Issue.record("timed out waiting for \"\(text)\"; screen was:\n\(last)", sourceLocation: sourceLocation) }
        return last
    }

    /// Polls the screen (off the cooperative pool) until `done` holds or `seconds` pass; returns
    /// the last screen.
    ///
    /// tmux takes a frame in as the dashboard writes it, so a capture can hold a frame half drawn:
    /// the new office's name in the title over the old status line, the new day's title over the
    /// old day's rows and "1/57". Once `done` holds, the screen is therefore captured again every
    /// 50 ms (for up to half a second) until two captures in a row are the same, and that one is
    /// returned. A text that passes by (a "saving…" gone in a moment) is returned as last seen.
    ///
    /// `settled`: stricter, for keys that act on what the screen shows (rows to mark, a row to
    /// open): `done` must hold on the settled screen itself, or the polling goes on. Keys sent on a
    /// half-drawn day met a day with no rows yet (Spaces that marked nothing, an Enter that opened
    /// no one).
    func waitUntil(seconds: Double = 60, settled: Bool = false, _ done: @escaping @Sendable (String) -> Bool) async -> String {
        await offThread { [self] () -> String in
            let deadline = Date().addingTimeInterval(seconds)
            var last = ""
            polling: while Date() < deadline {
                last = screen()
                guard done(last) else {
                    usleep(100_000)
                    continue
                }
                for _ in 0..<10 {
                    usleep(50_000)
                    let next = screen()
                    if next == last { return last }
                    guard done(next) else {
                        if settled { continue polling }
                        return last
                    }
                    last = next
                }
                return last
            }
            return last
        }
    }

    /// `l` until a day with appointments (the generated practice is closed at weekends, so on a
    /// Friday "tomorrow" has none): returns the screen once that day's own rows are in, the first
    /// selected ("1/57" on the status line). A capture can catch the new title painted over the old
    /// day's rows (CI once marked nothing: every Space came before the rows and was refused).
    @discardableResult
    func nextDayWithRows(sourceLocation: SourceLocation = #_sourceLocation) async -> String {
        var day = ""
        for _ in 0..<5 {
            let title = screen().split(separator: "\n").dropFirst().first.map(String.init) ?? ""
            keys("l")
            day = await waitUntil(seconds: 30, settled: true) { now in
                let lines = now.split(separator: "\n")
                return lines.count > 1 && String(lines[1]) != title
                    && ((now.contains("▶") && now.range(of: #" 1/\d+ "#, options: .regularExpression) != nil) || now.contains("No appointments on this day"))
            }
            if day.contains("▶") { return day }
        }
        Issue.record("no day with appointments in the five after this one; screen was:\n\(day)", sourceLocation: sourceLocation)
        return day
    }

    /// Waits until the screen shows one of `texts`; returns the screen.
    func waitAny(_ texts: [String], seconds: Double = 60) async -> String {
        await waitUntil(seconds: seconds) { screen in texts.contains(where: screen.contains) }
    }

    /// Patients screen, search, open the first match; returns the Patient screen once loaded.
    @discardableResult
    func openPatient(_ query: String, named name: String) async -> String {
        keys("2")
        await wait(for: "Find patient")
        type(query)
        keys("Enter")
        let found = await waitUntil(settled: true) { $0.contains(name) }
        if !found.contains(name) { Issue.record("timed out waiting for \"\(name)\"; screen was:\n\(found)") }
        keys("Enter")
        return await wait(for: "Upcoming appointments")
    }

    var panePid: Int32 { Int32(run(["display", "-p", "-t", session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
}

/// The dashboards here share turns: they wait for what they check, never for time. Keys that act
/// on rows are sent once the screen has settled (`waitUntil(settled:)`): with two at a time, keys
/// sent after a capture caught a frame half drawn were lost three times in about twenty runs
/// (Enter opened no patient; `g` and three Spaces marked nothing).
@Suite(.sharesTurns, .enabled(if: Tmux.enabled)) struct EndToEndTests {
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

    @Test func demoBootsSearchesOpensAPatientAndResizes() async throws {
        let t = try Tmux()
        defer { t.stop() }
        let stderrFile = t.home + "/stderr.txt"
        t.start(stderrTo: stderrFile)
        await t.wait(for: "DEMO: Main Street")
        // The day has loaded when a row is selected (the "▶" marker, colour or not).
        let schedule = await t.wait(for: "▶")
        #expect(schedule.contains("Today") && schedule.contains("appointments"))
        let detail = await t.openPatient("nunez", named: "Núñez, José")
        #expect(detail.contains("Núñez") && detail.contains("Patient detail"))
        t.keys("Escape")
        await t.wait(for: "Patients matching")
        t.keys("?")
        await t.wait(for: "Keys: Patients")
        t.keys("Escape")
        t.resize(120, 40)
        let wide = await t.wait(for: "Email")
        #expect(wide.split(separator: "\n").first.map { $0.count > 80 } == true)
        t.resize(70, 20)
        await t.wait(for: "Terminal too small")
        await t.wait(for: "70x20, need 80x24")
        t.resize(80, 24)
        await t.wait(for: "Patients matching")
        t.keys("q")
        let after = await t.wait(for: "EXIT=0")
        // The terminal is back to normal: the dashboard is gone from the screen.
        #expect(!after.contains("Patients matching"))
        // Nothing on stderr, and the log holds record numbers, never names or what was typed.
        #expect(((try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? "x").isEmpty)
        let log = (try? String(contentsOfFile: t.home + "/state/frontdesk/frontdesk.log", encoding: .utf8)) ?? ""
        #expect(log.contains("quit"))
        for name in ["Núñez", "José", "nunez", "Nguy", "Tables"] { #expect(!log.contains(name), "the log holds \(name)") }
    }

    /// `--read-only` as drawn: no writing key in the hint bar, the help or the Patient title, and
    /// a writing key does nothing.
    @Test func readOnlyShowsAndSendsNoWrite() async throws {
        let t = try Tmux()
        defer { t.stop() }
        t.start(args: ["--read-only"])
        let schedule = await t.wait(for: "▶")
        let hints = schedule.split(separator: "\n").last.map(String.init) ?? ""
        #expect(!hints.contains("confirm") && !hints.contains("arrived"), "\(hints)")
        t.keys("c")
        t.keys("?")
        let help = await t.wait(for: "Keys: Schedule")
        #expect(!help.contains("saves to the office") && !help.contains("left message") && !help.contains("break (missed"))
        t.keys("Escape")
        #expect(!t.screen().contains("Saving"))
        let detail = await t.openPatient("nunez", named: "Núñez, José")
        #expect(detail.contains("Esc back") && !detail.contains("note a call"))
        t.keys("m")
        #expect(!t.screen().contains("Note a call with"))
        t.keys("q")
        await t.wait(for: "EXIT=0")
    }

    /// After a few idle seconds only the lock is on screen; any key brings the screen back.
    @Test(.sharesLongTurns) func theIdleLockHidesTheScreen() async throws {
        let t = try Tmux()
        defer { t.stop() }
        t.start(args: ["--idle-lock", "3"])
        let locked = await t.wait(for: "Locked", seconds: 30)
        #expect(locked.contains("Press any key.") && !locked.contains("Schedule") && !locked.contains("DEMO"))
        t.keys("x")
        await t.wait(for: "DEMO: Main Street")
        t.keys("q")
        await t.wait(for: "EXIT=0")
    }

    /// The front desk's morning at 80x24: the status picker, three rows marked and confirmed with
    /// a call note, a new patient, the mask.
    @Test func pickerBulkNoteNewPatientAndMask() async throws {
        let t = try Tmux()
        defer { t.stop() }
        t.start(args: ["--idle-lock", "0"])
        await t.wait(for: "▶")
        // The office's statuses come with the reference data, after the day: until then `c` says so.
        var picker = ""
        for _ in 0..<30 where !picker.contains("Enter takes the marked one") {
            // Esc first: a picker that opened late must not take this `c` as its own key.
            t.keys("Escape")
            t.keys("c")
            picker = await t.waitAny(["Enter takes the marked one"], seconds: 2)
        }
        #expect(picker.contains("Confirm: ") && picker.contains("Appointment Confirmed") && picker.contains("Texted"))
        t.keys("Escape")
        // A day ahead with appointments: nobody there is late or in the building yet, so every
        // row confirmed says so (the demo's day runs on the real clock).
        await t.nextDayWithRows()
        t.keys("g", "Space", "Space", "Space")
        await t.wait(for: "3 marked")
        t.keys("c")
        await t.wait(for: "Confirm 3 marked appointments")
        t.keys("Enter")
        await t.wait(for: "Confirmed by phone")
        t.keys("Enter")
        // The notes join the confirmations' run, or (the demo is fast) go as their own after it.
        let done = await t.waitAny(["Call notes: ", "Confirmations: 6 of 6", "Confirmations: 5 of 5", "Confirmations: 4 of 4", "not saved", "not sent"])
        #expect(done.contains(" saved") && !done.contains("not saved") && !done.contains("not sent"), "\(done)")
        let rows = done.split(separator: "\n").dropFirst(3).prefix(3)
        #expect(rows.allSatisfy { $0.contains("Confirmed") }, "\(rows)")
        // A new patient, found nowhere, created and opened.
        t.keys("2")
        await t.wait(for: "Find patient")
        t.keys("Escape", "N")
        await t.wait(for: "New patient")
        t.type("Zyzzlewhite")
        t.keys("Tab")
        t.type("Mary")
        t.keys("Tab")
        t.type("1/2/1990")
        t.keys("Enter")
        let opened = await t.wait(for: "Patient detail")
        #expect(opened.contains("Zyzzlewhite, Mary"))
        // Masked: the name is initials everywhere.
        t.keys("P")
        let masked = await t.wait(for: "MASKED")
        #expect(!masked.contains("Zyzzlewhite") && masked.contains("Z. M."))
        t.keys("P")
        await t.wait(for: "Zyzzlewhite")
        t.keys("q")
        await t.wait(for: "EXIT=0")
    }

    /// The morning huddle and the group's offices at 80x24 in the demo: the figures, an
    /// unconfirmed patient confirmed from the huddle's rows, a call noted, another office shown.
    @Test func theHuddleAndAnotherOfficeAt80x24() async throws {
        let t = try Tmux()
        defer { t.stop() }
        t.start(args: ["--idle-lock", "0"])
        await t.wait(for: "▶")
        t.keys("4")
        let huddle = await t.waitUntil(seconds: 60) { $0.contains("Huddle · ") && $0.contains("Treatment not scheduled") && !$0.contains("loading…") }
        #expect(huddle.contains("Office") && huddle.contains("Unconfirmed"), "\(huddle)")
        #expect(huddle.split(separator: "\n").allSatisfy { displayWidth($0) <= 80 })
        // Unconfirmed, its rows, the first one's confirmation picker, Confirmed.
        t.keys("Down", "Enter")
        let rows = await t.wait(for: "Huddle · Unconfirmed")
        // The selected row without its marker: its time, patient and provider.
        let first = rows.split(separator: "\n").first { $0.hasPrefix("▶") }.map { String($0.dropFirst(2).prefix(40)) } ?? ""
        try #require(!first.isEmpty, "\(rows)")
        t.keys("c")
        await t.wait(for: "Enter takes the marked one")
        t.keys("Enter")
        let said = await t.waitAny(["Call note:", "Saved", "Not saved"])
        #expect(said.contains("Call note:") || said.contains("Saved"), "\(said)")
        if said.contains("Call note:") { t.keys("Escape") }
        // The row has left the unconfirmed once the huddle is read again.
        t.keys("r")
        let after = await t.waitUntil(seconds: 30) { !$0.contains(first) }
        #expect(!after.contains(first), "still unconfirmed after the huddle was read again:\n\(after)")
        // A call noted from a row.
        t.keys("m")
        await t.wait(for: "Note a call with")
        t.type("left a message about the balance")
        t.keys("Enter")
        let noted = await t.waitUntil(seconds: 30) { !$0.contains("Note a call with") && ($0.contains("Call noted") || $0.contains("Not saved")) }
        #expect(noted.contains("Call noted") && !noted.contains("Not saved"), "\(noted)")
        // The Offices view, then another office with O.
        t.keys("5")
        let offices = await t.waitUntil(seconds: 60) { $0.contains("Riverside") && $0.contains("Hillcrest") && $0.contains("answers") }
        #expect(offices.contains("Main Street"), "\(offices)")
        t.keys("O")
        await t.wait(for: "Show another office")
        t.keys("2")
        let riverside = await t.wait(for: "DEMO: Riverside")
        #expect(riverside.contains(" Riverside "), "the status line names the office shown:\n\(riverside)")
        t.keys("q")
        await t.wait(for: "EXIT=0")
    }

    /// Scheduling at 80x24 in the demo, on the next working day: book from the patient screen,
    /// move a row, fill the hole an appointment sent to the Unscheduled list leaves.
    @Test(.sharesLongTurns) func bookMoveAndFillAHoleAt80x24() async throws {
        let t = try Tmux()
        defer { t.stop() }
        t.start(args: ["--idle-lock", "0"])
        await t.wait(for: "▶")
        // The next day with appointments (on a Friday, tomorrow is closed), its own rows.
        await t.nextDayWithRows()
        _ = await t.waitUntil(seconds: 30, settled: true) { Self.everyNameShown($0) }
        // Book: the patient on the first row, 30 minutes, the first day's first opening.
        t.keys("g", "Enter")
        let opened = await t.waitUntil(seconds: 20) { $0.contains("Upcoming appointments") }
        if !opened.contains("Upcoming appointments") {
            // Seen twice in full runs, never alone: Enter on the first row of a day just shown did
            // nothing. Said with what a second Enter does, to tell a lost key from a lost selection.
            t.keys("Enter")
            let again = await t.waitUntil(seconds: 10) { $0.contains("Upcoming appointments") }
            Issue.record("Enter opened no patient; a second Enter \(again.contains("Upcoming appointments") ? "did" : "did not either"). Screen after the first:\n\(opened)")
        }
        t.keys("B")
        await t.wait(for: "How long?")
        // The office's types come in above the minutes: choose once they are there.
        _ = await t.waitUntil(seconds: 30) { $0.contains("30 minutes") && !$0.contains("reading the office's appointment types") }
        var lengths = await t.wait(for: "30 minutes")
        for _ in 0..<12 where !lengths.contains("▶ 30 minutes") {
            // Down, then the marked line moved (waiting for "▶ 30 minutes" itself waited out
            // each step before it: 2 s a line).
            let marked = lengths.split(separator: "\n").first { $0.contains("▶") }
            t.keys("Down")
            lengths = await t.waitUntil(seconds: 5) { now in now.split(separator: "\n").first { $0.contains("▶") } != marked }
        }
        t.keys("Enter")
        var finder = await t.waitAny(["free until", "exactly fits", "No opening with"])
        for _ in 0..<6 where finder.contains("No opening with") {
            // The next provider's answer, whichever it is ("No opening with <provider>" names
            // them; waiting for an opening alone waited out a provider without one: 3 s).
            @Sendable func answer(_ screen: String) -> String? {
                screen.split(separator: "\n").first { ["free until", "exactly fits", "No opening with"].contains(where: $0.contains) }.map(String.init)
            }
            let before = answer(finder)
            t.keys("p")
            finder = await t.waitUntil(seconds: 10) { now in answer(now).map { $0 != before } ?? false }
        }
        t.keys("Enter")
        await t.wait(for: "Enter: book")
        t.keys("Enter")
        // A capture may catch the dialog half drawn over the finder: wait for its last line.
        let question = await t.waitUntil(seconds: 30) { $0.contains("Book this appointment?") && $0.contains("Operatory:") }
        #expect(question.contains("(30 min)") && question.contains("Operatory:"), "\(question)")
        t.keys("y")
        let booked = await t.wait(for: "Booked:")
        #expect(!booked.contains("Book this appointment?"))
        t.keys("Escape")
        await t.wait(for: "Time  Min Op")
        // Move the selected row to its first opening.
        t.keys("g", "M")
        finder = await t.waitAny(["free until", "exactly fits", "No opening with"])
        for _ in 0..<4 where finder.contains("No opening with") {
            // The next day's answer, whichever it is (waiting for an opening alone waited out a
            // day without one: 5 s).
            @Sendable func range(_ screen: String) -> String? {
                screen.split(separator: "\n").first { $0.contains("every opening on") || $0.contains("first opening of each day from") }.map(String.init)
            }
            let before = range(finder)
            t.keys("Right")
            finder = await t.waitUntil(seconds: 10) { now in
                range(now) != before && ["free until", "exactly fits", "No opening with"].contains(where: now.contains)
            }
        }
        t.keys("Enter")
        await t.wait(for: "Enter: move")
        t.keys("Enter")
        await t.wait(for: "Move this appointment?")
        t.keys("y")
        await t.wait(for: "Moved:")
        // Fill, on the next working day's first row (the move may have gone to later today, whose
        // first row has passed by the afternoon: its time is offered to nobody): it goes to the
        // Unscheduled list, then H offers who fits.
        t.keys("t")
        // Today's title (its rows may be none: a weekend).
        _ = await t.waitUntil(seconds: 30) { $0.split(separator: "\n").dropFirst().first?.contains("Today") == true }
        await t.nextDayWithRows()
        _ = await t.waitUntil(seconds: 30, settled: true) { Self.everyNameShown($0) }
        t.keys("g", "b")
        await t.wait(for: "send to the Unscheduled list")
        t.keys("u")
        await t.wait(for: "H fills")
        t.keys("H")
        let fill = await t.waitAny(["min  ", "Nobody on the lists fits"])
        #expect(fill.contains("Fill ") && fill.contains("m notes the offer"), "\(fill)")
        if fill.contains("min  ") {
            t.keys("Enter")
            let ask = await t.waitAny(["Move this appointment?", "Book this appointment?", "Schedule the planned appointment?"])
            t.keys(ask.contains("y moves") || ask.contains("y books") || ask.contains("y schedules") ? "y" : "k")
            let done = await t.waitAny(["Moved:", "Booked:"])
            #expect(done.contains("Moved:") || done.contains("Booked:"))
        } else {
            t.keys("Escape")
        }
        t.keys("q")
        await t.wait(for: "EXIT=0")
    }

    @Test(arguments: [["NO_COLOR": "1"], ["TERM": "vt100"]])
    func monochromeRunsStillShowTheSelection(env: [String: String]) async throws {
        let t = try Tmux()
        defer { t.stop() }
        t.start(env: env)
        let s = await t.wait(for: "▶")
        #expect(s.contains("appointments"))
        // With attributes: no colour may be used (SGR 30-37/40-47/90-107 or 38;/48; forms).
        let styled = t.screenWithAttributes()
        let colour = try NSRegularExpression(pattern: "\u{1B}\\[[0-9;]*(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;[25]|48;[25])[0-9;]*m")
        let hits = colour.matches(in: styled, range: NSRange(styled.startIndex..., in: styled))
        #expect(hits.isEmpty, "colour in a monochrome run: \(hits.prefix(3).map { (styled as NSString).substring(with: $0.range).debugDescription })")
        // ...and the selection is still visible by attribute (reverse or bold), not colour.
        #expect(styled.contains("\u{1B}[7m") || styled.contains(";7m") || styled.contains("\u{1B}[1m") || styled.contains(";1m"))
        t.keys("q")
        await t.wait(for: "EXIT=0")
    }

    /// SIGTERM ends cleanly (exit 0); SIGSEGV goes through the C crash handler, which restores the
    /// terminal and says so before the process dies (exit 128+11).
    @Test(arguments: [(SIGTERM, "EXIT=0"), (SIGSEGV, "EXIT=139")])
    func signalsLeaveTheTerminalUsable(signal: Int32, exit: String) async throws {
        let t = try Tmux()
        defer { t.stop() }
        t.start()
        await t.wait(for: "▶")
        let pid = frontdeskPid(under: t.panePid)
        // Never signal pid 0 (that would be the test runner's own process group).
        try #require(pid > 0)
        kill(pid, signal)
        let after = await t.wait(for: "EXIT=")
        #expect(after.contains(exit))
        #expect(!after.contains("DEMO: "))
        if signal == SIGSEGV {
            // The message names the log, and the log says what happened.
            let log = t.home + "/state/frontdesk/frontdesk.log"
            #expect(after.contains("the terminal was restored"))
            #expect(after.replacingOccurrences(of: "\n", with: "").contains(log), "\(after)")
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(text.contains("frontdesk crashed: signal 11"), "\(text)")
        }
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
func runFrontdesk(_ args: [String], env: [String: String]) async -> (status: Int32, output: String) {
    await offThread { runFrontdeskBlocking(args, env: env) }
}

func runFrontdeskBlocking(_ args: [String], env: [String: String]) -> (status: Int32, output: String) {
    let out = NSTemporaryDirectory() + "fd-run-\(UUID().uuidString)"
    defer { unlink(out) }
    let pid = spawn(Tmux.binary, args, env: env, output: out)
    guard pid > 0 else { return (-1, "spawn failed") }
    let status = waitStatus(pid)
    return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
}

/// `frontdesk sandbox` in the background; returns its pid and base URL.
func startSandbox(_ extra: [String] = []) async throws -> (pid: pid_t, url: String, log: String) {
    let log = NSTemporaryDirectory() + "fd-sandbox-\(UUID().uuidString).log"
    let pid = spawn(Tmux.binary, ["sandbox", "--port", "0", "--patients", "200"] + extra, output: log)
    guard pid > 0 else { throw CancellationError() }
    let url = await offThread { () -> String? in
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: log, encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.contains("Base URL:") }),
               let last = line.split(separator: " ").last {
                return String(last)
            }
            usleep(100_000)
        }
        return nil
    }
    if let url { return (pid, url, log) }
    kill(pid, SIGTERM)
    Issue.record("sandbox did not start")
    throw CancellationError()
}

/// `frontdesk huddle` against a sandbox: plain, parseable, maskable, and never an escape sequence.
@Suite(.serialized) struct HuddleCommandTests {
    @Test func printsTheHuddleAsTextCSVAndJSON() async throws {
        let (pid, url, log) = try await startSandbox(["--patients", "600"])
        defer {
            kill(pid, SIGINT)
            _ = waitStatus(pid)
            unlink(log)
        }
        let home = NSTemporaryDirectory() + "fd-huddle-\(UUID().uuidString)"
        let env = ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_CACHE_HOME": home + "/cache", "XDG_STATE_HOME": home + "/state",
                   "FRONTDESK_BASE_URL": url, "FRONTDESK_DEVELOPER_KEY": "NFF6i0KrXrxDkZHt", "FRONTDESK_CUSTOMER_KEY": "VzkmZEaUWOjnQX2z"]
        let text = await runFrontdesk(["huddle"], env: env)
        #expect(text.status == 0, "\(text.output)")
        #expect(text.output.hasPrefix("Huddle · ") && text.output.contains("Unconfirmed: ") && text.output.contains("Office"), "\(text.output)")
        let json = await runFrontdesk(["huddle", "--format", "json", "--mask"], env: env)
        #expect(json.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any], "\(json.output.prefix(300))")
        let figures = try #require(doc["figures"] as? [[String: Any]])
        #expect(figures.count == 10)
        let rows = figures.flatMap { $0["rows"] as? [[String: Any]] ?? [] }
        #expect(!rows.isEmpty)
        // Masked: initials only, no record numbers, no balance.
        #expect(rows.allSatisfy { ($0["patient"] as? String)?.range(of: #"^(\S\. ?){1,2}$|^•••$|^#\d+$"#, options: .regularExpression) != nil && $0["patNum"] == nil })
        #expect(!json.output.contains("$") || !(figures.first { $0["figure"] as? String == "Family balances" }?["note"] as? String ?? "").contains("$"))
        let csv = await runFrontdesk(["huddle", "--format", "csv", "--date", "2099-01-01"], env: env)
        #expect(csv.status == 0 && csv.output.hasPrefix("section,name,value,time,patient,patnum,aptnum,detail\r\n"), "\(csv.output.prefix(200))")
        for out in [text.output, json.output, csv.output] {
            #expect(!out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        }
        let bad = await runFrontdesk(["huddle", "--date", "tomorrow"], env: env)
        #expect(bad.status == 2 && bad.output.contains("--date must be YYYY-MM-DD"))
    }
}

@Suite(.serialized) struct CheckCommandTests {
    @Test func checkAgainstTheSandboxAndItsFailures() async throws {
        let (pid, url, log) = try await startSandbox()
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
        let ok = await runFrontdesk(["check"], env: env)
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.output.contains("Result:      OK") && ok.output.contains("ApiReadAll"))
        #expect(!ok.output.contains("VzkmZEaUWOjnQX2z"))

        env["FRONTDESK_CUSTOMER_KEY"] = "WrongWrongWrong1"
        let bad = await runFrontdesk(["check"], env: env)
        #expect(bad.status == 1 && bad.output.contains("401") && bad.output.contains("FAILED"))
        #expect(!bad.output.contains("WrongWrongWrong1") && !bad.output.contains("NFF6i0KrXrxDkZHt"))

        // A config file others can read is refused, with the fix.
        try FileManager.default.createDirectory(atPath: home + "/config/frontdesk", withIntermediateDirectories: true)
        let path = home + "/config/frontdesk/config.toml"
        try "[profiles.main]\nmode = \"local\"\nbase_url = \"\(url)\"\ndeveloper_key = \"NFF6i0KrXrxDkZHt\"\ncustomer_key = \"VzkmZEaUWOjnQX2z\"\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o644)
        let refused = await runFrontdesk(["check"], env: base)
        #expect(refused.status == 2 && refused.output.contains("chmod 600"))
        chmod(path, 0o600)
        let fromFile = await runFrontdesk(["check", "--profile", "main"], env: base)
        #expect(fromFile.status == 0 && fromFile.output.contains("Mode:        local"), "\(fromFile.output)")
        // Keys never on the command line: the flag does not exist (a usage error, exit 64).
        let argv = await runFrontdesk(["check", "--developer-key", "x"], env: base)
        #expect(argv.status == 64 && argv.output.contains("Unknown option '--developer-key'"), "\(argv.output)")
    }

    /// `frontdesk check` printed server text raw: an escape sequence in a 400 body reached the
    /// terminal.
    @Test func checkPrintsNoEscapeFromTheServer() async throws {
        let hostile = try TinyHTTPServer { _, _ in
            TinyHTTPServer.answer(400, "\"Bad \u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}[31mthing\u{202E}\"")
        }
        defer { hostile.stop() }
        let home = NSTemporaryDirectory() + "fd-check-\(UUID().uuidString)"
        let r = await runFrontdesk(["check"], env: ["HOME": home, "XDG_CONFIG_HOME": home, "FRONTDESK_BASE_URL": hostile.baseURL.absoluteString,
                                              "FRONTDESK_DEVELOPER_KEY": "devkey12345", "FRONTDESK_CUSTOMER_KEY": "custkey12345"])
        #expect(r.status == 1)
        #expect(r.output.contains("Bad") && r.output.contains("thing"), "\(r.output)")
        #expect(!r.output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
    }

    /// Plain http to a host that is not this machine is said; a URL of another scheme is refused.
    @Test func theOfficeAddressIsChecked() async {
        let home = NSTemporaryDirectory() + "fd-check-\(UUID().uuidString)"
        var env = ["HOME": home, "XDG_CONFIG_HOME": home, "FRONTDESK_DEVELOPER_KEY": "devkey12345", "FRONTDESK_CUSTOMER_KEY": "custkey12345"]
        env["FRONTDESK_BASE_URL"] = "ftp://127.0.0.1/api/v1"
        let ftp = await runFrontdesk(["check"], env: env)
        #expect(ftp.status == 2 && ftp.output.contains("FRONTDESK_BASE_URL must be an http(s) URL"), "\(ftp.output)")
        env["FRONTDESK_BASE_URL"] = "http://0.0.0.0:1/api/v1"
        let plain = await runFrontdesk(["check"], env: env)
        #expect(plain.output.contains("plain http"), "\(plain.output)")
        env["FRONTDESK_BASE_URL"] = "http://127.0.0.1:1/api/v1"
        let local = await runFrontdesk(["check"], env: env)
        #expect(!local.output.contains("plain http"))
    }

    /// The sandbox's own flags: --listen beyond loopback warns and prints a usable URL; --fault
    /// injects at start-up.
    @Test func sandboxListenAndFaultFlags() async throws {
        let (pid, url, log) = try await startSandbox(["--listen", "0.0.0.0", "--fault", "500:path=/securityperms"])
        defer {
            kill(pid, SIGINT)
            _ = waitStatus(pid)
            unlink(log)
        }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(url.hasPrefix("http://127.0.0.1:"), "\(url)")
        #expect(text.contains("Warning: listening on 0.0.0.0"))
        let home = NSTemporaryDirectory() + "fd-check-\(UUID().uuidString)"
        let r = await runFrontdesk(["check"], env: ["HOME": home, "XDG_CONFIG_HOME": home, "FRONTDESK_BASE_URL": url,
                                              "FRONTDESK_DEVELOPER_KEY": "NFF6i0KrXrxDkZHt", "FRONTDESK_CUSTOMER_KEY": "VzkmZEaUWOjnQX2z"])
        #expect(r.status == 1 && r.output.contains("Server error (500)"), "\(r.output)")
        let bad = await runFrontdesk(["sandbox", "--fault", "explode"], env: ["HOME": home])
        #expect(bad.status == 64 && bad.output.contains("unknown fault 'explode'"), "\(bad.output)")
    }

    @Test func officeDownIsSaidInPlainWords() async {
        let home = NSTemporaryDirectory() + "fd-check-\(UUID().uuidString)"
        let r = await runFrontdesk(["check"], env: ["HOME": home, "XDG_CONFIG_HOME": home, "FRONTDESK_BASE_URL": "http://127.0.0.1:1/api/v1",
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
