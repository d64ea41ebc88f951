import Foundation
import Logging
import Synchronization
import Testing
@testable import OpenDentalAPI

@Suite struct RetryTests {
    let sentButNoAnswer = TransportFailure(message: "the request timed out", reachedServer: true)

    @Test func postThatTimedOutAfterSendingIsNotSentAgain() async throws {
        let transport = StubTransport { [sentButNoAnswer] _, _ in throw sentButNoAnswer }
        let client = makeClient(transport: transport)
        do {
            _ = try await client.send(Endpoints.createAppointment(AppointmentFields(patNum: 1, op: 1, aptDateTime: LocalDateTime("2026-12-01 09:00:00"))))
            Issue.record("expected outcomeUnknown")
        } catch let OpenDentalError.outcomeUnknown(method, path, _) {
            #expect(method == "POST" && path == "/appointments")
        }
        #expect(transport.requests.count == 1)
    }

    @Test func postThatNeverLeftIsSentAgain() async throws {
        let transport = StubTransport { _, n in
            if n == 1 { throw TransportFailure(message: "connection refused", reachedServer: false) }
            return json(#"{"AptNum":9,"PatNum":1}"#, status: 201)
        }
        let client = makeClient(transport: transport)
        let a = try await client.send(Endpoints.createAppointment(AppointmentFields(patNum: 1, op: 1)))
        #expect(a.aptNum == 9 && transport.requests.count == 2)
    }

    /// The watcher hears of a connection that did not reach the office as that attempt ends, not
    /// after the retries (the dashboard says it at once); then of the answer that came after.
    /// A lost answer says nothing either way; the eConnector down says the office is not there.
    @Test func eachAttemptTellsWhetherTheOfficeWasThere() async throws {
        let transport = StubTransport { [sentButNoAnswer] _, n in
            switch n {
            case 1, 2: throw TransportFailure(message: "could not connect (connection refused)", reachedServer: false)
            case 3: throw sentButNoAnswer
            case 5: return json("\"The eConnector is not running. Please start it.\"", status: 400)
            default: return json(#"{"PatNum":1,"LName":"Zed","FName":"Ann"}"#)
            }
        }
        let heard = Mutex<[(Reach, attempts: Int)]>([])
        let client = makeClient(transport: transport)
        client.watchReach { r in heard.withLock { $0.append((r, transport.requests.count)) } }
        #expect(try await client.send(Endpoints.patient(1)).patNum == 1)
        await #expect(throws: OpenDentalError.self) { _ = try await client.send(Endpoints.patient(1)) }
        #expect(try await client.send(Endpoints.patient(1)).patNum == 1)
        let said = heard.withLock { $0 }
        let refused = Reach.notReached("Network problem: could not connect (connection refused)")
        let down = Reach.notReached("The office is not reachable (eConnector): The eConnector is not running. Please start it.")
        #expect(said.map(\.0) == [refused, refused, .answered, down, .answered])
        #expect(said.map(\.attempts) == [1, 2, 4, 5, 6], "each said as its attempt ended")
    }

    @Test func confirmIsRepeatedAfterATimeout() async throws {
        let transport = StubTransport { [sentButNoAnswer] _, n in
            if n == 1 { throw sentButNoAnswer }
            return json("", status: 200)
        }
        let client = makeClient(transport: transport)
        _ = try await client.send(Endpoints.confirmAppointment(5, .value(.confirmed)))
        #expect(transport.requests.count == 2)
        #expect(transport.requests[1].bodyJSON["confirmVal"] as? String == "Confirmed")
    }

    @Test func noteAndBreakAreNeverRepeatedAfterAServerError() async throws {
        for request in [Endpoints.appendAppointmentNote(5, note: "Called, left message"),
                        Endpoints.breakAppointment(5, sendToUnscheduledList: true, breakType: .missed)] {
            let transport = StubTransport { _, _ in json("unexpected error", status: 500) }
            let client = makeClient(transport: transport)
            await #expect(throws: OpenDentalError.self) { _ = try await client.send(request) }
            #expect(transport.requests.count == 1)
        }
    }

    @Test func throttledWriteIsSentAgain() async throws {
        let transport = StubTransport { _, n in
            n == 1 ? json("slow down", status: 429, headers: ["Retry-After": "1"]) : json("", status: 200)
        }
        let client = makeClient(mode: .remote, transport: transport)
        _ = try await client.send(Endpoints.breakAppointment(5, sendToUnscheduledList: false, breakType: .cancelled))
        #expect(transport.requests.count == 2)
    }

    @Test func getGivesUpAfterMaxAttemptsWithBackoff() async throws {
        let clock = TestClock()
        let transport = StubTransport { _, _ in json("busy", status: 503) }
        let client = makeClient(retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.5, maxDelay: 8), clock: clock, transport: transport)
        let start = clock.now()
        do {
            _ = try await client.send(Endpoints.appointment(1))
            Issue.record("expected failure")
        } catch let OpenDentalError.server(status, message) {
            #expect(status == 503 && message == "busy")
        }
        #expect(transport.requests.count == 4)
        #expect(abs(clock.now() - start - (0.5 + 1 + 2)) < 1e-6)
    }

    @Test func badRequestIsNotRetried() async throws {
        let transport = StubTransport { _, _ in json("'page' is not a valid parameter.", status: 400) }
        let client = makeClient(transport: transport)
        await #expect(throws: OpenDentalError.badRequest(message: "'page' is not a valid parameter.", eConnectorDown: false)) {
            _ = try await client.send(Endpoints.appointment(1))
        }
        #expect(transport.requests.count == 1)
    }

