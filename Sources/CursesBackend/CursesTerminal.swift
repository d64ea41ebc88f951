import CNcurses
import Foundation
import FrontDeskCore
import TerminalUI

/// Something that comes out of the terminal.
public enum TerminalEvent: Equatable {
    case key(Key)
    case resize(width: Int, height: Int)
    case click(x: Int, y: Int, double: Bool)
}

public struct TerminalError: Error, CustomStringConvertible {
    public let description: String
}

/// The only owner of curses. A non-Sendable class on purpose: Swift 6 refuses to capture it in a
/// Dispatch closure, so exactly one thread (the UI loop's) can touch curses.
public final class CursesTerminal {
    private var screen: OpaquePointer?
    private var pairs: [Role: Int32] = [:]
    private var attrs: [Role: Int32] = [:]
    public private(set) var ascii = false
    public private(set) var colorCount = 0
    public private(set) var monochrome = false
    /// TERM named a terminal this host does not know: (that name, the type drawn as instead).
    public private(set) var unknownTerm: (name: String, drawnAs: String)?
    private var active = false

    /// Sets the locale (UTF-8, else C.UTF-8, else ASCII rendering), opens the terminal with a TERM
    /// fallback, and sets ESCDELAY to 50 ms unless the user chose one.
    /// `mouse`: off by default (it gets in the way of copying phone numbers); on, a click selects.
    /// `logPath`: while the dashboard is on screen stderr goes there, and after a crash the
    /// message on the terminal names it (the log then says what happened).
    public init(forceMonochrome: Bool, mouse: Bool = false, inputFD: Int32 = STDIN_FILENO, outputFD: Int32 = STDOUT_FILENO,
                logPath: String? = nil) throws {
        setlocale(LC_ALL, "")
        if fd_locale_is_utf8() == 0 {
            setlocale(LC_ALL, "C.UTF-8")
            if fd_locale_is_utf8() == 0 { ascii = true }
        }
        if ProcessInfo.processInfo.environment["ESCDELAY"] == nil { _ = fd_set_escdelay(50) }
        let out = fdopen(outputFD, "w")
        let inp = fdopen(inputFD, "r")
        var opened: OpaquePointer? = newterm(nil, out, inp)
        // A terminal type this host has no description of (a new terminal's name over ssh): drawn
        // as the most common one rather than refused, and said on the status line.
        for fallback in ["xterm-256color", "vt100"] where opened == nil {
            opened = newterm(fallback, out, inp)
            if opened != nil { unknownTerm = (ProcessInfo.processInfo.environment["TERM"] ?? "", fallback) }
        }
        guard let s = opened else {
            throw TerminalError(description: "cannot open the terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset"))")
        }
        screen = s
        set_term(s)
        fd_set_curses_active(1)
        if let logPath {
            let fd = open(logPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            if fd >= 0 {
                fd_capture_stderr(fd, "frontdesk: crashed; the terminal was restored. What happened is in \(logPath)\r\n")
                close(fd)
            }
        }
        fd_install_crash_handlers()
        active = true
        cbreak()
        noecho()
        nonl()
        intrflush(fd_stdscr(), false)
        keypad(fd_stdscr(), true)
        nodelay(fd_stdscr(), true)
        curs_set(0)
        if mouse { fd_enable_mouse() }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        monochrome = forceMonochrome || noColor || term == "vt100" || term.hasPrefix("vt1") || has_colors() == false
        if !monochrome {
            start_color()
            use_default_colors()
            colorCount = Int(fd_colors())
        }
    }

    deinit { shutdown() }

    /// Leaves curses and restores the terminal. Safe to call twice.
    public func shutdown() {
        guard active else { return }
        active = false
        endwin()
        fd_set_curses_active(0)
        fd_restore_stderr()
        if let s = screen { delscreen(s) }
        screen = nil
    }

    public var size: (width: Int, height: Int) { (Int(fd_cols()), Int(fd_lines())) }

    /// Maps every role to a colour pair and attributes (or the role's monochrome look).
    public func apply(theme: Theme) {
        pairs = [:]
        attrs = [:]
        var next: Int32 = 1
        for role in Role.allCases {
            let style = theme.style(role)
            let a = monochrome ? style.mono : style.attrs
            var value: Int32 = 0
            if a.contains(.bold) { value |= fd_attr_bold() }
            if a.contains(.reverse) { value |= fd_attr_reverse() }
            if a.contains(.underline) { value |= fd_attr_underline() }
            if a.contains(.dim) { value |= fd_attr_dim() }
            if !monochrome, Int(next) < Int(fd_color_pairs()) {
                init_pair(Int16(next), Int16(colorNumber(style.fg)), Int16(colorNumber(style.bg)))
                value |= fd_color_pair(next)
                next += 1
            }
            attrs[role] = value
        }
    }

    func colorNumber(_ c: ThemeColor) -> Int32 {
        switch c.downgraded(to: colorCount) {
        case .terminalDefault: return -1
        case .ansi(let i): return Int32(colorCount >= 16 ? i : i % 8)
        case .indexed(let i): return Int32(i)
        case .rgb: return -1
        }
    }

    /// Paints a whole frame: erase, draw runs of cells with the same role, one doupdate.
    public func paint(_ grid: Grid, forceFull: Bool = false) {
        erase()
        for y in 0..<grid.height {
            var x = 0
            while x < grid.width {
                let role = grid[x, y].role
                var run = ""
                let start = x
                while x < grid.width, grid[x, y].role == role {
                    let t = grid[x, y].text
                    if ascii {
                        if !t.isEmpty { run += t.unicodeScalars.allSatisfy(\.isASCII) ? t : "?" }
                    } else {
                        run += t
                    }
                    x += 1
                }
                // The last cell of the screen: writing it would scroll some terminals.
                if y == grid.height - 1, x == grid.width, !run.isEmpty { run.removeLast() }
                fd_put(Int32(y), Int32(start), run, attrs[role] ?? 0)
            }
        }
        if forceFull { clearok(fd_stdscr(), true) }
        refresh()
    }

    /// Every key (and resize) waiting now; never blocks.
    public func readEvents() -> [TerminalEvent] {
        var out: [TerminalEvent] = []
        while true {
            var ch: UInt32 = 0
            let r = fd_get_wch(&ch)
            if r == ERR { break }
            if r == fd_key_code_yes() {
                let code = Int32(ch)
                if code == fd_key_resize() {
                    out.append(.resize(width: Int(fd_cols()), height: Int(fd_lines())))
                } else if code == fd_key_mouse() {
                    var x: Int32 = 0, y: Int32 = 0
                    let kind = fd_read_click(&x, &y)
                    if kind > 0 { out.append(.click(x: Int(x), y: Int(y), double: kind == 2)) }
                } else if let k = Self.functionKey(code) {
                    out.append(.key(k))
                }
                continue
            }
            out.append(.key(Self.character(ch)))
        }
        return out
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case fd_key_up(): return .up
        case fd_key_down(): return .down
        case fd_key_left(): return .left
        case fd_key_right(): return .right
        case fd_key_npage(): return .pageDown
        case fd_key_ppage(): return .pageUp
        case fd_key_home(): return .home
        case fd_key_end(): return .end
        case fd_key_enter(): return .enter
        case fd_key_backspace(): return .backspace
        case fd_key_btab(): return .backTab
        case fd_key_dc(): return .delete
        default:
            for n in 1...12 where code == fd_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }

    static func character(_ ch: UInt32) -> Key {
        switch ch {
        case 27: return .escape
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(UnicodeScalar(ch + 96)!))
        default: return .char(Character(UnicodeScalar(ch) ?? "?"))
        }
    }
}
