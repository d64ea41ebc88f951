import Foundation
import FrontDeskApp
import FrontDeskCore
import FrontDeskStore
import OpenDentalAPI
import OpenDentalSandbox

/// The rows on the first screen at 80x24.
func firstScreen(_ s: AppState) -> [Appointment] {
    Array(s.visibleAppointments.dropFirst(s.schedule.cursor.scroll).prefix(s.contentRows))
}

/// A Remote office (one request a second per key, 429 when faster) in this process, counted by
/// its own `/sandbox/stats`.
struct BenchOffice {
    let sandbox: SandboxServer
    let admin = CurlTransport(requestTimeout: 10)

    static func start(patients: Int, queries: Bool) async throws -> BenchOffice {
        var o = SandboxOptions()
        o.port = 0
        o.profile = .remote
        o.patients = patients
        o.queries = queries
        return BenchOffice(sandbox: try await SandboxServer.start(o))
    }

    var stats: URL { URL(string: sandbox.adminURL.absoluteString + "/stats")! }

    func reset() async { _ = try? await admin.send(HTTPRequest(method: .delete, url: stats)) }

    func counts(excluding: Set<String> = []) async -> (requests: Int, throttled: Int) {
        let r = try? await admin.send(HTTPRequest(method: .get, url: stats))
        let obj = r.flatMap { try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any] } ?? [:]
        let rows = obj["rows"] as? [[String: Any]] ?? []
        if ProcessInfo.processInfo.environment["BENCH_ROWS"] != nil {
            for row in rows { print("   \(row["method"] ?? "") \(row["path"] ?? "") \(row["status"] ?? ""): \(row["count"] ?? "")") }
        }
        // Requests of paths left out (the directory crawl running alongside) are not counted.
        let left = rows.filter { excluding.contains($0["path"] as? String ?? "") }.reduce(0) { $0 + ($1["count"] as? Int ?? 0) }
        return ((obj["requests"] as? Int ?? 0) - left, obj["throttled"] as? Int ?? 0)
    }

    /// A dashboard as a process of its own would be: its client, its ledger entry, its cache handle.
    func terminal(cache: String, owner: Int32, reuseSeconds: Double = 30) async throws -> HeadlessRuntime {
        let c = OpenDentalClient(configuration: ClientConfiguration(
            baseURL: sandbox.baseURL, credentials: Credentials(developerKey: sandbox.developerKey, customerKey: sandbox.customerKey),
            mode: .remote, tier: .standard))
        await c.shareBudget(directory: cache, owner: owner)
        let store = try OfficeStore.open(directory: cache, identity: OfficeIdentity(c), owner: owner)
        let now = AppRuntime.localNow()
        var state = AppState(today: now.date, now: now)
        state.width = 80
        state.height = 24
        return HeadlessRuntime(client: c, state: state, store: store, reuseSeconds: reuseSeconds)
    }
}

struct StartResult {
    var first: Double?
    var all: Double?
}

/// Runs a dashboard until the office's own answer for today is on its first screen with every
/// name (a cached day shown earlier counts for the seconds to names, not for "complete").
func untilNamed(_ rt: HeadlessRuntime, seconds: Double = 120) async -> StartResult {
    var r = StartResult()
    _ = await rt.run(for: seconds, observe: { s, t in
        let rows = firstScreen(s)
        if r.first == nil, rows.contains(where: { s.patientNames[$0.patNum] != nil }) { r.first = t }
        if r.all == nil, !rows.isEmpty, rows.allSatisfy({ s.patientNames[$0.patNum] != nil }) { r.all = t }
    }, until: { s in
        guard r.all != nil, s.schedule.from == nil, case .loaded = s.schedule.load else { return false }
        return firstScreen(s).allSatisfy { s.patientNames[$0.patNum] != nil }
    })
    return r
}

