import Foundation
import OpenDentalAPI

public enum ScreenID: Int, CaseIterable, Sendable {
    case schedule, patients, lists
    public var title: String { ["Schedule", "Patients", "Lists"][rawValue] }
}

public enum ListKind: Int, CaseIterable, Sendable, Codable {
    case confirmations, waitingRoom, unscheduled, asap, planned, recall
    public var title: String {
        ["Confirmations", "Waiting room", "Unscheduled", "ASAP", "Planned", "Recall"][rawValue]
    }
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

/// A row of a list screen, ready to show.
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

/// Everything the patient screen shows.
public struct PatientDetail: Equatable, Sendable {
    public var patient: Patient
    public var family: [Patient]
    public var appointments: [Appointment]
    public var procedures: [ProcedureLog]
    public var commlogs: [Commlog]
    public var popups: [Popup]
    public var note: PatientNote?

    public init(patient: Patient, family: [Patient] = [], appointments: [Appointment] = [], procedures: [ProcedureLog] = [],
                commlogs: [Commlog] = [], popups: [Popup] = [], note: PatientNote? = nil) {
        self.patient = patient
        self.family = family
        self.appointments = appointments
        self.procedures = procedures
        self.commlogs = commlogs
        self.popups = popups
        self.note = note
    }
}

/// A line of text the user is typing: a search, a note, a date.
public struct Prompt: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case search, filter, date
        case note(aptNum: Int)
        case commlog(patNum: Int)
    }
    public var purpose: Purpose
    public var label: String
    public var text: String
}

/// A confirmation change that can be taken back by confirming with the previous status.
public struct UndoConfirm: Equatable, Sendable {
    public var aptNum: Int
    public var previousDefNum: Int
    public var previousName: String
}

/// A question before an irreversible write.
public struct Dialog: Equatable, Sendable {
    public var title: String
    public var lines: [String]
    /// Key -> effect to run.
    public var choices: [Character: Effect]
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

    // Schedule.
    public var day: LocalDate
    public var appointments: [Appointment] = []
    public var scheduleCursor = ListCursor()
    public var scheduleLoad: LoadState = .idle
    /// The schedule on screen came from the local cache, saved at this time; nil once the office answered.
    public var dayFrom: LocalDateTime?
    /// Grid view: operatories as columns, time down the side.
    public var gridView = false
    public var gridFirstOp = 0
    public var providerFilter: Int?
    public var opFilter: Int?
    public var clinicFilter: Int?
    public var opClinic: [Int: Int] = [:]
    public var opOrder: [Int] = []
    /// Confirmations list: only rows with this status word.
    public var statusFilter: String?

    // Patients.
    public var query = ""
    public var hideInactive = true
    public var results: [PatientSelectRow] = []
    public var resultsMore = false
    public var resultsLoad: LoadState = .idle
    public var patientCursor = ListCursor()
    /// Counts keystrokes in the search prompt, so only the last typing pause searches.
    public var typingGeneration = 0

    // Lists.
    public var listKind: ListKind = .confirmations
    public var listRows: [ListRow] = []
    public var listAppointments: [Int: Appointment] = [:]
    public var listLoad: LoadState = .idle
    public var listCursor = ListCursor()
    /// Lists as last seen (from the cache), shown only while the office cannot be reached.
    public var cachedLists: [ListKind: CachedList] = [:]
    /// The list on screen came from the cache, saved at this time.
    public var shownListFrom: LocalDateTime?

    // Patient detail (over any screen).
    public var detailPatNum: Int?
    public var detail: PatientDetail?
    public var detailLoad: LoadState = .idle
    public var detailScroll = 0

    public var filter = ""
    public var prompt: Prompt?
    public var dialog: Dialog?
    public var help = false
    public var helpScroll = 0
    public var message: String?
    public var messageIsError = false
    /// Rows with a write in flight, by AptNum: shown as "saving…".
    public var saving: [Int: String] = [:]
    public var quitting = false
    /// The last confirmation change, which `u` can take back: (AptNum, previous DefNum).
    public var undoConfirm: UndoConfirm?
    /// The last write that did not save or whose outcome is unknown (`R`).
    public var pendingWrite: PendingWrite?

    public init(today: LocalDate, now: LocalDateTime) {
        self.day = today
        self.now = now
    }

    // The cursors' parts by their old names (the rows' ids and first row shown).
    public var scheduleSelection: Int? { get { scheduleCursor.selected } set { scheduleCursor.selected = newValue } }
    public var scheduleScroll: Int { get { scheduleCursor.scroll } set { scheduleCursor.scroll = newValue } }
    public var patientSelection: Int? { get { patientCursor.selected } set { patientCursor.selected = newValue } }
    public var patientScroll: Int { get { patientCursor.scroll } set { patientCursor.scroll = newValue } }
    public var listSelection: Int? { get { listCursor.selected } set { listCursor.selected = newValue } }
    public var listScroll: Int { get { listCursor.scroll } set { listCursor.scroll = newValue } }

    public static let minWidth = 80
    public static let minHeight = 24
    public var tooSmall: Bool { width < Self.minWidth || height < Self.minHeight }
}

extension Appointment {
    /// The time to sort by: a row without a date (server data is never trusted to have one)
    /// sorts first instead of stopping the app.
    public var sortTime: LocalDateTime { aptDateTime ?? LocalDateTime(epochSeconds: 0) }
}
