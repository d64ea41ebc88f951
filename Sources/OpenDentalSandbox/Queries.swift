import Foundation
import GRDB
import GRDBSQLite

/// `PUT /queries/ShortQuery` (digest §8.3): a read-only SQL query over the practice, as Open Dental
/// documents it and as integrators report it behaves.
///
/// - Screening: exactly one statement, which SQLite itself must judge read-only
///   (`sqlite3_stmt_readonly`), else 401 with Open Dental's wording; the word SCHEMA is refused the
///   same way; SQL errors are 400 with SQLite's message.
/// - The query runs inside a read (GRDB enforces `query_only` there) with a progress handler that
///   stops it after `limitSeconds`, so a heavy query cannot stall the sandbox for long.
/// - At most 100 rows at `Offset=0`; a later `Offset` returns every row from there on (the
///   reported live behaviour). Numbers are JSON numbers; dates and date-times come back with a `T`.
/// - Without the ApiQueries permission (`--no-queries`, or the read-all-only key): 401.
extension SandboxAPI {
    static let notReadOnly = "Query is not read-only or is not executing on temporary tables."
    static let queryPageRows = 100
    static let queryLimitSeconds = 2.0

    func shortQuery(_ c: Call) async throws -> Reply {
        guard options.queries, !options.readAllOnly else {
            throw APIFailure(401, "This API key does not have permission to perform this action. Permission required: ApiQueries.")
        }
        let (_, offset) = try paging(c)
        guard let sql = try BodyReader(fields: c.body).string("SqlCommand"), !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIFailure.bad("SqlCommand is required.")
        }
        // Reported from the live API: any query that contains SCHEMA (information_schema too) is refused.
        if sql.range(of: "schema", options: .caseInsensitive) != nil {
            throw APIFailure(401, Self.notReadOnly)
        }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(Self.queryLimitSeconds * 1e9)
        let limit = offset == 0 ? Self.queryPageRows : Int.max
        return try await db.read { db in
            let statement: Statement
            do {
                statement = try db.makeStatement(sql: sql)
            } catch let e as DatabaseError {
                // Several statements, or SQL SQLite cannot read.
                if (e.message ?? "").lowercased().contains("multiple statements") { throw APIFailure(401, Self.notReadOnly) }
                throw APIFailure.bad("Error in query: \(e.message ?? "\(e.resultCode)")")
            }
            guard statement.isReadonly else { throw APIFailure(401, Self.notReadOnly) }
            let box = Unmanaged.passRetained(QueryDeadline(deadline))
            defer { box.release() }
            sqlite3_progress_handler(db.sqliteConnection, 2_000, { context in
                guard let context else { return 0 }
                let d = Unmanaged<QueryDeadline>.fromOpaque(context).takeUnretainedValue()
                return DispatchTime.now().uptimeNanoseconds > d.nanoseconds ? 1 : 0
            }, box.toOpaque())
            defer { sqlite3_progress_handler(db.sqliteConnection, 0, nil, nil) }
            var w = JSONWriter(capacity: 4096)
            w.beginArray()
            do {
                let rows = try Row.fetchCursor(statement)
                var skipped = 0, taken = 0
                while taken < limit, let row = try rows.next() {
                    if skipped < offset { skipped += 1; continue }
                    Self.write(row, into: &w)
                    taken += 1
                }
            } catch let e as DatabaseError where e.resultCode == .SQLITE_INTERRUPT {
                throw APIFailure(400, "The query took longer than \(Int(Self.queryLimitSeconds)) seconds and was stopped.")
            } catch let e as DatabaseError {
                throw APIFailure.bad("Error in query: \(e.message ?? "\(e.resultCode)")")
            }
            w.endArray()
            return .json(w)
        }
    }

    /// One row as Open Dental's query results look: a key per column, numbers as numbers, dates
    /// and date-times as "yyyy-MM-ddTHH:mm:ss".
    static func write(_ row: Row, into w: inout JSONWriter) {
        w.beginObject()
        for (column, value) in row {
            w.dynamicKey(column)
            switch value.storage {
            case .null: w.nullValue()
            case .int64(let i): w.number(Int(i))
            case .double(let d): d.isFinite ? w.number(d) : w.nullValue()
            case .string(let s): w.string(value: isoT(s))
            case .blob(let data): w.string(value: data.base64EncodedString())
            }
        }
        w.endObject()
    }

    /// "2021-05-01" and "2021-05-01 08:30:00" → "2021-05-01T00:00:00" and "2021-05-01T08:30:00".
    static func isoT(_ s: String) -> String {
        if SandboxCalendar.isDateTime(s) { return s.replacingOccurrences(of: " ", with: "T") }
        if SandboxCalendar.isDate(s) { return s + "T00:00:00" }
        return s
    }
}

/// The moment a query must stop, handed to SQLite's progress handler.
final class QueryDeadline {
    let nanoseconds: UInt64
    init(_ ns: UInt64) { nanoseconds = ns }
}
