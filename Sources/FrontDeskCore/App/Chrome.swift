import Foundation
import OpenDentalAPI
import TerminalUI

func drawTabs(_ g: inout Grid, _ s: AppState) {
    g.fill(0, 0, g.width, 1, .tabInactive)
    var x = 0
    for screen in ScreenID.allCases {
        let active = screen == s.screen && s.patient.patNum == nil
        x += g.put(x, Layout.tabRow, Layout.tabLabel(screen), active ? .tabActive : .tabInactive)
    }
    if s.patient.patNum != nil { x += g.put(x, 0, " \(PatientScreen.title) ", .tabActive) }
    let right = s.demo ? " DEMO: " + (s.officeName.isEmpty ? "sandbox practice" : clean(s.officeName)) + " " : " " + clean(s.officeName) + " "
    let w = TextWidth.width(right)
    if x + w < g.width { g.put(g.width - w, 0, right, s.demo ? .demo : .tabInactive) }
}

/// The second line: what this screen shows. While a refresh runs over rows already on screen,
/// the right side says so (the old rows stay until the new ones arrive).
func drawTitle(_ g: inout Grid, _ text: String, right: String = "", refreshing: Bool = false) {
    let right = refreshing ? "refreshing… " + right : right
    g.put(0, Area.title, text, .title, maxWidth: g.width - TextWidth.width(right) - 1)
    if !right.isEmpty { g.put(g.width - TextWidth.width(right), Area.title, right, .dim) }
}

/// Loading, empty, error and offline states in words, over the content area.
func drawState(_ g: inout Grid, _ load: LoadState, empty: Bool, emptyText: String, _ s: AppState) {
    let y = Area.first + 1
    switch load {
    case .loading where empty: g.put(2, y, "Loading…", .dim)
    case .failed(let m) where empty:
        // "Unreachable" only when it is: a refused key or a bad answer is not an office that is down.
        let offline: Bool
        if case .offline = s.connection { offline = true } else { offline = false }
        g.put(2, y, offline ? "Office unreachable: " : "Could not load: ", .error)
        // Said whole on two lines (a refused key's words and the office's reason run past 76).
        for (i, line) in TextWidth.wrap(clean(m), to: g.width - 4, lines: 2).enumerated() { g.put(2, y + 1 + i, line, .error) }
        g.put(2, y + 3, "Press r to try again.", .dim)
    case .loaded where empty, .idle where empty:
        g.put(2, y, emptyText, .dim, maxWidth: g.width - 4)
    default: break
    }
}

func drawStatus(_ g: inout Grid, _ s: AppState) {
    let y = g.height - 2
    g.fill(0, y, g.width, 1, .status)
    var x = 0
    let conn: (String, Role)
    switch s.connection {
    case .online where s.officeWait > 0: conn = (" office asked us to wait \(s.officeWait) s ", .statusBusy)
    case .online: conn = (" online ", .statusOnline)
    case .offline: conn = (" OFFICE UNREACHABLE ", .statusOffline)
    // Never answered yes: a refused key or a wrong address is not "connecting" for ever (the
    // Offices view's row says "refused" too).
    case .unknown where s.today.problem != nil: conn = (" REFUSED ", .statusOffline)
    case .unknown: conn = (" connecting ", .statusBusy)
    }
    // Several offices: the one shown is named first, always.
    if s.offices.rows.count > 1 { x += g.put(x, y, " " + clean(s.officeName) + " ", .title) }
    x += g.put(x, y, conn.0, conn.1)
    if s.unencrypted { x += g.put(x, y, " NOT ENCRYPTED ", .warning) }
    if s.masked { x += g.put(x, y, " MASKED ", .warning) }
    let load = s.active.load(s)
    let position = s.active.position(s)
    var age: String
    switch load {
    case .loading: age = "loading…"
    case .loaded(let at):
        let secs = Int(max(0, s.clock - at))
        age = secs < 60 ? "updated \(secs)s ago" : "updated \(secs / 60)m ago"
    case .failed: age = "not updated"
    case .idle: age = ""
    }
    // Data from the local cache says how old it is until the office answers.
    if let from = s.active.dataFrom(s) {
        age = "data from \(s.dataAge(from))" + (load == .loading ? " · loading…" : "")
    }
    var counts = [age]
    if s.queued > 0 { counts.append("\(s.queued) queued") }
    if !s.marks.isEmpty, s.patient.patNum == nil { counts.append("\(s.marks.count) marked") }
    if let p = s.directoryProgress, s.connection == .online {
        counts.append("names \(grouped(p.count))" + (p.total.map { " / \(grouped($0))" } ?? "…"))
    }
    // The typing line owns the bottom line while it is open: the position and the data's age
    // give way when the label and room to type would not fit after them. Nothing yet loaded
    // (no age) leaves no empty place between the dots.
    let where_ = " " + ([position] + counts).filter { !$0.isEmpty }.joined(separator: " · ") + " "
    if let p = s.prompt {
        // Room to type: at least 20 columns, and as the text grows, all of it, the label giving
        // way first (down to a few words), so what was typed stays in sight.
        let typeRoom = max(20, min(TextWidth.width(clean(p.text)) + 2, g.width - x - 16))
        var label = " \(p.label): "
        if x + TextWidth.width(where_) + TextWidth.width(label) + typeRoom <= g.width { x += g.put(x, y, where_, .status) }
        let labelRoom = max(8, g.width - x - typeRoom)
        if TextWidth.width(label) > labelRoom { label = " " + TextWidth.truncate(p.label, to: labelRoom - 3) + ": " }
        x += g.put(x, y, label, .status)
        let text = clean(p.text) + "▏"
        let room = g.width - x - 1
        let shown = TextWidth.width(text) > room ? String(text.suffix(max(1, room))) : text
        g.fill(x, y, g.width - x, 1, .input)
        g.put(x, y, shown, .input, maxWidth: room)
    } else {
        // What was just said is said whole (an error, or "Booked: …" behind a crawl's progress):
        // when both do not fit, the position and the counts give way, never the age of data
        // from the cache nor how many rows are marked (what `c` and `b` will act on).
        let m = s.message.map(clean)
        let room = g.width - x - TextWidth.width(where_) - 2
        if let m, TextWidth.width(m) > room {
            if let from = s.active.dataFrom(s) { x += g.put(x, y, " data from \(s.dataAge(from)) ", .status) }
            if !s.marks.isEmpty, s.patient.patNum == nil { x += g.put(x, y, " \(s.marks.count) marked ", .status) }
        } else {
            x += g.put(x, y, where_, .status)
        }
        if let m { g.put(x + 1, y, m, s.messageIsError ? .error : .status, maxWidth: g.width - x - 2) }
    }
}

func drawHints(_ g: inout Grid, _ s: AppState) {
    let y = g.height - 1
    if let top = s.topOverlay {
        Widgets.hints(&g, y: y, top.hints)
        return
    }
    let table = s.keyTable
    // Help and quit first, so they survive on a narrow screen.
    let shown = table.filter(\.hint).sorted { ($0.action == .help || $0.action == .quit ? 0 : 1) < ($1.action == .help || $1.action == .quit ? 0 : 1) }
    Widgets.hints(&g, y: y, shown.map { ($0.keys.map(\.label).joined(separator: "/"), $0.short ?? $0.help) })
}
