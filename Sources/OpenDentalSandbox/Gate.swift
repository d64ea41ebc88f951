import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The sandbox's front door: it owns the public socket, enforces the request limits FlyingFox
/// has no settings for, and passes each request to FlyingFox over a private Unix socket.
///
/// Written by hand because no library in the mirror does this in front of FlyingFox: its decoder
/// reads any number of headers of any length with no deadline, buffers any body the handler asks
/// for, and stops the whole server when `accept` fails once. Measured before this gate: a 400 MiB
/// body peaked at 869 MB, 500k headers cost 7.8 s of CPU, a 100 MiB header line kept a core busy
/// for minutes after the client left, and 1000 half-open connections stayed open.
///
/// Per connection, one thread, blocking I/O with `poll` deadlines:
/// - a request head must arrive within `headTimeout` once its first byte has (408), a keep-alive
///   connection may idle `idleTimeout` before it is closed;
/// - at most `maxHeaders` header lines of at most `maxLine` bytes, `maxHead` in all (431; a
///   request line over `maxLine` is 414);
/// - a body is declared by Content-Length, at most `maxBody` bytes (413); chunked bodies are
///   refused (411), and a body must arrive within `bodyTimeout`;
/// - at most `maxConnections` at once; the next one gets 503 and is closed;
/// - the client's address is passed on as `X-Sandbox-Peer` (one sent by the client is removed),
///   so the admin endpoint trusts the socket's peer, never a header the client wrote.
/// The answer is passed back as it comes; when FlyingFox closes early (the drop and lost
/// faults), the client's connection closes at the same byte.
public final class Gate: @unchecked Sendable {
    // @unchecked: `active`, `listenFD` and `stopped` are guarded by `lock`; the rest is immutable.
    public struct Limits: Sendable {
        public init() {}
        public var maxConnections = 256
        public var maxHeaders = 100
        public var maxLine = 8192
        public var maxHead = 64 * 1024
        public var maxBody = 1 << 20
        public var headTimeout: Double = 10
        public var idleTimeout: Double = 30
        public var bodyTimeout: Double = 30
        /// How long the API may take to answer (the latency fault holds answers for seconds).
        public var answerTimeout: Double = 120
    }

    static let peerHeader = "X-Sandbox-Peer"
    /// When the front door read the request's head (host uptime, nanoseconds): the throttle counts
    /// from the request's arrival, as an office's server would, not from when a busy sandbox got to it.
    static let arrivalHeader = "X-Sandbox-Arrival"

    let limits: Limits
    let upstreamPath: String
    private let lock = NSLock()
    private var listenFD: Int32 = -1
    private var stopped = false
    private var active = 0
    private(set) var port: UInt16 = 0

    /// Stamps arrivals (what the throttle spaces requests by).
    let time: SandboxTime

    init(upstreamPath: String, limits: Limits = Limits(), time: SandboxTime = SandboxTime()) {
        self.upstreamPath = upstreamPath
        self.limits = limits
        self.time = time
    }

    var activeConnections: Int { lock.withLock { active } }

