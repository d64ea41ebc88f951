import FlyingFox
import Foundation
import GRDB

/// A failed request, answered with Open Dental's status and wording.
struct APIFailure: Error {
    let status: Int
    let message: String
    init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }
    static func bad(_ m: String) -> APIFailure { APIFailure(400, m) }
    static func notFound(_ m: String) -> APIFailure { APIFailure(404, m) }
}

/// One parsed request.
struct Call: Sendable {
    let method: String
    /// Segments after /api/v1, e.g. ["appointments", "12", "Confirm"].
    let segments: [String]
    let query: [(String, String)]
    let body: [String: JSONValue]

    func q(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

    func int(_ name: String) throws -> Int? {
        guard let v = q(name) else { return nil }
        guard let i = Int(v.trimmingCharacters(in: .whitespaces)) else { throw APIFailure.bad("\(name) is invalid: '\(v)' is not a number.") }
        return i
    }

    func date(_ name: String) throws -> String? {
        guard let v = q(name) else { return nil }
        guard SandboxCalendar.isDate(v) else { throw APIFailure.bad("\(name) format must be yyyy-MM-dd") }
        return v
    }

    func dateTime(_ name: String) throws -> String? {
        guard let v = q(name) else { return nil }
        guard SandboxCalendar.isDateTime(v) else { throw APIFailure.bad("\(name) format must be yyyy-MM-dd HH:mm:ss") }
        return v
    }

    func bool(_ name: String) throws -> Bool? {
        guard let v = q(name) else { return nil }
        switch v.lowercased() {
        case "true": return true
        case "false": return false
        default: throw APIFailure.bad("\(name) must be true or false.")
        }
    }

    /// Open Dental rejects parameters it does not know on patients and appointments (digest §8.2).
    func onlyParameters(_ allowed: Set<String>) throws {
        for (name, _) in query where !allowed.contains(name) {
            throw APIFailure.bad("'\(name)' is not a valid parameter.")
        }
    }
}

/// A JSON request body value (kept apart from Foundation's Any for Sendable).
enum JSONValue: Sendable, Equatable {
    case string(String), number(Double), bool(Bool), null, array([JSONValue]), object([String: JSONValue])

    init(_ any: Any) {
        switch any {
        case let s as String: self = .string(s)
        case let b as Bool where type(of: any) == Bool.self || String(describing: type(of: any)).contains("Bool"): self = .bool(b)
        case let n as NSNumber: self = .number(n.doubleValue)
        case let a as [Any]: self = .array(a.map(JSONValue.init))
        case let d as [String: Any]: self = .object(d.mapValues(JSONValue.init))
        default: self = .null
        }
    }
}

/// Typed access to body fields with Open Dental-style validation messages.
struct BodyReader {
    let fields: [String: JSONValue]

    func has(_ k: String) -> Bool { fields[k] != nil }

    func string(_ k: String) throws -> String? {
        switch fields[k] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case .number(let n)?:
            // A whole number is taken as its digits; 1e300 or 2.5 where text belongs is refused.
            guard let i = Int(exactly: n) else { throw APIFailure.bad("\(k) is invalid.") }
            return String(i)
        case .bool(let b)?: return b ? "true" : "false"
        default: throw APIFailure.bad("\(k) is invalid.")
        }
    }

    func int(_ k: String) throws -> Int? {
        switch fields[k] {
        case nil, .null?: return nil
        case .number(let n)?:
            // 1e300 or 2.5 is not a record number: a 400 naming the field, never a trap.
            guard let i = Int(exactly: n) else { throw APIFailure.bad("\(k) is invalid.") }
            return i
        case .string(let s)?:
            guard let i = Int(s.trimmingCharacters(in: .whitespaces)) else { throw APIFailure.bad("\(k) is invalid.") }
            return i
        default: throw APIFailure.bad("\(k) is invalid.")
        }
    }

