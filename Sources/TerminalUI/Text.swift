import Foundation

/// Display widths and safe text. Widths come from a table of East Asian wide ranges, never from
/// libc `wcwidth` (which depends on the locale, design §7).
public enum TextWidth {
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF,
        0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF,
        0x1F900...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// Columns one grapheme takes: 2 for wide (CJK, most emoji), 0 for a lone combining mark, else 1.
    public static func width(_ c: Character) -> Int {
        guard let first = c.unicodeScalars.first else { return 0 }
        let v = first.value
        if v < 0x300 { return v < 0x20 || (0x7F..<0xA0).contains(v) ? 0 : 1 }
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark { return 0 }
        if c.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        for r in wideRanges where r.contains(v) { return 2 }
        return 1
    }

    public static func width(_ s: String) -> Int { s.reduce(0) { $0 + width($1) } }

    /// Cuts `s` to at most `columns`, ending with "…" when it had to cut.
    public static func truncate(_ s: String, to columns: Int, ellipsis: Bool = true) -> String {
        guard columns > 0 else { return "" }
        if width(s) <= columns { return s }
        var out = ""
        var used = 0
        let limit = ellipsis ? columns - 1 : columns
        for c in s {
            let w = width(c)
            if used + w > limit { break }
            out.append(c)
            used += w
        }
        return ellipsis ? out + "…" : out
    }

    /// Pads with spaces to exactly `columns` (truncating first when longer).
    public static func pad(_ s: String, to columns: Int, alignRight: Bool = false) -> String {
        let t = truncate(s, to: columns)
        let fill = String(repeating: " ", count: max(0, columns - width(t)))
        return alignRight ? fill + t : t + fill
    }
}

/// Text from the server is data, never terminal commands (design §7): escape sequences are
/// removed and other control characters shown as "?", so a hostile name cannot clear the
/// screen, retitle the window or ring the bell.
public enum SafeText {
    public static func clean(_ s: String) -> String {
        // Fast path: nothing to do for ordinary text.
        if !s.unicodeScalars.contains(where: isControl) { return s }
        var out = String.UnicodeScalarView()
        var it = s.unicodeScalars.makeIterator()
        while let u = it.next() {
            if u.value == 0x1B || u.value == 0x9B || u.value == 0x9D || u.value == 0x90 {
                // ESC [ ... final (CSI), ESC ] ... BEL/ST (OSC), ESC P ... ST (DCS), ESC x (two-byte).
                var kind = u.value
                if u.value == 0x1B {
                    guard let next = it.next() else { break }
                    switch next { case "[": kind = 0x9B; case "]": kind = 0x9D; case "P", "_", "^": kind = 0x90; default: continue }
                }
                if kind == 0x9B {
                    while let c = it.next(), !(0x40...0x7E).contains(c.value) {}
                } else {
                    var prevEsc = false
                    while let c = it.next() {
                        if c.value == 0x07 || c.value == 0x9C || (prevEsc && c == "\\") { break }
                        prevEsc = c.value == 0x1B
                    }
                }
                continue
            }
            if u == "\t" || u == "\n" || u == "\r" {
                out.append(" ")
            } else if isControl(u) {
                out.append("?")
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
            || (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
    }
}
