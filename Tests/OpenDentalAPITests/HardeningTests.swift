import Foundation
import Synchronization
import Testing
@testable import OpenDentalAPI
import TestSupport

/// Regression tests for a hostile or broken server (issue: hardening). Each failed before its fix.
@Suite struct RetryAfterTests {
    @Test(arguments: ["inf", "Infinity", "1e30", "nan", "-5", "86400", "1e308", "soon"])
    func retryAfterIsFiniteAndBounded(value: String) {
        let v = OpenDentalClient.retryAfter(value)
        if let v { #expect(v.isFinite && v >= 0 && v <= RequestScheduler.maxBackOff) }
        #expect(OpenDentalClient.retryAfter("7") == 7)
    }

    @Test func timesFromOutsideNeverTrapWhenConverted() {
        #expect(nanoseconds(.infinity) == 86_400_000_000_000)
        #expect(nanoseconds(.nan) == 0)
        #expect(nanoseconds(-3) == 0)
        #expect(nanoseconds(1e30) == 86_400_000_000_000)
        #expect(nanoseconds(0.5) == 500_000_000)
    }

    /// `Retry-After: inf` once stopped the dashboard ("Double value cannot be converted to UInt64"),
    /// and 86400 blocked every request for a day while the status line said "online".
    @Test(arguments: ["inf", "1e30", "86400"])
    func aHugeRetryAfterWaitsAtMostTheCap(value: String) async throws {
        let clock = TestClock()
        let transport = StubTransport { _, n in
            n == 1 ? json(#""slow down""#, status: 429, headers: ["Retry-After": value]) : json("[]")
        }
        let client = makeClient(mode: .remote, clock: clock, transport: transport)
        let start = clock.now()
        _ = try await client.send(Endpoints.securityPerms())
        #expect(transport.requests.count == 2)
        #expect(clock.now() - start <= RequestScheduler.maxBackOff + 1.5)
        // While the office's wait runs, the client says so (the status line shows it).
        let scheduler = RequestScheduler(clock: clock)
        await scheduler.backOff(key: "k", seconds: 1e30)
        let left = await scheduler.waitRemaining(key: "k")
        #expect(left > 0 && left <= RequestScheduler.maxBackOff + 1e-6)
        await scheduler.backOff(key: "j", seconds: .infinity)
        #expect(await scheduler.waitRemaining(key: "j") == 0)
    }

    @Test func aTicketReleasesOnlyItsOwnSlot() async throws {
        let clock = TestClock()
        let scheduler = RequestScheduler(clock: clock)
        let a = try await scheduler.acquire(key: "k", interval: 0, priority: .interactive)
        await scheduler.release(a)
        let b = try await scheduler.acquire(key: "k", interval: 0, priority: .interactive)
        // A late second release of `a` must not free `b`'s slot.
        await scheduler.release(a)
        let third = Task { try await scheduler.acquire(key: "k", interval: 0, priority: .interactive) }
        // Until the third is queued (a barrier on the scheduler's own count, not a sleep), then
        // long enough for a wrongly freed slot to have been handed to it: it is still waiting.
        for _ in 0..<10_000 where await scheduler.queuedCount(key: "k") == 0 { await Task.yield() }
        for _ in 0..<200 { await Task.yield() }
        #expect(await scheduler.queuedCount(key: "k") == 1)
        await scheduler.release(b)
        _ = try await third.value
    }
}

/// The transports the client can run on: libcurl (the dashboard's) and URLSession (kept for the
/// measured comparison); every guarantee is tested on both.
enum Transports: String, CaseIterable, Sendable {
    case curl, urlSession
    func make(requestTimeout: TimeInterval = 10, writeTimeout: TimeInterval = 5, connectTimeout: TimeInterval? = nil) -> HTTPTransport {
        switch self {
        case .curl: return CurlTransport(requestTimeout: requestTimeout, writeTimeout: writeTimeout, connectTimeout: connectTimeout ?? 5)
        case .urlSession: return URLSessionTransport(requestTimeout: requestTimeout, writeTimeout: writeTimeout, connectTimeout: connectTimeout)
        }
    }
}

@Suite(.sharesTurns) struct RedirectTests {
    /// A 302 to another host once carried `Authorization: ODFHIR dev/cust` there, and that host's
    /// `[]` was shown as today's schedule.
    @Test(arguments: Transports.allCases) func redirectsAreRefusedAndTheKeysStayHome(_ transport: Transports) async throws {
        let elsewhere = try TinyHTTPServer { _, _ in TinyHTTPServer.answer(200, "[]") }
        defer { elsewhere.stop() }
        let office = try TinyHTTPServer { req, _ in
            TinyHTTPServer.answer(302, "", headers: ["Location": "http://127.0.0.1:\(elsewhere.port)\(req.path)"])
        }
        defer { office.stop() }
        let config = ClientConfiguration(baseURL: office.baseURL, credentials: Credentials(developerKey: testDevKey, customerKey: testCustKey),
                                         mode: .local)
        let client = OpenDentalClient(configuration: config, transport: transport.make())
        do {
            _ = try await client.send(Endpoints.appointments().request(limit: 100, offset: 0))
            Issue.record("a redirect must be an error")
        } catch let e as OpenDentalError {
            #expect(e == .redirected(status: 302))
            #expect(e.description.contains("302"))
            #expect(!e.description.contains(testDevKey) && !e.description.contains(testCustKey))
        }
        #expect(office.requests.count == 1)
        #expect(elsewhere.requests.isEmpty)
    }
}

@Suite struct OneShotWriteTests {
    /// A Note PUT whose connection closed without an answer went out again on a fresh connection
    /// (libcurl retries a reused keep-alive connection). It must reach the server once.
    @Test(arguments: Transports.allCases) func aLostAnswerIsNeverResentByTheHTTPStack(_ transport: Transports) async throws {
        let server = try TinyHTTPServer { req, _ in
            req.method == "PUT" ? nil : TinyHTTPServer.answer(200, "[]")
        }
        defer { server.stop() }
        let config = ClientConfiguration(baseURL: server.baseURL, credentials: Credentials(developerKey: testDevKey, customerKey: testCustKey),
                                         mode: .local)
        let client = OpenDentalClient(configuration: config, transport: transport.make())
        // A read first, so a keep-alive connection exists for the write to be tempted by.
        _ = try await client.send(Endpoints.securityPerms())
        _ = try await client.send(Endpoints.securityPerms())
        do {
            _ = try await client.send(Endpoints.appendAppointmentNote(5, note: "called back"))
            Issue.record("the write's answer was lost: the outcome is unknown")
        } catch let e as OpenDentalError {
            guard case .outcomeUnknown = e else { Issue.record("expected outcomeUnknown, got \(e)"); return }
        }
        // No wait is needed: the HTTP stack re-sends before it reports the failure, and the server
        // records a head before it closes the connection that makes the client fail.
        // Heads, not whole requests: the re-sent copy went out without its body.
        #expect(server.requestHeads.filter { $0.hasPrefix("PUT") }.count == 1)
    }

    /// A write whose answer does not come gives the request slot back, so reads go on.
    @Test func aSlowWriteDoesNotHoldTheSlot() async throws {
        let gate = Gate()
        let transport = GatedTransport(gate: gate)
        let clock = TestClock()
        let client = makeClient(mode: .remote, clock: clock, transport: transport)
        let write = Task { try await client.send(Endpoints.appendAppointmentNote(5, note: "x")) }
        try await Task.sleep(nanoseconds: 100_000_000)
        let read = Task { try await client.send(Endpoints.securityPerms()) }
        var done = false
        for _ in 0..<100 where !done {
            try await Task.sleep(nanoseconds: 50_000_000)
            done = transport.completedReads > 0
        }
        #expect(done, "a read waited behind a write whose answer never came")
        await gate.open()
        _ = try? await write.value
        _ = try? await read.value
    }
}

/// Holds PUTs until opened; answers GETs at once.
actor Gate {
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var isOpen = false
    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters = []
    }
}

final class GatedTransport: HTTPTransport, @unchecked Sendable {
    let gate: Gate
    private let lock = NSLock()
    private var reads = 0
    init(gate: Gate) { self.gate = gate }
    var completedReads: Int { lock.withLock { reads } }
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.method == .put { await gate.wait(); return HTTPResponse(status: 200) }
        lock.withLock { reads += 1 }
        return HTTPResponse(status: 200, body: Data("[]".utf8))
    }
}