    /// Binds and listens on host:port (0 picks a free port); returns the port.
    func listen(host: String, port: UInt16) throws -> UInt16 {
        let v6 = host.contains(":")
        let fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SandboxError.startFailed("cannot create a socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var bound: Int32
        if v6 {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, host, &a.sin6_addr) == 1 else { close(fd); throw SandboxError.startFailed("'\(host)' is not an IP address") }
            bound = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        } else {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = port.bigEndian
            guard inet_pton(AF_INET, host, &a.sin_addr) == 1 else { close(fd); throw SandboxError.startFailed("'\(host)' is not an IP address") }
            bound = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        guard bound == 0, Glibc.listen(fd, 512) == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw SandboxError.startFailed("could not listen on \(host):\(port) (\(why))")
        }
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let actual = withUnsafePointer(to: &storage) { p -> UInt16 in
            v6 ? p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
               : p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
        lock.withLock {
            listenFD = fd
            self.port = actual
        }
        let t = Thread { [self] in acceptLoop(fd) }
        t.name = "sandbox-gate"
        t.start()
        return actual
    }

    func stop() {
        lock.withLock {
            stopped = true
            if listenFD >= 0 { shutdown(listenFD, Int32(SHUT_RDWR)) }
        }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop(_ fd: Int32) {
        defer { close(fd) }
        while !isStopped {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 250) <= 0 { continue }
            var storage = sockaddr_storage()
            var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let c = withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(fd, $0, &len) } }
            if c < 0 {
                // One failed accept (a client that reset, no descriptors left for a moment) is
                // that client's problem, never the server's end.
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM { usleep(50_000) }
                continue
            }
            _ = fcntl(c, F_SETFD, fcntl(c, F_GETFD) | FD_CLOEXEC)
            let peer = Self.address(&storage)
            var one: Int32 = 1
            setsockopt(c, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            // A client that stops reading cannot hold its thread forever.
            var sendTimeout = timeval(tv_sec: Int(limits.bodyTimeout), tv_usec: 0)
            setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
            let admitted = lock.withLock { () -> Bool in
                guard active < limits.maxConnections else { return false }
                active += 1
                return true
            }
            guard admitted else {
                Self.writeAll(c, Self.simple(503, "Too many connections to the sandbox; try again."))
                close(c)
                continue
            }
            let t = Thread { [self] in
                serve(c, peer: peer)
                lock.withLock { active -= 1 }
            }
            t.stackSize = 512 * 1024
            t.start()
        }
    }