func report(_ name: String, _ results: [StartResult], _ counts: (requests: Int, throttled: Int), extra: String = "") {
    let f = results.map { $0.first.map { String(format: "%.1f s", $0) } ?? "never" }.joined(separator: " / ")
    let a = results.map { $0.all.map { String(format: "%.1f s", $0) } ?? "not in 120 s" }.joined(separator: " / ")
    print("requests: \(name): \(counts.requests) requests until today's schedule came from the office with every name, \(counts.throttled) answered 429; "
          + "first name \(f), all names \(a)\(extra)")
}

/// What a start costs a Remote office of 5,000 patients, by the real app core and client, headless,
/// each case with the cache a dashboard would have (files in a temporary folder).
func benchRequests(long: Bool, schedulingOnly: Bool = false, huddleOnly: Bool = false) async throws {
    let office = try await BenchOffice.start(patients: 5000, queries: true)
    let root = NSTemporaryDirectory() + "fd-bench-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: root) }
    let me = getpid()
    if schedulingOnly || huddleOnly {
        if schedulingOnly { try await benchScheduling(office, root: root, owner: me + 30) }
        if huddleOnly { try await benchHuddle(office, root: root, owner: me + 40) }
        await office.sandbox.stop()
        return
    }

    // Cold, office grants queries.
    await office.reset()
    let cold = try await office.terminal(cache: root + "/one", owner: me)
    let c1 = await untilNamed(cold)
    report("cold, office grants queries", [c1], await office.counts())
    // Let the crawl go on a little, as a dashboard left open would, then quit.
    _ = await cold.run(for: 10) { _ in false }

    // Warm: a second start on the same cache, later than the moments in which another
    // dashboard's fresh copies are taken instead of asking (reuse window 0).
    try await Task.sleep(nanoseconds: 2_000_000_000)
    await office.reset()
    let warm = try await office.terminal(cache: root + "/one", owner: me + 1, reuseSeconds: 0)
    let w = await untilNamed(warm)
    report("warm (second start, same cache)", [w], await office.counts())

    // Cold, no queries permission: names one by one, visible rows first.
    let closed = try await BenchOffice.start(patients: 5000, queries: false)
    await closed.reset()
    let noq = try await closed.terminal(cache: root + "/closed", owner: me)
    let n1 = await untilNamed(noq)
    let distinct = Set(firstScreen(noq.state).map(\.patNum)).count
    report("cold, no queries permission", [n1], await closed.counts(), extra: "; \(distinct) distinct patients on the first screen")
    await closed.sandbox.stop()

    // Two dashboards starting together on one key (one cache folder, one ledger).
    try await Task.sleep(nanoseconds: 2_000_000_000)
    await office.reset()
    let shared = root + "/two"
    let t1 = try await office.terminal(cache: shared, owner: me + 10)
    let t2 = try await office.terminal(cache: shared, owner: me + 11)
    async let a = untilNamed(t1)
    async let b = untilNamed(t2)
    let two = await [a, b]
    report("cold, two terminals on one key", two, await office.counts())

    try await benchScheduling(office, root: root, owner: me + 30)
    try await benchHuddle(office, root: root, owner: me + 40)

    if long {
        // Five minutes of one dashboard, then of three on one key, each from a cold cache: the
        // three together should cost about what one does, with no 429.
        for count in [1, 3] {
            try await Task.sleep(nanoseconds: 2_000_000_000)
            await office.reset()
            let folder = root + "/long\(count)"
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<count {
                    group.addTask {
                        guard let r = try? await office.terminal(cache: folder, owner: me + 20 + Int32(i)) else { return }
                        r.refreshSeconds = 30
                        _ = await r.run(for: 300) { _ in false }
                    }
                }
            }
            let c = await office.counts()
            print("requests: \(count) terminal(s) on one key for five minutes: \(c.requests) requests, \(c.throttled) answered 429")
        }
    }
    await office.sandbox.stop()
}

