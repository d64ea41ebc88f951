import Foundation
import TerminalUI

/// The lists the Lists screen shows, `[` and `]` between them.
public enum ListKind: Int, CaseIterable, Sendable, Codable {
    case confirmations, waitingRoom, unscheduled, asap, planned, recall
    public var title: String {
        ["Confirmations", "Waiting room", "Unscheduled", "ASAP", "Planned", "Recall"][rawValue]
    }

    /// Its columns, in the order drawn. Rows are built by column name (`ListRow(kind, [...])`),
    /// so a column moves or changes here alone.
    public var columns: [ListColumn] {
        switch self {
        case .confirmations: return [.date, .time, .patient, .status, .phone, .prefers]
        case .waitingRoom: return [.appointment, .arrived, .waiting, .patient, .operatory, .provider]
        case .unscheduled, .asap, .planned: return [.date, .patient, .status, .procedures, .provider]
        case .recall: return [.due, .patient, .recallType, .reminded, .contact]
        }
    }

    /// The words shown when it has no rows.
    var emptyText: String {
        switch self {
        case .confirmations: return "Everyone for the next two business days is confirmed."
        case .waitingRoom: return "Nobody is waiting."
        default: return "Nothing on this list."
        }
    }
}

/// A column of a list, with its header and width (0: takes the room left).
public enum ListColumn: String, Sendable, CaseIterable {
    case date, time, patient, status, phone, prefers
    case appointment, arrived, waiting, operatory, provider, procedures
    case due, recallType, reminded, contact

    var header: Column {
        switch self {
        case .date: return Column("Date", 10)
        case .time: return Column("Time", 5)
        case .patient: return Column("Patient", 0)
        case .status: return Column("Status", 11)
        case .phone: return Column("Phone", 13)
        case .prefers: return Column("Prefers", 11)
        case .appointment: return Column("Appt", 5)
        case .arrived: return Column("Arrived", 7)
        case .waiting: return Column("Waiting", 8, alignRight: true)
        case .operatory: return Column("Op", 6)
        case .provider: return Column("Prov", 5)
        case .procedures: return Column("Procedures", 20)
        case .due: return Column("Due", 10)
        case .recallType: return Column("Type", 12)
        case .reminded: return Column("Reminded", 8, alignRight: true)
        case .contact: return Column("Contact", 14)
        }
    }
}

/// A row of a list screen, ready to show: one cell per column of its list, in that order.
public struct ListRow: Equatable, Sendable, Codable {
    public var id: Int
    public var patNum: Int
    public var aptNum: Int?
    public var cells: [String]
    public var status: String
    /// The cell that shows the patient's name, filled from the app's name directory when drawn
    /// (the same one the schedule uses), so a list needs no look-up of its own.
    public var nameColumn: Int?

    public init(id: Int, patNum: Int, aptNum: Int?, cells: [String], status: String = "", nameColumn: Int? = nil) {
        self.id = id
        self.patNum = patNum
        self.aptNum = aptNum
        self.cells = cells
        self.status = status
        self.nameColumn = nameColumn
    }

    /// A row of `kind` from its cells by column; `nameFromDirectory`: the patient column shows
    /// the name the app knows (the cell given is not used).
    public init(_ kind: ListKind, id: Int, patNum: Int, aptNum: Int?, _ values: [ListColumn: String], status: String = "",
                nameFromDirectory: Bool = false) {
        let columns = kind.columns
        self.init(id: id, patNum: patNum, aptNum: aptNum, cells: columns.map { values[$0] ?? "" }, status: status,
                  nameColumn: nameFromDirectory ? columns.firstIndex(of: .patient) : nil)
    }

    /// Whether its name comes from the app's directory.
    var namedFromDirectory: Bool { nameColumn != nil }
}
