import Foundation

// Tolerant field decoding for Open Dental's JSON (digest §1.4 and §6): numbers that arrive as
// strings, "true"/"True", date sentinels, ProcFee as a string, Zip as a number, and alternative
// key spellings (`isHidden`/`IsHidden`). Unknown keys are simply never asked for.

struct FieldKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// Reads one JSON object field by field. "Required" getters throw a `DecodingError` naming the
/// key path; the optional ones return nil for a missing key or JSON null.
struct Fields {
    let container: KeyedDecodingContainer<FieldKey>

    init(_ decoder: Decoder) throws {
        container = try decoder.container(keyedBy: FieldKey.self)
    }

    private func missing(_ name: String) -> DecodingError {
        DecodingError.keyNotFound(FieldKey(name), .init(codingPath: container.codingPath, debugDescription: "required field \(name) is missing"))
    }

    private func mismatch(_ k: FieldKey, _ what: String) -> DecodingError {
        DecodingError.typeMismatch(String.self, .init(codingPath: container.codingPath + [k], debugDescription: "expected \(what)"))
    }

    // Each getter first tries the documented JSON type with `decodeIfPresent` (one lookup; nil for
    // a missing key or null) and only on a type mismatch tries the tolerated alternatives: a failed
    // attempt costs a thrown error, so the common case must not take that path.

    // MARK: integers (number or numeric string)

