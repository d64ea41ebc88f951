import Foundation
import OpenDentalAPI
import TerminalUI

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
        if statusColumn >= 0, statusColumn < roles.count { roles[statusColumn] = AppointmentStatus(word: r.status).role }
        var cells = s.displayCells(r).map(clean)
        if let apt = r.aptNum, let saving = s.saving[apt], statusColumn >= 0, statusColumn < cells.count { cells[statusColumn] = saving }
        return TableRow(cells, roles: roles)
    }
    let sel = s.listSelection.flatMap { id in rows.firstIndex { $0.id == id } }
    Widgets.table(&g, x: 0, y: Layout.headerRow, width: g.width, height: s.contentRows + 1, columns: columns, rows: table,
                  selected: sel, scroll: s.listScroll, ascii: s.ascii)
    let empty: String
    switch s.listKind {
    case .confirmations: empty = "Everyone for the next two business days is confirmed."
    case .waitingRoom: empty = "Nobody is waiting."
    default: empty = "Nothing on this list."
    }
    drawState(&g, s.listLoad, empty: rows.isEmpty, emptyText: s.filter.isEmpty ? empty : "Nothing matches the filter.", s)
}