    func double(_ k: String) throws -> Double? {
        switch fields[k] {
        case nil, .null?: return nil
        case .number(let n)?:
            guard n.isFinite else { throw APIFailure.bad("\(k) is invalid.") }
            return n
        case .string(let s)?:
            guard let d = Double(s), d.isFinite else { throw APIFailure.bad("\(k) is invalid.") }
            return d
        default: throw APIFailure.bad("\(k) is invalid.")
        }
    }

    /// Booleans arrive as "true"/"false" text (JSON booleans are tolerated).
    func bool(_ k: String) throws -> Bool? {
        switch fields[k] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        case .string(let s)?:
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: throw APIFailure.bad("\(k) must be either \"true\" or \"false\".")
            }
        default: throw APIFailure.bad("\(k) must be either \"true\" or \"false\".")
        }
    }

    func oneOf(_ k: String, _ allowed: [String]) throws -> String? {
        guard let s = try string(k) else { return nil }
        guard let match = allowed.first(where: { $0.lowercased() == s.lowercased() }) else {
            throw APIFailure.bad("\(k) is invalid. Valid values: \(allowed.joined(separator: ", ")).")
        }
        return match
    }

    func date(_ k: String) throws -> String? {
        guard let s = try string(k) else { return nil }
        if s.isEmpty { return SandboxCalendar.noDate }
        guard SandboxCalendar.isDate(s) else { throw APIFailure.bad("\(k) format must be yyyy-MM-dd.") }
        return s
    }

    func dateTime(_ k: String) throws -> String? {
        guard let s = try string(k) else { return nil }
        guard SandboxCalendar.isDateTime(s) else { throw APIFailure.bad("\(k) format must be yyyy-MM-dd HH:mm:ss.") }
        return s
    }
}

/// Read-only reference data, loaded once: definitions, providers, clinics, codes.
struct Lookups: Sendable {
    var defName: [Int: String] = [:]
    var defCategory: [Int: Int] = [:]
    var defsByCategory: [Int: [Int]] = [:]
    var provAbbr: [Int: String] = [:]
    var clinicAbbr: [Int: String] = [:]
    var codeByNum: [Int: (code: String, descript: String, abbr: String, fee: Double)] = [:]
    var codeNumByCode: [String: Int] = [:]
    var opClinic: [Int: Int] = [:]
    var opExists: Set<Int> = []

    static func load(_ db: Database) throws -> Lookups {
        var l = Lookups()
        for row in try Row.fetchAll(db, sql: "SELECT DefNum, Category, ItemName FROM definition ORDER BY Category, ItemOrder") {
            let num: Int = row[0], cat: Int = row[1]
            l.defName[num] = row[2]
            l.defCategory[num] = cat
            l.defsByCategory[cat, default: []].append(num)
        }
        for row in try Row.fetchAll(db, sql: "SELECT ProvNum, Abbr FROM provider") { l.provAbbr[row[0]] = row[1] }
        for row in try Row.fetchAll(db, sql: "SELECT ClinicNum, Abbr FROM clinic") { l.clinicAbbr[row[0]] = row[1] }
        for row in try Row.fetchAll(db, sql: "SELECT CodeNum, ProcCode, Descript, AbbrDesc, DefaultFee FROM procedurecode") {
            l.codeByNum[row[0]] = (row[1], row[2], row[3], row[4])
            l.codeNumByCode[row[1]] = row[0]
        }
        for row in try Row.fetchAll(db, sql: "SELECT OperatoryNum, ClinicNum FROM operatory") {
            l.opClinic[row[0]] = row[1]
            l.opExists.insert(row[0])
        }
        return l
    }

    func name(_ def: Int) -> String { def == 0 ? "" : defName[def] ?? "" }
    func abbr(prov: Int) -> String { prov == 0 ? "" : provAbbr[prov] ?? "" }
    func abbr(clinic: Int) -> String { clinic == 0 ? "" : clinicAbbr[clinic] ?? "" }
    func firstDef(_ cat: Int) -> Int { defsByCategory[cat]?.first ?? 0 }
    func defNum(named name: String, category: Int) -> Int? {
        defsByCategory[category]?.first { defName[$0] == name }
    }
}

