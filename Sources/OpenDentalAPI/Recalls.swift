import Foundation

// MARK: - Recall (GET /recalls?PatNum=), digest §3.13

/// One recall of a patient: unlike a `/recalls/List` row it carries its number and the date of
/// the appointment that answers it (`DateScheduled`, 0001-01-01 when none).
public struct Recall: OpenDentalRecord, Hashable {
    public var recallNum: Int
    public var patNum: Int
    public var dateDue: LocalDate?
    public var datePrevious: LocalDate?
    public var recallInterval: String
    public var recallStatus: Int
    public var recallStatusName: String
    public var note: String
    public var isDisabled: Bool
    public var recallTypeNum: Int
    public var dateScheduled: LocalDate?
    public var priority: ApptPriority?

    public var primaryKey: Int { recallNum }
    /// Scheduled already: an appointment answers it.
    public var isScheduled: Bool { dateScheduled.map { !$0.isSentinel } ?? false }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        recallNum = try f.int("RecallNum")
        patNum = try f.int("PatNum")
        dateDue = try f.date("DateDue")
        datePrevious = try f.date("DatePrevious")
        recallInterval = try f.string("RecallInterval")
        recallStatus = try f.fk("RecallStatus")
        recallStatusName = try f.string("recallStatus")
        note = try f.string("Note")
        isDisabled = try f.bool("IsDisabled")
        recallTypeNum = try f.fk("RecallTypeNum")
        dateScheduled = try f.date("DateScheduled")
        priority = try f.optEnum(ApptPriority.self, "Priority")
    }
}

// MARK: - RecallType (GET /recalltypes), 24.1.44

public struct RecallType: OpenDentalRecord, Hashable {
    public var recallTypeNum: Int
    public var description: String
    public var defaultInterval: String
    /// The visit's pattern (`X` and `/`); empty when the type has none.
    public var timePattern: String
    /// Procedure codes, comma-separated ("D0120,D1110").
    public var procedures: String

    public var primaryKey: Int { recallTypeNum }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        recallTypeNum = try f.int("RecallTypeNum")
        description = try f.string("Description")
        defaultInterval = try f.string("DefaultInterval")
        timePattern = try f.string("TimePattern")
        procedures = try f.string("Procedures")
    }
}

extension Endpoints {
    public static func recalls(patNum: Int? = nil) -> PagedRequest<Recall> {
        var q = Query()
        q.add("PatNum", patNum)
        return PagedRequest(path: "recalls", query: q.items)
    }

    public static func recallTypes() -> PagedRequest<RecallType> { PagedRequest(path: "recalltypes") }

    /// `PUT /recalls/Status`: sets the status and adds a commlog of its own, so it is never
    /// re-sent once it may have arrived (a second send is a second commlog).
    public static func setRecallStatus(patNum: Int, recallType: String, status: Int, commlogMode: CommItemMode? = .phone) -> APIRequest<NoContent> {
        var b = Body()
        b.set("PatNum", patNum)
        b.set("recallType", recallType)
        b.set("RecallStatus", status)
        b.set("commlogMode", commlogMode?.rawValue)
        return APIRequest(method: .put, path: "recalls/Status", body: b.encoded(), safety: .once, decode: noContent)
    }

    /// `POST /appointments/Planned` with an appointment type (its procedures and pattern).
    public static func createPlannedAppointment(patNum: Int, appointmentTypeNum: Int) -> APIRequest<Appointment> {
        var b = Body()
        b.set("PatNum", patNum)
        b.set("AppointmentTypeNum", appointmentTypeNum)
        return APIRequest(.post, "appointments/Planned", body: b.encoded(), safety: .once)
    }

    /// `POST /appointments/SchedulePlanned`: a new Scheduled appointment from a Planned one.
    public static func schedulePlanned(aptNum: Int, at: LocalDateTime, provNum: Int, op: Int) -> APIRequest<Appointment> {
        var b = Body()
        b.set("AptNum", aptNum)
        b.set("AptDateTime", at)
        b.set("ProvNum", provNum)
        b.set("Op", op)
        return APIRequest(.post, "appointments/SchedulePlanned", body: b.encoded(), safety: .once)
    }
}
