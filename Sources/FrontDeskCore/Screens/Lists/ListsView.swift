import Foundation
import OpenDentalAPI
import TerminalUI

func drawLists(_ g: inout Grid, _ l: ListsState, _ s: Shared) {
    let rows = l.visibleRows(s)
    var tabs = ""
    for k in ListKind.allCases { tabs += k == l.kind ? "[\(k.title)] " : " \(k.title)  " }
    drawTitle(&g, tabs, right: (l.statusFilter.map { "only \($0) · " } ?? "") + "\(rows.count) rows",
              refreshing: l.load == .loading && !rows.isEmpty)
    let kind = l.kind
    let columns = kind.columns.map(\.header)
    let statusColumn = kind.columns.firstIndex(of: .status) ?? -1
    let table = rows.map { r -> TableRow in
        var roles = Array(repeating: Role.normal, count: r.cells.count)
        if statusColumn >= 0, statusColumn < roles.count { roles[statusColumn] = AppointmentStatus(word: r.status).role }
        var cells = l.displayCells(r, s).map(clean)
        if let apt = r.aptNum, let saving = s.saving[apt], statusColumn >= 0, statusColumn < cells.count { cells[statusColumn] = saving }
        return TableRow(cells, roles: roles, marked: l.marked.contains(r.id))
    }
    let sel = l.cursor.selected.flatMap { id in rows.firstIndex { $0.id == id } }
    Widgets.table(&g, x: 0, y: Area.header, width: g.width, height: g.height - Area.header, columns: columns, rows: table,
                  selected: sel, scroll: l.cursor.scroll, ascii: s.ascii)
    let empty = kind.emptyText
    s.drawState(&g, l.load, empty: rows.isEmpty, emptyText: s.filter.isEmpty ? empty : "Nothing matches the filter.")
}