/// A 50,000-patient office (Local profile, a sandbox in its own process so that only the app is
/// measured): the directory crawled into the cache, then the app's peak RSS.
func benchDirectoryRSS(patients: Int) async throws {
    Memory.limitArenas() // as the dashboard does at start
    Memory.giveBackStartPages()
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("frontdesk").path
    let log = NSTemporaryDirectory() + "fd-bench-sandbox-\(getpid()).log"
    let sandbox = Process()
    sandbox.executableURL = URL(fileURLWithPath: binary)
    sandbox.arguments = ["sandbox", "--port", "0", "--patients", String(patients)]
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    sandbox.standardOutput = FileHandle(forWritingAtPath: log)
    sandbox.standardError = FileHandle(forWritingAtPath: log)
    try sandbox.run()
    defer { sandbox.terminate(); unlink(log) }
    var base: URL?
    for _ in 0..<600 where base == nil {
        if let text = try? String(contentsOfFile: log, encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.contains("Base URL:") }), let last = line.split(separator: " ").last {
            base = URL(string: String(last))
        }
        try await Task.sleep(nanoseconds: 200_000_000)
    }
    guard let base else { print("directory-rss: the sandbox did not start (\(binary))"); return }
    let root = NSTemporaryDirectory() + "fd-bench-rss-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: root) }
    let c = OpenDentalClient(configuration: ClientConfiguration(
        baseURL: base, credentials: Credentials(developerKey: SandboxOptions.publicDeveloperKey, customerKey: SandboxOptions.publicCustomerKey),
        mode: .local))
    let store = try OfficeStore.open(directory: root, identity: OfficeIdentity(c))
    let now = AppRuntime.localNow()
    var state = AppState(today: now.date, now: now)
    state.width = 80
    state.height = 24
    let rt = HeadlessRuntime(client: c, state: state, store: store)
    let start = Date()
    _ = await rt.run(for: 600) { $0.directoryComplete }
    print(String(format: "directory-rss: %d patients in the cache in %.1f s (%d in the directory table, %d names in memory); peak RSS %.1f MiB",
                 patients, Date().timeIntervalSince(start), store.patientCount, rt.state.patientNames.count, Bench.peakRSSMiB()))
}

