import Foundation
import OpenDentalAPI
import TerminalUI

func drawSchedule(_ g: inout Grid, _ sc: ScheduleState, _ s: Shared) {
    let appts = sc.visible(s)
    let dayLabel = sc.day == s.now.date ? "Today" : sc.day == s.now.date.adding(days: 1) ? "Tomorrow" : weekdayName(sc.day)
    var title = "\(dayLabel) \(sc.day)  ·  \(appts.count) appointment\(appts.count == 1 ? "" : "s")"
    if let p = sc.providerFilter { title += "  ·  \(clean(s.providerAbbr[p] ?? "#\(p)"))" }
    if let o = sc.opFilter { title += "  ·  \(clean(s.opAbbr[o] ?? "#\(o)"))" }
    if let c = sc.clinicFilter { title += "  ·  clinic #\(c)" }
    if !s.filter.isEmpty { title += "  ·  filter: \(clean(s.filter))" }
    let confirmed = appts.filter { s.status($0).isConfirmed }.count
    drawTitle(&g, title, right: appts.isEmpty ? "" : "\(confirmed)/\(appts.count) confirmed",
              refreshing: sc.load == .loading && !appts.isEmpty)
    if sc.gridView {
        drawScheduleGrid(&g, sc, s, appts)
        s.drawState(&g, sc.load, empty: appts.isEmpty, emptyText: "No appointments on this day.")
        return
    }
    let wide = g.width >= 110
    let columns = [Column("Time", 5), Column("Min", 3, alignRight: true), Column("Op", wide ? 8 : 5), Column("Patient", 0),
                   Column("Status", 11), Column("Prov", 5)] + (wide ? [Column("Procedures", 30), Column("Note", 24)] : [Column("Procedures", 15), Column("N", 1)])
    let shown = sc.rows(s)
    let rows = shown.map { row -> TableRow in
        guard case .appointment(let a) = row else {
            guard case .free(let f) = row else { return TableRow([], roles: []) }
            // Free time: dim, said in words (never a blank line only).
            return TableRow([hhmm(f.start), String(f.minutes), clean(s.opAbbr[f.op] ?? "#\(f.op)"), "— free until \(f.span.suffix(5)) —", "",
                             clean(s.providerAbbr[f.provNum] ?? ""), "", ""],
                            roles: [.dim, .dim, .dim, .dim, .dim, .dim, .dim, .dim], marked: false)
        }
        let saving = s.saving[a.aptNum]
        let word = saving ?? s.status(a).word
        // A write on its way says so even on a late row: "Late" hid it until the answer came.
        let late = saving == nil && a.aptStatus == .scheduled && a.dateTimeArrived == nil && sc.day == s.now.date
            && (a.aptDateTime?.epochSeconds ?? .max) + 10 * 60 < s.now.epochSeconds
        let note = Privacy.detail(clean(a.note), s)
        return TableRow([
            a.aptDateTime.map { hhmm($0.time) } ?? "",
            String(a.lengthMinutes),
            clean(s.opAbbr[a.op] ?? "#\(a.op)"),
            clean(s.name(a.patNum)),
            late ? "Late" : word,
            clean(a.provAbbr.isEmpty ? (s.providerAbbr[a.provNum] ?? "") : a.provAbbr),
            (a.priority == .asap ? "ASAP " : "") + clean(a.procDescript),
            wide ? note : (note.isEmpty ? "" : "*"),
        ], roles: [.normal, .dim, .normal, .normal, late ? .apptLate : AppointmentStatus(word: word).role, .normal, .dim, .marker],
           marked: sc.marked.contains(a.aptNum))
    }
    let sel = sc.cursor.selected.flatMap { id in shown.firstIndex { $0.id == id } }
    Widgets.table(&g, x: 0, y: Area.header, width: g.width, height: g.height - Area.header, columns: columns, rows: rows,
                  selected: sel, scroll: sc.cursor.scroll, ascii: s.ascii, highlightColumns: 4)
    s.drawState(&g, sc.load, empty: appts.isEmpty,
                emptyText: s.filter.isEmpty ? "No appointments on this day. ← → to change day, t for today." : "Nothing matches the filter. Esc clears it.")
}

/// Operatories as columns, time down the side (10-minute rows), scrolling sideways with [ ].
func drawScheduleGrid(_ g: inout Grid, _ sc: ScheduleState, _ s: Shared, _ appts: [Appointment]) {
    let ops = sc.gridOps(s)
    let colWidth = 14
    let fit = max(1, (g.width - 6) / colWidth)
    // Follow the selection (an appointment, or free time when F shows it) sideways.
    var first = min(sc.gridFirstOp, max(0, ops.count - fit))
    let selected = appts.first { $0.aptNum == sc.cursor.selected }
    let free = sc.freeRows(s)
    let selectedFree = free.first { $0.id == sc.cursor.selected }
    if let op = selected?.op ?? selectedFree?.op, let i = ops.firstIndex(of: op) {
        if i < first { first = i }
        if i >= first + fit { first = i - fit + 1 }
    }
    let shown = Array(ops.dropFirst(first).prefix(fit))
    g.fill(0, Area.header, g.width, 1, .header)
    g.put(0, Area.header, first > 0 ? "◀" : " ", .header)
    for (i, op) in shown.enumerated() {
        g.put(6 + i * colWidth, Area.header, TextWidth.pad(clean(s.opAbbr[op] ?? "#\(op)"), to: colWidth - 1), .header)
    }
    if first + fit < ops.count { g.put(g.width - 1, Area.header, "▶", .header) }
    let startMin = 7 * 60, step = 10
    let rows = g.height - Area.first
    // Keep the selected appointment's time on screen.
    let selStart = selected?.aptDateTime?.time ?? selectedFree?.start
    let selRow = selStart.map { ($0.hour * 60 + $0.minute - startMin) / step } ?? 0
    let top = max(0, min(selRow - rows / 3, (18 * 60 - startMin) / step - rows + 1))
    for r in 0..<rows {
        let minute = startMin + (top + r) * step
        if minute % 30 == 0 { g.put(0, Area.first + r, hhmm(LocalTime(hour: minute / 60, minute: minute % 60)), .dim) }
    }
    // Free time is blank; with F it is marked, so it can be selected and booked (B) or filled (H).
    for f in free {
        guard let col = shown.firstIndex(of: f.op) else { continue }
        let startRow = (f.start.hour * 60 + f.start.minute - startMin) / step - top
        let length = max(1, f.minutes / step)
        let x = 6 + col * colWidth
        let isSel = f.id == sc.cursor.selected
        for k in 0..<length {
            let y = Area.first + startRow + k
            guard y >= Area.first, y < g.height else { continue }
            let text = k == 0 ? (isSel ? (s.ascii ? ">" : "▶") : "·") + "free \(f.minutes)m" : (isSel ? "│" : "·")
            if isSel { g.fill(x, y, colWidth - 1, 1, .selected) }
            g.put(x, y, text, isSel ? .selected : .dim, maxWidth: colWidth - 1)
        }
    }
    for a in appts {
        guard let t = a.aptDateTime, let col = shown.firstIndex(of: a.op) else { continue }
        let startRow = (t.time.hour * 60 + t.time.minute - startMin) / step - top
        let length = max(1, a.lengthMinutes / step)
        let x = 6 + col * colWidth
        let isSel = a.aptNum == sc.cursor.selected
        let word = s.saving[a.aptNum] ?? s.status(a).word
        let lines = [(isSel ? (s.ascii ? ">" : "▶") : "│") + clean(s.name(a.patNum)), "│" + word, "│" + clean(a.procDescript)]
        for k in 0..<length {
            let y = Area.first + startRow + k
            guard y >= Area.first, y < g.height else { continue }
            let text = k < lines.count ? lines[k] : "│"
            let role: Role = isSel ? .selected : (k == 1 ? AppointmentStatus(word: word).role : .normal)
            if isSel { g.fill(x, y, colWidth - 1, 1, .selected) }
            g.put(x, y, text, role, maxWidth: colWidth - 1)
        }
    }
}
