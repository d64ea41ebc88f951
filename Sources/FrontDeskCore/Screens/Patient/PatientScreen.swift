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

/// The patient screen's messages.
public enum PatientMessage: Equatable, Sendable {
    /// Open this patient (over whatever is shown), asking the office for what the screen shows.
    case open(Int)
    /// Esc, or another tab: the screen closes.
    case close
    /// `m`: a call noted with the patient.
    case noteCall
    /// `[` `]`: another upcoming appointment for `c`.
    case previousAppointment, nextAppointment
    case loaded(PatientDetail)
    case failed(String)
    /// An appointment just booked for `patNum`: chosen once the detail shows it, if this screen
    /// shows that patient.
    case focus(aptNum: Int, patNum: Int)
    /// The office answered a write with the appointment as it now is.
    case appointmentChanged(Appointment)
}

/// The patient screen: over whichever tab it was opened from, until Esc. A child feature; its
/// state is `AppState.patient`, changed only here.
enum PatientScreen: Feature {
    static let title = "Patient"
    static let origin = Origin.patient
    static var state: WritableKeyPath<AppState, PatientState> { \.patient }

    static let bindings: [Binding] = [
        key([.escape], .back, "back", hint: true, .close),
        key([.char("m")], .commlog, "note a call (commlog)", hint: true, writes: true, refusal: { _, shared in shared.writeRefusal }, .noteCall),
        PatientForms.editBinding,
        Binding([.char("B")], .book, "book an appointment (find an opening)", hint: true, short: "book", writes: true,
                refusal: { BookingFlow.bookRefusal($0, $0.patient.detail) }) { s in s.patient.detail.map { BookingFlow.openBook(&s, $0) } ?? [] },
        key([.char("["), .char("<")], .prevList, "previous upcoming appointment (for c)", .previousAppointment),
        key([.char("]"), .char(">")], .nextList, "next upcoming appointment (for c)", .nextAppointment),
        Binding([.char("c")], .confirm, "confirmation status of the marked upcoming appointment", hint: true, short: "confirm", writes: true,
                refusal: ConfirmFlow.refusal) { ConfirmFlow.open(&$0) },
    ] + GlobalKeys.movement + GlobalKeys.global

    /// Opens a patient over the screen on show, asking the office for what it shows.
    static func open(_ s: inout AppState, _ patNum: Int) -> [Effect] { send(&s, .open(patNum)) }

    static func loadState(_ p: PatientState) -> LoadState { p.load }
    static func loads(_ e: Effect) -> Bool { if case .loadDetail = e { return true } else { return false } }
    static func startLoading(_ s: inout AppState) { s.patient.load = .loading }
    static func view(_ g: inout Grid, _ p: PatientState, _ shared: Shared) { drawDetail(&g, p, shared) }
    static func reload(_ p: PatientState, _ shared: Shared, background: Bool) -> [Effect] { p.patNum.map { [.loadDetail($0)] } ?? [] }
    static func selectedPatNum(_ s: AppState) -> Int? { s.patient.patNum }

    /// The upcoming appointment `c` confirms here: the next one unless `[` `]` chose another.
    static func selectedAppointment(_ s: AppState) -> Appointment? { s.patient.chosen(Shared(s)) }
    static func position(_ s: AppState) -> String { "patient" }

    /// The patient screen scrolls (a jump to the top or bottom stops at 1,000 lines).
    static func move(_ s: inout AppState, by delta: Int) {
        s.patient.scroll = max(0, s.patient.scroll + max(-1000, min(1000, delta)))
    }

    static func click(_ s: inout AppState, row: Int) -> Bool { false }
    static func failed(_ s: inout AppState, _ text: String, offline: Bool) { _ = send(&s, .failed(text)) }

    static func reduce(_ p: inout PatientState, _ message: PatientMessage, _ shared: Shared) -> Step {
        switch message {
        case .open(let patNum):
            p = PatientState(patNum: patNum)
            p.load = .loading
            return .run(.loadDetail(patNum))
        case .close:
            p = PatientState()
            return .none
        case .noteCall:
            guard let n = p.patNum else { return .none }
            return .ask(.open(.prompt(.callNote(patNum: n, label: "Note a call with \(shared.name(n))"))))
        case .previousAppointment, .nextAppointment:
            let count = min(5, p.upcoming(shared).count)
            let delta = message == .previousAppointment ? -1 : 1
            p.appointmentIndex = count == 0 ? 0 : max(0, min(count - 1, p.appointmentIndex + delta))
            return .none
        case .loaded(let d):
            guard d.patient.patNum == p.patNum else { return .none }
            p.detail = d
            p.load = .loaded(at: shared.clock)
            if let focus = p.focusAptNum, let i = p.upcoming(shared).prefix(5).firstIndex(where: { $0.aptNum == focus }) {
                p.appointmentIndex = i
                p.focusAptNum = nil
            }
            // A key refused while it loaded said so; that is no longer true (seen on a Remote office,
            // where the patient takes seconds: "still loading" stayed beside the loaded patient).
            return .ask(.online, .learnNames([d.patient.patNum: personName(d.patient.lName, d.patient.fName)]), .unsay(stillLoading))
        case .failed(let text):
            if p.load == .loading { p.load = .failed(text) }
            return .none
        case .focus(let apt, let patNum):
            if p.patNum == patNum { p.focusAptNum = apt }
            return .none
        case .appointmentChanged(let a):
            if let i = p.detail?.appointments.firstIndex(where: { $0.aptNum == a.aptNum }) { p.detail?.appointments[i] = a }
            return .none
        }
    }

    static let stillLoading = "The patient is still loading"
}

extension PatientState {
    /// The patient's scheduled appointments from today on, soonest first (the first five are shown).
    func upcoming(_ shared: Shared) -> [Appointment] {
        guard let d = detail else { return [] }
        let startOfToday = LocalDateTime(date: shared.now.date, time: LocalTime(hour: 0, minute: 0))
        return d.appointments.filter { $0.aptStatus == .scheduled && ($0.aptDateTime.map { $0 >= startOfToday } ?? false) }
            .sorted { ($0.sortTime, $0.aptNum) < ($1.sortTime, $1.aptNum) }
    }

    /// The upcoming appointment `c` acts on.
    func chosen(_ shared: Shared) -> Appointment? {
        let all = Array(upcoming(shared).prefix(5))
        guard !all.isEmpty else { return nil }
        return all[min(max(0, appointmentIndex), all.count - 1)]
    }
}

extension PatientMessage: FeatureMessage {
    public func send(_ s: inout AppState) -> [Effect] { PatientScreen.send(&s, self) }
}

extension Msg {
    /// The patient screen's own message.
    public static func patient(_ m: PatientMessage) -> Msg { .feature(m) }
}