@Suite struct HostileDataTests {
    /// One patient with invalid UTF-8 once failed the whole page, every 30 s, for good.
    @Test func invalidUTF8CostsOneNameNotThePage() async throws {
        var body = Data(#"[{"PatNum":1,"LName":"Ok","FName":"A"},{"PatNum":2,"LName":"Bad"#.utf8)
        body.append(contentsOf: [0xFF, 0xFE, 0xC3])
        body.append(Data(#"","FName":"B"},{"PatNum":3,"LName":"Ok","FName":"C"}]"#.utf8))
        let page = body
        let transport = StubTransport { _, _ in HTTPResponse(status: 200, body: page) }
        let client = makeClient(transport: transport)
        let rows = try await client.send(Endpoints.patientsSimple().request(limit: 100, offset: 0))
        #expect(rows.map(\.patNum) == [1, 2, 3])
        #expect(rows[1].lName.hasPrefix("Bad") && rows[1].lName.contains("\u{FFFD}"))
    }

    /// A page with one unreadable row still counts as full, so paging goes on past it.
    @Test func pagingGoesOnPastABadRow() async throws {
        let transport = StubTransport { req, _ in
            let offset = Int(req.queryItems["Offset"] ?? "0") ?? 0
            if offset == 0 { return json(#"[{"PatNum":1,"LName":"A"},{"LName":"no key"}]"#) }
            return json(#"[{"PatNum":3,"LName":"C"}]"#)
        }
        let client = makeClient(pageSize: 2, transport: transport)
        let all = try await client.collectAll(Endpoints.patientsSimple())
        #expect(all.map(\.patNum) == [1, 3])
    }

    /// `{"PriProv": 1e300}` and friends: a number that fits no Int is a decoding error, not a trap.
    @Test func outOfRangeNumbersAreErrorsNotCrashes() throws {
        #expect(throws: DecodingError.self) { try decode(Appointment.self, #"{"AptNum":1e300}"#) }
        #expect(throws: DecodingError.self) { try decode(Appointment.self, #"{"AptNum":"9e99"}"#) }
        #expect(throws: DecodingError.self) { try decode(Appointment.self, #"{"AptNum":1,"Op":-1e40}"#) }
        #expect(try decode(Appointment.self, #"{"AptNum":"12.0"}"#).aptNum == 12)
    }
}

@Suite struct LedgerTests {
    @Test func aClaimWaitsForTheOtherProcessesStart() async throws {
        let dir = NSTemporaryDirectory() + "fd-ledger-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try #require(RequestLedger(directory: dir, lane: "office#1"))
        let b = try #require(RequestLedger(directory: dir, lane: "office#1"))
        let other = try #require(RequestLedger(directory: dir, lane: "office#2"))
        #expect(a.path == b.path && a.path != other.path)
        #expect(!a.path.contains("office"), "the file is named by a hash")
        // Times are given, so no test sleeps for the spacing to pass.
        let t = RequestLedger.now()
        #expect(a.claim(spacing: 0.3, now: t) == 0)
        let wait = b.claim(spacing: 0.3, now: t + 0.1)
        #expect(abs(wait - 0.2) < 0.001)
        #expect(other.claim(spacing: 0.3, now: t + 0.1) == 0, "another office has its own budget")
        #expect(b.claim(spacing: 0.3, now: t + 0.35) == 0)
        let mode = (try FileManager.default.attributesOfItem(atPath: a.path)[.posixPermissions] as? NSNumber)?.intValue ?? 0
        #expect(mode == 0o600)
    }

    /// Two processes: one waits with a keypress, the other has only background work. The keypress
    /// gets the next start; the background waits behind it. A lease left by a process that died
    /// while waiting lapses by itself. (Times are given, so a loaded machine changes nothing.)
    @Test func aKeypressInOneProcessGoesBeforeAnothersBackgroundWork() throws {
        let dir = NSTemporaryDirectory() + "fd-ledger-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let front = try #require(RequestLedger(directory: dir, lane: "office#1", owner: 1001))
        let back = try #require(RequestLedger(directory: dir, lane: "office#1", owner: 1002))
        let t = RequestLedger.now()
        #expect(back.claim(spacing: 1, now: t) == 0)
        // Too soon for either: the keypress leaves its lease.
        #expect(abs(front.claim(spacing: 1, urgent: true, now: t + 0.5) - 0.5) < 0.001)
        // The spacing has passed, but the lease holds the background work back...
        #expect(back.claim(spacing: 1, now: t + 1.01) > 0)
        // ...and the keypress takes its start.
        #expect(front.claim(spacing: 1, urgent: true, now: t + 1.02) == 0)
        #expect(back.claim(spacing: 1, now: t + 2.03) == 0, "no lease once the keypress went")

        // A process that waits urgently and then dies: its lease lapses within two spacings.
        #expect(front.claim(spacing: 1, urgent: true, now: t + 2.5) > 0)
        #expect(back.claim(spacing: 1, now: t + 3.1) > 0)
        #expect(back.claim(spacing: 1, now: t + 4.1) == 0)
    }

    /// One process got a 429 and widened its spacing: the other keeps to it too.
    @Test func aWiderSpacingLearnedByOneProcessHoldsForAll() throws {
        let dir = NSTemporaryDirectory() + "fd-ledger-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try #require(RequestLedger(directory: dir, lane: "office#1", owner: 1001))
        let b = try #require(RequestLedger(directory: dir, lane: "office#1", owner: 1002))
        let t = RequestLedger.now()
        #expect(a.claim(spacing: 1.3, now: t) == 0)
        #expect(b.claim(spacing: 1.04, now: t + 1.1) > 0.19)
        #expect(b.claim(spacing: 1.04, now: t + 1.31) == 0)
        // Never beyond twice its own, whatever the file says.
        #expect(a.claim(spacing: 50, now: t + 60) == 0)
        #expect(b.claim(spacing: 1.04, now: t + 61.5) > 0)
        #expect(b.claim(spacing: 1.04, now: t + 62.1) == 0)
    }
}

/// The libcurl transport against servers that misbehave below HTTP: each failure is said in a
/// sentence, and "never sent" only when nothing can have reached the office.
@Suite(.takesTurns) struct CurlTransportTests {
    func url(_ server: TinyHTTPServer, _ path: String = "/api/v1/appointments") -> URL {
        URL(string: "http://127.0.0.1:\(server.port)\(path)")!
    }

    @Test func anAnswerComesBackWithStatusHeadersAndBody() async throws {
        let server = try TinyHTTPServer { req, _ in
            TinyHTTPServer.answer(201, #"{"got":"\#(req.method) \#(req.headers["authorization"] ?? "")"}"#, headers: ["Retry-After": "3"])
        }
        defer { server.stop() }
        let t = CurlTransport(requestTimeout: 5)
        let r = try await t.send(HTTPRequest(method: .post, url: url(server), headers: ["Authorization": "ODFHIR a/b"], body: Data("{}".utf8), oneShot: true))
        #expect(r.status == 201 && r.header("retry-after") == "3")
        #expect(String(decoding: r.body, as: UTF8.self) == #"{"got":"POST ODFHIR a/b"}"#)
        // A PUT without a body is sent with an empty one (libcurl would otherwise read stdin).
        let put = try await t.send(HTTPRequest(method: .put, url: url(server)))
        #expect(put.status == 201 && server.requests.last?.body.isEmpty == true)
    }

    /// Requests waiting on the office never hold each other up: the server answers only once
    /// all of them are in, so a transport that runs fewer at once (blocked threads of a shared
    /// pool: two on a 2-core host) gets no answer within the server's patience.
    @Test func manyRequestsWaitAtOnceWithoutQueueingBehindEachOther() async throws {
        let n = 40
        let arrived = Mutex(0)
        let all = DispatchSemaphore(value: 0)
        let server = try TinyHTTPServer { _, _ in
            if arrived.withLock({ $0 += 1; return $0 }) == n { for _ in 0..<n { all.signal() } }
            return all.wait(timeout: .now() + 10) == .success ? TinyHTTPServer.answer(200, "[]") : TinyHTTPServer.answer(503, "not all came")
        }
        defer { server.stop() }
        let transport = CurlTransport(requestTimeout: 20)
        let statuses = await withTaskGroup(of: Int.self) { group -> [Int] in
            for i in 0..<n {
                group.addTask {
                    // Half through one transport (one dashboard), half through transports of their own.
                    let t = i.isMultiple(of: 2) ? transport : CurlTransport(requestTimeout: 20)
                    return (try? await t.send(HTTPRequest(method: .put, url: self.url(server), body: Data("{}".utf8))))?.status ?? -1
                }
            }
            var out: [Int] = []
            for await s in group { out.append(s) }
            return out
        }
        #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses.sorted())")
    }

    @Test func readsShareAKeepAliveConnectionAndWritesNeverDo() async throws {
        let server = try TinyHTTPServer { _, _ in TinyHTTPServer.answer(200, "[]") }
        defer { server.stop() }
        let t = CurlTransport(requestTimeout: 5)
        for _ in 0..<3 { _ = try await t.send(HTTPRequest(method: .get, url: url(server))) }
        #expect(server.connections == 1)
        _ = try await t.send(HTTPRequest(method: .put, url: url(server), body: Data("{}".utf8), oneShot: true))
        _ = try await t.send(HTTPRequest(method: .get, url: url(server)))
        #expect(server.connections == 2, "the write had a connection of its own, and the read kept the old one")
    }

    @Test func aServerThatNeverAnswersTimesOutAsSent() async throws {
        let server = try TinyHTTPServer { _, _ in
            Thread.sleep(forTimeInterval: 3)
            return nil
        }
        defer { server.stop() }
        let t = CurlTransport(requestTimeout: 1)
        do {
            _ = try await t.send(HTTPRequest(method: .get, url: url(server)))
            Issue.record("expected a timeout")
        } catch let f as TransportFailure {
            #expect(f.reachedServer && f.message == "the request timed out")
        }
    }

    @Test func anAnswerCutShortIsSaidAsSuch() async throws {
        let server = try TinyHTTPServer { _, _ in
            Data("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n[{\"AptNum\":".utf8)
        }
        defer { server.stop() }
        do {
            _ = try await CurlTransport(requestTimeout: 5).send(HTTPRequest(method: .get, url: url(server)))
            Issue.record("expected a failure")
        } catch let f as TransportFailure {
            #expect(f.reachedServer && f.message == "the answer stopped before its end")
        }
    }

    @Test func aConnectionClosedWithoutAByteIsLostAndSent() async throws {
        let server = try TinyHTTPServer { _, _ in nil }
        defer { server.stop() }
        do {
            _ = try await CurlTransport(requestTimeout: 5).send(HTTPRequest(method: .post, url: url(server), body: Data("{}".utf8), oneShot: true))
            Issue.record("expected a failure")
        } catch let f as TransportFailure {
            #expect(f.reachedServer && f.message.contains("lost"))
        }
        #expect(server.requestHeads.filter { $0.hasPrefix("POST") }.count == 1)
    }

    /// A TLS handshake that never finishes: the request never left, so even a POST may be sent
    /// again, and it is said within the connect deadline... or the request's, whichever is first.
    @Test func aTLSHandshakeThatNeverFinishesIsNeverSent() async throws {
        let server = try TinyHTTPServer { _, _ in nil } // speaks no TLS: the client's hello gets nothing back
        defer { server.stop() }
        do {
            _ = try await CurlTransport(requestTimeout: 2, connectTimeout: 1).send(
                HTTPRequest(method: .post, url: URL(string: "https://127.0.0.1:\(server.port)/api/v1/commlogs")!, body: Data("{}".utf8), oneShot: true))
            Issue.record("expected a failure")
        } catch let f as TransportFailure {
            #expect(!f.reachedServer, "\(f)")
        }
    }

    @Test func aRefusedConnectionAndAnUnknownHostAreNeverSent() async throws {
        let t = CurlTransport(requestTimeout: 5, connectTimeout: 2)
        for (u, words) in [("http://127.0.0.1:1/api/v1/commlogs", "refused"), ("http://no-such-host.invalid/api/v1/commlogs", "host name")] {
            do {
                _ = try await t.send(HTTPRequest(method: .post, url: URL(string: u)!, body: Data("{}".utf8), oneShot: true))
                Issue.record("expected a failure")
            } catch let f as TransportFailure {
                #expect(!f.reachedServer && f.message.contains(words), "\(f)")
            }
        }
    }

    @Test func aCancelledRequestEndsAtOnce() async throws {
        let server = try TinyHTTPServer { _, _ in
            Thread.sleep(forTimeInterval: 5)
            return nil
        }
        defer { server.stop() }
        let t = CurlTransport(requestTimeout: 30)
        let task = Task { try await t.send(HTTPRequest(method: .get, url: url(server))) }
        // Until the request is at the server (a barrier, not a sleep for time to pass).
        while server.requestHeads.isEmpty { await Task.yield() }
        task.cancel()
        // Cancelled, not the server's own end (it closes the connection after 5 s, which would be
        // "the connection was lost"): the cancel got in while the request waited.
        do {
            _ = try await task.value
            Issue.record("expected a cancellation")
        } catch is CancellationError {
        } catch {
            Issue.record("the request ran to the server's end instead of being cancelled: \(error)")
        }
    }

    @Test func anAnswerLargerThanTheLimitIsRefused() async throws {
        let server = try TinyHTTPServer { _, _ in TinyHTTPServer.answer(200, String(repeating: "x", count: 5000)) }
        defer { server.stop() }
        do {
            _ = try await CurlTransport(requestTimeout: 5, maxBody: 1000).send(HTTPRequest(method: .get, url: url(server)))
            Issue.record("expected a failure")
        } catch let f as TransportFailure {
            #expect(f.message.contains("larger than"))
        }
    }
}
