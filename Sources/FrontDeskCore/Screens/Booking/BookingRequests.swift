import Foundation
import OpenDentalAPI
import TerminalUI

/// What a booking sends: `POST /appointments` into an opening.
public struct BookRequest: Equatable, Sendable {
    public var patNum: Int
    public var at: LocalDateTime
    public var op: Int
    public var pattern: String
    public var provNum: Int
    public var provHyg: Int
    public var isHygiene: Bool
    public var clinicNum: Int
    public var appointmentTypeNum: Int?
    public var isNewPatient: Bool

    public init(patNum: Int, at: LocalDateTime, op: Int, pattern: String, provNum: Int, provHyg: Int, isHygiene: Bool, clinicNum: Int,
                appointmentTypeNum: Int?, isNewPatient: Bool) {
        self.patNum = patNum
        self.at = at
        self.op = op
        self.pattern = pattern
        self.provNum = provNum
        self.provHyg = provHyg
        self.isHygiene = isHygiene
        self.clinicNum = clinicNum
        self.appointmentTypeNum = appointmentTypeNum
        self.isNewPatient = isNewPatient
    }

    public var fields: AppointmentFields {
        AppointmentFields(patNum: patNum, op: op, aptDateTime: at, aptStatus: .scheduled, pattern: pattern, provNum: provNum,
                          provHyg: provHyg, clinicNum: clinicNum, isHygiene: isHygiene, isNewPatient: isNewPatient,
                          appointmentTypeNum: appointmentTypeNum)
    }
}

/// What a move sends: `PUT /appointments/{n}` with the new time, operatory and providers; a
/// Broken or Unscheduled-list appointment becomes Scheduled, a move to another day may reset the
/// confirmation (the desktop asks), and an ASAP appointment loses its mark.
public struct MoveRequest: Equatable, Sendable {
    public var aptNum: Int
    public var patNum: Int
    public var at: LocalDateTime
    public var op: Int
    public var pattern: String
    public var provNum: Int
    public var provHyg: Int
    public var status: ApptStatus?
    public var confirmed: Int?
    public var clearASAP: Bool

    public init(aptNum: Int, patNum: Int, at: LocalDateTime, op: Int, pattern: String, provNum: Int, provHyg: Int, status: ApptStatus?,
                confirmed: Int?, clearASAP: Bool) {
        self.aptNum = aptNum
        self.patNum = patNum
        self.at = at
        self.op = op
        self.pattern = pattern
        self.provNum = provNum
        self.provHyg = provHyg
        self.status = status
        self.confirmed = confirmed
        self.clearASAP = clearASAP
    }

    public var fields: AppointmentFields {
        AppointmentFields(op: op, aptDateTime: at, aptStatus: status, confirmed: confirmed, provNum: provNum, provHyg: provHyg,
                          priority: clearASAP ? .normal : nil)
    }
}
