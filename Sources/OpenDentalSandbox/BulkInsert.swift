import GRDB
import GRDBSQLite

extension Statement {
    /// Runs an INSERT with `values` bound straight through SQLite's C API.
    ///
    /// The generator inserts tens of thousands of rows at each start (the demo, every test's
    /// sandbox). Through GRDB's `StatementArguments` each value goes through a conversion to
    /// `DatabaseValue` and back, which was most of a practice's generation time (0.3 s in a debug
    /// build, where the demo and the tests run). The five types the generator writes are bound
    /// here directly; anything else goes through GRDB as before.
    func insert(_ values: [(any DatabaseValueConvertible)?]) throws {
        let s = sqliteStatement
        sqlite3_reset(s)
        sqlite3_clear_bindings(s)
        for i in 0..<values.count {
            let at = Int32(i + 1)
            let code: Int32
            switch values[i] {
            case nil: code = sqlite3_bind_null(s, at)
            case let v as Int: code = sqlite3_bind_int64(s, at, Int64(v))
            case let v as String: code = sqlite3_bind_text(s, at, v, -1, Self.transient)
            case let v as Double: code = sqlite3_bind_double(s, at, v)
            case let v as Bool: code = sqlite3_bind_int64(s, at, v ? 1 : 0)
            default:
                try execute(arguments: StatementArguments(values))
                return
            }
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "binding value \(i + 1)") }
        }
        let step = sqlite3_step(s)
        guard step == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: step), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))
        }
    }

    /// SQLite copies the text before the bind returns (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
