import Foundation
import OpenDentalAPI
import TerminalUI

extension AppState {
    /// A patient's name as shown: initials while masked.
    public func name(_ patNum: Int) -> String {
        let n = patientNames[patNum] ?? "#\(patNum)"
        return masked ? Privacy.initials(n) : n
    }

    /// The status word shown for an appointment (never colour alone).
    public func confirmWord(_ a: Appointment) -> String { status(a).word }

    /// An appointment's status as this office names it.
    public func status(_ a: Appointment) -> AppointmentStatus { AppointmentStatus(a, confirmDefs: confirmDefs) }

    /// Rows of content the current screen has room for (under tabs, title and header; above status and hints).
    public var contentRows: Int { Layout.contentRows(height: height) }

    func defNum(named name: String) -> Int? { confirmDefs.first { $0.itemName == name }?.defNum }

    /// The confirmation status the office links to a check-in time, when it has one among its
    /// (visible) statuses.
    func linkedStatus(_ field: TimeField) -> Int? {
        guard let t = checkInTriggers else { return nil }
        let d: Int
        switch field {
        case .arrived: d = t.arrived
        case .seated: d = t.seated
        case .dismissed: d = t.dismissed
        }
        return d > 0 && confirmDefs.contains { $0.defNum == d } ? d : nil
    }
}
