import Foundation
import GRDB

/// The WHERE clause of one SELECT and its arguments, built the same way for every resource:
/// each filter the request gave adds one condition, values always as arguments, never as text.
struct Where: Sendable {
    private(set) var conditions: [String]
    private(set) var arguments = StatementArguments()
    private let fixed: Int

    /// Conditions that always hold (`"PatStatus <> 'Deleted'"`).
    init(_ fixed: String...) {
        conditions = fixed
        self.fixed = fixed.count
    }

    /// `sql` with its `?` bound to `values`.
    mutating func add(_ sql: String, _ values: any DatabaseValueConvertible...) {
        conditions.append(sql)
        arguments += StatementArguments(values)
    }

    /// `column = value` when the request gave a value.
    mutating func equal(_ column: String, _ value: (any DatabaseValueConvertible)?) {
        if let value { add("\(column) = ?", value) }
    }

    /// Only the conditions that always hold.
    var isUnfiltered: Bool { conditions.count == fixed }

    /// "WHERE a AND b", or "" when there is no condition.
    var sql: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
}

extension Call {
    /// A query parameter that must be one of `values` (any case); the office's own spelling back.
    func oneOf(_ name: String, _ values: [String], message: String? = nil) throws -> String? {
        guard let s = q(name) else { return nil }
        guard let m = values.first(where: { $0.lowercased() == s.lowercased() }) else {
            throw APIFailure.bad(message ?? "\(name) is invalid. Valid values: \(values.joined(separator: ", ")).")
        }
        return m
    }
}