/// The API itself: routing, auth, throttle, faults and every endpoint.
final class SandboxAPI: Sendable {
    let db: any DatabaseWriter
    let options: SandboxOptions
    let clock: SandboxClock
    let faults: FaultController
    let lookups: Lookups
    private let throttle: ThrottleLedger
    /// Encoded appointment and patient rows (without serverDateTime), dropped on every write to
    /// the row: list pages are assembled from these, which is what lets a 100-row page cost
    /// little more than its id query (see README, sandbox throughput).
    let appointmentJSON = EncodedRows()
    let patientJSON = EncodedRows()
    /// Every non-deleted PatNum in order, for unfiltered patients/Simple paging (the full-sync path).
    let patientKeys = KeyIndex()
    /// The port the server listens on, set once it does (for `Location` headers).
    let port = PortBox()

    init(db: any DatabaseWriter, options: SandboxOptions, clock: SandboxClock, faults: FaultController) async throws {
        self.db = db
        self.options = options
        self.clock = clock
        throttle = ThrottleLedger(time: options.time)
        self.faults = faults
        lookups = try await db.read { try Lookups.load($0) }
    }

    /// The client's address as the gate saw it on the socket (the gate removes any the client
    /// sent itself, and nothing but the gate can reach FlyingFox's private socket).
    static func peer(_ request: FlyingFox.HTTPRequest) -> String? {
        request.headers[HTTPHeader(Gate.peerHeader)]
    }

    static func isLoopback(ip: String?) -> Bool {
        guard let ip else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }

    /// DNS rebinding: a web page whose name points at 127.0.0.1 sends its own name as Host. A
    /// sandbox on loopback answers only requests for a loopback name or its listen address.
    func hostAllowed(_ request: FlyingFox.HTTPRequest, loopbackOnly: Bool) -> Bool {
        guard let raw = request.headers[.host]?.lowercased() else { return false }
        var host = raw
        if host.hasPrefix("[") {
            host = String(host.dropFirst().prefix { $0 != "]" })
        } else if let colon = host.lastIndex(of: ":"), host.filter({ $0 == ":" }).count == 1 {
            host = String(host[..<colon])
        }
        if ["127.0.0.1", "localhost", "::1"].contains(host) || host.hasPrefix("127.") { return true }
        if loopbackOnly || options.listensOnLoopback { return false }
        // Listening beyond loopback: the names clients use are not known here.
        return true
    }

    /// What the sandbox served: (method, path pattern, status) → count, for `GET /sandbox/stats`.
    let stats = ServeStats()

    func handle(_ request: FlyingFox.HTTPRequest) async -> Reply {
        let reply = await route(request)
        let path = request.path
        if path == "/api/v1" || path.hasPrefix("/api/v1/") {
            stats.record(method: request.method.rawValue.uppercased(), path: String(path.dropFirst("/api/v1".count)), status: reply.status)
            let auth = request.headers[.authorization] ?? ""
            stats.recordKey(auth.hasPrefix("ODFHIR ") ? auth.split(separator: "/").last.map(String.init) ?? "" : "")
        }
        return reply
    }

