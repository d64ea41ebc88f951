import Foundation
import OpenDentalAPI

/// The parts of a huddle, each read on its own and shown as it comes.
public enum HuddlePart: String, Codable, Sendable, CaseIterable {
    /// The day's appointments (the schedule's read, shared with it).
    case appointments
    /// Fees of the procedures attached to them.
    case fees
    /// Birthdays, premedication, balances, alerts, recalls, next visits, treatment plans.
    case patients
    /// The day's provider schedules and blockouts (open time).
    case schedules
    /// The ASAP and Unscheduled appointments that could fill open time.
    case candidates
}

/// The fees of one appointment's procedures of one provider.
public struct HuddleFee: Codable, Equatable, Sendable {
    public var aptNum: Int
    public var provNum: Int
    public var count: Int
    public var fee: Decimal
    public init(aptNum: Int, provNum: Int, count: Int, fee: Decimal) {
        self.aptNum = aptNum
        self.provNum = provNum
        self.count = count
        self.fee = fee
    }
}

/// What the huddle knows of one of the day's patients; nil where it could not be read.
public struct HuddlePatient: Codable, Equatable, Sendable {
    public var patNum: Int
    public var birthdate: LocalDate?
    public var guarantor: Int
    /// The family's balance (BalTotal, held on the guarantor); nil when not read.
    public var familyBalance: Decimal?
    /// nil: the office's Open Dental does not send it (before 25.2.30), or it was not read.
    public var premed: Bool?
    /// Active popups: the count and the first; nil when not read.
    public var alertCount: Int?
    public var alert: String?
    /// The soonest active recall's due date (nil: none); meaningful only when `recallKnown`.
    public var recallDue: LocalDate?
    public var recallKnown: Bool
    /// Scheduled appointments after the day; nil when not read.
    public var futureVisits: Int?
    /// Treatment-planned procedures on no appointment, and their fees; nil when not read.
    public var plannedCount: Int?
    public var plannedFee: Decimal?

    public init(patNum: Int, birthdate: LocalDate? = nil, guarantor: Int = 0, familyBalance: Decimal? = nil, premed: Bool? = nil,
                alertCount: Int? = nil, alert: String? = nil, recallDue: LocalDate? = nil, recallKnown: Bool = false,
                futureVisits: Int? = nil, plannedCount: Int? = nil, plannedFee: Decimal? = nil) {
        self.patNum = patNum
        self.birthdate = birthdate
        self.guarantor = guarantor
        self.familyBalance = familyBalance
        self.premed = premed
        self.alertCount = alertCount
        self.alert = alert
        self.recallDue = recallDue
        self.recallKnown = recallKnown
        self.futureVisits = futureVisits
        self.plannedCount = plannedCount
        self.plannedFee = plannedFee
    }
}

/// An ASAP or Unscheduled appointment that could fill open time.
public struct HuddleCandidate: Codable, Equatable, Sendable {
    public var aptNum: Int
    public var patNum: Int
    /// The provider whose time it needs (the hygienist for a hygiene visit).
    public var provNum: Int
    public var minutes: Int
    /// On the ASAP list (else the Unscheduled list).
    public var asap: Bool
    public init(aptNum: Int, patNum: Int, provNum: Int, minutes: Int, asap: Bool) {
        self.aptNum = aptNum
        self.patNum = patNum
        self.provNum = provNum
        self.minutes = minutes
        self.asap = asap
    }
}

/// What was read for a day's huddle. The figures are computed from it each time they are drawn
/// (never kept as text), so a cached copy shows the same figures the office's data gives.
public struct HuddleFacts: Codable, Equatable, Sendable {
    public var day: LocalDate
    public var appointments: [Appointment]?
    public var fees: [HuddleFee]?
    public var patients: [Int: HuddlePatient]?
    public var schedules: [Schedule]?
    /// The blockout types that forbid scheduling; nil when not read (every blockout then counts
    /// as blocking: open time is never overstated).
    public var noScheduling: Set<Int>?
    public var candidates: [HuddleCandidate]?
    /// Why a part cannot be had (by `HuddlePart.rawValue`): a permission, the office's version.
    public var why: [String: String] = [:]
    /// Requests the read took (for the status line and the benchmark).
    public var requests = 0

    public init(day: LocalDate) { self.day = day }

    public func reason(_ part: HuddlePart) -> String? { why[part.rawValue] }

    /// The appointments on the book that day (not broken, not on a list).
    public var booked: [Appointment] {
        (appointments ?? []).filter { [.scheduled, .complete, .asap].contains($0.aptStatus) }
            .sorted { ($0.sortTime, $0.aptNum) < ($1.sortTime, $1.aptNum) }
    }

    /// The day's patients, in the order of their first appointment.
    public var patNums: [Int] {
        var seen = Set<Int>()
        return booked.map(\.patNum).filter { seen.insert($0).inserted }
    }
}

extension Appointment {
    /// The provider whose day it is on: the hygienist for a hygiene visit.
    public var huddleProvider: Int { isHygiene && provHyg != 0 ? provHyg : provNum }
}
