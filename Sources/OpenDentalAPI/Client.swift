import Foundation
import Logging
import Synchronization

/// How FrontDesk reaches the office (digest §2).
public enum APIMode: String, Sendable, CaseIterable {
    case remote, local, service
}

/// The office's API tier, which sets the Remote throttle and the page cap.
public enum ThrottleTier: String, Sendable, CaseIterable {
    case readAllOnly = "read-all-only"
    case standard
    case enterprise

    /// Seconds between request starts per customer key on Remote.
    public var remoteInterval: Double {
        switch self {
        case .readAllOnly: return 5
        case .standard: return 1
        case .enterprise: return 0.5
        }
    }

    /// The tier a set of API permissions implies (digest §1.6).
    public static func implied(by perms: [SecurityPerm]) -> ThrottleTier {
        let granted = Set(perms.filter(\.hasPermission).map { $0.permission.lowercased() })
        if granted.contains("apienterprise") || granted.contains("enterprise") { return .enterprise }
        if granted.contains(where: { $0 != "apireadall" && $0.hasPrefix("api") }) { return .standard }
        return .readAllOnly
    }
}

/// The developer and customer keys. Never printed: `description` masks them.
public struct Credentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let developerKey: String
    public let customerKey: String

    public init(developerKey: String, customerKey: String) {
        self.developerKey = developerKey
        self.customerKey = customerKey
    }

    var authorization: String { "ODFHIR \(developerKey)/\(customerKey)" }
    public var description: String { "ODFHIR ****/****" }
    public var debugDescription: String { description }
}

public struct ClientConfiguration: Sendable {
    public var baseURL: URL
    public var credentials: Credentials
    public var mode: APIMode
    public var tier: ThrottleTier
    public var pageSizeOverride: Int?
    public var retry: RetryPolicy

    public init(baseURL: URL, credentials: Credentials, mode: APIMode, tier: ThrottleTier = .standard,
                pageSizeOverride: Int? = nil, retry: RetryPolicy = RetryPolicy()) {
        self.baseURL = baseURL
        self.credentials = credentials
        self.mode = mode
        self.tier = tier
        self.pageSizeOverride = pageSizeOverride
        self.retry = retry
    }

    /// 100 rows on Remote, 1000 on Local/Service; Enterprise raises them to 1000 and 10,000.
    public var pageSize: Int {
        if let o = pageSizeOverride, o > 0 { return o }
        switch (mode, tier) {
        case (.remote, .enterprise): return 1000
        case (.remote, _): return 100
        case (_, .enterprise): return 10_000
        default: return 1000
        }
    }

    /// Local and Service are not throttled.
    public var throttleInterval: Double { mode == .remote ? tier.remoteInterval : 0 }
}

/// A body-less success (PUT Break/Note/Confirm answer 200 with nothing useful).
public struct NoContent: Sendable, Equatable { public init() {} }

/// One API call: where it goes, what it sends, whether it may be repeated, how to read the answer.
public struct APIRequest<Response: Sendable>: Sendable {
    public var method: HTTPMethod
    public var path: String
    public var query: [URLQueryItem]
    public var body: Data?
    public var safety: RepeatSafety
    public var decode: @Sendable (Data) throws -> Response

    public init(method: HTTPMethod, path: String, query: [URLQueryItem] = [], body: Data? = nil,
                safety: RepeatSafety, decode: @escaping @Sendable (Data) throws -> Response) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.safety = safety
        self.decode = decode
    }
}

extension APIRequest where Response: Decodable {
    public init(_ method: HTTPMethod, _ path: String, query: [URLQueryItem] = [], body: Data? = nil, safety: RepeatSafety) {
        self.init(method: method, path: path, query: query, body: body, safety: safety) { data in
            try JSONDecoder().decode(Response.self, from: data)
        }
    }
}

/// Whether the office was there, as each attempt ends (before any retry): a dashboard says an
/// unreachable office at its first refused connection rather than after the retries (4-6 s
/// against a Remote office, and four connect deadlines when connects time out).
public enum Reach: Sendable, Equatable {
    /// The office answered (any status but the two that say it is not there).
    case answered
    /// The request never reached the office, or the API said the office is not reachable
    /// (eConnector down, 504): what to tell the user, keys scrubbed.
    case notReached(String)
}

