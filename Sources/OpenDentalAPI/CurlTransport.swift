import CCurl
import Foundation
import Synchronization

/// libcurl, driven directly: each request runs `curl_easy_perform` on a thread of its own, which
/// sleeps in poll() until the office answers. URLSession on Linux (FoundationNetworking, itself
/// built on libcurl) looped while a request was in flight: a dashboard waiting on an 8 s office
/// used a fifth of a core, and on a Remote office a request is nearly always in flight. Chosen by
/// measuring both (README "The HTTP transport").
///
/// The guarantees the client relies on, each kept here and tested:
/// - **No redirects.** A 3xx is handed back as the answer (the client reports it as an error), so
///   the `Authorization` header never goes to any address but the configured one; only http and
///   https are spoken.
/// - **A one-shot write is never re-sent by the HTTP stack.** libcurl re-sends a request when a
///   reused keep-alive connection closes without an answer. A write (`HTTPRequest.oneShot`) gets a
///   fresh connection that is closed after it, so there is nothing to retry, and the shorter
///   write timeout.
/// - **Timeouts**: the whole request (65 s, 20 s for a write) and the connection (5 s: an office
///   that does not accept is said within seconds, and as "never sent").
/// - **"Never sent" is known, not guessed**: libcurl calls back just before the request leaves
///   (`FD_CURLOPT_PREREQFUNCTION`); a failure before that proves nothing reached the office.
/// - Errors carry libcurl's code and a plain sentence, never a header (the keys live there).
public final class CurlTransport: HTTPTransport {
    /// Whole-request limit: just above Open Dental's own 60 s processing limit (504).
    public let requestTimeout: TimeInterval
    /// Whole-request limit for one-shot writes.
    public let writeTimeout: TimeInterval
    public let connectTimeout: TimeInterval
    /// The largest answer read (a page of 1,000 appointments is about 1.5 MB).
    public let maxBody: Int
    private let pool = HandlePool(keep: 2)

    private static let ready: Bool = fd_curl_load() == FD_CURLE_OK

    /// Loads libcurl (and its libraries) now rather than at the first request; false when it
    /// cannot be loaded.
    @discardableResult
    public static func load() -> Bool { ready }

    public init(requestTimeout: TimeInterval = 65, writeTimeout: TimeInterval = 20, connectTimeout: TimeInterval = 5, maxBody: Int = 64 << 20) {
        self.requestTimeout = requestTimeout
        self.writeTimeout = writeTimeout
        self.connectTimeout = connectTimeout
        self.maxBody = maxBody
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard Self.ready else { throw TransportFailure(message: "the HTTP library could not start", reachedServer: false) }
        let exchange = Exchange(request: request, timeout: request.oneShot ? writeTimeout : requestTimeout,
                                connectTimeout: connectTimeout, maxBody: maxBody)
        let pool = self.pool
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (cont: CheckedContinuation<HTTPResponse, Error>) in
                // libcurl blocks its thread in poll() until the answer: a serial queue of its own
                // per request, which Dispatch backs with a thread at once (overcommit). On a
                // shared concurrent queue, blocked requests held the few pool threads (two on a
                // 2-core host) and the next ones waited for Dispatch to add more: sixteen
                // writes at once took 12 s instead of 20 ms.
                DispatchQueue(label: "frontdesk.http.request").async {
                    // A write never shares a connection: a handle of its own, closed after it.
                    guard let handle = request.oneShot ? fd_easy_init() : pool.take() else {
                        cont.resume(throwing: TransportFailure(message: "the HTTP library could not start", reachedServer: false))
                        return
                    }
                    let result = exchange.perform(on: handle)
                    if request.oneShot { fd_easy_cleanup(handle) } else { pool.give(handle) }
                    cont.resume(with: result)
                }
            }
        } onCancel: {
            exchange.cancel()
        }
    }
}

/// Idle easy handles, so reads reuse their keep-alive connections (libcurl keeps a handle's
/// connections across `curl_easy_reset`).
final class HandlePool: @unchecked Sendable {
    // @unchecked: `idle` is guarded by `lock`; a handle is used by one thread at a time.
    private let lock = NSLock()
    private var idle: [UnsafeMutableRawPointer] = []
    private let keep: Int