    static func address(_ s: inout sockaddr_storage) -> String {
        var buf = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(s.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &s) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in
                var a = p.pointee.sin_addr
                return inet_ntop(AF_INET, &a, &buf, socklen_t(buf.count)).map { String(cString: $0) } ?? ""
            } }
        case AF_INET6:
            return withUnsafePointer(to: &s) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                var a = p.pointee.sin6_addr
                return inet_ntop(AF_INET6, &a, &buf, socklen_t(buf.count)).map { String(cString: $0) } ?? ""
            } }
        default:
            return ""
        }
    }

    // MARK: one connection

    /// Bytes from one socket with deadlines.
    struct Reader {
        let fd: Int32
        var buffer: [UInt8] = []
        var start = 0
        /// One read buffer per connection, not one allocation per read.
        var scratch = [UInt8](repeating: 0, count: 65536)
        var pending: ArraySlice<UInt8> { buffer[start...] }

        /// Reads more; false on EOF, error or when `deadline` passes.
        /// Drops what was consumed. Only between heads: `readHead` keeps indexes into the buffer.
        mutating func compact() {
            if start > 65536 {
                buffer.removeFirst(start)
                start = 0
            }
        }

        mutating func fill(until deadline: Double) -> Bool {
            let wait = deadline - Gate.now()
            if wait <= 0 { return false }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(min(wait, 3600) * 1000) + 1) > 0 else { return false }
            let n = read(fd, &scratch, scratch.count)
            guard n > 0 else { return false }
            buffer.append(contentsOf: scratch[0..<n])
            return true
        }

        mutating func consume(_ n: Int) -> ArraySlice<UInt8> {
            let out = buffer[start..<(start + n)]
            start += n
            return out
        }
    }

    enum HeadResult {
        case head(lines: [String])
        case closed
        case refuse(Int, String)
    }

    /// Reads one head (request or response) within the limits. `idle` is the wait allowed before
    /// the first byte, `timeout` the time for the whole head after it.
    func readHead(_ r: inout Reader, idle: Double, timeout: Double, request: Bool) -> HeadResult {
        r.compact()
        var deadline = Self.now() + idle
        var started = !r.pending.isEmpty
        if started { deadline = Self.now() + timeout }
        var lines: [String] = []
        var lineStart = r.start
        var scan = r.start
        while true {
            // Scan what is buffered for line ends, checking each line as it completes.
            while scan < r.buffer.count {
                if r.buffer[scan] == UInt8(ascii: "\n") {
                    var end = scan
                    if end > lineStart, r.buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    let line = String(decoding: r.buffer[lineStart..<end], as: UTF8.self)
                    scan += 1
                    lineStart = scan
                    if line.isEmpty {
                        if lines.isEmpty { // a stray CRLF between requests
                            r.start = scan
                            continue
                        }
                        r.start = scan
                        return .head(lines: lines)
                    }
                    lines.append(line)
                    if request && lines.count > limits.maxHeaders + 1 { return .refuse(431, "Too many header lines (at most \(limits.maxHeaders)).") }
                } else {
                    scan += 1
                }
                if scan - lineStart > limits.maxLine {
                    if request && lines.isEmpty { return .refuse(414, "The request line is longer than \(limits.maxLine) bytes.") }
                    return .refuse(431, "A header line is longer than \(limits.maxLine) bytes.")
                }
                if scan - r.start > limits.maxHead { return .refuse(431, "The request head is larger than \(limits.maxHead) bytes.") }
            }
            let before = r.buffer.count - r.start
            if !r.fill(until: deadline) {
                if !started && r.buffer.count - r.start == 0 { return .closed }
                return Self.now() >= deadline && request ? .refuse(408, "The request head did not arrive in time.") : .closed
            }
            if !started && r.buffer.count - r.start > before {
                started = true
                deadline = Self.now() + timeout
            }
        }
    }

    func serve(_ client: Int32, peer: String) {
        defer { close(client) }
        var upstream: Int32 = -1
        defer { if upstream >= 0 { close(upstream) } }
        var fromClient = Reader(fd: client)
        while !isStopped {
            let head: [String]
            switch readHead(&fromClient, idle: limits.idleTimeout, timeout: limits.headTimeout, request: true) {
            case .closed: return
            case .refuse(let status, let text):
                Self.writeAll(client, Self.simple(status, text))
                return
            case .head(let lines): head = lines
            }
            let arrived = time.uptimeNanoseconds
            var headers: [(String, String)] = []
            for line in head.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else {
                    Self.writeAll(client, Self.simple(400, "A header line has no colon."))
                    return
                }
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
            func header(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name }.map(\.1) }
            if !header("transfer-encoding").isEmpty {
                Self.writeAll(client, Self.simple(411, "Send the body with a Content-Length; chunked bodies are not accepted."))
                return
            }
            let lengths = header("content-length")
            guard lengths.count <= 1, let length = lengths.isEmpty ? 0 : Int(lengths[0]), length >= 0 else {
                Self.writeAll(client, Self.simple(400, "The Content-Length is not valid."))
                return
            }
            guard length <= limits.maxBody else {
                Self.writeAll(client, Self.simple(413, "The body is larger than \(limits.maxBody) bytes."))
                return
            }
            let version = head[0].split(separator: " ").last.map(String.init) ?? ""
            let connection = header("connection").joined(separator: ",").lowercased()
            let closeAfter = connection.contains("close") || (version == "HTTP/1.0" && !connection.contains("keep-alive"))
            if header("expect").contains(where: { $0.lowercased() == "100-continue" }) {
                Self.writeAll(client, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            }
            // The head FlyingFox sees: the client's, less any peer claim and Expect, plus the peer.
            var out = head[0] + "\r\n"
            for (k, v) in headers where ![Self.peerHeader.lowercased(), Self.arrivalHeader.lowercased(), "expect", "connection"].contains(k.lowercased()) {
                out += "\(k): \(v)\r\n"
            }
            out += "Connection: close\r\n\(Self.peerHeader): \(peer)\r\n\(Self.arrivalHeader): \(arrived)\r\n\r\n"
            // A fresh connection to FlyingFox for each request: a kept one may have been closed by
            // FlyingFox after its last answer, and a request sent into it could neither be said
            // lost nor be sent again (it may have arrived).
            if upstream >= 0 { close(upstream) }
            upstream = Self.connectUnix(upstreamPath)
            if upstream < 0 {
                Self.writeAll(client, Self.simple(502, "The sandbox is not answering."))
                return
            }
            guard Self.writeAll(upstream, Array(out.utf8)) else { return }
            // The body: what is buffered, then the rest as it arrives.
            var left = length
            let deadline = Self.now() + limits.bodyTimeout
            while left > 0 {
                if fromClient.pending.isEmpty, !fromClient.fill(until: deadline) {
                    if Self.now() >= deadline { Self.writeAll(client, Self.simple(408, "The request body did not arrive in time.")) }
                    return
                }
                let n = min(left, fromClient.pending.count)
                guard Self.writeAll(upstream, fromClient.consume(n)) else { return }
                left -= n
            }
            guard relayAnswer(from: upstream, to: client) else { return }
            if closeAfter { return }
        }
    }

    /// Passes one answer back. False when the connection must end (FlyingFox closed, the answer
    /// said close, or the client left).
    private func relayAnswer(from upstream: Int32, to client: Int32) -> Bool {
        var r = Reader(fd: upstream)
        guard case .head(let lines) = readHead(&r, idle: limits.answerTimeout, timeout: limits.answerTimeout, request: false) else {
            return false // closed before the first byte (the lost fault): so is the client's
        }
        var length: Int?
        var close = false
        for line in lines.dropFirst() {
            let lower = line.lowercased()
            if lower.hasPrefix("content-length:") { length = Int(lower.dropFirst(15).trimmingCharacters(in: .whitespaces)) }
            if lower.hasPrefix("connection:") && lower.contains("close") { close = true }
        }
        // The head goes out with the first part of the body in one write: two small writes make
        // the client's delayed ACK cost milliseconds per answer.
        var out = Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
        var left = length ?? Int.max
        let deadline = Self.now() + limits.answerTimeout
        while left > 0 {
            if r.pending.isEmpty, !r.fill(until: deadline) {
                Self.writeAll(client, out)
                return false // cut mid-body (the drop fault)
            }
            let n = min(left, r.pending.count)
            out += r.consume(n)
            left -= n
            if out.count >= 65536 || left == 0 {
                guard Self.writeAll(client, out) else { return false }
                out.removeAll(keepingCapacity: true)
            }
        }
        if !out.isEmpty, !Self.writeAll(client, out) { return false }
        return length != nil && !close
    }

    static func connectUnix(_ path: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var a = sockaddr_un()
        a.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: a.sun_path) else { close(fd); return -1 }
        withUnsafeMutableBytes(of: &a.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let ok = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        if ok != 0 { close(fd); return -1 }
        return fd
    }

    @discardableResult
    static func writeAll<C: Collection>(_ fd: Int32, _ bytes: C) -> Bool where C.Element == UInt8 {
        let data = Array(bytes)
        var sent = 0
        while sent < data.count {
            let n = data[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return false
            }
            sent += n
        }
        return true
    }

    /// A short answer of the gate's own, in Open Dental's style (the text as a JSON string).
    static func simple(_ status: Int, _ text: String) -> [UInt8] {
        let phrases = [400: "Bad Request", 408: "Request Timeout", 411: "Length Required", 413: "Content Too Large",
                       414: "URI Too Long", 431: "Request Header Fields Too Large", 502: "Bad Gateway", 503: "Service Unavailable"]
        let body = "\"" + text.replacingOccurrences(of: "\"", with: "'") + "\""
        return Array(("HTTP/1.1 \(status) \(phrases[status] ?? "Error")\r\nContent-Type: application/json; charset=utf-8\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body).utf8)
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