/// Scheduling on a Remote office (issue 16), each case counted from the key to "saved" by the
/// sandbox's own stats, the directory crawl that runs alongside left out of the count.
func benchScheduling(_ office: BenchOffice, root: String, owner: Int32) async throws {
    try await Task.sleep(nanoseconds: 2_000_000_000)
    let rt = try await office.terminal(cache: root + "/sched", owner: owner)
    _ = await rt.run(for: 60) { !$0.opOrder.isEmpty && !$0.visibleAppointments.isEmpty && $0.schedule.load != .loading }
    let crawl: Set<String> = ["/patients/Simple"]
    func line(_ name: String, _ start: Date, _ c: (requests: Int, throttled: Int), _ target: Int) {
        print(String(format: "requests: scheduling: %@: %d requests (target ≤ %d), %d answered 429, %.1f s", name, c.requests, target, c.throttled,
                     Date().timeIntervalSince(start)))
    }
    // The patient of a row whose hygienist has an opening for a Recare visit in the next two weeks
    // (found first, not counted), on the patient screen.
    var index = 0
    /// The keys from the length chosen now to the one at `index`.
    func toLength(_ index: Int) -> [Key] {
        let now = rt.state.booking?.lengthIndex ?? 0
        return Array(repeating: index > now ? .down : .up, count: abs(index - now))
    }
    /// Closes the finder (two steps back) and leaves the patient on show.
    func closeFinder() { for _ in 0..<3 where rt.state.booking != nil { rt.press([.escape]) } }
    for row in 0..<20 {
        closeFinder()
        if rt.state.patient.patNum != nil { rt.press([.escape]) }
        rt.press([.home] + Array(repeating: .down, count: row) + [.enter])
        _ = await rt.run(for: 30) { $0.patient.detail != nil }
        rt.press([.char("B")])
        _ = await rt.run(for: 30) { $0.appointmentTypes != nil }
        index = rt.state.booking?.lengths.firstIndex { $0.label.hasPrefix("Recare") } ?? 0
        rt.press(toLength(index) + [.enter])
        _ = await rt.run(for: 60) { $0.booking?.facts != nil && $0.booking?.loading == false }
        if !rt.state.bookingRows.isEmpty { break }
    }
    closeFinder()
    // Its search again from a cold cache (another host's first search): counted.
    rt.store.clear(prefix: "openings.")
    await office.reset()
    var start = Date()
    rt.press([.char("B")])
    rt.press(toLength(index) + [.enter])
    _ = await rt.run(for: 60) { $0.booking?.facts != nil && $0.booking?.loading == false }
    line("a 14-day opening search (\(rt.state.bookingRows.count) days with an opening)", start, await office.counts(excluding: crawl), 3)
    // Another day of those two weeks, and back: nothing asked.
    await office.reset()
    start = Date()
    rt.press([.enter, .escape])
    line("a day's openings inside the two weeks read", start, await office.counts(excluding: crawl), 0)
    // Key to saved, from a cold search: B, the length, the first day, its first opening, yes.
    closeFinder()
    rt.store.clear(prefix: "openings.")
    await office.reset()
    start = Date()
    rt.press([.char("B")])
    rt.press(toLength(index) + [.enter])
    _ = await rt.run(for: 60) { $0.booking?.facts != nil && $0.booking?.loading == false }
    rt.press([.enter, .enter, .char("y")])
    _ = await rt.run(for: 60) { $0.message?.hasPrefix("Booked") == true || $0.messageIsError }
    let saved = await office.counts(excluding: crawl)
    line("a booking from the patient screen, key to saved (\(rt.state.message ?? "no answer"); the read after it runs behind it)", start, saved, 4)
    // A fill from the ASAP list: the list, M, its first opening, yes.
    closeFinder()
    rt.press([.escape, .char("3")])
    for _ in 0..<ListKind.allCases.count where rt.state.lists.kind != .asap { rt.press([.char("]")]) }
    _ = await rt.run(for: 60) { $0.lists.kind == .asap && $0.lists.load != .loading }
    // An ASAP row with an opening in the next two weeks (found first, not counted).
    var asapRow = -1
    for row in 0..<min(20, rt.state.visibleListRows.count) {
        closeFinder()
        rt.press([.home] + Array(repeating: .down, count: row) + [.char("M")])
        _ = await rt.run(for: 60) { $0.booking?.facts != nil && $0.booking?.loading == false }
        if !rt.state.bookingRows.isEmpty { asapRow = row; break }
    }
    closeFinder()
    rt.store.clear(prefix: "openings.")
    await office.reset()
    start = Date()
    if asapRow < 0 {
        print("requests: scheduling: a fill from the ASAP list: no ASAP row has an opening in 14 days")
    } else {
        rt.press([.home] + Array(repeating: .down, count: asapRow) + [.char("M")])
        _ = await rt.run(for: 60) { $0.booking?.facts != nil && $0.booking?.loading == false }
        rt.press([.enter, .enter])
        let key: Character = rt.state.dialog?.choices["y"] != nil ? "y" : "k"
        rt.press([.char(key)])
        _ = await rt.run(for: 60) { $0.message?.hasPrefix("Moved") == true || $0.messageIsError }
        line("a fill from the ASAP list, key to saved (\(rt.state.message ?? "no answer"); the read after it runs behind it)", start,
             await office.counts(excluding: crawl), 4)
    }
}

