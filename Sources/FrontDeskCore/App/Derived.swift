import Foundation
import OpenDentalAPI
import TerminalUI

extension AppState {
    /// The day's appointments in time order, after the local filter.
    public var visibleAppointments: [Appointment] {
        let sorted = appointments.filter { a in
            (providerFilter == nil || a.provNum == providerFilter || a.provHyg == providerFilter)
                && (opFilter == nil || a.op == opFilter)
                && (clinicFilter == nil || (opClinic[a.op] ?? a.clinicNum) == clinicFilter)
        }.sorted { ($0.sortTime, $0.op, $0.aptNum) < ($1.sortTime, $1.op, $1.aptNum) }
        guard !filter.isEmpty else { return sorted }
        let f = filter.lowercased()
        return sorted.filter { a in
            name(a.patNum).lowercased().contains(f) || a.procDescript.lowercased().contains(f) || a.provAbbr.lowercased().contains(f)
                || (opAbbr[a.op] ?? "").lowercased().contains(f) || confirmWord(a).lowercased().contains(f)
        }
    }

    public var visibleListRows: [ListRow] {
        let rows = statusFilter.map { st in listRows.filter { $0.status == st } } ?? listRows
        guard !filter.isEmpty else { return rows }
        let f = filter.lowercased()
        return rows.filter { displayCells($0).joined(separator: " ").lowercased().contains(f) }
    }

    /// A list row's cells as shown, with the patient's name filled in.
    public func displayCells(_ r: ListRow) -> [String] {
        guard let c = r.nameColumn, c < r.cells.count else { return r.cells }
        var cells = r.cells
        cells[c] = name(r.patNum)
        return cells
    }

    /// The operatories the grid shows, in the office's order, after the filters.
    public var gridOps: [Int] {
        let base = opOrder.isEmpty ? Array(Set(appointments.map(\.op))).sorted() : opOrder
        return base.filter { op in (opFilter == nil || op == opFilter) && (clinicFilter == nil || opClinic[op] == clinicFilter) }
    }

    public func name(_ patNum: Int) -> String { patientNames[patNum] ?? "#\(patNum)" }

    /// The status word shown for an appointment (never colour alone).
    public func confirmWord(_ a: Appointment) -> String { status(a).word }

    /// A list's rows from what the office answered, with this office's names and the time now.
    func listRows(_ source: ListSource) -> ([ListRow], [Appointment]) {
        ListRows.rows(source, now: now, opNames: opAbbr, confirmDefs: confirmDefs)
    }

    /// An appointment's status as this office names it.
    public func status(_ a: Appointment) -> AppointmentStatus { AppointmentStatus(a, confirmDefs: confirmDefs) }

    /// Rows of content the current screen has room for (under tabs, title and header; above status and hints).
    public var contentRows: Int { Layout.contentRows(height: height) }

    func defNum(named name: String) -> Int? { confirmDefs.first { $0.itemName == name }?.defNum }
}
