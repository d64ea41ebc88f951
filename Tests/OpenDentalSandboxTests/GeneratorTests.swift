import Foundation
import GRDB
@testable import OpenDentalSandbox
import Testing

/// The generator's two speed-ups give what the library calls they replaced gave.
@Suite struct GeneratorFastPathTests {
    @Test func padIsWhatPercentZeroDGives() {
        for width in [2, 4, 5, 7] {
            for n in [0, 1, 9, 10, 59, 99, 100, 999, 1000, 1999, 2026, 9999, 10_000, 12_345, 9_999_999, 123_456_789] {
                #expect(SandboxCalendar.pad(n, width) == String(format: "%0\(width)d", n), "\(n) \(width)")
            }
        }
        #expect(SandboxCalendar.date(day: 20_789) == "2026-12-02")
        #expect(SandboxCalendar.time(minutes: 7 * 60 + 5) == "07:05:00")
        #expect(SandboxCalendar.dateTime(seconds: 20_789 * 86_400 + 3_661) == "2026-12-02 01:01:01")
    }

    /// Every kind of value the generator writes, and one it does not (through GRDB), lands as
    /// GRDB's own binding stores it.
    @Test func aRowInsertedDirectlyIsTheRowGRDBWouldInsert() throws {
        let db = try DatabaseQueue()
        let rows: [[(any DatabaseValueConvertible)?]] = [
            [1, "Nguyễn 太郎 \u{1B}[5m", 12.5, true, nil],
            [Int.max, "", -0.25, false, "text in the last column"],
            [-7, "a\u{0}b", 1e300, true, Date(timeIntervalSince1970: 86_400)],
        ]
        try db.write { db in
            try db.execute(sql: "CREATE TABLE t(a, b, c, d, e); CREATE TABLE u(a, b, c, d, e)")
            let fast = try db.makeStatement(sql: "INSERT INTO t VALUES (?,?,?,?,?)")
            let slow = try db.makeStatement(sql: "INSERT INTO u VALUES (?,?,?,?,?)")
            for row in rows {
                try fast.insert(row)
                try slow.execute(arguments: StatementArguments(row))
            }
            let t = try Row.fetchAll(db, sql: "SELECT a, b, c, d, e, typeof(a), typeof(b), typeof(c), typeof(d), typeof(e) FROM t ORDER BY rowid")
            let u = try Row.fetchAll(db, sql: "SELECT a, b, c, d, e, typeof(a), typeof(b), typeof(c), typeof(d), typeof(e) FROM u ORDER BY rowid")
            #expect(t == u)
            #expect(t.count == 3)
        }
    }
}