    init(keep: Int) { self.keep = keep }

    deinit { idle.forEach { fd_easy_cleanup($0) } }

    func take() -> UnsafeMutableRawPointer? {
        if let h = lock.withLock({ idle.popLast() }) {
            fd_easy_reset(h)
            return h
        }
        return fd_easy_init()
    }

    func give(_ h: UnsafeMutableRawPointer) {
        let extra = lock.withLock { () -> Bool in
            guard idle.count < keep else { return true }
            idle.append(h)
            return false
        }
        if extra { fd_easy_cleanup(h) }
    }
}

/// One request and what came back: the callbacks' context.
final class Exchange: @unchecked Sendable {
    // @unchecked: the buffers are touched only by the thread running `perform` (libcurl calls
    // back on it); `cancelled` and `sent` are atomics read from elsewhere.
    let request: HTTPRequest
    let timeout: TimeInterval
    let connectTimeout: TimeInterval
    let maxBody: Int
    var body = Data()
    var headers: [String: String] = [:]
    var tooLarge = false
    let cancelled = Atomic<Bool>(false)
    let sent = Atomic<Bool>(false)

    init(request: HTTPRequest, timeout: TimeInterval, connectTimeout: TimeInterval, maxBody: Int) {
        self.request = request
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxBody = maxBody
    }

    func cancel() { cancelled.store(true, ordering: .relaxed) }

