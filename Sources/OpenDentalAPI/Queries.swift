import Foundation

/// One row of a `PUT /queries/ShortQuery` answer: a value per selected column (digest §8.3).
public struct QueryRow: Decodable, Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case int(Int), double(Double), string(String), bool(Bool), null
    }

    public var values: [String: Value]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        var out: [String: Value] = [:]
        for k in c.allKeys {
            if try c.decodeNil(forKey: k) { out[k.stringValue] = .null }
            else if let i = try? c.decode(Int.self, forKey: k) { out[k.stringValue] = .int(i) }
            else if let d = try? c.decode(Double.self, forKey: k) { out[k.stringValue] = .double(d) }
            else if let b = try? c.decode(Bool.self, forKey: k) { out[k.stringValue] = .bool(b) }
            else if let s = try? c.decode(String.self, forKey: k) { out[k.stringValue] = .string(s) }
            else { out[k.stringValue] = .null }
        }
        values = out
    }

    public func int(_ column: String) -> Int? {
        switch values[column] {
        case .int(let i)?: return i
        case .double(let d)?: return Int(exactly: d)
        case .string(let s)?: return Int(s)
        default: return nil
        }
    }

    public func string(_ column: String) -> String {
        switch values[column] {
        case .string(let s)?: return s
        case .int(let i)?: return String(i)
        case .double(let d)?: return String(d)
        default: return ""
        }
    }
}

/// SQL that means the same on an office's MySQL (5.5 to 8) and on the sandbox's SQLite: keys,
/// names and dates only (enumerations are numbers in MySQL and text in the sandbox), no functions
/// either lacks.
public enum PortableSQL {
    /// These procedure codes' time patterns (ProcTime: `X` provider time, `/` assistant time).
    public static func procedurePatterns(_ codeNums: [Int]) -> String {
        "SELECT CodeNum, ProcTime FROM procedurecode WHERE CodeNum IN (" + codeNums.map(String.init).joined(separator: ",") + ") ORDER BY CodeNum"
    }

    /// The patients with an appointment on `day`, with the fields the schedule shows.
    /// Names, phones and preferred confirmation method of these patients, in one query.
    public static func contactCards(_ patNums: [Int]) -> String {
        "SELECT PatNum, LName, FName, Preferred, WirelessPhone, HmPhone, WkPhone, PreferConfirmMethod FROM patient WHERE PatNum IN ("
            + patNums.map(String.init).joined(separator: ",") + ") ORDER BY PatNum"
    }

    /// Office settings by name, in one query instead of one request each.
    public static func preferences(_ names: [String]) -> String {
        let list = names.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ",")
        return "SELECT PrefName, ValueString FROM preference WHERE PrefName IN (\(list)) ORDER BY PrefName"
    }

    public static func patientsOnDay(_ day: LocalDate) -> String {
        let next = day.adding(days: 1)
        return "SELECT DISTINCT p.PatNum, p.LName, p.FName, p.Preferred FROM appointment a INNER JOIN patient p ON p.PatNum = a.PatNum "
            + "WHERE a.AptDateTime >= '\(day) 00:00:00' AND a.AptDateTime < '\(next) 00:00:00' ORDER BY p.PatNum"
    }
}

extension Endpoints {
    /// `PUT /queries/ShortQuery`: read-only, so repeatable.
    public static func shortQuery(_ sql: String, offset: Int = 0) -> APIRequest<[QueryRow]> {
        var b = Body()
        b["SqlCommand"] = .string(sql)
        var q = Query()
        if offset > 0 { q.add("Offset", offset) }
        let page = PagedRequest<QueryRow>(path: "queries/ShortQuery", key: nil)
        return APIRequest(method: .put, path: "queries/ShortQuery", query: q.items, body: b.encoded(), safety: .repeatable) {
            try page.request(limit: 100, offset: 0).decode($0)
        }
    }
}

extension OpenDentalClient {
    /// Every row of a short query. A page shorter than 100 ends it; Open Dental answers later
    /// pages with every remaining row (digest §8.3), so rows are counted, never assumed.
    public func shortQueryAll(_ sql: String, priority: RequestPriority = .visible, tag: String? = nil) async throws -> [QueryRow] {
        var rows: [QueryRow] = []
        while true {
            let page = try await send(Endpoints.shortQuery(sql, offset: rows.count), priority: priority, tag: tag)
            rows += page
            // A later page brings every row from its offset on (the live API, digest §8.3): only a
            // page of exactly 100 may have more after it.
            if page.count != 100 { return rows }
        }
    }
}
