import FlyingFox
import Foundation
import OpenDentalAPI
@testable import OpenDentalSandbox
import Testing

/// Sends raw bytes to the sandbox on a plain socket and returns what came back before the server
/// closed or `seconds` passed: for requests URLSession will not send (a foreign Host, huge heads).
func rawExchange(port: UInt16, _ bytes: [UInt8], seconds: Double = 30) -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = port.bigEndian
    let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard ok == 0 else { return "(connect failed: errno \(errno))" }
    var tv = timeval(tv_sec: Int(seconds), tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    var sent = 0
    while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n <= 0 { break }
        sent += n
    }
    var out = [UInt8]()
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = recv(fd, &buf, buf.count, 0)
        if n <= 0 { break }
        out += buf[0..<n]
        if String(decoding: out, as: UTF8.self).contains("\r\n\r\n") { break }
    }
    return String(decoding: out, as: UTF8.self)
}

@Suite struct SandboxAdminSecurityTests {
    func request(_ method: FlyingFox.HTTPMethod, _ path: String, headers: [FlyingFox.HTTPHeader: String],
                 peer: FlyingFox.HTTPRequest.Address?, body: String = "") -> FlyingFox.HTTPRequest {
        var h = HTTPHeaders()
        for (k, v) in headers { h[k] = v }
        return FlyingFox.HTTPRequest(method: method, version: .http11, path: path, query: [], headers: h,
                                     body: HTTPBodySequence(data: Data(body.utf8)), remoteAddress: peer)
    }

