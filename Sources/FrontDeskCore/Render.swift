import Foundation
import OpenDentalAPI
import TerminalUI

/// Pure: the whole screen for a state. Every piece of server text passes through `SafeText.clean`.
public func render(_ s: AppState) -> Grid {
    if s.tooSmall {
        return Widgets.tooSmall(width: s.width, height: s.height, needWidth: AppState.minWidth, needHeight: AppState.minHeight)
    }
    var g = Grid(width: s.width, height: s.height)
    drawTabs(&g, s)
    if let _ = s.detailPatNum {
        drawDetail(&g, s)
    } else {
        switch s.screen {
        case .schedule: drawSchedule(&g, s)
        case .patients: drawPatients(&g, s)
        case .lists: drawLists(&g, s)
        }
    }
    drawStatus(&g, s)
    drawHints(&g, s)
    if let d = s.dialog {
        Widgets.box(&g, title: d.title, lines: d.lines.map { (SafeText.clean($0), .normal) }, minWidth: 40)
    }
    if s.help { drawHelp(&g, s) }
    return g
}

func clean(_ s: String) -> String { SafeText.clean(s) }

/// "Last, First" for the screen, each part made safe before the two are joined.
public func personName(_ last: String, _ first: String) -> String {
    SafeText.clean(last) + ", " + SafeText.clean(first)
}

func hhmm(_ t: LocalTime) -> String { LocalDate.pad(t.hour, 2) + ":" + LocalDate.pad(t.minute, 2) }

func drawTabs(_ g: inout Grid, _ s: AppState) {
    g.fill(0, 0, g.width, 1, .tabInactive)
    var x = 0
    for screen in ScreenID.allCases {
        let active = screen == s.screen && s.detailPatNum == nil
        x += g.put(x, 0, " \(screen.rawValue + 1) \(screen.title) ", active ? .tabActive : .tabInactive)
    }
    if s.detailPatNum != nil { x += g.put(x, 0, " Patient ", .tabActive) }
    let right = s.demo ? " DEMO: sandbox practice " : " " + clean(s.officeName) + " "
    let w = TextWidth.width(right)
    if x + w < g.width { g.put(g.width - w, 0, right, s.demo ? .demo : .tabInactive) }
}

/// The second line: what this screen shows. While a refresh runs over rows already on screen,
/// the right side says so (the old rows stay until the new ones arrive).
func drawTitle(_ g: inout Grid, _ text: String, right: String = "", refreshing: Bool = false) {
    let right = refreshing ? "refreshing… " + right : right
    g.put(0, 1, text, .title, maxWidth: g.width - TextWidth.width(right) - 1)
    if !right.isEmpty { g.put(g.width - TextWidth.width(right), 1, right, .dim) }
}

/// Loading, empty, error and offline states in words, over the content area.
func drawState(_ g: inout Grid, _ load: LoadState, empty: Bool, emptyText: String, _ s: AppState) {
    let y = 4
    switch load {
    case .loading where empty: g.put(2, y, "Loading…", .dim)
    case .failed(let m) where empty:
        // "Unreachable" only when it is: a refused key or a bad answer is not an office that is down.
        let offline: Bool
        if case .offline = s.connection { offline = true } else { offline = false }
        g.put(2, y, offline ? "Office unreachable: " : "Could not load: ", .error)
        g.put(2, y + 1, clean(m), .error, maxWidth: g.width - 4)
        g.put(2, y + 3, "Press r to try again.", .dim)
    case .loaded where empty, .idle where empty:
        g.put(2, y, emptyText, .dim, maxWidth: g.width - 4)
    default: break
    }
}

func weekdayName(_ d: LocalDate) -> String {
    ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][d.weekday]
}

func statusRole(_ word: String) -> Role {
    switch word {
    case "Confirmed", "FrontDesk", "WebSched": return .apptConfirmed
    case "Arrived", "Ready": return .apptArrived
    case "Seated", "In room": return .apptSeated
    case "Complete", "Dismissed": return .apptComplete
    case "Broken", "Unsched": return .apptBroken
    case "Left Msg", "Texted", "E-mailed", "eConf sent": return .apptLeftMessage
    default: return .apptUnconfirmed
    }
}