    private func route(_ request: FlyingFox.HTTPRequest) async -> Reply {
        let path = request.path
        guard hostAllowed(request, loopbackOnly: false) else {
            return .message(403, "This sandbox answers requests addressed to 127.0.0.1 or localhost only.")
        }
        if path == "/sandbox" || path.hasPrefix("/sandbox/") {
            return await admin(request)
        }
        guard path == "/api/v1" || path.hasPrefix("/api/v1/") else {
            return .message(404, "The requested resource was not found.")
        }
        let apiPath = String(path.dropFirst("/api/v1".count))

        // Fault injection happens "on the way to the office".
        let patNum = request.query.first { $0.name.lowercased() == "patnum" }.flatMap { Int($0.value) }
        let drawn = faults.draw(path: apiPath, method: request.method.rawValue, patNum: patNum)
        if drawn.latencyMs > 0 { try? await Task.sleep(nanoseconds: UInt64(drawn.latencyMs) * 1_000_000) }
        switch drawn.failure?.kind {
        case .econnector?:
            return .message(400, "Connection to the eConnector failed. The eConnector service is not running or cannot be reached. Please verify that the eConnector is running at the office.")
        case .throttle?:
            var r = Reply.message(429, "Too many requests. Please wait before sending another request.")
            if let after = drawn.failure?.retryAfter { r.headers["Retry-After"] = String(after) }
            return r
        case .serverError?: return .message(500, "An unexpected error has occurred.")
        case .gatewayTimeout?: return Reply(status: 504, body: Array("Gateway Time-out".utf8), contentType: "text/plain")
        default: break
        }

        // Auth: exactly "ODFHIR dev/customer".
        guard let auth = request.headers[.authorization] else {
            return .message(401, "Authorization header is missing.")
        }
        guard auth.hasPrefix("ODFHIR "), auth.dropFirst(7).split(separator: "/", omittingEmptySubsequences: false).count == 2 else {
            return .message(401, "Authorization header must be in the format 'ODFHIR DeveloperKey/CustomerKey'.")
        }
        let keys = auth.dropFirst(7).split(separator: "/", omittingEmptySubsequences: false)
        guard keys[0] == options.developerKey, keys[1] == options.customerKey else {
            return .message(401, "Invalid developer key or customer key.")
        }

        // Throttle per customer key (Remote profile).
        if options.throttleSeconds > 0 {
            let arrival = request.headers[HTTPHeader(Gate.arrivalHeader)].flatMap(UInt64.init).map { Double($0) / 1e9 }
            if let wait = throttle.admit(key: String(keys[1]), interval: options.throttleSeconds, at: arrival) {
                var r = Reply.message(429, "Too many requests. This API key is limited to one request every \(Int(options.throttleSeconds)) second\(options.throttleSeconds == 1 ? "" : "s").")
                r.headers["Retry-After"] = String(Int(wait.rounded(.up)))
                return r
            }
        }

        let method = request.method.rawValue.uppercased()
        var body: [String: JSONValue] = [:]
        if method == "POST" || method == "PUT" {
            let ct = request.headers[.contentType]?.lowercased() ?? ""
            guard ct.hasPrefix("application/json") else {
                return .message(400, "Content-Type must be application/json.")
            }
            // A query is read-only: it answers for the ApiQueries permission itself.
            if options.readAllOnly && apiPath != "/queries/ShortQuery" {
                return .message(401, "This API key does not have permission to perform this action. Permission required: ApiComm.")
            }
            let data = (try? await request.bodyData) ?? Data()
            if !data.isEmpty {
                guard let parsed = try? JSONSerialization.jsonObject(with: data), let dict = parsed as? [String: Any] else {
                    return .message(400, "Request body is not valid JSON.")
                }
                body = dict.mapValues(JSONValue.init)
            }
        }
        let segments = apiPath.split(separator: "/").map(String.init)
        let call = Call(method: method, segments: segments, query: request.query.map { ($0.name, $0.value) }, body: body)
        var reply: Reply
        do {
            reply = try await route(call)
        } catch let f as APIFailure {
            reply = .message(f.status, f.message)
        } catch {
            reply = .message(500, "An unexpected error has occurred.")
        }
        switch drawn.failure?.kind {
        case .malformed?:
            reply = Reply(status: 200, body: Array(#"[{"AptNum":1,"PatNum":"#.utf8) + Array(reply.body.prefix(40)))
        case .lost?:
            reply.loseAnswer = true
        case .drop?:
            reply.dropMidBody = true
            // The connection ends with this answer: no client may reuse it for the next request.
            reply.headers["Connection"] = "close"
        default: break
        }
        return reply
    }

    /// `Limit` (clamped to the profile's cap) and `Offset`.
    func paging(_ c: Call) throws -> (limit: Int, offset: Int) {
        let limit = try c.int("Limit") ?? options.pageLimit
        let offset = try c.int("Offset") ?? 0
        guard limit >= 0 else { throw APIFailure.bad("Limit must be a positive number.") }
        guard offset >= 0 else { throw APIFailure.bad("Offset must be a positive number.") }
        return (min(limit == 0 ? options.pageLimit : limit, options.pageLimit), offset)
    }

    func now() -> String { clock.now() }

    /// One page of a list whose rows are cached encoded: the ids come from SQLite in key order,
    /// rows not cached yet are read and encoded once, and each row gets `serverDateTime` first.
    ///
    /// `keyIndex`, when given, is the table's full key list in order (no filter): the page is then a
    /// slice of it instead of an OFFSET scan, which SQLite does in time linear in the offset.
    func cachedPage(table: String, key: String, columns: String, _ filter: Where,
                    limit: Int, offset: Int, cache: EncodedRows, keyIndex: KeyIndex? = nil,
                    encode: @escaping @Sendable (inout JSONWriter, Row) -> Void) async throws -> Reply {
        let stamp = now()
        let sql = filter.sql, args = filter.arguments
        return try await db.read { db in
            let ids: [Int]
            if let keyIndex {
                let all = try keyIndex.keys { try Int.fetchAll(db, sql: "SELECT \(key) FROM \(table) \(sql) ORDER BY \(key)", arguments: args) }
                ids = offset < all.count ? Array(all[offset..<min(all.count, offset + limit)]) : []
            } else {
                ids = try Int.fetchAll(db, sql: "SELECT \(key) FROM \(table) \(sql) ORDER BY \(key) LIMIT ? OFFSET ?", arguments: args + [limit, offset])
            }
            var encoded = cache.get(ids)
            let missing = ids.filter { encoded[$0] == nil }
            if !missing.isEmpty {
                let rows = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM \(table) WHERE \(key) IN (\(missing.map(String.init).joined(separator: ",")))")
                while let r = try rows.next() {
                    var w = JSONWriter(capacity: 1024)
                    encode(&w, r)
                    let id: Int = r[key]
                    encoded[id] = w.bytes
                    cache.put(id, w.bytes)
                }
            }
            return Reply(status: 200, body: EncodedRows.assemble(ids, encoded, serverDateTime: stamp))
        }
    }

    /// `GET /x/{id}` answers one object (404 when absent); `GET /x` an array.
    func oneOrMany(_ rows: [Row], single: Bool, notFound: String, write: (inout JSONWriter, Row) -> Void) throws -> Reply {
        if single && rows.isEmpty { throw APIFailure.notFound(notFound) }
        var w = JSONWriter()
        if !single { w.beginArray() }
        for r in rows { write(&w, r) }
        if !single { w.endArray() }
        return .json(w)
    }

    func id(_ s: String, _ what: String) throws -> Int {
        guard let i = Int(s), i > 0 else { throw APIFailure.bad("\(what) is invalid.") }
        return i
    }

    // MARK: admin (outside /api/v1, loopback only)

    func admin(_ request: FlyingFox.HTTPRequest) async -> Reply {
        // The socket's own peer address (from the gate), never X-Forwarded-For (which FlyingFox's
        // remoteIPAddress trusts); an unknown peer is refused.
        guard Self.isLoopback(ip: Self.peer(request)) else {
            return .message(401, "The sandbox admin endpoint answers loopback clients only.")
        }
        guard hostAllowed(request, loopbackOnly: true) else {
            return .message(403, "The sandbox admin endpoint answers requests for a loopback host only.")
        }
        let method = request.method.rawValue.uppercased()
        if method == "POST" || method == "PUT" {
            // A form post from a web page cannot set this header without a preflight.
            guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
                return .message(415, "Content-Type must be application/json.")
            }
        }
        switch (request.method.rawValue.uppercased(), request.path) {
        case ("GET", "/sandbox/faults"):
            return faultList()
        case ("POST", "/sandbox/faults"), ("PUT", "/sandbox/faults"):
            // Body: {"faults": ["latency:ms=300", "500:rate=0.5"]} replaces the list; [] clears it.
            let data = (try? await request.bodyData) ?? Data()
            guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let list = obj["faults"] as? [String] else {
                return .message(400, "Body must be {\"faults\": [\"KIND[:key=value,...]\", ...]}.")
            }
            do {
                faults.set(try list.map(Fault.parse))
            } catch {
                return .message(400, "\(error)")
            }
            return faultList()
        case ("DELETE", "/sandbox/faults"):
            faults.clear()
            return faultList()
        case ("GET", "/sandbox/stats"):
            return stats.reply()
        case ("DELETE", "/sandbox/stats"):
            stats.reset()
            return stats.reply()
        case ("GET", "/sandbox"), ("GET", "/sandbox/info"):
            var w = JSONWriter()
            w.beginObject()
            w.field("profile", options.profile.rawValue)
            w.field("pageLimit", options.pageLimit)
            w.field("readAllOnly", bool: options.readAllOnly)
            w.field("serverDateTime", now())
            w.endObject()
            return .json(w)
        default:
            return .message(404, "Sandbox admin: GET/POST/DELETE /sandbox/faults, GET/DELETE /sandbox/stats, GET /sandbox/info.")
        }
    }

    func faultList() -> Reply {
        var w = JSONWriter()
        w.beginArray()
        for f in faults.current {
            w.beginObject()
            w.field("kind", f.kind.rawValue)
            w.field("rate", money: f.rate)
            w.field("path", f.path ?? "")
            w.field("latencyMs", f.latencyMs)
            w.field("jitterMs", f.jitterMs)
            w.field("remaining", f.remaining ?? -1)
            w.endObject()
        }
        w.endArray()
        return .json(w)
    }

    // MARK: small resources

    func securityPerms() -> Reply {
        let all = ["ApiReadAll", "ApiAllOthers", "ApiAppointments", "ApiComm", "ApiDocuments", "ApiInsuranceSimple",
                   "ApiPatients", "ApiPayments", "ApiPayPlans", "ApiProcedureLogs", "ApiQueries", "ApiSetup"]
        var w = JSONWriter()
        w.beginArray()
        for p in all {
            w.beginObject()
            w.field("Permission", p)
            w.field("HasPermission", bool: p == "ApiReadAll" || (!options.readAllOnly && (p != "ApiQueries" || options.queries)))
            w.endObject()
        }
        w.endArray()
        return .json(w)
    }
}

/// One request start per customer key per interval (Remote profile).
final class ThrottleLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var last: [String: Double] = [:]
    private let time: SandboxTime

