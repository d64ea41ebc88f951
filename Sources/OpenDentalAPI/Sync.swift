import Foundation

/// Remembers the server's clock (`serverDateTime`) per resource and hands it back as `DateTStamp`,
/// so a refresh asks only for rows changed since the last one (digest §1.4).
///
/// Deletions are invisible to `DateTStamp` polling (digest §8.2): callers should still re-read a
/// view in full now and then.
public actor SyncMarks {
    private var marks: [String: LocalDateTime] = [:]

    public init() {}

    /// The `DateTStamp` to send for `resource`, or nil for a first, full read.
    public func mark(for resource: String) -> LocalDateTime? { marks[resource] }

    /// Records the server clock seen in a response. An empty response leaves the mark alone:
    /// asking again from the older mark can repeat rows (de-duplicated) but never miss one.
    public func advance(_ resource: String, serverDateTime: LocalDateTime?) {
        guard let t = serverDateTime else { return }
        if let old = marks[resource], old >= t { return }
        marks[resource] = t
    }

    public func advance<Row: ServerStamped>(_ resource: String, rows: [Row]) {
        advance(resource, serverDateTime: rows.compactMap(\.serverDateTime).max())
    }

    /// Forget a mark, forcing the next read to be full.
    public func reset(_ resource: String? = nil) {
        if let resource { marks[resource] = nil } else { marks.removeAll() }
    }
}

extension OpenDentalClient {
    /// Reads what changed in `resource` since the last call (everything on the first call) and
    /// moves the mark forward. `build` makes the request for a given `DateTStamp`.
    public func changes<Row: ServerStamped & Decodable & Sendable>(
        _ resource: String, marks: SyncMarks, priority: RequestPriority = .background,
        build: (LocalDateTime?) -> PagedRequest<Row>
    ) async throws -> [Row] {
        let since = await marks.mark(for: resource)
        let rows = try await collectAll(build(since), priority: priority)
        await marks.advance(resource, rows: rows)
        return rows
    }
}
