import Foundation
@testable import OpenDentalAPI

/// A virtual clock: `sleep(until:)` jumps time forward at once, so throttle tests run instantly
/// and read exact virtual timestamps.
final class TestClock: SchedulerClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Double = 1000
    private(set) var sleeps: [Double] = []

    func now() -> Double { lock.withLock { current } }

    func sleep(until deadline: Double) async throws {
        try Task.checkCancellation()
        lock.withLock {
            sleeps.append(deadline)
            if deadline > current { current = deadline }
        }
        await Task.yield()
    }

    func advance(_ s: Double) { lock.withLock { current += s } }
}

/// An in-memory transport: a handler answers each request; every request is recorded.
final class StubTransport: HTTPTransport, @unchecked Sendable {
    typealias Handler = @Sendable (HTTPRequest, Int) throws -> HTTPResponse
    private let lock = NSLock()
    private var log: [HTTPRequest] = []
    private let handler: Handler
    var handlerForTests: Handler { handler }

    init(_ handler: @escaping Handler) { self.handler = handler }

    var requests: [HTTPRequest] { lock.withLock { log } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let n = lock.withLock { () -> Int in
            log.append(request)
            return log.count
        }
        return try handler(request, n)
    }
}

extension HTTPRequest {
    var queryItems: [String: String] {
        var out: [String: String] = [:]
        for item in URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? [] { out[item.name] = item.value ?? "" }
        return out
    }
    var pathOnly: String { url.path }
    var bodyJSON: [String: Any] {
        guard let body else { return [:] }
        return (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }
}

let testDevKey = "DEVKEY-abcdef123456"
let testCustKey = "CUSTKEY-987654zyxw"

func makeClient(mode: APIMode = .local, tier: ThrottleTier = .standard, pageSize: Int? = nil,
                retry: RetryPolicy = RetryPolicy(), clock: TestClock = TestClock(),
                transport: HTTPTransport) -> OpenDentalClient {
    let config = ClientConfiguration(baseURL: URL(string: "http://127.0.0.1:30222/api/v1")!,
                                     credentials: Credentials(developerKey: testDevKey, customerKey: testCustKey),
                                     mode: mode, tier: tier, pageSizeOverride: pageSize, retry: retry)
    return OpenDentalClient(configuration: config, transport: transport, clock: clock)
}

func json(_ s: String, status: Int = 200, headers: [String: String] = [:]) -> HTTPResponse {
    HTTPResponse(status: status, headers: headers, body: Data(s.utf8))
}

func decode<T: Decodable>(_ type: T.Type, _ s: String) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(s.utf8))
}
