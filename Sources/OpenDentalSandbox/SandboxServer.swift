import FlyingFox
import FlyingSocks
import Foundation
import GRDB

/// `remote` behaves like api.opendental.com (100-row pages, throttle per customer key, 429);
/// `local` like the Local API / API Service (1000-row pages, no throttle).
public enum SandboxProfile: String, Sendable, CaseIterable {
    case remote, local
}

public enum SandboxError: Error, CustomStringConvertible, Sendable {
    case badOption(String)
    case startFailed(String)

    public var description: String {
        switch self {
        case .badOption(let m): return m
        case .startFailed(let m): return "the sandbox could not start: \(m)"
        }
    }
}

public struct SandboxOptions: Sendable {
    /// Open Dental's published test pair (digest §1.2): what integrators expect a simulator to accept.
    public static let publicDeveloperKey = "NFF6i0KrXrxDkZHt"
    public static let publicCustomerKey = "VzkmZEaUWOjnQX2z"

    /// Listen address; loopback unless the caller says otherwise.
    public var host = "127.0.0.1"
    /// 0 picks a free port.
    public var port: UInt16 = 0
    /// SQLite file; nil keeps the practice in memory.
    public var databasePath: String?
    public var seed: UInt64 = 20_261_129
    public var patients = 1500
    public var clinics = 0
    public var profile: SandboxProfile = .local
    /// The key holds only ApiReadAll: 5 s throttle on Remote, and writes are refused.
    public var readAllOnly = false
    /// The office grants ApiQueries (`PUT /queries/ShortQuery`); `--no-queries` turns it off.
    public var queries = true
    public var faults: [Fault] = []
    public var developerKey = publicDeveloperKey
    public var customerKey = publicCustomerKey
    /// Pins "today" (days since 1970-01-01) for reproducible tests; nil = the real date.
    public var today: Int?
    /// With `today`, pins the time of day too (seconds after midnight): the generator's "around
    /// now" statuses then come from the seed alone.
    public var timeOfDay: Int?
    /// The sandbox's clocks; a test keeps this and moves it on (`advance`) instead of sleeping.
    public var time = SandboxTime()
    /// Request limits at the sandbox's front door (sizes, counts, deadlines, connections).
    public var limits = Gate.Limits()
    /// Practices served at one address, each under its own customer key (`customerKey(office:)`)
    /// with its own database, throttle, faults and statistics, as api.opendental.com serves
    /// every office by its key (a group practice's offices, `--offices 3`).
    public var offices = 1

    public init() {}

    /// Office `n`'s customer key (1 = `customerKey`); the others are derived from the seed, so a
    /// test and a config file can name them before the sandbox starts.
    public func customerKey(office n: Int) -> String {
        n <= 1 ? customerKey : "Office\(n)Key" + String(format: "%07d", Int((seed &* 2_654_435_761 &+ UInt64(n)) % 10_000_000))
    }

    /// The options of office `n` (1-based): its key, its own practice (seed), its own file.
    public func office(_ n: Int) -> SandboxOptions {
        guard n > 1 else { return self }
        var o = self
        o.customerKey = customerKey(office: n)
        o.seed = seed &+ UInt64(n - 1)
        o.databasePath = databasePath.map { $0 + ".office\(n)" }
        o.offices = 1
        return o
    }

    public var pageLimit: Int { profile == .remote ? 100 : 1000 }

    /// True when only this machine can connect.
    public var listensOnLoopback: Bool { host.hasPrefix("127.") || host == "::1" || host == "localhost" }

    /// An address a client can use: a wildcard listen address is reached through loopback.
    public var usableHost: String {
        switch host {
        case "0.0.0.0": return "127.0.0.1"
        case "::", "[::]": return "::1"
        default: return host
        }
    }
    public var throttleSeconds: Double { profile == .remote ? (readAllOnly ? 5 : 1) : 0 }
}

/// The embedded sandbox of the Open Dental REST API: a real HTTP server on loopback (FlyingFox),
/// a generated practice in SQLite (GRDB), profiles and fault injection.
public final class SandboxServer: Sendable {
    public let options: SandboxOptions
    public let faults: FaultController
    public let port: UInt16
    let http: HTTPServer
    /// Office 1's API (the only one unless `offices` > 1).
    let api: SandboxAPI
    /// Every office's API, office 1 first.
    let apis: [SandboxAPI]
    let gate: Gate
    private let socketDir: String
    private let runTask: Task<Void, Error>

