import Foundation
import OpenDentalAPI
import TerminalUI

/// The patient screen's state: which patient, what is known of them, how far it is scrolled.
public struct PatientState: Equatable, Sendable {
    /// The patient shown; nil when the screen is closed.
    public var patNum: Int?
    public var detail: PatientDetail?
    public var load: LoadState = .idle
    public var scroll = 0
    /// Which upcoming appointment `c` acts on (0: the next one).
    public var appointmentIndex = 0
    /// An appointment just booked for this patient: chosen (▶) once the detail shows it.
    public var focusAptNum: Int?

    public init(patNum: Int? = nil) { self.patNum = patNum }
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

/// The patient screen: over whichever tab it was opened from, until Esc.
enum PatientScreen: Screen {
    static let title = "Patient"
    static let origin = Origin.patient

    static let bindings: [Binding] = [
        Binding([.escape], .back, "back", hint: true) { s in
            s.patient = PatientState()
            return []
        },
        Binding([.char("m")], .commlog, "note a call (commlog)", hint: true, writes: true, refusal: { $0.writeRefusal }) { s in
            guard let p = s.patient.patNum else { return [] }
            s.prompt = .callNote(patNum: p, label: "Note a call with \(s.name(p))")
            return []
        },
        PatientForms.editBinding,
        Binding([.char("B")], .book, "book an appointment (find an opening)", hint: true, short: "book", writes: true,
                refusal: BookingFlow.bookRefusal) { BookingFlow.openBook(&$0) },
        Binding([.char("["), .char("<")], .prevList, "previous upcoming appointment (for c)") { chooseAppointment(&$0, by: -1) },
        Binding([.char("]"), .char(">")], .nextList, "next upcoming appointment (for c)") { chooseAppointment(&$0, by: 1) },
        Binding([.char("c")], .confirm, "confirmation status of the marked upcoming appointment", hint: true, short: "confirm", writes: true,
                refusal: ConfirmFlow.refusal) { ConfirmFlow.open(&$0) },
    ] + GlobalKeys.movement + GlobalKeys.global

    /// Opens a patient over the screen on show, asking the office for what it shows.
    static func open(_ s: inout AppState, _ patNum: Int) -> [Effect] {
        s.patient = PatientState(patNum: patNum)
        s.patient.load = .loading
        return [.loadDetail(patNum)]
    }

    static func load(_ s: AppState) -> LoadState { s.patient.load }
    static func loads(_ e: Effect) -> Bool { if case .loadDetail = e { return true } else { return false } }
    static func startLoading(_ s: inout AppState) { s.patient.load = .loading }
    static func draw(_ g: inout Grid, _ s: AppState) { drawDetail(&g, s) }
    static func refresh(_ s: AppState, background: Bool) -> [Effect] { s.patient.patNum.map { [.loadDetail($0)] } ?? [] }
    static func selectedPatNum(_ s: AppState) -> Int? { s.patient.patNum }

    /// The patient's scheduled appointments from today on, soonest first (the first five are shown).
    static func upcoming(_ s: AppState) -> [Appointment] {
        guard let d = s.patient.detail else { return [] }
        let startOfToday = LocalDateTime(date: s.now.date, time: LocalTime(hour: 0, minute: 0))
        return d.appointments.filter { $0.aptStatus == .scheduled && ($0.aptDateTime.map { $0 >= startOfToday } ?? false) }
            .sorted { ($0.sortTime, $0.aptNum) < ($1.sortTime, $1.aptNum) }
    }

    /// The upcoming appointment `c` confirms here: the next one unless `[` `]` chose another.
    static func selectedAppointment(_ s: AppState) -> Appointment? {
        let all = Array(upcoming(s).prefix(5))
        guard !all.isEmpty else { return nil }
        return all[min(max(0, s.patient.appointmentIndex), all.count - 1)]
    }

    static func chooseAppointment(_ s: inout AppState, by delta: Int) -> [Effect] {
        let count = min(5, upcoming(s).count)
        s.patient.appointmentIndex = count == 0 ? 0 : max(0, min(count - 1, s.patient.appointmentIndex + delta))
        return []
    }
    static func position(_ s: AppState) -> String { "patient" }

    /// The patient screen scrolls (a jump to the top or bottom stops at 1,000 lines).
    static func move(_ s: inout AppState, by delta: Int) {
        s.patient.scroll = max(0, s.patient.scroll + max(-1000, min(1000, delta)))
    }

    static func click(_ s: inout AppState, row: Int) -> Bool { false }

    static func failed(_ s: inout AppState, _ text: String, offline: Bool) {
        if s.patient.load == .loading { s.patient.load = .failed(text) }
    }

    static func loaded(_ s: inout AppState, _ d: PatientDetail) -> [Effect] {
        guard d.patient.patNum == s.patient.patNum else { return [] }
        s.patient.detail = d
        s.patient.load = .loaded(at: s.clock)
        if let focus = s.patient.focusAptNum, let i = upcoming(s).prefix(5).firstIndex(where: { $0.aptNum == focus }) {
            s.patient.appointmentIndex = i
            s.patient.focusAptNum = nil
        }
        markOnline(&s)
        s.patientNames[d.patient.patNum] = personName(d.patient.lName, d.patient.fName)
        // A key refused while it loaded said so; that is no longer true (seen on a Remote office,
        // where the patient takes seconds: "still loading" stayed beside the loaded patient).
        if s.message == PatientScreen.stillLoading { s.message = nil }
        return []
    }

    static let stillLoading = "The patient is still loading"
}
