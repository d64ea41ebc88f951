import Foundation
import OpenDentalAPI
import OpenDentalSandbox
import FrontDeskCore
import CursesBackend
import TerminalUI
import FaultMatrix
import FrontDeskApp
import FrontDeskStore

// FrontDesk benchmarks. Run in release mode:
//   swift run -c release frontdesk-bench            (all)
//   swift run -c release frontdesk-bench decode     (one)
//   swift run -c release frontdesk-bench faults     (the fault matrix; not in "all": it takes ~75 s)
//   swift run -c release frontdesk-bench throttle 600  (one terminal against the remote profile for 600 s: the 429 rate)
//   swift run -c release frontdesk-bench requests   (what a start costs a Remote office: requests, seconds to names, 429s)
//   swift run -c release frontdesk-bench requests --long   (adds five minutes of one and of three terminals: ~11 min)
//   swift run -c release frontdesk-bench requests --scheduling   (the scheduling cases alone)
//   swift run -c release frontdesk-bench requests --huddle   (the huddle cases alone)
//   swift run -c release frontdesk-bench requests --offices   (the Offices view of three Remote offices, five minutes)
//   swift run -c release frontdesk-bench directory-rss     (a 50,000-patient directory into the cache: the app's peak RSS)
//   swift run -c release frontdesk-bench host 20 [--seconds 120] [--latency 3000] [--settle 90] [--urlsession]
//       (N dashboards on one host against a remote-profile sandbox process: their CPU, prompt and slow office;
//        --urlsession measures URLSession beside libcurl)
// Figures go in the README with the machine they ran on.

struct Bench {
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    static func peakRSSMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// A realistic appointment row as Open Dental sends it (digest §3.1 shape).
func appointmentJSON(_ i: Int) -> String {
    let statuses = ["Scheduled", "Complete", "Broken", "UnschedList"]
    return """
    {"serverDateTime":"2026-11-29 09:32:45","AptNum":\(i),"PatNum":\(1000 + i % 700),"AptStatus":"\(statuses[i % 4])","Pattern":"//XXXX//","Confirmed":\(19 + i % 6),"confirmed":"Not Called","TimeLocked":"false","Op":\(1 + i % 6),"Note":"Pt prefers mornings; call cell first","ProvNum":\(1 + i % 4),"provAbbr":"DOC\(1 + i % 4)","ProvHyg":0,"AptDateTime":"2026-11-30 \(String(format: "%02d", 7 + i % 10)):\(i % 2 == 0 ? "00" : "30"):00","NextAptNum":0,"UnschedStatus":0,"unschedStatus":"","IsNewPatient":"false","ProcDescript":"PerEx, Pro, 4BW","ClinicNum":0,"IsHygiene":"false","DateTStamp":"2026-11-28 08:30:12","DateTimeArrived":"0001-01-01 00:00:00","DateTimeSeated":"0001-01-01 00:00:00","DateTimeDismissed":"0001-01-01 00:00:00","InsPlan1":35,"InsPlan2":0,"DateTimeAskedToArrive":"0001-01-01 00:00:00","colorOverride":"0,0,0","AppointmentTypeNum":0,"SecUserNumEntry":0,"SecDateTEntry":"2026-11-04 09:12:05","Priority":"Normal","PatternSecondary":"////////","ItemOrderPlanned":0}
    """
}

func page(_ range: Range<Int>) -> Data {
    Data(("[" + range.map(appointmentJSON).joined(separator: ",") + "]").utf8)
}

func benchDecode() throws {
    let data = page(0..<1000)
    let decoder = JSONDecoder()
    _ = try decoder.decode([Appointment].self, from: data)
    var runs: [Double] = []
    for _ in 0..<15 {
        runs.append(try Bench.time { _ = try decoder.decode([Appointment].self, from: data) })
    }
    let med = Bench.median(runs)
    print(String(format: "decode: 1000-row appointments page (%.0f KB): median %.2f ms, %.0f appointments/s",
                 Double(data.count) / 1024, med * 1000, 1000 / med))
}

/// Serves `total` rows from memory with Limit/Offset, like the API.
final class MemoryTransport: HTTPTransport {
    let pages: [Data]
    let pageSize: Int
    init(total: Int, pageSize: Int) {
        self.pageSize = pageSize
        pages = stride(from: 0, through: total, by: pageSize).map { page($0..<min(total, $0 + pageSize)) }
    }
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        let offset = Int(items.first { $0.name == "Offset" }?.value ?? "0") ?? 0
        let i = offset / pageSize
        return HTTPResponse(status: 200, body: i < pages.count ? pages[i] : Data("[]".utf8))
    }
}

