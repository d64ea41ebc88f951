import Foundation
import OpenDentalAPI

/// The state's names from before each screen owned its part (`s.day` for `s.schedule.day`):
/// the tests written then still read them. New code uses the screen's own state.
extension AppState {
    public var day: LocalDate { get { schedule.day } set { schedule.day = newValue } }
    public var appointments: [Appointment] { get { schedule.appointments } set { schedule.appointments = newValue } }
    public var scheduleLoad: LoadState { get { schedule.load } set { schedule.load = newValue } }
    public var dayFrom: LocalDateTime? { get { schedule.from } set { schedule.from = newValue } }
    public var gridView: Bool { get { schedule.gridView } set { schedule.gridView = newValue } }
    public var providerFilter: Int? { get { schedule.providerFilter } set { schedule.providerFilter = newValue } }
    public var opFilter: Int? { get { schedule.opFilter } set { schedule.opFilter = newValue } }
    public var clinicFilter: Int? { get { schedule.clinicFilter } set { schedule.clinicFilter = newValue } }
    public var scheduleSelection: Int? { get { schedule.cursor.selected } set { schedule.cursor.selected = newValue } }
    public var scheduleScroll: Int { get { schedule.cursor.scroll } set { schedule.cursor.scroll = newValue } }

    public var query: String { get { patients.query } set { patients.query = newValue } }
    public var hideInactive: Bool { get { patients.hideInactive } set { patients.hideInactive = newValue } }
    public var results: [PatientSelectRow] { get { patients.results } set { patients.results = newValue } }
    public var resultsMore: Bool { get { patients.more } set { patients.more = newValue } }
    public var resultsLoad: LoadState { get { patients.load } set { patients.load = newValue } }
    public var typingGeneration: Int { get { patients.typingGeneration } set { patients.typingGeneration = newValue } }
    public var patientSelection: Int? { get { patients.cursor.selected } set { patients.cursor.selected = newValue } }
    public var patientScroll: Int { get { patients.cursor.scroll } set { patients.cursor.scroll = newValue } }

    public var listKind: ListKind { get { lists.kind } set { lists.kind = newValue } }
    public var listRows: [ListRow] { get { lists.rows } set { lists.rows = newValue } }
    public var listLoad: LoadState { get { lists.load } set { lists.load = newValue } }
    public var cachedLists: [ListKind: CachedList] { get { lists.cached } set { lists.cached = newValue } }
    public var statusFilter: String? { get { lists.statusFilter } set { lists.statusFilter = newValue } }
    public var listSelection: Int? { get { lists.cursor.selected } set { lists.cursor.selected = newValue } }

    public var detailPatNum: Int? { get { patient.patNum } set { patient.patNum = newValue } }
    public var detail: PatientDetail? { get { patient.detail } set { patient.detail = newValue } }
    public var detailLoad: LoadState { get { patient.load } set { patient.load = newValue } }
    public var undoConfirm: Undo? { get { undo } set { undo = newValue } }
}
