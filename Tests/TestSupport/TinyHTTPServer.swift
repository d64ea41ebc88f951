import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately small HTTP/1.1 server on 127.0.0.1 for the cases the sandbox cannot produce:
/// redirects, an answer that never comes, a connection closed before the first byte. Each
/// connection runs on its own thread; `respond` gets the request head (and body) and returns
/// the raw bytes to send, or nil to close the connection without a byte.
public final class TinyHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: Data
        /// Which connection (1, 2, ...) carried it.
        public var connection: Int
    }
    public typealias Responder = @Sendable (Request, Int) -> Data?

    public let port: UInt16
    private var fd: Int32 = -1
    private let lock = NSLock()
    private var seen: [Request] = []
    private var heads: [String] = []
    private var connectionCount = 0
    private let respond: Responder

    public var requests: [Request] { lock.withLock { seen } }
    /// "METHOD path" of every request head that arrived, complete body or not: a request whose
    /// head went out again on another connection shows here even if its body never followed.
    public var requestHeads: [String] { lock.withLock { heads } }
    public var connections: Int { lock.withLock { connectionCount } }

    public init(_ respond: @escaping Responder) throws {
        self.respond = respond
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = UInt16(bigEndian: addr.sin_port)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        self.fd = fd
        let t = Thread { [self] in acceptLoop() }
        t.start()
    }

    deinit { stop() }

    /// Idempotent: a second call (deinit after an explicit stop) must not close a descriptor
    /// number that by then belongs to another test's socket.
    public func stop() {
        let open = lock.withLock { () -> Int32 in
            let f = fd
            fd = -1
            return f
        }
        guard open >= 0 else { return }
        shutdown(open, Int32(SHUT_RDWR))
        close(open)
    }

    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/api/v1")! }

    private func acceptLoop() {
        while true {
            // The descriptor is read under the lock each time and only used while it is ours.
            guard let listening = lock.withLock({ fd >= 0 ? fd : nil }) else { return }
            var p = pollfd(fd: listening, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 100) <= 0 { continue }
            let c: Int32 = lock.withLock { fd == listening ? accept(listening, nil, nil) : -1 }
            if c < 0 { continue }
            let id = lock.withLock { connectionCount += 1; return connectionCount }
            let t = Thread { [self] in serve(c, id: id) }
            t.start()
        }
    }

    private func serve(_ c: Int32, id: Int) {
        defer { close(c) }
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            // One request: the head, then Content-Length bytes of body.
            let separator = Data("\r\n\r\n".utf8)
            var headEnd = buffer.range(of: separator)
            while headEnd == nil {
                let n = read(c, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
                headEnd = buffer.range(of: separator)
            }
            guard let end = headEnd else { return }
            let head = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let first = lines.removeFirst().split(separator: " ")
            var headers: [String: String] = [:]
            for l in lines {
                if let i = l.firstIndex(of: ":") { headers[l[..<i].lowercased()] = l[l.index(after: i)...].trimmingCharacters(in: .whitespaces) }
            }
            lock.withLock { heads.append(first.prefix(2).joined(separator: " ")) }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            buffer.removeSubrange(..<end.upperBound)
            while buffer.count < length {
                let n = read(c, &chunk, chunk.count)
                if n <= 0 { return }
                buffer.append(contentsOf: chunk[0..<n])
            }
            let body = buffer.prefix(length)
            buffer.removeSubrange(..<(buffer.startIndex + length))
            let req = Request(method: first.count > 0 ? String(first[0]) : "", path: first.count > 1 ? String(first[1]) : "",
                              headers: headers, body: Data(body), connection: id)
            let n = lock.withLock { () -> Int in seen.append(req); return seen.count }
            guard let answer = respond(req, n) else { return }
            _ = answer.withUnsafeBytes { write(c, $0.baseAddress, $0.count) }
            // An answer that says so closes the connection after it (cut short, if its body is).
            if answer.range(of: Data("\r\nConnection: close\r\n".utf8)) != nil { return }
        }
    }

    /// A complete answer with a body and keep-alive.
    public static func answer(_ status: Int, _ body: String = "", headers: [String: String] = [:]) -> Data {
        var s = "HTTP/1.1 \(status) X\r\nContent-Length: \(body.utf8.count)\r\nContent-Type: application/json\r\n"
        for (k, v) in headers { s += "\(k): \(v)\r\n" }
        return Data((s + "\r\n" + body).utf8)
    }
}

/// Runs blocking work (waiting for a process, polling a screen, a blocking socket) on a thread of
/// its own and awaits it. Blocking inside a test would hold one of the few threads Swift's
/// cooperative pool has (two on a 2-core machine), and the in-process sandboxes of other tests,
/// which answer on that pool, would stall behind it.
public func offThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let t = Thread { continuation.resume(returning: work()) }
        t.stackSize = 1 << 20
        t.start()
    }
}