    func optInt(_ names: String...) throws -> Int? {
        for name in names {
            let k = FieldKey(name)
            do {
                if let v = try container.decodeIfPresent(Int.self, forKey: k) { return v }
                continue
            } catch {}
            if let s = try? container.decode(String.self, forKey: k) {
                let t = s.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return 0 }
                if let v = Int(t) { return v }
                if let d = Double(t), let v = Int(exactly: d) { return v }
            }
            if let d = try? container.decode(Double.self, forKey: k), let v = Int(exactly: d) { return v }
            throw mismatch(k, "an integer")
        }
        return nil
    }

    func int(_ name: String) throws -> Int {
        guard let v = try optInt(name) else { throw missing(name) }
        return v
    }

    /// A foreign key: missing or null mean 0 ("none").
    func fk(_ name: String) throws -> Int { try optInt(name) ?? 0 }

    // MARK: decimals (number or numeric string, e.g. ProcFee "130.00")

    func optDecimal(_ name: String) throws -> Decimal? {
        let k = FieldKey(name)
        do {
            guard let s = try container.decodeIfPresent(String.self, forKey: k) else { return nil }
            let t = s.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return 0 }
            // Without a locale the separator is ".", as the API writes it; a Locale would wake ICU
            // (about 3 MiB resident in every dashboard) for each fee.
            // Decimal(string:) reads the longest number it can from the front ("1,234.50" as 1):
            // only the whole text is taken as a number.
            if Fields.isPlainDecimal(t), let d = Decimal(string: t) { return d }
            throw mismatch(k, "a decimal number")
        } catch let e as DecodingError where !Fields.isTypeMismatch(e) {
            throw e
        } catch {}
        if let d = try? container.decode(Decimal.self, forKey: k) { return d }
        throw mismatch(k, "a decimal number")
    }

    func decimal(_ name: String) throws -> Decimal { try optDecimal(name) ?? 0 }

    // MARK: strings (a number where a string belongs, such as Zip 90011, is kept as its text)

    func optString(_ names: String...) throws -> String? {
        for name in names {
            let k = FieldKey(name)
            do {
                if let s = try container.decodeIfPresent(String.self, forKey: k) { return s }
                continue
            } catch {}
            if let i = try? container.decode(Int.self, forKey: k) { return String(i) }
            if let d = try? container.decode(Double.self, forKey: k) { return String(d) }
            if let b = try? container.decode(Bool.self, forKey: k) { return b ? "true" : "false" }
            throw mismatch(k, "text")
        }
        return nil
    }

    /// Missing text is empty text.
    func string(_ name: String) throws -> String { try optString(name) ?? "" }

    func requiredString(_ name: String) throws -> String {
        guard let s = try optString(name) else { throw missing(name) }
        return s
    }

    // MARK: booleans ("true"/"True"/"false", JSON booleans, 0/1)

    func optBool(_ names: String...) throws -> Bool? {
        for name in names {
            let k = FieldKey(name)
            do {
                guard let s = try container.decodeIfPresent(String.self, forKey: k) else { continue }
                switch s {
                case "true", "True": return true
                case "false", "False": return false
                default: break
                }
                switch s.trimmingCharacters(in: .whitespaces).lowercased() {
                case "true", "1", "yes": return true
                case "false", "0", "no", "": return false
                default: throw mismatch(k, "\"true\" or \"false\"")
                }
            } catch let e as DecodingError where !Fields.isTypeMismatch(e) {
                throw e
            } catch {}
            if let b = try? container.decode(Bool.self, forKey: k) { return b }
            if let i = try? container.decode(Int.self, forKey: k) { return i != 0 }
            throw mismatch(k, "\"true\" or \"false\"")
        }
        return nil
    }

    func bool(_ names: String...) throws -> Bool {
        for n in names { if let b = try optBool(n) { return b } }
        return false
    }

    /// "-12", "99.50", ".5", "1e2": a sign, digits with at most one point, an optional exponent.
    static func isPlainDecimal(_ t: String) -> Bool {
        var u = Substring(t)
        if u.first == "-" || u.first == "+" { u = u.dropFirst() }
        var mantissa = u, exponent: Substring?
        if let e = u.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = u[..<e]
            exponent = u[u.index(after: e)...]
        }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.contains(where: { !$0.isEmpty }), parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return false }
        guard var x = exponent else { return true }
        if x.first == "-" || x.first == "+" { x = x.dropFirst() }
        return !x.isEmpty && x.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func isTypeMismatch(_ e: DecodingError) -> Bool {
        if case .typeMismatch(let type, let ctx) = e {
            // Our own "expected ..." mismatches are final; the decoder's are a cue to try another type.
            return !(type == String.self && ctx.debugDescription.hasPrefix("expected "))
        }
        return false
    }

    // MARK: dates; the 0001-01-01 sentinel and empty text are nil

    func date(_ name: String) throws -> LocalDate? {
        guard let s = try optString(name) else { return nil }
        if s.utf8.count == 10, let d = LocalDate.parseISO(s.utf8) { return d.isSentinel ? nil : d }
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        guard let d = LocalDate(t) else { throw mismatch(FieldKey(name), "a date yyyy-MM-dd, got \(Fields.excerpt(t))") }
        return d.isSentinel ? nil : d
    }

    func dateTime(_ name: String) throws -> LocalDateTime? {
        guard let s = try optString(name) else { return nil }
        if s.utf8.count == 19, let d = LocalDateTime(s) { return d.isSentinel ? nil : d }
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t.hasPrefix("1/1/0001") { return nil }
        guard let d = LocalDateTime(t) else {
            throw mismatch(FieldKey(name), "a date-time yyyy-MM-dd HH:mm:ss, got \(Fields.excerpt(t))")
        }
        return d.isSentinel ? nil : d
    }

    func time(_ name: String) throws -> LocalTime? {
        guard let s = try optString(name), !s.isEmpty else { return nil }
        guard let t = LocalTime(s) else { throw mismatch(FieldKey(name), "a time HH:mm:ss") }
        return t
    }

    // MARK: enums

    func optEnum<E: OpenDentalEnum>(_ type: E.Type, _ name: String) throws -> E? {
        try container.decodeIfPresent(E.self, forKey: FieldKey(name))
    }

    func `enum`<E: OpenDentalEnum>(_ type: E.Type, _ name: String, default value: E) throws -> E {
        try optEnum(type, name) ?? value
    }

    static func excerpt(_ s: String) -> String {
        s.count > 40 ? "\"" + s.prefix(40) + "…\"" : "\"" + s + "\""
    }
}
