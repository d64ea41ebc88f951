import Foundation
import OpenDentalAPI
import OpenDentalSandbox

// FrontDesk benchmarks. Run in release mode:
//   swift run -c release frontdesk-bench            (all)
//   swift run -c release frontdesk-bench decode     (one)
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

let args = Array(CommandLine.arguments.dropFirst())
let all = args.isEmpty
let sem = DispatchSemaphore(value: 0)
Task.detached {
    do {
        if all || args.contains("decode") { try benchDecode() }
        if all || args.contains("paging") { try await benchPaging() }
        if all || args.contains("generate") { try await benchGenerate() }
        print(String(format: "peak RSS: %.1f MiB", Bench.peakRSSMiB()))
    } catch {
        print("benchmark failed: \(error)")
        exit(1)
    }
    sem.signal()
}
sem.wait()
