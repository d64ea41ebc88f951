import Foundation
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

public enum HTTPMethod: String, Sendable {
    case get = "GET", post = "POST", put = "PUT", delete = "DELETE"
}

public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    /// A write (a request with a body, or one that must never be sent twice: POST, Note, Break):
    /// the transport gives it a fresh connection that nothing below it retries, and the shorter
    /// write timeout.
    public var oneShot: Bool
    /// Called just before the request goes on the wire (after any wait for a thread), so the
    /// throttle counts from the real start, not from when the slot was granted.
    public var onSend: (@Sendable () -> Void)?

    public init(method: HTTPMethod, url: URL, headers: [String: String] = [:], body: Data? = nil, oneShot: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.oneShot = oneShot
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.body = body
        var lower: [String: String] = [:]
        for (k, v) in headers { lower[k.lowercased()] = v }
        self.headers = lower
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// A failure below HTTP. `reachedServer` is false only when the request provably never left
/// (refused connection, unknown host): only then may a POST be sent again.
public struct TransportFailure: Error, Sendable, Equatable {
    public var message: String
    public var reachedServer: Bool

    public init(message: String, reachedServer: Bool) {
        self.message = message
        self.reachedServer = reachedServer
    }
}

/// Sends one HTTP exchange. Implementations throw `TransportFailure` for anything below HTTP.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// URLSession (FoundationNetworking on Linux), kept beside `CurlTransport` (the client's default)
/// for the measured comparison (`frontdesk-bench host N --urlsession`): on Linux it loops while a
/// request is in flight, a fifth of a core or more per waiting dashboard.
///
/// Two rules no URLSession default keeps, so this transport keeps them itself:
/// - **No redirects.** A 3xx is handed back as the answer (the client reports it as an error), so
///   the `Authorization` header never goes to any address but the configured one. The session
///   delegate refuses every redirect; URLSession's completion-handler API would follow them.
/// - **A one-shot write is never re-sent by the HTTP stack.** libcurl re-sends a request on a fresh
///   connection when a reused keep-alive connection closes without an answer. A write that must not
///   repeat (`HTTPRequest.oneShot`) goes out on a session of its own, so its connection is new and
///   there is nothing to retry, with a shorter timeout (`writeTimeout`).
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let delegate = SessionDelegate()
    /// Whole-request limit: just above Open Dental's own 60 s processing limit (504).
    public let requestTimeout: TimeInterval
    /// Whole-request limit for one-shot writes: a write whose answer does not come is reported as
    /// "not sure it saved" and re-read, instead of holding the user for a minute.
    public let writeTimeout: TimeInterval
    /// URLSession on Linux has no connect timeout of its own; a probe gives one (see `ConnectProbe`).
    let probe: ConnectProbe?

    public init(requestTimeout: TimeInterval = 65, writeTimeout: TimeInterval = 20, connectTimeout: TimeInterval? = 5) {
        self.requestTimeout = requestTimeout
        self.writeTimeout = writeTimeout
        probe = connectTimeout.map { ConnectProbe(timeout: $0) }
        session = URLSession(configuration: Self.configuration(timeout: requestTimeout, connections: 2),
                             delegate: delegate, delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    static func configuration(timeout: TimeInterval, connections: Int) -> URLSessionConfiguration {
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout + 5
        config.httpMaximumConnectionsPerHost = connections
        config.urlCache = nil
        config.httpCookieStorage = nil
        config.httpShouldSetCookies = false
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        return config
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let probe { try await probe.check(request.url) }
        let timeout = request.oneShot ? writeTimeout : requestTimeout
        var r = URLRequest(url: request.url)
        r.httpMethod = request.method.rawValue
        r.timeoutInterval = timeout
        for (k, v) in request.headers { r.setValue(v, forHTTPHeaderField: k) }
        r.httpBody = request.body
        // A one-shot write: its own session, so a fresh connection that libcurl has no reason to retry.
        let own: (URLSession, SessionDelegate)? = request.oneShot
            ? { let d = SessionDelegate(); return (URLSession(configuration: Self.configuration(timeout: timeout, connections: 1), delegate: d, delegateQueue: nil), d) }()
            : nil
        defer { own?.0.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await (own?.1 ?? delegate).run(r, on: own?.0 ?? session, onSend: request.onSend)
            var headers: [String: String] = [:]
            for (k, v) in response.allHeaderFields {
                if let k = k as? String, let v = v as? String { headers[k] = v }
            }
            return HTTPResponse(status: response.statusCode, headers: headers, body: data)
        } catch let failure as TransportFailure {
            throw failure
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as URLError {
            if error.code == .cancelled { throw CancellationError() }
            throw Self.failure(for: error)
        } catch {
            throw TransportFailure(message: "\(type(of: error))", reachedServer: true)
        }
    }

    /// Which URL errors prove that nothing reached the server.
    static func failure(for error: URLError) -> TransportFailure {
        switch error.code {
        case .cannotConnectToHost:
            return TransportFailure(message: "could not connect (connection refused)", reachedServer: false)
        case .cannotFindHost, .dnsLookupFailed:
            return TransportFailure(message: "the server's host name could not be found", reachedServer: false)
        case .notConnectedToInternet:
            return TransportFailure(message: "no network connection", reachedServer: false)
        case .badURL, .unsupportedURL:
            return TransportFailure(message: "the office URL is not valid", reachedServer: false)
        case .timedOut:
            return TransportFailure(message: "the request timed out", reachedServer: true)
        case .networkConnectionLost:
            return TransportFailure(message: "the connection was lost before the answer arrived", reachedServer: true)
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            return TransportFailure(message: "the secure connection failed (certificate or TLS)", reachedServer: false)
        case .badServerResponse, .cannotParseResponse:
            return TransportFailure(message: "the server's answer was malformed", reachedServer: true)
        default:
            return TransportFailure(message: "network error \(error.code.rawValue)", reachedServer: true)
        }
    }
}

/// Collects each task's answer and refuses redirects. One delegate serves every task of a session.
final class SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // @unchecked: `tasks` is guarded by `lock`.
    private struct Entry {
        var data = Data()
        var response: HTTPURLResponse?
        var continuation: CheckedContinuation<(Data, HTTPURLResponse), Error>
    }
    private let lock = NSLock()
    private var tasks: [Int: Entry] = [:]

    func run(_ request: URLRequest, on session: URLSession, onSend: (@Sendable () -> Void)? = nil) async throws -> (Data, HTTPURLResponse) {
        let task = session.dataTask(with: request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { cont in
                lock.withLock { tasks[task.taskIdentifier] = Entry(continuation: cont) }
                onSend?()
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        // Never follow: the 3xx itself becomes the answer, and the keys go nowhere else.
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        lock.withLock { tasks[dataTask.taskIdentifier]?.response = response as? HTTPURLResponse }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.withLock { tasks[dataTask.taskIdentifier]?.data.append(data) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard let entry = lock.withLock({ tasks.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let error {
            entry.continuation.resume(throwing: error)
        } else if let response = entry.response ?? (task.response as? HTTPURLResponse) {
            entry.continuation.resume(returning: (entry.data, response))
        } else {
            entry.continuation.resume(throwing: TransportFailure(message: "the answer was not HTTP", reachedServer: true))
        }
    }
}

/// A connect timeout for URLSession, which on Linux has none: before a request to a host that has
/// not answered in the last minute, open (and close) a TCP connection with a deadline. A host that
/// does not accept within the deadline fails fast as "never sent" (so even a POST may be retried),
/// instead of hanging until the 65 s request timeout.
final class ConnectProbe: @unchecked Sendable {
    // @unchecked: `reachableUntil` is guarded by `lock`.
    let timeout: TimeInterval
    private let lock = NSLock()
    private var reachableUntil: [String: Date] = [:]

    init(timeout: TimeInterval) { self.timeout = timeout }

    func check(_ url: URL) async throws {
        guard let host = url.host else { return }
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        let key = "\(host):\(port)"
        if let until = lock.withLock({ reachableUntil[key] }), until > Date() { return }
        let timeout = self.timeout
        let result: String? = await withCheckedContinuation { cont in
            DispatchQueue.global().async { cont.resume(returning: Self.connect(host: host, port: port, timeout: timeout)) }
        }
        if let problem = result {
            lock.withLock { reachableUntil[key] = nil }
            throw TransportFailure(message: problem, reachedServer: false)
        }
        lock.withLock { reachableUntil[key] = Date().addingTimeInterval(60) }
    }

    /// nil when a TCP connection opened within `timeout`, else what went wrong.
    static func connect(host: String, port: Int, timeout: TimeInterval) -> String? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            return "the server's host name could not be found"
        }
        defer { freeaddrinfo(list) }
        var problem = "could not connect"
        var ai: UnsafeMutablePointer<addrinfo>? = first
        while let a = ai {
            defer { ai = a.pointee.ai_next }
            let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if fd < 0 { continue }
            defer { close(fd) }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            let r = Glibc.connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen)
            if r == 0 { return nil }
            guard errno == EINPROGRESS else {
                problem = errno == ECONNREFUSED ? "could not connect (connection refused)" : "could not connect"
                continue
            }
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let ready = poll(&p, 1, Int32(timeout * 1000))
            if ready == 0 {
                problem = "the server did not accept a connection within \(Int(timeout)) s"
                continue
            }
            var err: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
            if err == 0 { return nil }
            problem = err == ECONNREFUSED ? "could not connect (connection refused)" : "could not connect"
        }
        return problem
    }
}