    @Test func policyTable() {
        let p = RetryPolicy(maxAttempts: 3)
        #expect(p.decide(.status(500, retryAfter: nil), attempt: 1, safety: .repeatable) == .retry(after: 0.5))
        #expect(p.decide(.status(500, retryAfter: nil), attempt: 1, safety: .once) == .outcomeUnknown)
        #expect(p.decide(.status(429, retryAfter: 3), attempt: 1, safety: .once) == .retry(after: 3))
        #expect(p.decide(.status(404, retryAfter: nil), attempt: 1, safety: .repeatable) == .fail)
        #expect(p.decide(.transport(reachedServer: false), attempt: 1, safety: .once) == .retry(after: 0.5))
        #expect(p.decide(.transport(reachedServer: true), attempt: 2, safety: .repeatable) == .retry(after: 1))
        #expect(p.decide(.transport(reachedServer: true), attempt: 3, safety: .repeatable) == .fail)
    }
}

@Suite struct ErrorTests {
    func failure(_ status: Int, _ body: String, headers: [String: String] = [:]) async -> OpenDentalError? {
        let transport = StubTransport { _, _ in json(body, status: status, headers: headers) }
        let client = makeClient(retry: .none, transport: transport)
        do {
            _ = try await client.send(Endpoints.patient(1))
            return nil
        } catch let e as OpenDentalError {
            return e
        } catch { return nil }
    }

    @Test func statusesMapToCasesWithTheServersWords() async {
        #expect(await failure(400, "DateTStamp format must be yyyy-MM-dd HH:mm:ss") == .badRequest(message: "DateTStamp format must be yyyy-MM-dd HH:mm:ss", eConnectorDown: false))
        #expect(await failure(400, "\"The eConnector is not running. Please start it.\"") == .badRequest(message: "The eConnector is not running. Please start it.", eConnectorDown: true))
        #expect(await failure(401, "Invalid credentials") == .unauthorized(message: "Invalid credentials"))
        #expect(await failure(404, "\"Patient not found\"") == .notFound(message: "Patient not found"))
        #expect(await failure(404, #"{"message":"Appointment not found"}"#) == .notFound(message: "Appointment not found"))
        #expect(await failure(410, "deprecated") == .gone(message: "deprecated"))
        #expect(await failure(429, "slow", headers: ["Retry-After": "2"]) == .throttled(retryAfter: 2, message: "slow"))
        #expect(await failure(504, "Gateway Time-out") == .gatewayTimeout(message: "Gateway Time-out"))
        #expect(await failure(500, #"{"Message":"An error has occurred."}"#) == .server(status: 500, message: "An error has occurred."))
        #expect(await failure(418, "teapot") == .unexpectedStatus(status: 418, message: "teapot"))
    }