    init(time: SandboxTime = SandboxTime()) { self.time = time }

    /// nil when the request may go ahead (and is recorded), else the seconds to wait.
    /// `at` is the request's arrival on the host's uptime clock (from the front door), else now.
    func admit(key: String, interval: Double, at arrival: Double? = nil) -> Double? {
        let now = arrival ?? Double(time.uptimeNanoseconds) / 1e9
        return lock.withLock {
            if let prev = last[key], now - prev < interval { return interval - (now - prev) }
            last[key] = now
            return nil
        }
    }
}

/// A table's primary keys in order, loaded on first use and dropped when a row is added.
final class KeyIndex: @unchecked Sendable {
    // @unchecked: `cached` and `generation` are guarded by `lock`.
    private let lock = NSLock()
    private var cached: [Int]?
    private var generation = 0

    /// A load that raced with an invalidation answers its own request but is not kept.
    func keys(load: () throws -> [Int]) rethrows -> [Int] {
        let (hit, gen) = lock.withLock { (cached, generation) }
        if let hit { return hit }
        let k = try load()
        lock.withLock { if generation == gen { cached = k } }
        return k
    }

    /// Call after the write that added a row has committed.
    func invalidate() {
        lock.withLock {
            cached = nil
            generation += 1
        }
    }
}

