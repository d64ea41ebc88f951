import Foundation
import OpenDentalAPI
import TerminalUI

func drawPatients(_ g: inout Grid, _ s: AppState) {
    let more = s.patients.more ? ", more" : ""
    let position = s.patients.results.isEmpty ? "" : "rows 1-\(s.patients.results.count)\(more)"
    drawTitle(&g, s.patients.query.isEmpty ? "Find a patient: type a name, phone, birthdate or #chart" : "Patients matching \"\(clean(s.patients.query))\"\(s.patients.hideInactive ? " (active only)" : "")",
              right: position, refreshing: s.patients.load == .loading && !s.patients.results.isEmpty)
    let wide = g.width >= 110
    let columns = [Column("Name", 0), Column("Birthdate", 10), Column("Phone", 13), Column("Status", 10)]
        + (wide ? [Column("Email", 26), Column("Chart#", 8), Column("Prov", 5)] : [Column("Chart#", 6)])
    let rows = s.patients.results.map { p -> TableRow in
        let phone = [p.wirelessPhone, p.hmPhone, p.wkPhone].first { !$0.isEmpty } ?? ""
        let name = personName(p.lName, p.fName) + (p.preferred.isEmpty ? "" : " (\(clean(p.preferred)))")
        var cells = [s.masked ? Privacy.initials(name) : name,
                     Privacy.detail(p.birthdate?.description ?? "", s), Privacy.detail(clean(phone), s), clean(p.patStatus.rawValue)]
        cells += wide ? [Privacy.detail(clean(p.email), s), clean(p.chartNumber), clean(p.priProvAbbr)] : [clean(p.chartNumber)]
        return TableRow(cells, roles: [.normal, .normal, .normal, p.patStatus == .patient ? .normal : .dim, .dim, .dim, .dim])
    }
    let sel = s.patients.cursor.selected.flatMap { id in s.patients.results.firstIndex { $0.patNum == id } }
    Widgets.table(&g, x: 0, y: Area.header, width: g.width, height: g.height - Area.header, columns: columns, rows: rows,
                  selected: sel, scroll: s.patients.cursor.scroll, ascii: s.ascii)
    drawState(&g, s.patients.load, empty: s.patients.results.isEmpty,
              emptyText: s.patients.query.isEmpty ? (s.prompt?.isSearch == true ? "Type: Smith · smith, jo · 555-1234 · 3/14/1980 · #1234 (Esc, then N: new patient)"
                                                          : "Press / and type: Smith · smith, jo · 555-1234 · 3/14/1980 · #1234") : "No patients match \"\(clean(s.patients.query))\".", s)
}