    @Test func eConnectorFamilyReadsAsOfficeUnreachable() {
        let e = OpenDentalError.from(status: 400, body: Data("Connection to the eConnector failed.".utf8), retryAfter: nil)
        #expect(e.isOfficeUnreachable)
        #expect(e.description.contains("not reachable"))
        #expect(!OpenDentalError.badRequest(message: "LName is required.", eConnectorDown: false).isOfficeUnreachable)
    }

    @Test func keysNeverAppearInErrorsOrLogs() async {
        let lines = LogCapture()
        let echo = "Bad header: ODFHIR \(testDevKey)/\(testCustKey)"
        let transport = StubTransport { req, n in
            switch n {
            case 1: return json(echo, status: 401)
            case 2: return json("{\"message\":\"\(echo)\"}", status: 400)
            case 3: throw TransportFailure(message: "failed for \(req.headers["Authorization"] ?? "")", reachedServer: false)
            default: return json("[{\"AptNum\":\"\(testCustKey)\"}]")
            }
        }
        let config = ClientConfiguration(baseURL: URL(string: "http://127.0.0.1:1/api/v1")!,
                                         credentials: Credentials(developerKey: testDevKey, customerKey: testCustKey),
                                         mode: .local, retry: .none)
        var logger = Logger(label: "t", factory: { _ in lines })
        logger.logLevel = .trace
        let client = OpenDentalClient(configuration: config, transport: transport, clock: TestClock(), logger: logger)
        var texts: [String] = []
        for _ in 1...4 {
            do { _ = try await client.send(Endpoints.appointments().request(limit: 100, offset: 0)) } catch {
                texts.append("\(error)")
                texts.append(String(describing: error))
                texts.append((error as? OpenDentalError)?.serverMessage ?? "")
            }
        }
        texts.append("\(config.credentials)")
        texts.append(String(reflecting: config.credentials))
        texts += lines.lines
        #expect(texts.count > 10)
        for t in texts {
            #expect(!t.contains(testDevKey) && !t.contains(testCustKey), "leaked in: \(t)")
        }
        #expect(texts.contains { $0.contains("[redacted]") })
    }

    @Test func requestsCarryTheDocumentedHeaders() async throws {
        let transport = StubTransport { _, _ in json("[]") }
        let client = makeClient(transport: transport)
        _ = try await client.send(Endpoints.securityPerms())
        let r = transport.requests[0]
        #expect(r.headers["Authorization"] == "ODFHIR \(testDevKey)/\(testCustKey)")
        #expect(r.headers["Content-Type"] == "application/json")
        #expect(r.url.absoluteString == "http://127.0.0.1:30222/api/v1/securityperms")
    }
}

/// Collects log lines as text.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    var lines: [String] { lock.withLock { stored } }
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        lock.withLock { stored.append("\(event.level) \(event.message) \(event.metadata ?? [:])") }
    }
}

@Suite struct ConnectProbeTests {
    @Test func refusedConnectionIsNeverSent() async throws {
        // Port 1 on loopback: nothing listens there.
        let t = URLSessionTransport(requestTimeout: 10, connectTimeout: 2)
        do {
            _ = try await t.send(HTTPRequest(method: .post, url: URL(string: "http://127.0.0.1:1/api/v1/commlogs")!))
            Issue.record("expected a failure")
        } catch let f as TransportFailure {
            #expect(!f.reachedServer)
            #expect(f.message.contains("refused"))
        }
    }

    @Test func unknownHostIsNeverSent() {
        #expect(ConnectProbe.connect(host: "no-such-host.invalid", port: 80, timeout: 1)?.contains("host name") == true)
    }
}
