import Foundation
import OpenDentalAPI
import TerminalUI

func drawDetail(_ g: inout Grid, _ pt: PatientState, _ s: Shared) {
    if s.masked, let p = pt.patNum {
        drawTitle(&g, "Patient \(s.name(p))  ·  #\(p)")
        g.put(2, Area.first + 1, "Details hidden while masked. P shows them.", .dim)
        return
    }
    guard let d = pt.detail else {
        drawTitle(&g, "Patient \(s.name(pt.patNum ?? 0))")
        s.drawState(&g, pt.load, empty: true, emptyText: "")
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
    let upcoming = pt.upcoming(s)
    let past = d.appointments.filter { !upcoming.contains($0) }.sorted { $0.sortTime > $1.sortTime }
    lines.append(("Upcoming appointments", .header))
    if upcoming.isEmpty { lines.append(("none", .dim)) }
    let chosen = pt.chosen(s)?.aptNum
    for a in upcoming.prefix(5) {
        // The one `c` acts on is marked (`[` `]` choose another).
        let mark = a.aptNum == chosen && upcoming.count > 1 ? (s.ascii ? "> " : "▶ ") : ""
        lines.append(("\(mark)\(a.sortTime.date) \(hhmm(a.sortTime.time))  \(a.lengthMinutes) min  \(c(s.status(a).word))  \(c(a.provAbbr))  \(c(a.procDescript))", .normal))
    }
    lines.append(("Past appointments", .header))
    if past.isEmpty { lines.append(("none", .dim)) }
    for a in past.prefix(5) {
        let when = a.aptDateTime.map { "\($0.date) \(hhmm($0.time))" } ?? "planned         "
        lines.append(("\(when)  \(c(s.status(a).word))  \(c(a.provAbbr))  \(c(a.procDescript))", .dim))
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
    let keys = PatientScreen.bindings.filter { $0.hint && !(s.readOnly && $0.writes) }
        .map { "\($0.keys[0].label) \($0.short ?? $0.help.components(separatedBy: " (")[0])" }.prefix(2).joined(separator: " · ")
    drawTitle(&g, "Patient detail", right: keys)
    // Under the title, to the bottom of the area.
    let room = g.height - Area.header
    let scroll = min(pt.scroll, max(0, lines.count - room))
    for (i, line) in lines.dropFirst(scroll).prefix(room).enumerated() {
        if line.1 == .header { g.fill(0, Area.header + i, g.width, 1, .header) }
        g.put(1, Area.header + i, clean(line.0), line.1, maxWidth: g.width - 2)
    }
}