/// The morning huddle on a Remote office (issue 18): from `4` to every figure in, counted by the
/// sandbox (the directory crawl alongside left out), with ApiQueries and without, cold and warm.
func benchHuddle(_ office: BenchOffice, root: String, owner: Int32) async throws {
    let crawl: Set<String> = ["/patients/Simple"]
    func huddle(_ o: BenchOffice, _ folder: String, _ who: Int32, _ name: String, target: (Int) -> Int) async throws {
        let rt = try await o.terminal(cache: folder, owner: who)
        // The dashboard's start first (the day, its names, reference data), not counted.
        _ = await rt.run(for: 90) { !$0.confirmDefs.isEmpty && $0.schedule.load != .loading && $0.queriesAllowed != nil }
        for pass in ["cold", "refreshed (r), its cache warm"] {
            try await Task.sleep(nanoseconds: 1_500_000_000)
            await o.reset()
            let start = Date()
            rt.press([.char(pass == "cold" ? "4" : "r")])
            _ = await rt.run(for: 120) { s in
                guard case .loaded = s.huddle.load, let f = s.huddle.facts else { return false }
                return f.appointments != nil && f.patients != nil
            }
            let c = await o.counts(excluding: crawl)
            let patients = rt.state.huddle.facts?.patNums.count ?? 0
            print(String(format: "requests: huddle, %@, %@: %d requests (target ≤ %d; %d patients that day), %d answered 429, %.1f s", name, pass,
                         c.requests, target(patients), patients, c.throttled, Date().timeIntervalSince(start)))
        }
    }
    try await huddle(office, root + "/huddle", owner, "office grants queries") { _ in 6 }
    let closed = try await BenchOffice.start(patients: 5000, queries: false)
    try await huddle(closed, root + "/huddle-closed", owner + 1, "no queries permission") { 1 + $0 }
    await closed.sandbox.stop()
}

/// The Offices view of three Remote offices (issue 18) for `seconds`: the dashboard's desk,
/// headless, on the Offices tab of the first office; every office's requests and 429s counted by
/// the sandbox, each office under its own key and throttle.
func benchOffices(seconds: Double) async throws {
    var o = SandboxOptions()
    o.port = 0
    o.profile = .remote
    o.patients = 1500
    o.offices = 3
    let sandbox = try await SandboxServer.start(o)
    let admin = CurlTransport(requestTimeout: 10)
    func stats(_ office: Int) async -> (Int, Int) {
        let r = try? await admin.send(HTTPRequest(method: .get, url: URL(string: sandbox.adminURL.absoluteString + "/stats?office=\(office)")!))
        let obj = r.flatMap { try? JSONSerialization.jsonObject(with: $0.body) as? [String: Any] } ?? [:]
        return (obj["requests"] as? Int ?? 0, obj["throttled"] as? Int ?? 0)
    }
    let root = NSTemporaryDirectory() + "fd-bench-offices-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: root) }
    var setups: [OfficeSetup] = []
    for (i, key) in sandbox.customerKeys.enumerated() {
        let c = OpenDentalClient(configuration: ClientConfiguration(
            baseURL: sandbox.baseURL, credentials: Credentials(developerKey: sandbox.developerKey, customerKey: key), mode: .remote, tier: .standard))
        await c.shareBudget(directory: root, owner: getpid())
        let now = AppRuntime.localNow()
        var state = AppState(today: now.date, now: now)
        state.width = 80
        state.height = 24
        state.officeName = "Office \(i + 1)"
        setups.append(OfficeSetup(name: state.officeName, client: c, store: try OfficeStore.open(directory: root, identity: OfficeIdentity(c)), state: state))
    }
    let desk = HeadlessOffices(offices: setups, refreshSeconds: 30)
    desk.press([.char("5")])
    let start = Date()
    await desk.run(for: seconds) { _ in false }
    desk.stop()
    var total = 0, throttled = 0
    for n in 1...3 {
        let (r, t) = await stats(n)
        total += r
        throttled += t
        print(String(format: "requests: offices view, office %d%@: %d requests in %.0f s, %d answered 429", n, n == 1 ? " (shown, its start and directory crawl included)" : "",
                     r, Date().timeIntervalSince(start), t))
    }
    let rows = desk.state.offices.rows.map { "\($0.name): \($0.appointments.map(String.init) ?? "…") appts, open \($0.openMinutes.map(Huddle.hoursMinutes) ?? "…"), \($0.answer)" }
    print("requests: offices view, three Remote offices for \(Int(seconds)) s: \(total) requests, \(throttled) answered 429; rows: \(rows.joined(separator: "; "))")
    await sandbox.stop()
}