/// A cache of encoded JSON objects by primary key.
final class EncodedRows: @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [Int: [UInt8]] = [:]

    func get(_ ids: [Int]) -> [Int: [UInt8]] {
        lock.withLock {
            var out: [Int: [UInt8]] = [:]
            out.reserveCapacity(ids.count)
            for id in ids { if let r = rows[id] { out[id] = r } }
            return out
        }
    }

    func put(_ id: Int, _ bytes: [UInt8]) { lock.withLock { rows[id] = bytes } }
    func remove(_ id: Int) { _ = lock.withLock { rows.removeValue(forKey: id) } }

    /// Writes `[ {"serverDateTime":..., <row>}, ... ]` in `ids` order from cached rows.
    static func assemble(_ ids: [Int], _ encoded: [Int: [UInt8]], serverDateTime: String?) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(ids.reduce(2) { $0 + (encoded[$1]?.count ?? 0) + 48 })
        let prefix: [UInt8] = serverDateTime.map { Array("{\"serverDateTime\":\"\($0)\",".utf8) } ?? []
        var first = true
        for id in ids {
            guard let row = encoded[id] else { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            if prefix.isEmpty {
                out.append(contentsOf: row)
            } else {
                out.append(contentsOf: prefix)
                out.append(contentsOf: row.dropFirst())
            }
        }
        out.append(UInt8(ascii: "]"))
        return out
    }
}

