import Foundation
import Testing
@testable import OpenDentalAPI

/// Serves appointments 1...total with Limit/Offset like the real API (capped at `cap`).
func pagedServer(total: Int, cap: Int) -> StubTransport {
    StubTransport { req, _ in
        let q = req.queryItems
        let limit = min(Int(q["Limit"] ?? "") ?? cap, cap)
        let offset = Int(q["Offset"] ?? "0") ?? 0
        let ids = offset < total ? Array((offset + 1)...min(total, offset + limit)) : []
        return json("[" + ids.map { #"{"AptNum":\#($0),"PatNum":1}"# }.joined(separator: ",") + "]")
    }
}

@Suite struct PagingTests {
    @Test(arguments: [0, 1, 99, 100, 101, 250, 1000, 1001], [100, 1000])
    func collectsEveryRowOnce(total: Int, pageSize: Int) async throws {
        let transport = pagedServer(total: total, cap: pageSize)
        let client = makeClient(mode: pageSize == 100 ? .remote : .local, transport: transport)
        #expect(client.configuration.pageSize == pageSize)
        let rows = try await client.collectAll(Endpoints.appointments())
        #expect(rows.map(\.aptNum) == Array(stride(from: 1, through: total, by: 1)))
        // Keep asking while a page is full: N/size full pages, then one short (possibly empty) page.
        #expect(transport.requests.count == total / pageSize + 1)
        let offsets = transport.requests.map { Int($0.queryItems["Offset"] ?? "0")! }
        #expect(offsets == (0...(total / pageSize)).map { $0 * pageSize })
        #expect(transport.requests.allSatisfy { $0.queryItems["Limit"] == String(pageSize) })
    }

    @Test func enterpriseAndOverridePageSizes() {
        let t = pagedServer(total: 0, cap: 100)
        #expect(makeClient(mode: .remote, tier: .enterprise, transport: t).configuration.pageSize == 1000)
        #expect(makeClient(mode: .service, tier: .enterprise, transport: t).configuration.pageSize == 10_000)
        #expect(makeClient(mode: .remote, pageSize: 250, transport: t).configuration.pageSize == 250)
    }

    @Test func duplicatesAcrossPagesAreDropped() async throws {
        // Someone wrote between our requests: page 2 repeats the last row of page 1.
        let transport = StubTransport { req, _ in
            let offset = Int(req.queryItems["Offset"] ?? "0")!
            let ids: [Int]
            switch offset {
            case 0: ids = Array(1...100)
            case 100: ids = Array(100...199)
            default: ids = Array(200...250)
            }
            return json("[" + ids.map { #"{"AptNum":\#($0)}"# }.joined(separator: ",") + "]")
        }
        let client = makeClient(mode: .remote, transport: transport)
        let rows = try await client.collectAll(Endpoints.appointments())
        #expect(rows.map(\.aptNum) == Array(1...250))
        #expect(transport.requests.count == 3)
    }

    @Test func failingMiddlePageIsRetriedAlone() async throws {
        let inner = pagedServer(total: 250, cap: 100)
        let failedOnce = Locked(false)
        let transport = StubTransport { req, n in
            if req.queryItems["Offset"] == "100", !failedOnce.swap(true) {
                return json("unexpected error", status: 500)
            }
            return try blockingSend(inner, req)
        }
        // No client-level retries, so the pager's own page retry is what is tested.
        let client = makeClient(mode: .remote, retry: .none, transport: transport)
        let rows = try await client.collectAll(Endpoints.appointments())
        #expect(rows.map(\.aptNum) == Array(1...250))
        let offsets = transport.requests.map { $0.queryItems["Offset"] ?? "0" }
        #expect(offsets == ["0", "100", "100", "200"])
    }

    /// An office that refuses the connection is said after the client's own attempts, not after
    /// three more rounds of them per page (seen on a Remote office: 12 attempts, 15 s, before
    /// "OFFICE UNREACHABLE").
    @Test func aRefusedConnectionIsNotRetriedPageByPage() async throws {
        let transport = StubTransport { _, _ in throw TransportFailure(message: "connection refused", reachedServer: false) }
        let client = makeClient(mode: .remote, transport: transport)
        await #expect(throws: OpenDentalError.self) { _ = try await client.collectAll(Endpoints.appointments()) }
        #expect(transport.requests.count == RetryPolicy().maxAttempts)
        // A page that fails with the office's own error is still asked again (the rows so far kept).
        let flaky = Locked(0)
        let inner = pagedServer(total: 150, cap: 100)
        let five = StubTransport { req, _ in
            if req.queryItems["Offset"] == "100", flaky.value < 2 {
                _ = flaky.swap(flaky.value + 1)
                return json("unexpected error", status: 500)
            }
            return try blockingSend(inner, req)
        }
        let rows = try await makeClient(mode: .remote, retry: .none, transport: five).collectAll(Endpoints.appointments())
        #expect(rows.count == 150)
    }

    @Test func pagerKeepsFetchedRowsWhenAPageFails() async throws {
        let inner = pagedServer(total: 250, cap: 100)
        let down = Locked(false)
        let transport = StubTransport { req, _ in
            if down.value { throw TransportFailure(message: "connection refused", reachedServer: false) }
            return try blockingSend(inner, req)
        }
        let client = makeClient(mode: .remote, retry: .none, transport: transport)
        let pager = Pager(client: client, request: Endpoints.appointments())
        let first = try await pager.next()
        #expect(first?.rows.count == 100 && first?.isLast == false)
        down.value = true
        await #expect(throws: OpenDentalError.self) { _ = try await pager.next() }
        #expect(pager.rows.count == 100 && pager.nextOffset == 100)
        down.value = false
        let second = try await pager.next()
        #expect(second?.offset == 100 && second?.rows.first?.aptNum == 101)
        let third = try await pager.next()
        #expect(third?.isLast == true)
        #expect(try await pager.next() == nil)
        #expect(pager.rows.count == 250)
    }

    @Test func pageSequenceYieldsPages() async throws {
        let client = makeClient(mode: .remote, transport: pagedServer(total: 205, cap: 100))
        var sizes: [Int] = []
        let pager = Pager(client: client, request: Endpoints.appointments())
        while let page = try await pager.next() { sizes.append(page.rows.count) }
        #expect(sizes == [100, 100, 5])
    }
}

/// A tiny lock-protected value for handlers.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var v: T
    init(_ v: T) { self.v = v }
    var value: T {
        get { lock.withLock { v } }
        set { lock.withLock { v = newValue } }
    }
    func swap(_ new: T) -> T { lock.withLock { let old = v; v = new; return old } }
}

/// Calls a stub's handler synchronously (stubs never suspend).
func blockingSend(_ stub: StubTransport, _ req: HTTPRequest) throws -> HTTPResponse {
    try stub.answer(req)
}

extension StubTransport {
    func answer(_ req: HTTPRequest) throws -> HTTPResponse { try handlerForTests(req, 0) }
}