    /// http://127.0.0.1:PORT/api/v1
    public var baseURL: URL { URL(string: "http://\(urlHost):\(port)/api/v1")! }
    public var adminURL: URL { URL(string: "http://\(urlHost):\(port)/sandbox")! }
    private var urlHost: String { options.usableHost.contains(":") ? "[\(options.usableHost)]" : options.usableHost }
    public var developerKey: String { options.developerKey }
    public var customerKey: String { options.customerKey }
    /// Every office's customer key, office 1 first.
    public var customerKeys: [String] { apis.map(\.options.customerKey) }

    /// Office `n`'s faults (1-based), changed at run time by a test.
    public func faults(office n: Int) -> FaultController { apis[max(0, min(apis.count - 1, n - 1))].faults }

    private init(options: SandboxOptions, faults: FaultController, port: UInt16, http: HTTPServer, apis: [SandboxAPI], runTask: Task<Void, Error>,
                 gate: Gate, socketDir: String) {
        self.gate = gate
        self.socketDir = socketDir
        self.options = options
        self.faults = faults
        self.port = port
        self.http = http
        self.api = apis[0]
        self.apis = apis
        self.runTask = runTask
    }

    /// Opens (or creates and fills) the database and starts listening. Returns once the port is open.
    public static func start(_ options: SandboxOptions) async throws -> SandboxServer {
        guard (1...9).contains(options.offices) else { throw SandboxError.badOption("offices must be 1 to 9, not \(options.offices)") }
        let clock: SandboxClock = {
            var c = options.today.map { SandboxClock.pinned(today: $0, timeOfDay: options.timeOfDay) } ?? SandboxClock()
            c.time = options.time
            return c
        }()
        // The generator's "today" and "now", read once: a pinned clock runs on from its pin, and a
        // practice must not depend on how long its database took to open (a second's drift
        // changed generated stamps under load).
        let (today, now) = (clock.today(), clock.now())
        var apis: [SandboxAPI] = []
        for n in 1...options.offices {
            let o = options.office(n)
            let db = try openDatabase(o)
            try await db.write { db in
                if try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'seed'") == nil {
                    let gen = PracticeGenerator(seed: o.seed, patients: max(1, o.patients), clinics: o.clinics,
                                                today: today, now: now)
                    try gen.generate(into: db)
                }
            }
            apis.append(try await SandboxAPI(db: db, options: o, clock: clock, faults: FaultController(o.faults, seed: o.seed)))
        }
        let api = apis[0]
        let faults = api.faults
        // FlyingFox listens on a Unix socket in a private folder; the gate owns the public port.
        removeFoldersOfEndedSandboxes()
        let dir = NSTemporaryDirectory() + "frontdesk-sandbox-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let socketPath = dir + "/api.sock"
        // FlyingFox's default logger prints to stdout, which would garble a curses screen.
        let http = HTTPServer(address: sockaddr_un.unix(path: socketPath), timeout: 150, pool: HTTPServer.defaultPool(),
                              logger: .disabled, handler: RootHandler(apis: apis))
        let runTask = Task { try await http.run() }
        do {
            try await http.waitUntilListening(timeout: 10)
        } catch {
            runTask.cancel()
            try? FileManager.default.removeItem(atPath: dir)
            throw SandboxError.startFailed("the API server did not start")
        }
        let gate = Gate(upstreamPath: socketPath, limits: options.limits, time: options.time)
        let port: UInt16
        do {
            port = try gate.listen(host: options.host, port: options.port)
        } catch {
            await http.stop(timeout: 1)
            runTask.cancel()
            try? FileManager.default.removeItem(atPath: dir)
            throw error
        }
        for a in apis { a.port.set(port) }
        return SandboxServer(options: options, faults: faults, port: port, http: http, apis: apis, runTask: runTask,
                             gate: gate, socketDir: dir)
    }

    /// The socket folders of sandboxes whose process ended without `stop` (killed, or crashed):
    /// a folder is named for its process, and one whose process is gone, ours, holding nothing but
    /// its socket, is removed (a day of test runs had left 775 in the temporary folder).
    static func removeFoldersOfEndedSandboxes(in folder: String = NSTemporaryDirectory()) {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix("frontdesk-sandbox-") {
            let parts = name.dropFirst("frontdesk-sandbox-".count).split(separator: "-")
            guard parts.count == 2, let pid = Int32(parts[0]), pid > 0 else { continue }
            // Still running (or not ours to ask): left alone.
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            let path = (folder as NSString).appendingPathComponent(name)
            guard let attrs = try? fm.attributesOfItem(atPath: path),
                  (attrs[.ownerAccountID] as? NSNumber)?.uint32Value == getuid(),
                  let inside = try? fm.contentsOfDirectory(atPath: path), inside.allSatisfy({ $0 == "api.sock" }) else { continue }
            try? fm.removeItem(atPath: path)
        }
    }

    /// Stops listening and closes connections.
    public func stop() async {
        gate.stop()
        await http.stop(timeout: 1)
        runTask.cancel()
        _ = try? await runTask.value
        try? FileManager.default.removeItem(atPath: socketDir)
    }

    /// An appointment as stored, for tests and the fault matrix that judge writes by the
    /// sandbox's own database rather than by what the client was told.
    public struct StoredAppointment: Sendable, Equatable {
        public var confirmed: Int
        public var note: String
        public var status: String
        public var arrived: String
        public var seated: String
        public var dismissed: String
        public var priority: String
        public var dateTime: String = ""
        public var op: Int = 0
    }

    /// How many appointments this patient has at exactly this time in this operatory.
    public func storedAppointments(patNum: Int, at dateTime: String, op: Int) async throws -> Int {
        try await api.db.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM appointment WHERE PatNum = ? AND AptDateTime = ? AND Op = ?",
                             arguments: [patNum, dateTime, op]) ?? 0
        }
    }

    public func storedAppointment(_ aptNum: Int) async throws -> StoredAppointment? {
        try await api.db.read { db in
            try Row.fetchOne(db, sql: "SELECT Confirmed, Note, AptStatus, DateTimeArrived, DateTimeSeated, DateTimeDismissed, Priority, AptDateTime, Op FROM appointment WHERE AptNum = ?",
                             arguments: [aptNum]).map {
                StoredAppointment(confirmed: $0["Confirmed"], note: $0["Note"], status: $0["AptStatus"], arrived: $0["DateTimeArrived"],
                                  seated: $0["DateTimeSeated"], dismissed: $0["DateTimeDismissed"], priority: $0["Priority"],
                                  dateTime: $0["AptDateTime"], op: $0["Op"])
            }
        }
    }

    /// How many patients have exactly this name.
    public func storedPatients(lName: String, fName: String) async throws -> Int {
        try await api.db.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM patient WHERE LName = ? AND FName = ?", arguments: [lName, fName]) ?? 0
        }
    }

    /// A patient's e-mail as stored.
    public func storedPatientEmail(_ patNum: Int) async throws -> String? {
        try await api.db.read { db in try String.fetchOne(db, sql: "SELECT Email FROM patient WHERE PatNum = ?", arguments: [patNum]) }
    }

    /// How many commlogs of a patient hold exactly this note.
    public func storedCommlogs(patNum: Int, note: String) async throws -> Int {
        try await api.db.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM commlog WHERE PatNum = ? AND Note = ?", arguments: [patNum, note]) ?? 0
        }
    }

    /// Waits until the server stops (for `frontdesk sandbox`).
    public func wait() async {
        _ = try? await runTask.value
    }

    static func openDatabase(_ options: SandboxOptions) throws -> any DatabaseWriter {
        var config = Configuration()
        config.label = "sandbox"
        let writer: any DatabaseWriter
        if let path = options.databasePath {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            // A practice's worth of names: readable by its owner only. SQLite gives the -wal and
            // -shm files the database file's mode.
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            if fd >= 0 {
                fchmod(fd, 0o600)
                close(fd)
            }
            writer = try DatabasePool(path: path, configuration: config)
        } else {
            writer = try DatabaseQueue(configuration: config)
        }
        try SandboxSchema.migrator().migrate(writer)
        return writer
    }
}