/// Set once after the listener opens; read by every POST's `Location`.
final class PortBox: @unchecked Sendable {
    // @unchecked: `value` is guarded by `lock`.
    private let lock = NSLock()
    private var value: UInt16 = 0
    func set(_ p: UInt16) { lock.withLock { value = p } }
    func get() -> UInt16 { lock.withLock { value } }
}

/// Counts of what the sandbox answered, by method, path pattern (numbers become `{id}`) and status:
/// how the benchmarks and tests learn how many requests a client sent and how many were refused.
final class ServeStats: @unchecked Sendable {
    // @unchecked: `counts` is guarded by `lock`.
    struct Key: Hashable {
        var method: String
        var path: String
        var status: Int
    }
    private let lock = NSLock()
    private var counts: [Key: Int] = [:]
    /// Customer keys sent, by fingerprint (`keyPrint`): which keys reached this office.
    private var keys: [String: Int] = [:]

    /// A key as the stats show it: its first four characters and its length, never the key.
    static func keyPrint(_ key: String) -> String { key.isEmpty ? "(none)" : String(key.prefix(4)) + "…(\(key.count))" }

    func recordKey(_ key: String) {
        lock.withLock { keys[Self.keyPrint(key), default: 0] += 1 }
    }

    static func pattern(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { seg in !seg.isEmpty && seg.allSatisfy(\.isNumber) ? "{id}" : String(seg) }
            .joined(separator: "/")
    }

    func record(method: String, path: String, status: Int) {
        let key = Key(method: method, path: Self.pattern(path), status: status)
        lock.withLock { counts[key, default: 0] += 1 }
    }

    func reset() { lock.withLock { counts = [:]; keys = [:] } }

    var snapshot: [Key: Int] { lock.withLock { counts } }

    /// `{"requests": N, "throttled": M, "rows": [{"method","path","status","count"}, ...]}`.
    func reply() -> Reply {
        let all = snapshot
        var w = JSONWriter()
        w.beginObject()
        w.field("requests", all.values.reduce(0, +))
        w.field("throttled", all.filter { $0.key.status == 429 }.values.reduce(0, +))
        w.key("customerKeys")
        w.beginObject()
        for (k, n) in lock.withLock({ keys }).sorted(by: { $0.key < $1.key }) { w.dynamicKey(k); w.number(n) }
        w.endObject()
        w.key("rows")
        w.beginArray()
        for (k, n) in all.sorted(by: { ($0.key.path, $0.key.method, $0.key.status) < ($1.key.path, $1.key.method, $1.key.status) }) {
            w.beginObject()
            w.field("method", k.method)
            w.field("path", k.path)
            w.field("status", k.status)
            w.field("count", n)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return .json(w)
    }
}
