import Foundation
import OpenDentalAPI

public enum ScreenID: Int, CaseIterable, Sendable {
    case schedule, patients, lists, huddle, offices
}

public enum LoadState: Equatable, Sendable {
    case idle
    case loading
    case loaded(at: Double)
    case failed(String)
}

public enum Connection: Equatable, Sendable {
    case unknown
    case online
    case offline(String)
}

/// How far the background directory crawl has come.
public struct DirectoryProgress: Equatable, Sendable {
    public var count: Int
    /// The office's patient count, when a query could tell it.
    public var total: Int?
    public init(count: Int, total: Int?) {
        self.count = count
        self.total = total
    }
}

/// The last change `u` can take back (a confirmation status, ASAP): the write that puts back
/// what was there, and its name for the status line.
public struct Undo: Equatable, Sendable {
    public var aptNum: Int
    public var restore: Effect
    public var previousName: String

    static func confirmation(_ a: Appointment, _ s: AppState) -> Undo {
        Undo(aptNum: a.aptNum, restore: .confirm(aptNum: a.aptNum, .defNum(a.confirmed)), previousName: s.confirmWord(a))
    }
}

public enum PendingRecall: Equatable, Sendable {
    case picker
    case book(patNum: Int, type: String)
    /// The patient and their recalls came before the recall types: kept until they come.
    case bookRead(type: String, patient: Patient, recalls: [Recall])
}

/// The whole app state. `update` is the only thing that changes it.
public struct AppState: Equatable, Sendable {
    public var width = 80
    public var height = 24
    public var now: LocalDateTime
    /// Monotonic seconds, for data age.
    public var clock: Double = 0
    public var screen: ScreenID = .schedule
    public var demo = false
    public var officeName = ""
    public var readOnly = false
    public var ascii = false
    public var operatorInitials = ""
    public var connection: Connection = .unknown
    /// A start that needed no request asked once whether the office answers.
    public var probed = false
    public var queued = 0
    /// Seconds left of a wait the office asked for (Retry-After), shown instead of "online".
    public var officeWait = 0
    /// The office is reached over plain http beyond this machine: said on the status line always.
    public var unencrypted = false
    public var themeName = "default"

    // Reference data.
    public var confirmDefs: [Definition] = []
    public var providerAbbr: [Int: String] = [:]
    public var opAbbr: [Int: String] = [:]
    public var patientNames: [Int: String] = [:]
    public var requestedNames: Set<Int> = []
    public var directoryCrawlStarted = false
    /// The key may run short queries (`GET /securityperms`); nil until it is known.
    public var queriesAllowed: Bool?
    /// Days whose names were asked for in one query.
    public var dayNamesRequested: Set<LocalDate> = []
    /// Days whose names query has answered.
    public var dayNamesAnswered: Set<LocalDate> = []
    /// The local cache holds the whole patient directory: names are looked up there first.
    public var directoryComplete = false
    /// Directory crawl progress for the status line ("names 1,200 / 5,000"); nil when not crawling.
    public var directoryProgress: DirectoryProgress?

    /// The statuses the office links to the check-in times; nil until known.
    public var checkInTriggers: CheckInTriggers?
    public var opClinic: [Int: Int] = [:]
    /// The office's operatories and providers as it sent them (booking needs their assignments).
    public var operatories: [Operatory] = []
    public var providers: [Provider] = []
    /// Appointment types (lengths for booking) and blockout types that forbid scheduling; nil until read.
    public var appointmentTypes: [AppointmentType]?
    /// Procedure codes' time patterns (procedurecode.ProcTime, by CodeNum), as far as read: the
    /// length of a treatment plan's visit.
    public var procedurePatterns: [Int: String] = [:]
    public var noSchedulingBlockouts: Set<Int> = []
    /// The office's recall statuses (DefCat 13) and recall types; nil until read.
    public var recallStatuses: [Definition]?
    public var recallTypes: [RecallType]?
    /// What waits for the recall reference or a patient's recalls.
    public var pendingRecall: PendingRecall?
    /// The operatories the office shows, in its order.
    public var opOrder: [Int] = []

    // The screens' own state (each in its folder under Screens/).
    public var schedule: ScheduleState
    public var patients = PatientsState()
    public var lists = ListsState()
    public var huddle = HuddleState()
    /// Every configured office (the Offices view, `O`), and today as read for this one's row.
    public var offices = OfficesState()
    public var today = OfficeToday()
    /// The patient screen, over any tab while it holds a patient.
    public var patient = PatientState()

    /// The filter typed with `/`, applied to the rows of the screen on show (cleared with Esc or another tab).
    public var filter = ""
    /// Dialogs, pickers, forms, the typing line, the finders and help, bottom to top
    /// (`Components/Overlay.swift`): the top one has the keys.
    public var overlays: [Overlay] = []
    /// Writes to many rows, one at a time (marked rows confirmed, call notes).
    public var bulk: BulkRun?
    /// What the last bulk run did not save or send: `R` sends them again.
    public var bulkRetry: [Effect] = []
    public var message: String?
    public var messageIsError = false
    /// When the message was set (`clock`), so a plain one fades.
    public var messageAt: Double = 0
    /// Rows with a write in flight, by AptNum: shown as "saving…".
    public var saving: [Int: String] = [:]
    public var quitting = false
    /// Names as initials, contact details and notes hidden (`P`).
    public var masked = false
    public var privacy = PrivacySettings()
    /// The idle lock is on: only its notice is drawn.
    public var locked = false
    /// Initials typed on the lock (shown as dots) and what the lock says.
    public var lockTyped = ""
    public var lockMessage: String?
    /// Rows older than this (seconds) are checked against the office before a write.
    public var checkAfterSeconds: Double = 30
    /// When the last key came (monotonic seconds, as `clock`).
    public var lastInput: Double = 0
    /// The action log could not be written, and the user was told.
    public var actionLogProblemSaid = false
    /// No operator initials were configured: the first write asks for them (for the action log).
    public var askInitials = false
    /// The last change `u` can take back.
    public var undo: Undo?
    /// The last write that did not save or whose outcome is unknown (`R`).
    public var pendingWrite: PendingWrite?

    public init(today: LocalDate, now: LocalDateTime) {
        self.schedule = ScheduleState(day: today)
        self.now = now
    }

    public static let minWidth = 80
    public static let minHeight = 24
    public var tooSmall: Bool { width < Self.minWidth || height < Self.minHeight }
}

extension Appointment {
    /// The time to sort by: a row without a date (server data is never trusted to have one)
    /// sorts first instead of stopping the app.
    public var sortTime: LocalDateTime { aptDateTime ?? LocalDateTime(epochSeconds: 0) }
}