/// Every request enters here: admin routes, faults, auth, throttle, then the API.
struct RootHandler: HTTPHandler {
    let apis: [SandboxAPI]

    func handleRequest(_ request: FlyingFox.HTTPRequest) async throws -> FlyingFox.HTTPResponse {
        let reply = await office(request).handle(request)
        return reply.response()
    }

    /// The office a request is for: by its customer key (an unknown key goes to office 1, which
    /// refuses it); an admin request by `?office=N`.
    func office(_ request: FlyingFox.HTTPRequest) -> SandboxAPI {
        guard apis.count > 1 else { return apis[0] }
        if request.path.hasPrefix("/sandbox") {
            let n = request.query.first { $0.name == "office" }.flatMap { Int($0.value) } ?? 1
            return apis[max(0, min(apis.count - 1, n - 1))]
        }
        let auth = request.headers[.authorization] ?? ""
        let key = auth.split(separator: "/").last.map(String.init) ?? ""
        return apis.first { $0.options.customerKey == key } ?? apis[0]
    }
}

/// What a handler answers: status, body and headers; or a connection to cut mid-body.
struct Reply: Sendable {
    var status: Int
    var body: [UInt8]
    var contentType = "application/json; charset=utf-8"
    var headers: [String: String] = [:]
    var dropMidBody = false
    /// Close the connection before the first byte of the answer.
    var loseAnswer = false

