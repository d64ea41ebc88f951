import Foundation

/// Writes JSON the way Open Dental's serializer does: fields in the order given, booleans as
/// "true"/"false" text, CR/LF inside text as spaces (digest §1.4). Hand-written on purpose: the
/// sandbox must not share an encoder with the client (design §2), and this is the hot path of
/// every list response.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    private mutating func separator() {
        if let last = needsComma.last {
            if last { bytes.append(UInt8(ascii: ",")) }
            needsComma[needsComma.count - 1] = true
        }
    }

    mutating func beginObject() {
        separator()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma.removeLast()
    }

    mutating func beginArray() {
        separator()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma.removeLast()
    }

    /// Appends an already-encoded JSON value (a cached row).
    mutating func raw(_ encoded: [UInt8]) {
        separator()
        bytes.append(contentsOf: encoded)
    }

    mutating func key(_ k: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        // The value that follows must not add another comma.
        needsComma[needsComma.count - 1] = false
    }

    mutating func field(_ k: StaticString, _ v: String) {
        key(k)
        string(v)
        needsComma[needsComma.count - 1] = true
    }

    mutating func field(_ k: StaticString, _ v: Int) {
        key(k)
        bytes.append(contentsOf: String(v).utf8)
        needsComma[needsComma.count - 1] = true
    }

    mutating func field(_ k: StaticString, bool v: Bool) {
        key(k)
        bytes.append(contentsOf: (v ? "\"true\"" : "\"false\"").utf8)
        needsComma[needsComma.count - 1] = true
    }

    /// Money as a JSON number with at least one decimal (`0.0`, `111.9`).
    mutating func field(_ k: StaticString, money v: Double) {
        key(k)
        var s = String(format: "%.2f", v)
        if s.hasSuffix("0") { s.removeLast() }
        bytes.append(contentsOf: s.utf8)
        needsComma[needsComma.count - 1] = true
    }

    /// A key that is not known at compile time (a query's column names).
    mutating func dynamicKey(_ k: String) {
        separator()
        string(k)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    /// Values after a key or inside an array.
    mutating func nullValue() {
        separator()
        bytes.append(contentsOf: "null".utf8)
    }

    mutating func number(_ v: Int) {
        separator()
        bytes.append(contentsOf: String(v).utf8)
    }

    mutating func number(_ v: Double) {
        separator()
        bytes.append(contentsOf: (v == v.rounded() && abs(v) < 1e15 ? String(format: "%.1f", v) : String(v)).utf8)
    }

    mutating func string(value v: String) {
        separator()
        string(v)
    }

    /// A string value inside an array.
    mutating func element(_ v: String) {
        separator()
        string(v)
    }

    mutating func element(_ v: Int) {
        separator()
        bytes.append(contentsOf: String(v).utf8)
    }

    private mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0D, 0x0A: bytes.append(UInt8(ascii: " "))
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    var data: Data { Data(bytes) }
}
