import Foundation
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

    public init(method: HTTPMethod, url: URL, headers: [String: String] = [:], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
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

/// URLSession (FoundationNetworking on Linux): builds in seconds and needs no TLS library of ours.
/// Measured choice; see README "Why URLSession".
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    /// Whole-request limit: just above Open Dental's own 60 s processing limit (504).
    public let requestTimeout: TimeInterval

    public init(requestTimeout: TimeInterval = 65) {
        self.requestTimeout = requestTimeout
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = requestTimeout
        config.timeoutIntervalForResource = requestTimeout + 5
        config.httpMaximumConnectionsPerHost = 2
        config.urlCache = nil
        config.httpCookieStorage = nil
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: config)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var r = URLRequest(url: request.url)
        r.httpMethod = request.method.rawValue
        r.timeoutInterval = requestTimeout
        for (k, v) in request.headers { r.setValue(v, forHTTPHeaderField: k) }
        r.httpBody = request.body
        do {
            let (data, response) = try await session.data(for: r)
            guard let http = response as? HTTPURLResponse else {
                throw TransportFailure(message: "the answer was not HTTP", reachedServer: true)
            }
            var headers: [String: String] = [:]
            for (k, v) in http.allHeaderFields {
                if let k = k as? String, let v = v as? String { headers[k] = v }
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: data)
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
            return TransportFailure(message: "could not connect to the server (connection refused)", reachedServer: false)
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