    static func json(_ w: JSONWriter, status: Int = 200) -> Reply { Reply(status: status, body: w.bytes) }

    /// An error message the way Open Dental shows it: the text as a JSON string.
    static func message(_ status: Int, _ text: String) -> Reply {
        var w = JSONWriter()
        w.beginArray()
        w.element(text)
        w.endArray()
        // Strip the array brackets: a bare JSON string.
        return Reply(status: status, body: Array(w.bytes.dropFirst().dropLast()))
    }

    static let empty = Reply(status: 200, body: [])

    func response() -> FlyingFox.HTTPResponse {
        var h = HTTPHeaders()
        for (k, v) in headers { h[HTTPHeader(k)] = v }
        if !body.isEmpty || status != 200 { h[.contentType] = contentType }
        let phrase: String
        switch status {
        case 200: phrase = "OK"
        case 201: phrase = "Created"
        case 400: phrase = "Bad Request"
        case 401: phrase = "Unauthorized"
        case 403: phrase = "Forbidden"
        case 404: phrase = "Not Found"
        case 413: phrase = "Content Too Large"
        case 415: phrase = "Unsupported Media Type"
        case 410: phrase = "Gone"
        case 429: phrase = "Too Many Requests"
        case 500: phrase = "Internal Server Error"
        case 504: phrase = "Gateway Time-out"
        default: phrase = "Status"
        }
        let code = HTTPStatusCode(status, phrase: phrase)
        if loseAnswer {
            // FlyingFox asks a WebSocket handler for its frames before it writes a byte; one that
            // fails makes it close the connection with nothing sent.
            return FlyingFox.HTTPResponse(webSocket: LoseAnswer())
        }
        if dropMidBody {
            // Promise the whole body, deliver part of it, then fail: the connection is cut mid-body.
            let partial = Array(body.prefix(max(1, body.count / 3)))
            return FlyingFox.HTTPResponse(statusCode: code, headers: h,
                                          body: HTTPBodySequence(from: TruncatedBytes(bytes: partial), count: body.count))
        }
        return FlyingFox.HTTPResponse(statusCode: code, headers: h, body: Data(body))
    }
}

/// Fails before any frame: the connection closes with no byte of the answer sent.
struct LoseAnswer: WSHandler {
    func makeFrames(for client: AsyncThrowingStream<WSFrame, any Error>) async throws -> AsyncStream<WSFrame> {
        throw SandboxError.startFailed("answer lost by fault injection")
    }
}

/// A byte sequence that yields some bytes and then fails, so the server closes the connection.
struct TruncatedBytes: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let bytes: [UInt8]

    struct AsyncIterator: AsyncBufferedIteratorProtocol {
        var bytes: [UInt8]
        var sent = false

        mutating func next() async throws -> UInt8? {
            guard !sent, !bytes.isEmpty else { throw SandboxError.startFailed("connection dropped by fault injection") }
            return bytes.removeFirst()
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            guard !sent else { throw SandboxError.startFailed("connection dropped by fault injection") }
            sent = true
            return bytes
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: bytes) }
}
