import Foundation

/// A list call that pages with `Limit`/`Offset` (digest §1.3).
public struct PagedRequest<Row: Decodable & Sendable>: Sendable {
    public var path: String
    public var query: [URLQueryItem]
    /// Primary key for de-duplication across pages; nil for rows without one (slots, perms).
    public var key: (@Sendable (Row) -> Int)?

    public init(path: String, query: [URLQueryItem] = [], key: (@Sendable (Row) -> Int)?) {
        self.path = path
        self.query = query
        self.key = key
    }

    /// The single request for one page. A row that does not decode is left out (one bad record
    /// costs that record, never the page).
    public func request(limit: Int, offset: Int) -> APIRequest<[Row]> {
        let page = pageRequest(limit: limit, offset: offset)
        return APIRequest(method: .get, path: path, query: page.query, safety: .repeatable) { try page.decode($0).rows }
    }

    /// The page with the count the server sent, rows that did not decode included, so paging goes
    /// on past a bad row.
    func pageRequest(limit: Int, offset: Int) -> APIRequest<LossyRows<Row>> {
        var q = query
        q.append(URLQueryItem(name: "Limit", value: String(limit)))
        if offset > 0 { q.append(URLQueryItem(name: "Offset", value: String(offset))) }
        return APIRequest(.get, path, query: q, safety: .repeatable)
    }
}

/// A JSON array decoded row by row: rows that decode, how many came, and the positions of those
/// that did not.
public struct LossyRows<Row: Decodable & Sendable>: Decodable, Sendable {
    public var rows: [Row] = []
    public var received = 0
    public var dropped: [Int] = []

    private struct One: Decodable {
        let value: Row?
        init(from decoder: Decoder) throws { value = try? Row(from: decoder) }
    }

    public init(from decoder: Decoder) throws {
        var c = try decoder.unkeyedContainer()
        if let n = c.count { rows.reserveCapacity(n) }
        while !c.isAtEnd {
            let one = try c.decode(One.self)
            if let v = one.value { rows.append(v) } else { dropped.append(received) }
            received += 1
        }
    }
}

extension PagedRequest where Row: OpenDentalRecord {
    public init(path: String, query: [URLQueryItem] = []) {
        self.init(path: path, query: query, key: { $0.primaryKey })
    }
}

/// One page as it arrived, less rows already seen on earlier pages.
public struct Page<Row: Sendable>: Sendable {
    public var rows: [Row]
    public var offset: Int
    /// Rows the server sent, before de-duplication.
    public var receivedCount: Int
    /// True when this page was short, so there is nothing after it.
    public var isLast: Bool
}

/// Walks a paged list one page at a time. A page that fails leaves the pager where it was: call
/// `next()` again to retry just that page; the rows already fetched stay in `rows`.
public final class Pager<Row: Decodable & Sendable>: @unchecked Sendable {
    // @unchecked: state is only touched through `next()`, which callers await one at a time
    // (the AsyncSequence and `collectAll` never overlap calls); `lock` guards against misuse.
    private let lock = NSLock()
    private let client: OpenDentalClient
    private let request: PagedRequest<Row>
    private let priority: RequestPriority
    private let tag: String?
    public let pageSize: Int
    private var offset = 0
    private var finished = false
    private var seen = Set<Int>()
    private var collected: [Row] = []
    /// False for a crawl that hands each page on (a 50,000-patient directory is not kept twice).
    private let keepsRows: Bool
    private var busy = false

    public init(client: OpenDentalClient, request: PagedRequest<Row>, priority: RequestPriority = .visible,
                tag: String? = nil, pageSize: Int? = nil, startOffset: Int = 0, keepsRows: Bool = true) {
        self.offset = max(0, startOffset)
        self.keepsRows = keepsRows
        self.client = client
        self.request = request
        self.priority = priority
        self.tag = tag
        self.pageSize = pageSize ?? client.configuration.pageSize
    }

    private var droppedCount = 0
    /// Rows the server sent that could not be read (left out, paging went on).
    public var droppedRows: Int { lock.withLock { droppedCount } }

    /// Every distinct row fetched so far, in arrival order.
    public var rows: [Row] { lock.withLock { collected } }
    public var isFinished: Bool { lock.withLock { finished } }
    public var nextOffset: Int { lock.withLock { offset } }

    /// Fetches the next page, or returns nil when the list is complete.
    public func next() async throws -> Page<Row>? {
        let (start, done) = lock.withLock { () -> (Int, Bool) in
            if busy || finished { return (offset, true) }
            busy = true
            return (offset, false)
        }
        if done { return nil }
        do {
            let page = try await client.send(request.pageRequest(limit: pageSize, offset: start), priority: priority, tag: tag)
            let raw = page.rows
            return lock.withLock {
                busy = false
                droppedCount += page.dropped.count
                var fresh: [Row] = []
                fresh.reserveCapacity(raw.count)
                if let key = request.key {
                    for row in raw where seen.insert(key(row)).inserted { fresh.append(row) }
                } else {
                    fresh = raw
                }
                if keepsRows { collected.append(contentsOf: fresh) }
                offset = start + page.received
                // Keep looping while a page is full; a short (or empty) page is the last one.
                finished = page.received < pageSize
                return Page(rows: fresh, offset: start, receivedCount: page.received, isLast: finished)
            }
        } catch {
            lock.withLock { busy = false }
            throw error
        }
    }
}

extension OpenDentalClient {
    /// Fetches every page. A page that fails after the client's own retries is tried again up to
    /// `pageAttempts` times on its own, without refetching the pages before it.
    public func collectAll<Row>(_ request: PagedRequest<Row>, priority: RequestPriority = .background,
                                tag: String? = nil, pageAttempts: Int = 3) async throws -> [Row] {
        let pager = Pager(client: self, request: request, priority: priority, tag: tag)
        var failures = 0
        while !pager.isFinished {
            do {
                _ = try await pager.next()
                failures = 0
            } catch let e as OpenDentalError {
                failures += 1
                let transient: Bool
                switch e {
                case .server, .gatewayTimeout, .transport, .throttled: transient = true
                default: transient = false
                }
                // A page that failed once mid-read is asked again (the rows so far are kept); an
                // office that refuses the connection has had the client's attempts already, and
                // the user is told now rather than after three more rounds of them.
                if !transient || failures >= pageAttempts || e.isRefusedConnection { throw e }
                try await clock.sleep(until: clock.now() + configuration.retry.backoff(failures))
            }
        }
        return pager.rows
    }
}