/// The one shared Open Dental client: every screen and background refresh goes through it, so the
/// throttle and the retry rules hold for the whole app.
public final class OpenDentalClient: Sendable {
    public let configuration: ClientConfiguration
    public let scheduler: RequestScheduler
    let transport: HTTPTransport
    let clock: SchedulerClock
    let redactor: Redactor
    let logger: Logger
    private let reachWatcher = Mutex<(@Sendable (Reach) -> Void)?>(nil)

    public init(configuration: ClientConfiguration, transport: HTTPTransport = CurlTransport(),
                scheduler: RequestScheduler? = nil, clock: SchedulerClock = SystemClock(),
                logger: Logger = Logger(label: "frontdesk.api", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        self.scheduler = scheduler ?? RequestScheduler(clock: clock)
        self.redactor = Redactor(secrets: [configuration.credentials.developerKey, configuration.credentials.customerKey])
        self.logger = logger
    }

    /// The throttle lane: Open Dental throttles per customer key. The lane name is a hash, so the
    /// key itself never sits in scheduler state that could be printed.
    /// The scheduler lane this client's requests use (a hash, never the key).
    public var laneID: String { laneKey }

    var laneKey: String {
        (configuration.baseURL.host ?? "") + "#" + nameHash(configuration.credentials.customerKey)
    }

    func url(for path: String, query: [URLQueryItem]) throws -> URL {
        var base = configuration.baseURL.absoluteString
        if !base.hasSuffix("/") { base += "/" }
        guard var comps = URLComponents(string: base + path) else {
            throw OpenDentalError.invalidRequest("cannot build a URL for \(path)")
        }
        if !query.isEmpty {
            comps.queryItems = query
            // URLComponents leaves '+' alone, which servers read as a space.
            comps.percentEncodedQuery = comps.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        }
        guard let url = comps.url else { throw OpenDentalError.invalidRequest("cannot build a URL for \(path)") }
        return url
    }

    /// Shares this office's request budget with every FrontDesk process on the host that uses the
    /// same key: their starts, together, keep to the office's rate.
    /// `owner` names this process in the ledger (another value only when one process plays several).
    public func shareBudget(directory: String, owner: Int32 = getpid()) async {
        guard configuration.throttleInterval > 0, let ledger = RequestLedger(directory: directory, lane: laneKey, owner: owner) else { return }
        await scheduler.share(key: laneKey, ledger: ledger)
    }

    /// Told how every attempt ends, as far as whether the office was there (one watcher: the
    /// dashboard's, which says it on the status line).
    public func watchReach(_ watcher: @escaping @Sendable (Reach) -> Void) {
        reachWatcher.withLock { $0 = watcher }
    }

    private func tell(_ reach: Reach) {
        reachWatcher.withLock { $0 }?(reach)
    }

    /// Sends one request through the throttle with the retry policy, and decodes the answer.
    public func send<R>(_ request: APIRequest<R>, priority: RequestPriority = .interactive, tag: String? = nil) async throws -> R {
        do {
            return try await perform(request, priority: priority, tag: tag)
        } catch let e as OpenDentalError {
            throw redactor.scrub(e)
        } catch is CancellationError {
            throw OpenDentalError.cancelled
        }
    }

    private func perform<R>(_ request: APIRequest<R>, priority: RequestPriority, tag: String?) async throws -> R {
        let url = try url(for: request.path, query: request.query)
        let headers = [
            "Authorization": configuration.credentials.authorization,
            "Content-Type": "application/json",
            "Accept": "application/json",
        ]
        // Every request with a body goes on a fresh connection: on a reused one that closes without
        // an answer, libcurl re-sends the head and cannot re-send the body (seen: a Confirm's head
        // went out again and the office waited for a body that never came).
        var http = HTTPRequest(method: request.method, url: url, headers: headers, body: request.body,
                               oneShot: request.safety == .once || request.body != nil)
        let (sends, lane) = (scheduler.sends, laneKey)
        http.onSend = { sends.sent(key: lane) }
        let where_ = "\(request.method.rawValue) /\(request.path)"
        var attempt = 0
        while true {
            attempt += 1
            let ticket = try await scheduler.acquire(key: laneKey, interval: configuration.throttleInterval,
                                                     priority: priority, tag: tag)
            let started = clock.now()
            let failure: AttemptFailure
            let error: OpenDentalError
            // A one-shot write whose answer is slow gives the slot back after `writeSlotHold`, so
            // reads go on while its outcome is unknown (its own connection cannot be re-sent).
            let early: Task<Void, Never>? = request.safety == .once ? Task { [scheduler, clock] in
                try? await clock.sleep(until: started + Self.writeSlotHold)
                if !Task.isCancelled { await scheduler.release(ticket) }
            } : nil
            defer { early?.cancel() }
            do {
                let response = try await transport.send(http)
                await scheduler.release(ticket)
                let ms = Int((clock.now() - started) * 1000)
                logger.debug("\(where_) -> \(response.status) in \(ms) ms (attempt \(attempt))")
                if (200..<300).contains(response.status) {
                    tell(.answered)
                    await scheduler.answered(key: laneKey)
                    do {
                        return try Self.decode(request, response.body)
                    } catch let e as OpenDentalError {
                        throw e
                    } catch {
                        let e = OpenDentalError.decoding(error, body: response.body)
                        // The path and the reason only: the body may hold names.
                        if case .decoding(let path, let detail, _) = e { logger.warning("\(where_): unexpected data at \(path): \(redactor.scrub(detail))") }
                        throw e
                    }
                }
                let retryAfter = Self.retryAfter(response.header("Retry-After"))
                error = OpenDentalError.from(status: response.status, body: response.body, retryAfter: retryAfter)
                tell(error.isOfficeUnreachable ? .notReached(redactor.scrub(error).description) : .answered)
                failure = .status(response.status, retryAfter: retryAfter)
                if response.status == 429 {
                    await scheduler.throttled(key: laneKey)
                    await scheduler.backOff(key: laneKey, seconds: retryAfter ?? configuration.retry.backoff(attempt))
                } else {
                    await scheduler.answered(key: laneKey)
                }
            } catch let t as TransportFailure {
                await scheduler.release(ticket)
                logger.debug("\(where_) -> transport failure (attempt \(attempt)): \(redactor.scrub(t.message))")
                error = .transport(message: t.message, reachedServer: t.reachedServer)
                // A lost answer says nothing of whether the office is there (it may be slow).
                if !t.reachedServer { tell(.notReached(redactor.scrub(error).description)) }
                failure = .transport(reachedServer: t.reachedServer)
            } catch {
                await scheduler.release(ticket)
                throw error
            }
            switch configuration.retry.decide(failure, attempt: attempt, safety: request.safety) {
            case .retry(let delay):
                logger.info("\(where_) failed (\(failure)); retrying in \(delay) s")
                if case .status(429, _) = failure {
                    // The scheduler already holds the lane until Retry-After.
                } else {
                    try await clock.sleep(until: clock.now() + delay)
                }
                try Task.checkCancellation()
            case .fail:
                throw error
            case .outcomeUnknown:
                logger.warning("\(where_) may have reached the server (\(failure)); not re-sent")
                throw OpenDentalError.outcomeUnknown(method: request.method.rawValue, path: "/" + request.path,
                                                     cause: error.description)
            }
        }
    }

    /// How long a one-shot write keeps the request slot before reads may go on beside it.
    static let writeSlotHold: Double = 5

    /// Decodes an answer. Bytes that are not valid UTF-8 (one patient's name typed in another code
    /// page) are repaired first (they become U+FFFD), so one bad name costs a character, not the
    /// record or the page.
    public static func decode<R>(_ request: APIRequest<R>, _ body: Data) throws -> R {
        try request.decode(validUTF8(body))
    }

    static func validUTF8(_ body: Data) -> Data {
        // The standard library's validation (with its ASCII fast path) rather than a loop of our
        // own over the bytes: that loop was a fifth of the decoders' time in a debug build.
        if String(validating: body, as: UTF8.self) != nil { return body }
        return Data(String(decoding: body, as: UTF8.self).utf8)
    }

    /// Retry-After in seconds: a finite, non-negative number, at most `RequestScheduler.maxBackOff`
    /// (the HTTP-date form is rare here and ignored). "inf", "1e30" or "-5" never become a wait.
    static func retryAfter(_ value: String?) -> Double? {
        guard let v = value?.trimmingCharacters(in: .whitespaces), let s = Double(v), s.isFinite, s >= 0 else { return nil }
        return min(s, RequestScheduler.maxBackOff)
    }

    /// Seconds the office asked us to wait (429 with Retry-After) that are still to run.
    public func officeWait() async -> Double { await scheduler.waitRemaining(key: laneKey) }

    /// Cancels every queued request carrying `tag` (for example a screen the user left).
    public func cancel(tag: String) async { await scheduler.cancel(tag: tag) }

    /// How many requests wait in the throttle queue.
    public func queuedRequests() async -> Int { await scheduler.queuedCount(key: laneKey) }
}
