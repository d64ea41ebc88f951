import Foundation
import OpenDentalAPI
import TerminalUI

func drawPatients(_ g: inout Grid, _ p: PatientsState, _ s: Shared) {
    let more = p.more ? ", more" : ""
    let position = p.results.isEmpty ? "" : "rows 1-\(p.results.count)\(more)"
    drawTitle(&g, p.query.isEmpty ? "Find a patient: type a name, phone, birthdate or #chart" : "Patients matching \"\(clean(p.query))\"\(p.hideInactive ? " (active only)" : "")",
              right: position, refreshing: p.load == .loading && !p.results.isEmpty)
    let wide = g.width >= 110
    let columns = [Column("Name", 0), Column("Birthdate", 10), Column("Phone", 13), Column("Status", 10)]
        + (wide ? [Column("Email", 26), Column("Chart#", 8), Column("Prov", 5)] : [Column("Chart#", 6)])
    let rows = p.results.map { r -> TableRow in
        let phone = [r.wirelessPhone, r.hmPhone, r.wkPhone].first { !$0.isEmpty } ?? ""
        let name = personName(r.lName, r.fName) + (r.preferred.isEmpty ? "" : " (\(clean(r.preferred)))")
        var cells = [s.masked ? Privacy.initials(name) : name,
                     Privacy.detail(r.birthdate?.description ?? "", s), Privacy.detail(clean(phone), s), clean(r.patStatus.rawValue)]
        cells += wide ? [Privacy.detail(clean(r.email), s), clean(r.chartNumber), clean(r.priProvAbbr)] : [clean(r.chartNumber)]
        return TableRow(cells, roles: [.normal, .normal, .normal, r.patStatus == .patient ? .normal : .dim, .dim, .dim, .dim])
    }
    let sel = p.cursor.selected.flatMap { id in p.results.firstIndex { $0.patNum == id } }
    Widgets.table(&g, x: 0, y: Area.header, width: g.width, height: g.height - Area.header, columns: columns, rows: rows,
                  selected: sel, scroll: p.cursor.scroll, ascii: s.ascii)
    s.drawState(&g, p.load, empty: p.results.isEmpty,
              emptyText: p.query.isEmpty ? (s.typingLine?.isSearch == true ? "Type: Smith · smith, jo · 555-1234 · 3/14/1980 · #1234 (Esc, then N: new patient)"
                                                          : "Press / and type: Smith · smith, jo · 555-1234 · 3/14/1980 · #1234") : "No patients match \"\(clean(p.query))\".")
}
