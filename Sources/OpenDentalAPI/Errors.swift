import Foundation

/// Every way a call to Open Dental can fail, with the HTTP status and the server's own words.
/// Descriptions never contain a key: the client scrubs them before they are built (see `Redactor`).
public enum OpenDentalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 400. `eConnectorDown` is true for the "office unreachable" family (eConnector not running,
    /// two eConnectors, office network trouble), which a user should read as "office offline".
    case badRequest(message: String, eConnectorDown: Bool)
    /// 401: bad, unassigned or disabled key, or the developer key lacks the permission.
    case unauthorized(message: String)
    /// 404: a wrong path, or a record that does not exist ("Patient not found").
    case notFound(message: String)
    /// 410: the method is deprecated.
    case gone(message: String)
    /// 429, with the server's Retry-After when it sent one.
    case throttled(retryAfter: Double?, message: String)
    /// 504: the office took more than 60 s.
    case gatewayTimeout(message: String)
    /// Any other 5xx.
    case server(status: Int, message: String)
    /// Any other unexpected status.
    case unexpectedStatus(status: Int, message: String)
    /// A 3xx: the server sent us elsewhere. FrontDesk follows no redirect, so the keys only ever
    /// go to the configured address.
    case redirected(status: Int)
    /// The request did not complete. `reachedServer` is false only when it provably never left.
    case transport(message: String, reachedServer: Bool)
    /// The answer was not the JSON we expected: the key path and a short excerpt of the body.
    case decoding(path: String, detail: String, excerpt: String)
    /// A write (POST, Note, Break) failed after it may have reached the server. It was not re-sent:
    /// re-read the record to learn whether it happened.
    case outcomeUnknown(method: String, path: String, cause: String)
    /// The request could not be built (bad base URL, invalid parameter).
    case invalidRequest(String)
    /// The request was cancelled before it was sent.
    case cancelled

    public var httpStatus: Int? {
        switch self {
        case .badRequest: return 400
        case .unauthorized: return 401
        case .notFound: return 404
        case .gone: return 410
        case .throttled: return 429
        case .gatewayTimeout: return 504
        case .server(let s, _), .unexpectedStatus(let s, _), .redirected(let s): return s
        default: return nil
        }
    }

    /// The server's message, when it sent one.
    public var serverMessage: String? {
        switch self {
        case .badRequest(let m, _), .unauthorized(let m), .notFound(let m), .gone(let m),
             .throttled(_, let m), .gatewayTimeout(let m), .server(_, let m), .unexpectedStatus(_, let m):
            return m
        default: return nil
        }
    }

    /// True when a failed request may still have been carried out by the office: the answer was
    /// lost, cut, unreadable or a 5xx. A write that failed this way is re-read, never assumed.
    public var mayHaveReachedOffice: Bool {
        switch self {
        case .outcomeUnknown, .server, .gatewayTimeout, .decoding: return true
        case .transport(_, let reached): return reached
        default: return false
        }
    }

    /// True when the office (or the route to it) is down rather than the request being wrong.
    /// Nothing reached the office (the connection refused, no route, no name): not a page that
    /// failed, an office that is not there.
    public var isRefusedConnection: Bool {
        if case .transport(_, reachedServer: false) = self { return true }
        return false
    }

    public var isOfficeUnreachable: Bool {
        switch self {
        case .badRequest(_, let down): return down
        case .transport, .gatewayTimeout: return true
        default: return false
        }
    }

    public var description: String {
        func said(_ m: String) -> String { m.isEmpty ? "" : ": \(m)" }
        switch self {
        case .badRequest(let m, true): return "The office is not reachable (eConnector)\(said(m))"
        case .badRequest(let m, false): return "Bad request (400)\(said(m))"
        case .unauthorized(let m): return "Not authorised (401): check the developer and customer keys\(said(m))"
        case .notFound(let m): return "Not found (404)\(said(m))"
        case .gone(let m): return "This method is no longer offered (410)\(said(m))"
        case .throttled(let after, let m):
            let wait = after.map { ", retry after \(Self.seconds($0))" } ?? ""
            return "Too many requests (429)\(wait)\(said(m))"
        case .gatewayTimeout(let m): return "The office took too long to answer (504)\(said(m))"
        case .server(let s, let m): return "Server error (\(s))\(said(m))"
        case .unexpectedStatus(let s, let m): return "Unexpected answer (HTTP \(s))\(said(m))"
        case .redirected(let s):
            return "The server answered with a redirect (HTTP \(s)); FrontDesk does not follow redirects: check the office's base URL"
        case .transport(let m, _): return "Network problem: \(m)"
        case .decoding(let path, let detail, _):
            // Never the excerpt: it is the office's data (names), and this text reaches the screen.
            return "Unexpected data from the server at \(path.isEmpty ? "(top level)" : path): \(detail)"
        case .outcomeUnknown(let method, let path, let cause):
            return "\(method) \(path) may or may not have been saved (\(cause)); it was not sent again: reload to check"
        case .invalidRequest(let m): return "Invalid request: \(m)"
        case .cancelled: return "Cancelled"
        }
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }

    /// Extracts the message from an error body: a JSON string, a JSON object with a message-like
    /// key, or plain text (digest §1.5).
    public static func message(fromBody data: Data) -> String {
        guard !data.isEmpty else { return "" }
        if let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) {
            if let s = value as? String { return clean(s) }
            if let dict = value as? [String: Any] {
                for key in ["message", "Message", "error", "Error", "detail", "title"] {
                    if let s = dict[key] as? String { return clean(s) }
                }
            }
        }
        return clean(String(decoding: data.prefix(2000), as: UTF8.self))
    }

    static func clean(_ s: String) -> String {
        let trimmed = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > 300 ? String(trimmed.prefix(300)) + "…" : trimmed
    }

    /// Maps a non-2xx answer to its case.
    public static func from(status: Int, body: Data, retryAfter: Double?) -> OpenDentalError {
        let m = message(fromBody: body)
        switch status {
        case 400: return .badRequest(message: m, eConnectorDown: isEConnectorMessage(m))
        case 401, 403: return .unauthorized(message: m)
        case 404: return .notFound(message: m)
        case 410: return .gone(message: m)
        case 300...399: return .redirected(status: status)
        case 429: return .throttled(retryAfter: retryAfter, message: m)
        case 504: return .gatewayTimeout(message: m)
        case 500...599: return .server(status: status, message: m)
        default: return .unexpectedStatus(status: status, message: m)
        }
    }

    /// The 400 family that means "the office is unreachable", not "your request is wrong".
    public static func isEConnectorMessage(_ m: String) -> Bool {
        let l = m.lowercased()
        return l.contains("econnector") || l.contains("office is not connected")
            || l.contains("could not connect to the office") || l.contains("unable to reach the office")
            || l.contains("office network")
    }

    /// Turns a Swift DecodingError into `.decoding` with a key path and a short body excerpt.
    static func decoding(_ error: Error, body: Data) -> OpenDentalError {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        let excerpt = String(decoding: body.prefix(60), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ") + (body.count > 60 ? "…" : "")
        switch error as? DecodingError {
        case .keyNotFound(let key, let ctx)?:
            return .decoding(path: path(ctx.codingPath + [key]), detail: "missing field", excerpt: excerpt)
        case .typeMismatch(_, let ctx)?, .valueNotFound(_, let ctx)?:
            return .decoding(path: path(ctx.codingPath), detail: ctx.debugDescription, excerpt: excerpt)
        case .dataCorrupted(let ctx)?:
            let detail = ctx.codingPath.isEmpty ? "not valid JSON" : ctx.debugDescription
            return .decoding(path: path(ctx.codingPath), detail: detail, excerpt: excerpt)
        default:
            return .decoding(path: "", detail: "\(error)", excerpt: excerpt)
        }
    }
}