func drawSchedule(_ g: inout Grid, _ s: AppState) {
    let appts = s.visibleAppointments
    let dayLabel = s.day == s.now.date ? "Today" : s.day == s.now.date.adding(days: 1) ? "Tomorrow" : weekdayName(s.day)
    var title = "\(dayLabel) \(s.day)  ·  \(appts.count) appointment\(appts.count == 1 ? "" : "s")"
    if let p = s.providerFilter { title += "  ·  \(clean(s.providerAbbr[p] ?? "#\(p)"))" }
    if let o = s.opFilter { title += "  ·  \(clean(s.opAbbr[o] ?? "#\(o)"))" }
    if let c = s.clinicFilter { title += "  ·  clinic #\(c)" }
    if !s.filter.isEmpty { title += "  ·  filter: \(clean(s.filter))" }
    let confirmed = appts.filter { ["Confirmed", "Arrived", "Seated", "Dismissed", "Complete", "In room", "Ready"].contains(s.confirmWord($0)) }.count
    drawTitle(&g, title, right: appts.isEmpty ? "" : "\(confirmed)/\(appts.count) confirmed",
              refreshing: s.scheduleLoad == .loading && !appts.isEmpty)
    if s.gridView {
        drawScheduleGrid(&g, s, appts)
        drawState(&g, s.scheduleLoad, empty: appts.isEmpty, emptyText: "No appointments on this day.", s)
        return
    }
    let wide = g.width >= 110
    let columns = [Column("Time", 5), Column("Min", 3, alignRight: true), Column("Op", wide ? 8 : 5), Column("Patient", 0),
                   Column("Status", 11), Column("Prov", 5)] + (wide ? [Column("Procedures", 30), Column("Note", 24)] : [Column("Procedures", 15), Column("N", 1)])
    let rows = appts.map { a -> TableRow in
        let word = s.saving[a.aptNum] ?? s.confirmWord(a)
        let late = a.aptStatus == .scheduled && a.dateTimeArrived == nil && s.day == s.now.date
            && (a.aptDateTime?.epochSeconds ?? .max) + 10 * 60 < s.now.epochSeconds
        let note = clean(a.note)
        return TableRow([
            a.aptDateTime.map { hhmm($0.time) } ?? "",
            String(a.lengthMinutes),
            clean(s.opAbbr[a.op] ?? "#\(a.op)"),
            clean(s.name(a.patNum)),
            late ? "Late" : word,
            clean(a.provAbbr.isEmpty ? (s.providerAbbr[a.provNum] ?? "") : a.provAbbr),
            clean(a.procDescript),
            wide ? note : (note.isEmpty ? "" : "*"),
        ], roles: [.normal, .dim, .normal, .normal, late ? .apptLate : statusRole(word), .normal, .dim, .marker])
    }
    let sel = s.scheduleSelection.flatMap { id in appts.firstIndex { $0.aptNum == id } }
    Widgets.table(&g, x: 0, y: 2, width: g.width, height: s.contentRows + 1, columns: columns, rows: rows,
                  selected: sel, scroll: s.scheduleScroll, ascii: s.ascii, highlightColumns: 4)
    drawState(&g, s.scheduleLoad, empty: appts.isEmpty,
              emptyText: s.filter.isEmpty ? "No appointments on this day. ← → to change day, t for today." : "Nothing matches the filter. Esc clears it.", s)
}

/// Operatories as columns, time down the side (10-minute rows), scrolling sideways with [ ].
func drawScheduleGrid(_ g: inout Grid, _ s: AppState, _ appts: [Appointment]) {
    let ops = s.gridOps
    let colWidth = 14
    let fit = max(1, (g.width - 6) / colWidth)
    // Follow the selected appointment sideways.
    var first = min(s.gridFirstOp, max(0, ops.count - fit))
    let selected = appts.first { $0.aptNum == s.scheduleSelection }
    if let sel = selected, let i = ops.firstIndex(of: sel.op) {
        if i < first { first = i }
        if i >= first + fit { first = i - fit + 1 }
    }
    let shown = Array(ops.dropFirst(first).prefix(fit))
    g.fill(0, 2, g.width, 1, .header)
    g.put(0, 2, first > 0 ? "◀" : " ", .header)
    for (i, op) in shown.enumerated() {
        g.put(6 + i * colWidth, 2, TextWidth.pad(clean(s.opAbbr[op] ?? "#\(op)"), to: colWidth - 1), .header)
    }
    if first + fit < ops.count { g.put(g.width - 1, 2, "▶", .header) }
    let startMin = 7 * 60, step = 10
    let rows = s.contentRows
    // Keep the selected appointment's time on screen.
    let selRow = selected.flatMap { $0.aptDateTime }.map { ($0.time.hour * 60 + $0.time.minute - startMin) / step } ?? 0
    let top = max(0, min(selRow - rows / 3, (18 * 60 - startMin) / step - rows + 1))
    for r in 0..<rows {
        let minute = startMin + (top + r) * step
        if minute % 30 == 0 { g.put(0, 3 + r, hhmm(LocalTime(hour: minute / 60, minute: minute % 60)), .dim) }
    }
    for a in appts {
        guard let t = a.aptDateTime, let col = shown.firstIndex(of: a.op) else { continue }
        let startRow = (t.time.hour * 60 + t.time.minute - startMin) / step - top
        let length = max(1, a.lengthMinutes / step)
        let x = 6 + col * colWidth
        let isSel = a.aptNum == s.scheduleSelection
        let word = s.saving[a.aptNum] ?? s.confirmWord(a)
        let lines = [(isSel ? (s.ascii ? ">" : "▶") : "│") + clean(s.name(a.patNum)), "│" + word, "│" + clean(a.procDescript)]
        for k in 0..<length {
            let y = 3 + startRow + k
            guard y >= 3, y < 3 + rows else { continue }
            let text = k < lines.count ? lines[k] : "│"
            let role: Role = isSel ? .selected : (k == 1 ? statusRole(word) : .normal)
            if isSel { g.fill(x, y, colWidth - 1, 1, .selected) }
            g.put(x, y, text, role, maxWidth: colWidth - 1)
        }
    }
}

func drawPatients(_ g: inout Grid, _ s: AppState) {
    let more = s.resultsMore ? ", more" : ""
    let position = s.results.isEmpty ? "" : "rows 1-\(s.results.count)\(more)"
    drawTitle(&g, s.query.isEmpty ? "Find a patient: type a name, phone, birthdate or #chart" : "Patients matching \"\(clean(s.query))\"\(s.hideInactive ? " (active only)" : "")",
              right: position, refreshing: s.resultsLoad == .loading && !s.results.isEmpty)
    let wide = g.width >= 110
    let columns = [Column("Name", 0), Column("Birthdate", 10), Column("Phone", 13), Column("Status", 10)]
        + (wide ? [Column("Email", 26), Column("Chart#", 8), Column("Prov", 5)] : [Column("Chart#", 6)])
    let rows = s.results.map { p -> TableRow in
        let phone = [p.wirelessPhone, p.hmPhone, p.wkPhone].first { !$0.isEmpty } ?? ""
        var cells = [personName(p.lName, p.fName) + (p.preferred.isEmpty ? "" : " (\(clean(p.preferred)))"),
                     p.birthdate?.description ?? "", clean(phone), clean(p.patStatus.rawValue)]
        cells += wide ? [clean(p.email), clean(p.chartNumber), clean(p.priProvAbbr)] : [clean(p.chartNumber)]
        return TableRow(cells, roles: [.normal, .normal, .normal, p.patStatus == .patient ? .normal : .dim, .dim, .dim, .dim])
    }
    let sel = s.patientSelection.flatMap { id in s.results.firstIndex { $0.patNum == id } }
    Widgets.table(&g, x: 0, y: 2, width: g.width, height: s.contentRows + 1, columns: columns, rows: rows,
                  selected: sel, scroll: s.patientScroll, ascii: s.ascii)
    drawState(&g, s.resultsLoad, empty: s.results.isEmpty,
              emptyText: s.query.isEmpty ? "Press / and type: Smith · smith, jo · 555-1234 · 3/14/1980 · #1234" : "No patients match \"\(clean(s.query))\".", s)
}

func drawLists(_ g: inout Grid, _ s: AppState) {
    let rows = s.visibleListRows
    var tabs = ""
    for k in ListKind.allCases { tabs += k == s.listKind ? "[\(k.title)] " : " \(k.title)  " }
    drawTitle(&g, tabs, right: (s.statusFilter.map { "only \($0) · " } ?? "") + "\(rows.count) rows",
              refreshing: s.listLoad == .loading && !rows.isEmpty)
    let columns: [Column]
    switch s.listKind {
    case .confirmations: columns = [Column("Date", 10), Column("Time", 5), Column("Patient", 0), Column("Status", 11), Column("Phone", 13), Column("Prefers", 11)]
    case .waitingRoom: columns = [Column("Appt", 5), Column("Arrived", 7), Column("Waiting", 8, alignRight: true), Column("Patient", 0), Column("Op", 6), Column("Prov", 5)]
    case .unscheduled, .asap, .planned: columns = [Column("Date", 10), Column("Patient", 0), Column("Status", 11), Column("Procedures", 20), Column("Prov", 5)]
    case .recall: columns = [Column("Due", 10), Column("Patient", 0), Column("Type", 12), Column("Reminded", 8, alignRight: true), Column("Contact", 14)]
    }
    let statusColumn = s.listKind == .recall ? -1 : (s.listKind == .confirmations ? 3 : 2)
    let table = rows.map { r -> TableRow in
        var roles = Array(repeating: Role.normal, count: r.cells.count)
        if statusColumn >= 0, statusColumn < roles.count { roles[statusColumn] = statusRole(r.status) }
        var cells = s.displayCells(r).map(clean)
        if let apt = r.aptNum, let saving = s.saving[apt], statusColumn >= 0, statusColumn < cells.count { cells[statusColumn] = saving }
        return TableRow(cells, roles: roles)
    }
    let sel = s.listSelection.flatMap { id in rows.firstIndex { $0.id == id } }
    Widgets.table(&g, x: 0, y: 2, width: g.width, height: s.contentRows + 1, columns: columns, rows: table,
                  selected: sel, scroll: s.listScroll, ascii: s.ascii)
    let empty: String
    switch s.listKind {
    case .confirmations: empty = "Everyone for the next two business days is confirmed."
    case .waitingRoom: empty = "Nobody is waiting."
    default: empty = "Nothing on this list."
    }
    drawState(&g, s.listLoad, empty: rows.isEmpty, emptyText: s.filter.isEmpty ? empty : "Nothing matches the filter.", s)
}

func money(_ d: Decimal) -> String {
    let n = NSDecimalNumber(decimal: d).doubleValue
    return String(format: "$%.2f", n)
}

func drawDetail(_ g: inout Grid, _ s: AppState) {
    guard let d = s.detail else {
        drawTitle(&g, "Patient \(s.name(s.detailPatNum ?? 0))")
        drawState(&g, s.detailLoad, empty: true, emptyText: "", s)
        return
    }
    // Every field from the server is made safe on its own before lines are joined, so an
    // unterminated escape sequence in one field cannot swallow the start of the next.
    let c = clean
    let p = d.patient
    var lines: [(String, Role)] = []
    let age = p.birthdate.map { b in (s.now.date.dayNumber - b.dayNumber) / 365 }
    lines.append(("\(personName(p.lName, p.fName))\(p.middleI.isEmpty ? "" : " " + c(p.middleI))\(p.preferred.isEmpty ? "" : " (\(c(p.preferred)))")  ·  #\(p.patNum)  ·  \(c(p.patStatus.rawValue))", .title))
    lines.append(("Born \(p.birthdate?.description ?? "unknown")\(age.map { " (\($0))" } ?? "")  ·  \(c(p.gender.rawValue))  ·  \(c(p.position.rawValue))  ·  Prov \(c(p.priProvAbbr))\(p.secProvAbbr.isEmpty ? "" : "/" + c(p.secProvAbbr))", .normal))
    for popup in d.popups where !popup.isDisabled && !popup.isArchived {
        lines.append(("! \(c(popup.description))", .warning))
    }
    if let note = d.note, !note.medical.isEmpty { lines.append(("Medical: \(c(note.medical))", .warning)) }
    lines.append(("", .normal))
    lines.append(("Contact", .header))
    lines.append(("Cell \(p.wirelessPhone.isEmpty ? "-" : c(p.wirelessPhone))   Home \(p.hmPhone.isEmpty ? "-" : c(p.hmPhone))   Work \(p.wkPhone.isEmpty ? "-" : c(p.wkPhone))", .normal))
    lines.append(("\(p.email.isEmpty ? "no email" : c(p.email))  ·  texts: \(c(p.txtMsgOk.rawValue))  ·  confirm by: \(c(p.preferConfirmMethod?.rawValue ?? "None"))", .normal))
    lines.append(("\(c(p.address))\(p.address2.isEmpty ? "" : ", " + c(p.address2)), \(c(p.city)) \(c(p.state)) \(c(p.zip))", .normal))
    lines.append(("Balance \(money(p.estBalance))  ·  family \(money(p.balTotal))  ·  \(c(p.billingType))", .normal))
    if !d.family.isEmpty {
        lines.append(("Family: " + d.family.map { "\(c($0.fName))\($0.patNum == p.guarantor ? " (guarantor)" : "")" }.joined(separator: ", "), .normal))
    }
    lines.append(("", .normal))
    let upcoming = d.appointments.filter { ($0.aptDateTime?.date ?? .init(year: 1, month: 1, day: 1)) >= s.now.date && $0.aptStatus == .scheduled }
        .sorted { $0.sortTime < $1.sortTime }
    let past = d.appointments.filter { !upcoming.contains($0) }.sorted { $0.sortTime > $1.sortTime }
    lines.append(("Upcoming appointments", .header))
    if upcoming.isEmpty { lines.append(("none", .dim)) }
    for a in upcoming.prefix(5) {
        lines.append(("\(a.sortTime.date) \(hhmm(a.sortTime.time))  \(a.lengthMinutes) min  \(c(s.confirmWord(a)))  \(c(a.provAbbr))  \(c(a.procDescript))", .normal))
    }
    lines.append(("Past appointments", .header))
    if past.isEmpty { lines.append(("none", .dim)) }
    for a in past.prefix(5) {
        let when = a.aptDateTime.map { "\($0.date) \(hhmm($0.time))" } ?? "planned         "
        lines.append(("\(when)  \(c(s.confirmWord(a)))  \(c(a.provAbbr))  \(c(a.procDescript))", .dim))
    }
    lines.append(("Procedures", .header))
    for pr in d.procedures.sorted(by: { ($0.procDate ?? LocalDate(year: 1, month: 1, day: 1)) > ($1.procDate ?? LocalDate(year: 1, month: 1, day: 1)) }).prefix(12) {
        let tooth = pr.toothNum.isEmpty ? "" : "#\(c(pr.toothNum))\(pr.surf.isEmpty ? "" : "-" + c(pr.surf))"
        lines.append(("\(pr.procDate?.description ?? "          ")  \(c(pr.procCode))  \(TextWidth.pad(tooth, to: 7))  \(TextWidth.pad(c(pr.procStatus.rawValue), to: 3))  \(TextWidth.pad(money(pr.procFee), to: 9, alignRight: true))  \(c(pr.descript))", .normal))
    }
    lines.append(("Communication", .header))
    if d.commlogs.isEmpty { lines.append(("none", .dim)) }
    for cl in d.commlogs.prefix(8) {
        lines.append(("\(cl.commDateTime.map { "\($0.date) \(hhmm($0.time))" } ?? "")  \(c(cl.mode.rawValue))  \(c(cl.sentOrReceived.rawValue))  \(c(cl.note))", .normal))
    }
    // The title's key words come from the key table, so read-only mode never offers a write.
    let keys = KeyTables.table(for: s.screen, detail: true, readOnly: s.readOnly).filter { $0.hint }
        .map { "\($0.keys[0].label) \($0.help.components(separatedBy: " (")[0])" }.prefix(2).joined(separator: " · ")
    drawTitle(&g, "Patient detail", right: keys)
    let area = s.contentRows + 1
    let scroll = min(s.detailScroll, max(0, lines.count - area))
    for (i, line) in lines.dropFirst(scroll).prefix(area).enumerated() {
        if line.1 == .header { g.fill(0, 2 + i, g.width, 1, .header) }
        g.put(1, 2 + i, clean(line.0), line.1, maxWidth: g.width - 2)
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
    case .unknown: conn = (" connecting ", .statusBusy)
    }
    x += g.put(x, y, conn.0, conn.1)
    if s.unencrypted { x += g.put(x, y, " NOT ENCRYPTED ", .warning) }
    let load: LoadState
    let position: String
    if s.detailPatNum != nil {
        load = s.detailLoad
        position = "patient"
    } else {
        switch s.screen {
        case .schedule:
            load = s.scheduleLoad
            let ids = s.visibleAppointments.map(\.aptNum)
            position = ids.isEmpty ? "0/0" : "\((s.scheduleSelection.flatMap { ids.firstIndex(of: $0) } ?? 0) + 1)/\(ids.count)"
        case .patients:
            load = s.resultsLoad
            let ids = s.results.map(\.patNum)
            position = ids.isEmpty ? "0/0" : "\((s.patientSelection.flatMap { ids.firstIndex(of: $0) } ?? 0) + 1)/\(ids.count)\(s.resultsMore ? "+" : "")"
        case .lists:
            load = s.listLoad
            let ids = s.visibleListRows.map(\.id)
            position = ids.isEmpty ? "0/0" : "\((s.listSelection.flatMap { ids.firstIndex(of: $0) } ?? 0) + 1)/\(ids.count)"
        }
    }
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
    if s.detailPatNum == nil, let from = s.screen == .schedule ? s.dayFrom : s.screen == .lists ? s.shownListFrom : nil {
        age = "data from \(s.dataAge(from))" + (load == .loading ? " · loading…" : "")
    }
    if s.queued > 0 { age += " · \(s.queued) queued" }
    if let p = s.directoryProgress, s.connection == .online {
        age += " · names \(grouped(p.count))" + (p.total.map { " / \(grouped($0))" } ?? "…")
    }
    x += g.put(x, y, " \(position) · \(age) ", .status)
    if let p = s.prompt {
        let label = " \(p.label): "
        x += g.put(x, y, label, .status)
        let text = clean(p.text) + "▏"
        let room = g.width - x - 1
        let shown = TextWidth.width(text) > room ? String(text.suffix(max(1, room))) : text
        g.fill(x, y, g.width - x, 1, .input)
        g.put(x, y, shown, .input, maxWidth: room)
    } else if let m = s.message {
        g.put(x + 1, y, clean(m), s.messageIsError ? .error : .status, maxWidth: g.width - x - 2)
    }
}

func drawHints(_ g: inout Grid, _ s: AppState) {
    let y = g.height - 1
    if s.prompt != nil {
        Widgets.hints(&g, y: y, [("Enter", "done"), ("Esc", "cancel"), ("Bksp", "delete"), ("^U", "clear")])
        return
    }
    if s.dialog != nil {
        Widgets.hints(&g, y: y, [("Esc", "cancel")])
        return
    }
    let table = KeyTables.table(for: s.screen, detail: s.detailPatNum != nil, readOnly: s.readOnly)
    // Help and quit first, so they survive on a narrow screen.
    let shown = table.filter(\.hint).sorted { ($0.action == .help || $0.action == .quit ? 0 : 1) < ($1.action == .help || $1.action == .quit ? 0 : 1) }
    Widgets.hints(&g, y: y, shown.map { ($0.keys.map(\.label).joined(separator: "/"), $0.help) })
}

/// The `?` overlay, generated from the same binding table as the hint bar.
public func helpLines(_ s: AppState) -> [(String, Role)] {
    let table = KeyTables.table(for: s.screen, detail: s.detailPatNum != nil, readOnly: s.readOnly)
    var lines: [(String, Role)] = []
    for b in table {
        let keys = b.keys.map(\.label).joined(separator: " ")
        lines.append((TextWidth.pad(keys, to: 14) + b.help + (b.writes ? "  (saves to the office)" : ""), .normal))
    }
    return lines
}

/// The `?` overlay; when the list is taller than the screen, ↑/↓ scroll it.
func drawHelp(_ g: inout Grid, _ s: AppState) {
    let title = "Keys: \(s.detailPatNum != nil ? "Patient" : s.screen.title)"
    let all = helpLines(s)
    let room = max(1, g.height - 4 - 2)
    let scroll = min(s.helpScroll, max(0, all.count - room))
    var lines = Array(all.dropFirst(scroll).prefix(room))
    let more = scroll + room < all.count
    lines.append(("", .normal))
    lines.append((more || scroll > 0 ? "↑/↓ scroll · any other key closes" + (more ? " · more below" : "") : "Any key closes this help.", .dim))
    Widgets.box(&g, title: title, lines: lines, minWidth: 50)
}

/// 1200 -> "1,200".
func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return out
}