func benchPaging() async throws {
    for size in [100, 1000] {
        let transport = MemoryTransport(total: 10_000, pageSize: size)
        let config = ClientConfiguration(baseURL: URL(string: "http://127.0.0.1:9/api/v1")!,
                                         credentials: Credentials(developerKey: "bench", customerKey: "bench"),
                                         mode: .local, pageSizeOverride: size)
        let client = OpenDentalClient(configuration: config, transport: transport)
        var runs: [Double] = []
        for _ in 0..<7 {
            let start = DispatchTime.now().uptimeNanoseconds
            let rows = try await client.collectAll(Endpoints.appointments())
            precondition(rows.count == 10_000)
            runs.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let med = Bench.median(runs)
        print(String(format: "paging: 10,000 rows in %d-row pages from memory: median %.1f ms (%.0f rows/s, %.2f ms per page incl. decode)",
                     size, med * 1000, 10_000 / med, med * 1000 / Double(10_000 / size + 1)))
    }
}

/// Time to generate a 50,000-patient practice, and the process's memory afterwards.
func benchGenerate() async throws {
    for (label, path) in [("in memory", nil as String?), ("SQLite file", NSTemporaryDirectory() + "bench-\(getpid()).sqlite")] {
        var o = SandboxOptions()
        o.port = 0
        o.patients = 50_000
        o.databasePath = path
        let start = DispatchTime.now().uptimeNanoseconds
        let server = try await SandboxServer.start(o)
        let secs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "generate: 50,000 patients (%@), start to listening: %.2f s", label, secs))
        await server.stop()
        if let path { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// A day of `n` appointments as the schedule screen holds it.
func scheduleState(rows n: Int, width: Int = 80, height: Int = 24) -> AppState {
    let day = LocalDate(year: 2026, month: 12, day: 1)
    var s = AppState(today: day, now: LocalDateTime(date: day, time: LocalTime(hour: 7, minute: 0)))
    s.width = width
    s.height = height
    s.connection = .online
    let json = "[" + (0..<n).map { i in
        let t = 7 * 60 + (i * 5) % 600
        return appointmentJSON(i + 1).replacingOccurrences(of: "\"AptDateTime\":\"2026-11-30 ", with: "\"AptDateTime\":\"2026-12-01 ")
            .replacingOccurrences(of: #"2026-12-01 \d\d:\d\d:00"#, with: String(format: "2026-12-01 %02d:%02d:00", t / 60, t % 60), options: .regularExpression)
    }.joined(separator: ",") + "]"
    s.schedule.appointments = try! JSONDecoder().decode([Appointment].self, from: Data(json.utf8))
    for i in 0..<n { s.patientNames[1000 + i % 700] = ["Núñez, José", "Nguyễn, Thị Minh Khai", "山田, 太郎", "Smith, Jane"][i % 4] }
    s.schedule.load = .loaded(at: 0)
    s.schedule.cursor.selected = s.visibleAppointments.first?.aptNum
    return s
}

/// Frame time: update + render of a 100-row schedule into the in-memory grid, per key press.
func benchFrame() {
    var s = scheduleState(rows: 100)
    var times: [Double] = []
    for i in 0..<2000 {
        let key: Key = i % 200 < 100 ? .down : .up
        let t = Bench.time {
            _ = update(&s, .key(key))
            _ = render(s)
        }
        times.append(t)
    }
    times.sort()
    print(String(format: "frame: update+render, 100-row schedule at 80x24: p50 %.3f ms, p99 %.3f ms (2000 key presses)",
                 times[times.count / 2] * 1000, times[times.count * 99 / 100] * 1000))
}

/// Bytes curses writes to a real pseudo-terminal at 80x24.
func benchBytes() throws {
    var master: Int32 = 0, slave: Int32 = 0
    var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
    guard openpty(&master, &slave, nil, nil, &size) == 0 else { print("bytes: openpty failed"); return }
    _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    setenv("TERM", "xterm-256color", 1)
    func drain() -> Int {
        var total = 0
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            usleep(20_000)
            let n = read(master, &buf, buf.count)
            if n <= 0 { break }
            total += n
        }
        return total
    }
    let term = try CursesTerminal(forceMonochrome: false, inputFD: slave, outputFD: slave)
    term.apply(theme: Theme.standard)
    _ = drain() // start-up sequences (alternate screen, modes) are not a frame
    var s = scheduleState(rows: 100)
    term.paint(render(s))
    let first = drain()
    _ = update(&s, .key(.down))
    term.paint(render(s))
    let move = drain()
    _ = update(&s, .key(.pageDown))
    term.paint(render(s))
    let page = drain()
    term.shutdown()
    print("bytes to the terminal at 80x24 (xterm-256color): first paint \(first), move one row \(move), scroll one page \(page)")
}

let args = Array(CommandLine.arguments.dropFirst())
let all = args.isEmpty
let sem = DispatchSemaphore(value: 0)
Task.detached {
    do {
        if all || args.contains("decode") { try benchDecode() }
        if all || args.contains("paging") { try await benchPaging() }
        if all || args.contains("generate") { try await benchGenerate() }
        if all || args.contains("frame") { benchFrame() }
        if all || args.contains("bytes") { try benchBytes() }
        if let i = args.firstIndex(of: "throttle") {
            let seconds = args.dropFirst(i + 1).first.flatMap(Double.init) ?? 120
            try await benchThrottle(seconds: seconds)
        }
        if args.contains("requests"), args.contains("--offices") { try await benchOffices(seconds: args.contains("--short") ? 60 : 300) }
        else if args.contains("requests") { try await benchRequests(long: args.contains("--long"), schedulingOnly: args.contains("--scheduling"), huddleOnly: args.contains("--huddle")) }
        if let i = args.firstIndex(of: "directory-rss") { try await benchDirectoryRSS(patients: args.dropFirst(i + 1).first.flatMap(Int.init) ?? 50_000) }
        if let i = args.firstIndex(of: "host") {
            // N dashboards on one host: CPU while the office is prompt and while it is slow, per transport.
            let n = args.dropFirst(i + 1).first.flatMap(Int.init) ?? 1
            let seconds = args.firstIndex(of: "--seconds").flatMap { args.indices.contains($0 + 1) ? Double(args[$0 + 1]) : nil } ?? 120
            let latencies = args.firstIndex(of: "--latency").flatMap { args.indices.contains($0 + 1) ? Int(args[$0 + 1]) : nil }.map { [$0] } ?? [0, 3000]
            let transports = args.contains("--urlsession") ? ["curl", "urlsession"] : ["curl"]
            let settle = args.firstIndex(of: "--settle").flatMap { args.indices.contains($0 + 1) ? Double(args[$0 + 1]) : nil } ?? 0
            try await benchHost(dashboards: n, seconds: seconds, settle: settle, latencies: latencies, transports: transports)
        }
        if args.contains("faults") {
            // Every write the dashboard makes, under every fault, with a 10 s slow office.
            let report = try await FaultMatrix.run(latencyMs: 10_000)
            print("fault matrix (every write x every fault, judged by the sandbox's database):")
            print(report.text)
            if report.doubled > 0 || report.silentLosses > 0 { exit(1) }
        }
        print(String(format: "peak RSS: %.1f MiB", Bench.peakRSSMiB()))
    } catch {
        print("benchmark failed: \(error)")
        exit(1)
    }
    sem.signal()
}
sem.wait()

/// One terminal's traffic against a remote-profile office (one request a second per key): the
/// directory crawl in the background, a day reload every 10 s, a patient look-up every 3 s. The
/// sandbox counts what it served; the figure is the share refused with 429.
func benchThrottle(seconds: Double) async throws {
    var o = SandboxOptions()
    o.port = 0
    o.profile = .remote
    o.patients = 5000
    let sandbox = try await SandboxServer.start(o)
    let client = OpenDentalClient(configuration: ClientConfiguration(
        baseURL: sandbox.baseURL, credentials: Credentials(developerKey: sandbox.developerKey, customerKey: sandbox.customerKey),
        mode: .remote, tier: .standard))
    let deadline = Date().addingTimeInterval(seconds)
    await withTaskGroup(of: Void.self) { group in
        group.addTask {
            var pager = Pager(client: client, request: Endpoints.patientsSimple(), priority: .background)
            while Date() < deadline {
                if pager.isFinished { pager = Pager(client: client, request: Endpoints.patientsSimple(), priority: .background) }
                _ = try? await pager.next()
            }
        }
        group.addTask {
            let today = LocalDate(year: 2026, month: 12, day: 1)
            while Date() < deadline {
                _ = try? await client.collectAll(Endpoints.appointments(AppointmentFilter(date: today)), priority: .visible)
                try? await Task.sleep(nanoseconds: 10_000_000_000)
            }
        }
        group.addTask {
            var n = 1
            while Date() < deadline {
                _ = try? await client.send(Endpoints.patient(n), priority: .interactive)
                n = n % 4900 + 7
                try? await Task.sleep(nanoseconds: 3_000_000_000)
            }
        }
    }
    let r = try await CurlTransport(requestTimeout: 10).send(HTTPRequest(method: .get, url: URL(string: sandbox.adminURL.absoluteString + "/stats")!))
    let obj = (try? JSONSerialization.jsonObject(with: r.body) as? [String: Any]) ?? [:]
    let total = obj["requests"] as? Int ?? 0
    let refused = obj["throttled"] as? Int ?? 0
    let spacing = await client.scheduler.spacing(key: client.laneID)
    print(String(format: "throttle: %.0f s against the remote profile: %d requests, %d answered 429 (%.2f %%), %.1f requests/s served; spacing now %.3f s",
                 seconds, total, refused, total == 0 ? 0 : Double(refused) * 100 / Double(total), Double(total - refused) / seconds, spacing))
    await sandbox.stop()
}