/// Removes secrets from any text that could reach a log, an error or the screen.
public struct Redactor: Sendable {
    private let secrets: [String]

    public init(secrets: [String]) {
        // Short strings would blank out ordinary words; real keys are long.
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    public func scrub(_ text: String) -> String {
        var out = text
        for s in secrets where out.contains(s) {
            out = out.replacingOccurrences(of: s, with: "[redacted]")
        }
        return out
    }

    public func scrub(_ error: OpenDentalError) -> OpenDentalError {
        switch error {
        case .badRequest(let m, let d): return .badRequest(message: scrub(m), eConnectorDown: d)
        case .unauthorized(let m): return .unauthorized(message: scrub(m))
        case .notFound(let m): return .notFound(message: scrub(m))
        case .gone(let m): return .gone(message: scrub(m))
        case .throttled(let r, let m): return .throttled(retryAfter: r, message: scrub(m))
        case .gatewayTimeout(let m): return .gatewayTimeout(message: scrub(m))
        case .server(let s, let m): return .server(status: s, message: scrub(m))
        case .unexpectedStatus(let s, let m): return .unexpectedStatus(status: s, message: scrub(m))
        case .redirected(let s): return .redirected(status: s)
        case .transport(let m, let r): return .transport(message: scrub(m), reachedServer: r)
        case .decoding(let p, let d, let e): return .decoding(path: scrub(p), detail: scrub(d), excerpt: scrub(e))
        case .outcomeUnknown(let me, let p, let c): return .outcomeUnknown(method: me, path: scrub(p), cause: scrub(c))
        case .invalidRequest(let m): return .invalidRequest(scrub(m))
        case .cancelled: return .cancelled
        }
    }
}
