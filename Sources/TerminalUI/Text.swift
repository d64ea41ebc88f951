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
        if v < 0x300 {
            if v == 0xAD { return 0 } // the soft hyphen is invisible
            return v < 0x20 || (0x7F..<0xA0).contains(v) ? 0 : 1
        }
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark
            || first.properties.generalCategory == .format || SafeText.isInvisibleFormat(first) { return 0 }
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

    /// `s` in lines of at most `columns`, broken at spaces (a word longer than a line is cut
    /// where the line ends); at most `lines` of them, the last ending with "…" when text is left.
    public static func wrap(_ s: String, to columns: Int, lines: Int = .max) -> [String] {
        guard columns > 0, lines > 0 else { return [] }
        var out: [String] = []
        var line = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            var word = word
            let joined = line.isEmpty ? word : line + " " + word
            if width(joined) <= columns { line = joined; continue }
            if !line.isEmpty { out.append(line); line = "" }
            while width(word) > columns {
                let head = truncate(word, to: columns, ellipsis: false)
                out.append(head)
                word = String(word.dropFirst(head.count))
            }
            line = word
        }
        if !line.isEmpty { out.append(line) }
        if out.count > lines {
            let rest = out[(lines - 1)...].joined(separator: " ")
            out = Array(out.prefix(lines - 1)) + [truncate(rest, to: columns)]
        }
        return out
    }

    /// Pads with spaces to exactly `columns` (truncating first when longer).
    public static func pad(_ s: String, to columns: Int, alignRight: Bool = false) -> String {
        let t = truncate(s, to: columns)
        let fill = String(repeating: " ", count: max(0, columns - width(t)))
        return alignRight ? fill + t : t + fill
    }
}

/// Text from the server is data, never terminal commands (design §7). `clean` removes escape
/// sequences (CSI, OSC, DCS, SOS, PM, APC, two-byte ESC x, and their C1 forms), shows other
/// control characters as "?", and removes invisible format characters (zero-width, bidi
/// embeddings, overrides and isolates, soft hyphen, BOM), which would otherwise reorder the line
/// or take a column the eye cannot see. `Grid.put` runs it on everything it draws; callers that
/// join several server fields clean each field first (an unterminated sequence then ends at its
/// field's end).
public enum SafeText {
    /// The longest escape sequence removed as one; past it, only the introducer is removed and
    /// the rest is shown as text (harmless once the ESC is gone).
    static let maxSequence = 256

    public static func clean(_ s: String) -> String {
        // Fast paths: printable ASCII (most of what is drawn), then text with nothing to remove.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }
        if !s.unicodeScalars.contains(where: needsWork) { return s }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let u = scalars[i]
            let v = u.value
            if v == 0x1B || v == 0x9B || v == 0x9D || v == 0x90 || v == 0x98 || v == 0x9E || v == 0x9F {
                i = skipSequence(scalars, at: i)
                continue
            }
            if u == "\t" || u == "\n" || u == "\r" {
                out.append(" ")
            } else if isControl(u) || isBidiControl(u) {
                out.append("?")
            } else if !isInvisibleFormat(u) {
                out.append(u)
            }
            i += 1
        }
        return String(out)
    }

    /// The index just past the escape sequence that starts at `i`.
    static func skipSequence(_ s: [Unicode.Scalar], at i: Int) -> Int {
        var kind = s[i].value
        var j = i + 1
        if kind == 0x1B {
            guard j < s.count else { return j }
            switch s[j].value {
            case 0x5B: kind = 0x9B // [
            case 0x5D: kind = 0x9D // ]
            case 0x50: kind = 0x90 // P
            case 0x58: kind = 0x98 // X
            case 0x5E: kind = 0x9E // ^
            case 0x5F: kind = 0x9F // _
            case 0x20...0x2F:
                // ESC, intermediates, final (e.g. ESC ( B): at most a few bytes.
                var k = j
                while k < s.count, k - i < 8, (0x20...0x2F).contains(s[k].value) { k += 1 }
                return k < s.count && (0x30...0x7E).contains(s[k].value) ? k + 1 : k
            case 0x30...0x7E: return j + 1 // ESC c, ESC 7, ESC =, ...
            default: return j // ESC before anything else: drop the ESC alone
            }
            j += 1
        }
        if kind == 0x9B {
            // CSI: parameters 0x30-0x3F, intermediates 0x20-0x2F, one final 0x40-0x7E. The first
            // scalar outside that grammar ends it and is kept.
            var k = j
            while k < s.count, k - i < maxSequence, (0x30...0x3F).contains(s[k].value) { k += 1 }
            while k < s.count, k - i < maxSequence, (0x20...0x2F).contains(s[k].value) { k += 1 }
            if k < s.count, (0x40...0x7E).contains(s[k].value) { return k + 1 }
            return k
        }
        // OSC, DCS, SOS, PM, APC: up to BEL (OSC) or ST (ESC \ or 0x9C). Unterminated or too long:
        // only the introducer goes, and what follows is shown as text.
        var k = j
        while k < s.count, k - i < maxSequence {
            let v = s[k].value
            if v == 0x07 || v == 0x9C { return k + 1 }
            if v == 0x1B { return k + 1 < s.count && s[k + 1] == "\\" ? k + 2 : k }
            k += 1
        }
        return j
    }

    static func needsWork(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v >= 0x20 && v < 0x7F { return false }
        return isControl(u) || isInvisibleFormat(u)
    }

    static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
    }

    /// Bidi embeddings, overrides, isolates and marks: shown as "?" so a reordered name is seen
    /// for what it is (they would otherwise reverse the rest of the line).
    public static func isBidiControl(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// Zero-width and bidi marks, the soft hyphen, the BOM, and other invisible format characters:
    /// removed, so what is on screen is what is in each cell.
    public static func isInvisibleFormat(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x00AD, 0x061C, 0x180E, 0xFEFF, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F: return true
        case 0xFFF9...0xFFFB, 0xE0000...0xE007F: return true
        default: return false
        }
    }
}
