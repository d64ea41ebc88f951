import Foundation

/// A terminal colour as a theme names it.
public enum ThemeColor: Equatable, Sendable {
    case terminalDefault
    /// 0-15: the 8 ANSI colours and their bright forms.
    case ansi(Int)
    /// 16-255 of the xterm palette.
    case indexed(Int)
    case rgb(Int, Int, Int)

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    public init?(name: String) {
        let n = name.lowercased().trimmingCharacters(in: .whitespaces)
        if n == "default" || n == "none" { self = .terminalDefault; return }
        if let i = Self.names.firstIndex(of: n) { self = .ansi(i); return }
        if n.hasPrefix("bright"), let i = Self.names.firstIndex(of: String(n.dropFirst(6)).trimmingCharacters(in: CharacterSet(charactersIn: "-_ "))) {
            self = .ansi(i + 8); return
        }
        if n.hasPrefix("color"), let i = Int(n.dropFirst(5)), (0...255).contains(i) { self = i < 16 ? .ansi(i) : .indexed(i); return }
        if n.hasPrefix("#"), n.count == 7, let v = Int(n.dropFirst(), radix: 16) {
            self = .rgb(v >> 16, (v >> 8) & 0xFF, v & 0xFF); return
        }
        return nil
    }

    /// The nearest colour a terminal with `colors` colours can show (truecolor -> 256 -> 8).
    public func downgraded(to colors: Int) -> ThemeColor {
        switch self {
        case .terminalDefault: return self
        case .ansi(let i): return colors >= 16 ? self : .ansi(i % 8)
        case .indexed(let i):
            if colors >= 256 { return self }
            let (r, g, b) = Self.rgbOf(index: i)
            return ThemeColor.rgb(r, g, b).downgraded(to: colors)
        case .rgb(let r, let g, let b):
            if colors >= 256 {
                func level(_ v: Int) -> Int { v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40 }
                return .indexed(16 + 36 * level(r) + 6 * level(g) + level(b))
            }
            // Nearest of the 8 basic colours by which channels are bright.
            let bits = (r > 127 ? 1 : 0) | (g > 127 ? 2 : 0) | (b > 127 ? 4 : 0)
            return .ansi(bits)
        }
    }

    static func rgbOf(index i: Int) -> (Int, Int, Int) {
        if i >= 232 { let v = 8 + (i - 232) * 10; return (v, v, v) }
        let c = i - 16
        func level(_ l: Int) -> Int { l == 0 ? 0 : 55 + l * 40 }
        return (level(c / 36), level((c / 6) % 6), level(c % 6))
    }
}

/// Text attributes; also the whole look of a role in monochrome.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1)
    public static let reverse = Attributes(rawValue: 2)
    public static let underline = Attributes(rawValue: 4)
    public static let dim = Attributes(rawValue: 8)

    public init?(names: [String]) {
        var a: Attributes = []
        for n in names {
            switch n.lowercased() {
            case "bold": a.insert(.bold)
            case "reverse": a.insert(.reverse)
            case "underline": a.insert(.underline)
            case "dim": a.insert(.dim)
            case "none", "": break
            default: return nil
            }
        }
        self = a
    }
}

public struct RoleStyle: Equatable, Sendable {
    public var fg: ThemeColor
    public var bg: ThemeColor
    public var attrs: Attributes
    /// How the role looks without colour.
    public var mono: Attributes

    public init(fg: ThemeColor = .terminalDefault, bg: ThemeColor = .terminalDefault, attrs: Attributes = [], mono: Attributes = []) {
        self.fg = fg
        self.bg = bg
        self.attrs = attrs
        self.mono = mono
    }
}

public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [Role: RoleStyle]

    public init(name: String, styles: [Role: RoleStyle]) {
        self.name = name
        self.styles = styles
    }

    public func style(_ role: Role) -> RoleStyle { styles[role] ?? styles[.normal] ?? RoleStyle() }

    /// Every role with a monochrome look, so NO_COLOR and vt100 still show selection and status.
    public static let monochromeBase: [Role: Attributes] = [
        .normal: [], .dim: [.dim], .title: [.bold], .header: [.bold, .underline], .selected: [.reverse],
        .tabActive: [.reverse, .bold], .tabInactive: [], .status: [.reverse], .statusOnline: [.reverse],
        .statusOffline: [.reverse, .bold], .statusBusy: [.reverse], .hint: [], .hintKey: [.bold], .demo: [.bold, .reverse],
        .error: [.bold], .warning: [.bold], .dialog: [.reverse], .input: [.underline], .marker: [.bold],
        .apptConfirmed: [.bold], .apptUnconfirmed: [], .apptLeftMessage: [.underline], .apptArrived: [.bold, .underline],
        .apptSeated: [.bold], .apptComplete: [.dim], .apptBroken: [.dim, .underline], .apptLate: [.bold],
    ]

    /// Compiled in, so a copied binary works without the themes/ folder.
    public static let monochrome = Theme(name: "monochrome", styles: Dictionary(uniqueKeysWithValues: Role.allCases.map {
        ($0, RoleStyle(attrs: monochromeBase[$0] ?? [], mono: monochromeBase[$0] ?? []))
    }))

    /// Compiled in; themes/default.toml is the same theme in the file format.
    public static let standard: Theme = {
        func s(_ fg: String, _ bg: String = "default", _ attrs: Attributes = [], role: Role) -> (Role, RoleStyle) {
            (role, RoleStyle(fg: ThemeColor(name: fg)!, bg: ThemeColor(name: bg)!, attrs: attrs, mono: monochromeBase[role] ?? []))
        }
        let list: [(Role, RoleStyle)] = [
            s("default", role: .normal), s("brightblack", role: .dim), s("cyan", "default", [.bold], role: .title),
            s("white", "blue", [.bold], role: .header), s("black", "cyan", [], role: .selected),
            s("black", "white", [.bold], role: .tabActive), s("white", "blue", role: .tabInactive),
            s("white", "blue", role: .status), s("black", "green", role: .statusOnline), s("white", "red", [.bold], role: .statusOffline),
            s("black", "yellow", role: .statusBusy), s("default", role: .hint), s("yellow", "default", [.bold], role: .hintKey),
            s("black", "magenta", [.bold], role: .demo), s("brightred", "default", [.bold], role: .error),
            s("yellow", role: .warning), s("black", "white", role: .dialog), s("white", "brightblack", role: .input),
            s("yellow", "default", [.bold], role: .marker), s("green", "default", [.bold], role: .apptConfirmed),
            s("red", role: .apptUnconfirmed), s("yellow", role: .apptLeftMessage), s("brightmagenta", "default", [.bold], role: .apptArrived),
            s("brightblue", "default", [.bold], role: .apptSeated), s("brightblack", role: .apptComplete),
            s("red", "default", [.dim], role: .apptBroken), s("brightred", "default", [.bold], role: .apptLate),
        ]
        return Theme(name: "default", styles: Dictionary(uniqueKeysWithValues: list))
    }()
}