    func perform(on h: UnsafeMutableRawPointer) -> Result<HTTPResponse, Error> {
        if cancelled.load(ordering: .relaxed) { return .failure(CancellationError()) }
        let me = Unmanaged.passUnretained(self).toOpaque()
        var list: UnsafeMutableRawPointer?
        // "Expect:" off: Open Dental's bodies are small, and a 100-continue wait only adds a round trip.
        for line in request.headers.map({ "\($0.key): \($0.value)" }) + ["Expect:"] { list = fd_slist_append(list, line) }
        defer { fd_slist_free_all(list) }
        fd_setopt_string(h, FD_CURLOPT_URL, request.url.absoluteString)
        if fd_setopt_string(h, FD_CURLOPT_PROTOCOLS_STR, "http,https") != FD_CURLE_OK {
            fd_setopt_long(h, FD_CURLOPT_PROTOCOLS, 1 | 2) // libcurl before 7.85: the bitmask (HTTP, HTTPS)
        }
        fd_setopt_long(h, FD_CURLOPT_FOLLOWLOCATION, 0)
        fd_setopt_long(h, FD_CURLOPT_NOSIGNAL, 1)
        fd_setopt_long(h, FD_CURLOPT_TCP_KEEPALIVE, 1)
        fd_setopt_long(h, FD_CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
        fd_setopt_long(h, FD_CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000))
        fd_setopt_pointer(h, FD_CURLOPT_HTTPHEADER, list)
        switch request.method {
        case .get:
            fd_setopt_long(h, FD_CURLOPT_HTTPGET, 1)
        case .post, .put, .delete:
            fd_setopt_string(h, FD_CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            if request.method != .delete || request.body != nil {
                // Always a body of our own (possibly empty): without one libcurl would read stdin.
                let data = request.body ?? Data()
                fd_setopt_off(h, FD_CURLOPT_POSTFIELDSIZE_LARGE, Int64(data.count))
                if data.isEmpty {
                    fd_setopt_string(h, FD_CURLOPT_COPYPOSTFIELDS, "")
                } else {
                    data.withUnsafeBytes { raw in _ = fd_setopt_pointer(h, FD_CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress)) }
                }
            }
        }
        if request.oneShot {
            fd_setopt_long(h, FD_CURLOPT_FRESH_CONNECT, 1)
            fd_setopt_long(h, FD_CURLOPT_FORBID_REUSE, 1)
        }
        fd_setopt_data_callback(h, FD_CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let x = Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue()
            let n = size * count
            if x.body.count + n > x.maxBody {
                x.tooLarge = true
                return 0
            }
            if let data, n > 0 { x.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: n) }
            return n
        }
        fd_setopt_pointer(h, FD_CURLOPT_WRITEDATA, me)
        fd_setopt_data_callback(h, FD_CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let x = Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue()
            let n = size * count
            guard let data, n > 0 else { return n }
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)
            if line.hasPrefix("HTTP/") {
                // A new answer (after a 100 Continue): its headers only.
                x.headers = [:]
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
                if !name.isEmpty { x.headers[name] = value }
            }
            return n
        }
        fd_setopt_pointer(h, FD_CURLOPT_HEADERDATA, me)
        // Called about once a second while waiting, and on every chunk: the way a cancel gets in.
        fd_setopt_long(h, FD_CURLOPT_NOPROGRESS, 0)
        fd_setopt_progress(h) { context, _, _, _, _ in
            Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue().cancelled.load(ordering: .relaxed) ? 1 : 0
        }
        fd_setopt_pointer(h, FD_CURLOPT_XFERINFODATA, me)
        // Just before the request leaves, on a connection that is up: the throttle's stamp, and
        // the proof that anything failing before it never reached the office.
        let knowsPrereq = fd_setopt_prereq(h) { context, _, _, _, _ in
            let x = Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue()
            x.sent.store(true, ordering: .relaxed)
            x.request.onSend?()
            return 0
        } == FD_CURLE_OK
        fd_setopt_pointer(h, FD_CURLOPT_PREREQDATA, me)
        if !knowsPrereq {
            // libcurl before 7.80 cannot say when the request leaves: it counts as sent from the
            // start (a failed write is then "not sure", never sent twice).
            sent.store(true, ordering: .relaxed)
            request.onSend?()
        }

        let code = fd_easy_perform(h)
        if code == FD_CURLE_OK {
            var status = 0
            fd_getinfo_long(h, FD_CURLINFO_RESPONSE_CODE, &status)
            return .success(HTTPResponse(status: status, headers: headers, body: body))
        }
        if code == FD_CURLE_ABORTED_BY_CALLBACK || cancelled.load(ordering: .relaxed) { return .failure(CancellationError()) }
        return .failure(failure(code))
    }

    /// What went wrong, in a sentence, and whether the request may have reached the office.
    func failure(_ code: Int32) -> TransportFailure {
        let sent = self.sent.load(ordering: .relaxed)
        let message: String
        switch code {
        case FD_CURLE_COULDNT_RESOLVE_HOST: message = "the server's host name could not be found"
        case FD_CURLE_COULDNT_CONNECT: message = "could not connect (connection refused)"
        case FD_CURLE_OPERATION_TIMEDOUT:
            message = sent ? "the request timed out" : "could not connect within \(Int(connectTimeout)) s"
        case FD_CURLE_URL_MALFORMAT: message = "the office URL is not valid"
        case FD_CURLE_UNSUPPORTED_PROTOCOL where !sent: message = "the office URL is not valid"
        case FD_CURLE_GOT_NOTHING, FD_CURLE_RECV_ERROR, FD_CURLE_SEND_ERROR: message = "the connection was lost before the answer arrived"
        case FD_CURLE_PARTIAL_FILE: message = "the answer stopped before its end"
        case FD_CURLE_WRITE_ERROR where tooLarge: message = "the answer was larger than " + (maxBody >= 1 << 20 ? "\(maxBody >> 20) MiB" : "\(maxBody) bytes")
        case FD_CURLE_WEIRD_SERVER_REPLY, FD_CURLE_UNSUPPORTED_PROTOCOL, FD_CURLE_BAD_CONTENT_ENCODING: message = "the server's answer was malformed"
        case FD_CURLE_SSL_CONNECT_ERROR, FD_CURLE_PEER_FAILED_VERIFICATION, FD_CURLE_SSL_CERTPROBLEM, FD_CURLE_SSL_CIPHER,
             FD_CURLE_SSL_CACERT_BADFILE, FD_CURLE_SSL_ISSUER_ERROR, FD_CURLE_SSL_PINNEDPUBKEYNOTMATCH, FD_CURLE_SSL_INVALIDCERTSTATUS:
            message = "the secure connection failed (certificate or TLS)"
        default: message = "network error (libcurl \(code))"
        }
        return TransportFailure(message: message, reachedServer: sent)
    }
}
