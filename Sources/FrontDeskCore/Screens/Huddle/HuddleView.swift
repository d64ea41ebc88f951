import Foundation
import OpenDentalAPI
import TerminalUI

enum HuddleLayout {
    /// Provider lines shown before "+n more" (80x24 keeps every figure on screen).
    static func providerRows(_ shared: Shared) -> Int { max(1, shared.contentRows - HuddleFigureKind.allCases.count - 3) }

    /// The content row where the figure list's header is drawn.
    static func figuresTop(_ h: HuddleState, _ shared: Shared) -> Int {
        let lines = h.summary(shared)?.providers.count ?? 1
        return Area.header + 1 + min(lines, providerRows(shared)) + 1
    }
}

func drawHuddle(_ g: inout Grid, _ h: HuddleState, _ s: Shared) {
    let day = h.day ?? s.now.date
    let dayText = weekdayName(day) + " " + day.description + (day == s.now.date ? " (today)" : "")
    let summary = h.summary(s)
    if let open = h.open, let summary {
        drawHuddleRows(&g, h, s, summary.figure(open), dayText)
        return
    }
    drawTitle(&g, "Huddle · " + dayText, right: "←→ another day", refreshing: h.load == .loading && summary != nil)
    guard let summary else {
        s.drawState(&g, h.load, empty: true, emptyText: "Nothing read for this day yet.")
        return
    }
    // The providers, then the office.
    let columns = [Column("Provider", 10), Column("Appts", 6, alignRight: true), Column("Scheduled", 11, alignRight: true),
                   Column("Unconf", 7, alignRight: true), Column("New", 4, alignRight: true), Column("Open", 6, alignRight: true), Column("", 0)]
    let room = HuddleLayout.providerRows(s)
    var lines = summary.providers
    var more = ""
    if lines.count > room {
        more = "+\(lines.count - room + 1) more providers"
        lines = Array(lines.prefix(room - 1)) + [lines.last!]
    }
    let rows = lines.map { l -> TableRow in
        let name = l.name
        let production = l.production.map { s.masked ? Privacy.hidden : wholeMoney($0) } ?? "…"
        return TableRow([clean(name), "\(l.appointments)", production, "\(l.unconfirmed)", "\(l.newPatients)",
                         l.openMinutes.map(Huddle.hoursMinutes) ?? "…", l.provNum == nil ? more : ""],
                        roles: Array(repeating: l.provNum == nil ? .title : .normal, count: 7))
    }
    Widgets.table(&g, x: 0, y: Area.header, width: g.width, height: rows.count + 1, columns: columns, rows: rows, selected: nil, scroll: 0,
                  ascii: s.ascii)

    // The figures: Enter opens the rows behind one.
    let top = HuddleLayout.figuresTop(h, s)
    let figureRows = summary.figures.map { f -> TableRow in
        let value = f.unavailable == nil ? (f.privateValue && s.masked ? Privacy.hidden : f.value) : "—"
        var detail: String
        if let why = f.unavailable {
            detail = why
        } else {
            let names = f.rows.prefix(4).map { s.name($0.patNum) }.joined(separator: "; ") + (f.rows.count > 4 ? "…" : "")
            detail = [f.note.map { s.masked && $0.contains("$") ? "" : $0 } ?? "", names].filter { !$0.isEmpty }.joined(separator: " · ")
        }
        return TableRow([f.kind.title, value, clean(detail)], roles: [.normal, .normal, f.unavailable == nil ? .normal : .dim])
    }
    let sel = h.cursor.selected.flatMap { id in summary.figures.firstIndex { $0.kind.rawValue == id } }
    Widgets.table(&g, x: 0, y: top, width: g.width, height: g.height - top, columns: [Column("Figure", 26), Column("", 7, alignRight: true), Column("", 0)],
                  rows: figureRows, selected: sel, scroll: 0, ascii: s.ascii, highlightColumns: 1)
}

/// The rows behind one figure: time, patient, what the figure says of them.
private func drawHuddleRows(_ g: inout Grid, _ h: HuddleState, _ s: Shared, _ f: HuddleFigure, _ dayText: String) {
    drawTitle(&g, "Huddle · \(f.kind.title) · " + dayText, right: "\(f.rows.count) rows · Esc back", refreshing: h.load == .loading)
    let table = f.rows.map { r -> TableRow in
        var detail = r.detail
        if let apt = r.aptNum, let saving = s.saving[apt] { detail = saving }
        return TableRow([r.time, s.name(r.patNum), clean(r.privateDetail ? Privacy.detail(detail, s) : detail)])
    }
    let sel = h.cursor.selected.flatMap { id in f.rows.firstIndex { $0.id == id } }
    Widgets.table(&g, x: 0, y: Area.header, width: g.width, height: g.height - Area.header,
                  columns: [Column("Time", 5), Column("Patient", 26), Column("", 0)], rows: table, selected: sel,
                  scroll: h.cursor.scroll, ascii: s.ascii)
}