    /// With `--listen 0.0.0.0`, `X-Forwarded-For: 127.0.0.1` once opened the admin endpoint to
    /// anyone (FlyingFox's remoteIPAddress trusts that header), and an unknown peer was allowed.
    @Test func theAdminEndpointChecksTheSocketPeerOnly() async throws {
        let s = try await startSandbox(patients: 50)
        defer { Task { await s.stop() } }
        let spoofed = request(.GET, "/sandbox/faults", headers: [.host: "127.0.0.1:\(s.port)", HTTPHeader("X-Forwarded-For"): "127.0.0.1"],
                              peer: .ip4("192.0.2.7", port: 5555))
        #expect(await s.api.admin(spoofed).status == 401)
        let unknown = request(.GET, "/sandbox/faults", headers: [.host: "127.0.0.1:\(s.port)"], peer: nil)
        #expect(await s.api.admin(unknown).status == 401)
        let local = request(.GET, "/sandbox/faults", headers: [.host: "127.0.0.1:\(s.port)"], peer: .ip4("127.0.0.1", port: 5555))
        #expect(await s.api.admin(local).status == 200)
        // Writes need JSON (a web form cannot send it without asking first).
        let form = request(.POST, "/sandbox/faults", headers: [.host: "127.0.0.1:\(s.port)", .contentType: "text/plain"],
                           peer: .ip4("127.0.0.1", port: 5555), body: #"{"faults":["500"]}"#)
        #expect(await s.api.admin(form).status == 415)
        #expect(s.faults.current.isEmpty)
    }

    /// DNS rebinding: a page on evil.example that resolves to 127.0.0.1 sends Host: evil.example.
    @Test func aForeignHostIsRefused() async throws {
        let s = try await startSandbox(patients: 50)
        defer { Task { await s.stop() } }
        let auth = "ODFHIR \(s.developerKey)/\(s.customerKey)"
        let evil = rawExchange(port: s.port, Array("GET /api/v1/patients/1 HTTP/1.1\r\nHost: evil.example:\(s.port)\r\nAuthorization: \(auth)\r\nConnection: close\r\n\r\n".utf8))
        #expect(evil.hasPrefix("HTTP/1.1 403"))
        let admin = rawExchange(port: s.port, Array("DELETE /sandbox/faults HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".utf8))
        #expect(admin.hasPrefix("HTTP/1.1 403"))
        let good = rawExchange(port: s.port, Array("GET /api/v1/patients/1 HTTP/1.1\r\nHost: localhost:\(s.port)\r\nAuthorization: \(auth)\r\nConnection: close\r\n\r\n".utf8))
        #expect(good.hasPrefix("HTTP/1.1 200"))
    }

    @Test func aWildcardListenAddressIsShownAsAUsableURL() {
        var o = SandboxOptions()
        o.host = "0.0.0.0"
        #expect(o.usableHost == "127.0.0.1" && !o.listensOnLoopback)
        o.host = "::"
        #expect(o.usableHost == "::1")
        o.host = "127.0.0.1"
        #expect(o.listensOnLoopback)
    }
}

@Suite struct SandboxBadInputTests {
    /// `{"PriProv": 1e300}` on POST /patients once killed the sandbox (and an in-memory practice).
    @Test(arguments: [#"{"LName":"A","FName":"B","PriProv":1e300}"#, #"{"LName":"A","FName":"B","PriProv":2.5}"#,
                      #"{"LName":1e300,"FName":"B"}"#, #"{"LName":"A","FName":"B","ClinicNum":-1e19}"#])
    func outOfRangeNumbersAre400sNamingTheField(body: String) async throws {
        let s = try await startSandbox(patients: 50)
        defer { Task { await s.stop() } }
        let r = try await raw(s, .post, "/patients", body: body)
        #expect(r.status == 400)
        #expect(r.text.contains("PriProv") || r.text.contains("LName") || r.text.contains("ClinicNum"))
        // Still serving.
        #expect(try await raw(s, .get, "/patients/1").status == 200)
    }

    @Test func theDatabaseFileIsTheOwnersAlone() async throws {
        let path = NSTemporaryDirectory() + "sandbox-mode-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let s = try await startSandbox(patients: 50, path: path)
        _ = try await raw(s, .post, "/commlogs", body: #"{"PatNum":1,"Note":"x","commType":"Misc"}"#)
        await s.stop()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            let mode = (try FileManager.default.attributesOfItem(atPath: path + suffix)[.posixPermissions] as? NSNumber)?.intValue ?? 0
            #expect(mode & 0o077 == 0, "\(suffix.isEmpty ? "database" : suffix) is \(String(mode, radix: 8))")
        }
    }

    @Test func locationCarriesThePort() async throws {
        let s = try await startSandbox(patients: 50)
        defer { Task { await s.stop() } }
        let r = try await raw(s, .post, "/commlogs", body: #"{"PatNum":1,"Note":"x","commType":"Misc"}"#)
        #expect(r.status == 201)
        let location = r.headers["location"] ?? ""
        #expect(location.hasPrefix("http://127.0.0.1:\(s.port)/api/v1/commlogs/"))
    }
}

@Suite struct SandboxLostAnswerTests {
    /// `drop` sent a complete 200 for empty answers (Confirm/Note/Break), so a lost answer could
    /// not be produced. `lost` carries the write out and closes before the first byte.
    @Test func aLostAnswerClosesBeforeTheFirstByteAfterTheWrite() async throws {
        let s = try await startSandbox(patients: 50)
        defer { Task { await s.stop() } }
        let c = client(for: s)
        let before = try await c.send(Endpoints.appointment(1)).note
        s.faults.set([Fault(kind: .lost, path: "/appointments/1/Note", remaining: 1)])
        do {
            _ = try await c.send(Endpoints.appendAppointmentNote(1, note: "lost-answer-check"))
            Issue.record("the answer was lost: the outcome must be unknown")
        } catch let e as OpenDentalError {
            guard case .outcomeUnknown = e else { Issue.record("expected outcomeUnknown, got \(e)"); return }
        }
        let after = try await c.send(Endpoints.appointment(1)).note
        #expect(after.components(separatedBy: "lost-answer-check").count == 2, "the note was applied exactly once")
        #expect(after.count > before.count)
    }
}
