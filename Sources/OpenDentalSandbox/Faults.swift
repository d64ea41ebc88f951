import Foundation

/// The failures a real office produces, switchable at start-up (`--fault`) and at run time
/// (`POST /sandbox/faults`, loopback only), for tests and for demos of the offline states.
public enum FaultKind: String, Sendable, CaseIterable, Codable {
    /// Adds `latencyMs` (plus up to `jitterMs`) before answering.
    case latency
    /// 400 with Open Dental's wording for an office whose eConnector is not running.
    case econnector
    /// 429 with Retry-After.
    case throttle = "429"
    case serverError = "500"
    case gatewayTimeout = "504"
    /// Sends the headers and part of the body, then closes the connection.
    case drop
    /// Carries the request out, then closes the connection before the first byte of the answer:
    /// the lost answer a client must never resend a write after.
    case lost
    /// 200 with a body that is not valid JSON.
    case malformed
}

public struct Fault: Sendable, Codable, Equatable {
    public var kind: FaultKind
    /// Share of matching requests hit, 0...1.
    public var rate: Double
    /// Only this path and those below it (after /api/v1, by whole segments), e.g. "/appointments"; nil = all.
    public var path: String?
    public var latencyMs: Int
    public var jitterMs: Int
    /// Stop after this many hits (a burst); nil = no limit.
    public var remaining: Int?
    /// Only requests with this method (GET, PUT, POST); nil = all.
    public var method: String?
    /// 429 only: the Retry-After value in seconds; nil sends none.
    public var retryAfter: Int?
    /// The path itself only, not those below it (`POST /appointments`, not `/appointments/Planned`).
    public var exactPath = false
    /// Only requests about this patient (their `PatNum` query parameter): `GET /commlogs?PatNum=7`
    /// is one patient's, not every reader's of the commlogs.
    public var patNum: Int?

    public init(kind: FaultKind, rate: Double = 1, path: String? = nil, latencyMs: Int = 0, jitterMs: Int = 0, remaining: Int? = nil,
                method: String? = nil, retryAfter: Int? = 1) {
        self.method = method.map { $0.uppercased() }
        self.retryAfter = retryAfter
        self.kind = kind
        self.rate = rate
        self.path = path
        self.latencyMs = latencyMs
        self.jitterMs = jitterMs
        self.remaining = remaining
    }

    /// Parses the command-line form: `KIND[:key=value,...]`, e.g. `latency:ms=300,jitter=200`,
    /// `500:rate=0.2,path=/appointments`, `429:count=3,after=none`, `lost:method=PUT`.
    public static func parse(_ text: String) throws -> Fault {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard let first = parts.first, let kind = FaultKind(rawValue: String(first).lowercased()) else {
            throw SandboxError.badOption("unknown fault '\(text)'; kinds: \(FaultKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var f = Fault(kind: kind)
        if kind == .latency { f.latencyMs = 500 }
        if parts.count == 2 {
            for pair in parts[1].split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2 else { throw SandboxError.badOption("fault option '\(pair)' needs key=value") }
                switch kv[0] {
                case "rate":
                    guard let r = Double(kv[1]), (0...1).contains(r) else { throw SandboxError.badOption("rate must be between 0 and 1") }
                    f.rate = r
                case "path": f.path = kv[1]
                case "patnum", "PatNum":
                    guard let n = Int(kv[1]) else { throw SandboxError.badOption("patnum must be a number in '\(text)'") }
                    f.patNum = n
                case "ms":
                    guard let v = Int(kv[1]), v >= 0 else { throw SandboxError.badOption("ms must be a whole number") }
                    f.latencyMs = v
                case "jitter":
                    guard let v = Int(kv[1]), v >= 0 else { throw SandboxError.badOption("jitter must be a whole number") }
                    f.jitterMs = v
                case "count":
                    guard let v = Int(kv[1]), v > 0 else { throw SandboxError.badOption("count must be a positive number") }
                    f.remaining = v
                case "method":
                    guard ["GET", "PUT", "POST", "DELETE"].contains(kv[1].uppercased()) else { throw SandboxError.badOption("method must be GET, PUT, POST or DELETE") }
                    f.method = kv[1].uppercased()
                case "after":
                    if kv[1] == "none" { f.retryAfter = nil } else {
                        guard let v = Int(kv[1]), v >= 0 else { throw SandboxError.badOption("after must be whole seconds or none") }
                        f.retryAfter = v
                    }
                default: throw SandboxError.badOption("unknown fault option '\(kv[0])' (rate, path, method, patnum, ms, jitter, count, after)")
                }
            }
        }
        return f
    }
}

/// The live fault list. Thread-safe; consulted once per request.
public final class FaultController: @unchecked Sendable {
    private let lock = NSLock()
    private var faults: [Fault]
    private var rng: SeededRandom

    init(_ faults: [Fault], seed: UInt64) {
        self.faults = faults
        rng = SeededRandom(seed: seed ^ 0xFA17)
    }

    public var current: [Fault] { lock.withLock { faults } }

    public func set(_ new: [Fault]) { lock.withLock { faults = new } }
    public func add(_ f: Fault) { lock.withLock { faults.append(f) } }
    public func clear() { lock.withLock { faults.removeAll() } }

    /// The faults that hit this request (latency first, then at most one failure), consuming bursts.
    func draw(path: String, method: String = "GET", patNum: Int? = nil) -> (latencyMs: Int, failure: Fault?) {
        lock.withLock {
            var latency = 0
            var failure: Fault?
            for i in faults.indices {
                let f = faults[i]
                // By whole segments: "/appointments/12" matches ".../12" and ".../12/Note", not ".../120".
                if let p = f.path, !(path == p || !f.exactPath && path.hasPrefix(p.hasSuffix("/") ? p : p + "/")) { continue }
                if let m = f.method, m != method.uppercased() { continue }
                if let p = f.patNum, p != patNum { continue }
                if let r = f.remaining, r <= 0 { continue }
                guard f.rate >= 1 || rng.chance(f.rate) else { continue }
                if f.kind == .latency {
                    latency += f.latencyMs + (f.jitterMs > 0 ? rng.int(f.jitterMs + 1) : 0)
                } else if failure == nil {
                    failure = f
                } else {
                    continue
                }
                if let r = f.remaining { faults[i].remaining = r - 1 }
            }
            faults.removeAll { ($0.remaining ?? 1) <= 0 }
            return (latency, failure)
        }
    }
}
