import Foundation
import OpenDentalAPI
import TerminalUI

/// The schedule's own state: the day on show and how it is filtered and drawn.
public struct ScheduleState: Equatable, Sendable {
    public var day: LocalDate
    public var appointments: [Appointment] = []
    public var cursor = ListCursor()
    public var load: LoadState = .idle
    /// The day on screen came from the local cache, saved at this time; nil once the office answered.
    public var from: LocalDateTime?
    /// Grid view: operatories as columns, time down the side.
    public var gridView = false
    public var gridFirstOp = 0
    public var providerFilter: Int?
    public var opFilter: Int?
    public var clinicFilter: Int?
    /// Rows marked with Space (AptNums), for the picker and break to act on all of them.
    public var marked: Set<Int> = []
    /// Free time shown as rows (`F`): from the day's schedules, read when shown.
    public var showFree = false
    public var daySchedules: [Schedule] = []
    public var schedulesDay: LocalDate?
    /// The time an appointment sent to the Unscheduled list left free: `H` fills it.
    public var lastHole: FreeTime?
    /// The appointment that left it (not offered back into its own hole).
    public var lastHoleSource: Int?
    /// A send to the Unscheduled list on its way: the hole it will leave.
    public var pendingHole: FreeTime?
    public var pendingHoleSource: Int?

    public init(day: LocalDate) { self.day = day }

    /// Another day: its rows are asked for, the old ones leave.
    mutating func show(_ d: LocalDate) {
        day = d
        appointments = []
        from = nil
        marked = []
        cursor.reset()
    }
}

/// The schedule's messages: its keys, the day and its schedules as read, and what the flows over
/// it (a hole left, a booking shown) tell it.
public enum ScheduleMessage: Equatable, Sendable {
    case entered
    case previousDay, nextDay, today
    case go(LocalDate)
    /// The date typed on the `d` line (its forms in `parseDate`).
    case dateEntered(String)
    /// `F`, `v`, `p`, `o`, `C`, `[`, `]`.
    case toggleFree, toggleGrid, cycleProvider, cycleOperatory, cycleClinic, opsLeft, opsRight
    /// A day's appointments from the office (`from` nil), or as the cache or another dashboard saw them.
    case dayLoaded(LocalDate, [Appointment], from: LocalDateTime?)
    case schedulesLoaded(LocalDate, [Schedule])
    case failed(String)
    /// A send to the Unscheduled list is on its way: the time it will leave free.
    case holePending(FreeTime, source: Int)
    /// A write saved: if it was that send, its hole is the one `H` fills.
    case writeSaved(aptNum: Int?)
    /// A booking or move saved: its row selected, on its day (`goTo`: the schedule moves there).
    case booked(aptNum: Int, day: LocalDate, goTo: Bool)
    /// The office answered a write with the appointment as it now is.
    case appointmentChanged(Appointment)
    /// The day as the cache kept it, at start: shown with its age until the office answers.
    case restored([Appointment], from: LocalDateTime?)
}

/// The day's appointments (`1`): a child feature; its state is `AppState.schedule`, changed only here.
enum ScheduleScreen: Feature {
    static let title = "Schedule"
    static let origin = Origin.schedule
    static var state: WritableKeyPath<AppState, ScheduleState> { \.schedule }
    static var cursor: WritableKeyPath<AppState, ListCursor>? { \.schedule.cursor }
    static var marks: WritableKeyPath<AppState, Set<Int>>? { \.schedule.marked }
    static let entered: ScheduleMessage? = .entered
    static func markedAppointments(_ s: AppState) -> [Appointment] { s.visibleAppointments.filter { s.schedule.marked.contains($0.aptNum) } }

    static func rows(_ sc: ScheduleState, _ shared: Shared) -> [Int] { sc.rows(shared).map(\.id) }
    static func loadState(_ sc: ScheduleState) -> LoadState { sc.load }
    static func loads(_ e: Effect) -> Bool { if case .loadDay = e { return true } else { return false } }
    static var drawsAppointmentsLive: Bool { true }
    static func startLoading(_ s: inout AppState) { s.schedule.load = .loading }
    static func dataFrom(_ s: AppState) -> LocalDateTime? { s.schedule.from }
    static func view(_ g: inout Grid, _ sc: ScheduleState, _ shared: Shared) { drawSchedule(&g, sc, shared) }
    static func reload(_ sc: ScheduleState, _ shared: Shared, background: Bool) -> [Effect] { [.loadDay(sc.day)] }

    static func selectedAppointment(_ s: AppState) -> Appointment? {
        s.visibleAppointments.first { $0.aptNum == s.schedule.cursor.selected }
    }

    static func selectedPatNum(_ s: AppState) -> Int? { selectedAppointment(s)?.patNum }

    static func defaultSelection(_ s: AppState, _ ids: [Int]) -> Int? { s.schedule.firstRow(ids, Shared(s)) }

    /// The grid is not a list of rows: a click there selects nothing.
    static func click(_ s: inout AppState, row: Int) -> Bool { !s.schedule.gridView && selectRow(&s, row) }

    static func failed(_ s: inout AppState, _ text: String, offline: Bool) { _ = send(&s, .failed(text)) }

    static func reduce(_ sc: inout ScheduleState, _ message: ScheduleMessage, _ shared: Shared) -> Step {
        switch message {
        case .entered:
            sc.load = .loading
            return .run(.loadDay(sc.day))
        case .previousDay: return go(&sc, to: sc.day.adding(days: -1))
        case .nextDay: return go(&sc, to: sc.day.adding(days: 1))
        case .today: return go(&sc, to: shared.now.date)
        case .go(let day): return go(&sc, to: day)
        case .dateEntered(let text):
            guard let d = parseDate(text, today: shared.now.date, current: sc.day) else { return .ask(.sayError("Not a date: \(text)")) }
            return go(&sc, to: d)
        case .toggleFree:
            sc.showFree.toggle()
            keep(&sc, shared)
            return Step(effects: freeTimeEffects(sc, shared),
                        requests: [.say(sc.showFree ? "Free time shown (H fills the selected hole)" : "Free time hidden")])
        case .toggleGrid:
            sc.gridView.toggle()
            return .ask(.say(sc.gridView ? "Grid: operatories as columns ([ ] to scroll sideways)" : "List view"))
        case .cycleProvider:
            let provs = Array(Set(sc.appointments.flatMap { [$0.provNum, $0.provHyg] }.filter { $0 != 0 })).sorted()
            sc.providerFilter = cycle(provs, sc.providerFilter)
            keep(&sc, shared)
            return .ask(.say(sc.providerFilter.map { "Provider: \(shared.providerAbbr[$0] ?? "#\($0)")" } ?? "All providers"))
        case .cycleOperatory:
            let ops = shared.opOrder.isEmpty ? Array(Set(sc.appointments.map(\.op))).sorted() : shared.opOrder
            sc.opFilter = cycle(ops, sc.opFilter)
            keep(&sc, shared)
            return .ask(.say(sc.opFilter.map { "Operatory: \(shared.opAbbr[$0] ?? "#\($0)")" } ?? "All operatories"))
        case .cycleClinic:
            let clinics = Array(Set(shared.opClinic.values.filter { $0 != 0 })).sorted()
            guard !clinics.isEmpty else { return .ask(.say("This office does not use clinics")) }
            sc.clinicFilter = cycle(clinics, sc.clinicFilter)
            keep(&sc, shared)
            return .ask(.say(sc.clinicFilter.map { "Clinic #\($0)" } ?? "All clinics"))
        case .opsLeft, .opsRight:
            sc.gridFirstOp = max(0, min(max(0, sc.gridOps(shared).count - 1), sc.gridFirstOp + (message == .opsLeft ? -1 : 1)))
            return .none
        case .dayLoaded(let day, let appts, let from):
            guard day == sc.day else { return .none }
            sc.appointments = appts.filter { $0.aptDateTime != nil }
            sc.from = from
            sc.load = .loaded(at: shared.clock)
            keep(&sc, shared)
            guard from != nil else { return Step(effects: freeTimeEffects(sc, shared), requests: [.online, .dayNames]) }
            // Nothing was asked of the office yet: one small request says whether it answers.
            return .ask(.probe, .dayNames)
        case .schedulesLoaded(let day, let schedules):
            guard day == sc.day else { return .none }
            sc.daySchedules = schedules
            sc.schedulesDay = day
            keep(&sc, shared)
            return .none
        case .failed(let text):
            if sc.load == .loading { sc.load = .failed(text) }
            return .none
        case .holePending(let hole, let source):
            sc.pendingHole = hole
            sc.pendingHoleSource = source
            return .none
        case .writeSaved(let apt):
            guard let hole = sc.pendingHole, sc.pendingHoleSource == apt else { return .none }
            sc.pendingHole = nil
            sc.lastHole = hole
            sc.lastHoleSource = apt
            // Earlier today: nobody can come then, so `H` is not offered (it says why if pressed).
            guard let ahead = hole.fromNow(shared.now) else { return .none }
            return .ask(.sayMore(" · H fills \(ahead.span) \(shared.opAbbr[hole.op] ?? "")"))
        case .booked(let apt, let day, let goTo):
            if goTo, sc.day != day {
                let step = go(&sc, to: day)
                sc.cursor.selected = apt
                return step
            }
            if sc.day == day { sc.cursor.selected = apt }
            return .none
        case .appointmentChanged(let a):
            if let i = sc.appointments.firstIndex(where: { $0.aptNum == a.aptNum }) { sc.appointments[i] = a }
            return .none
        case .restored(let appts, let from):
            guard sc.appointments.isEmpty else { return .none }
            sc.appointments = appts.filter { $0.aptDateTime != nil }
            sc.from = from
            keep(&sc, shared)
            return .none
        }
    }

    /// Another day: its rows are asked for, the old ones leave.
    static func go(_ sc: inout ScheduleState, to day: LocalDate) -> Step {
        sc.show(day)
        sc.load = .loading
        return .run(.loadDay(day))
    }

    /// The selection kept by id across a new read; today the first appointment not ended when it is gone.
    static func keep(_ sc: inout ScheduleState, _ shared: Shared) {
        let ids = rows(sc, shared)
        sc.cursor.keep(in: ids, fallback: sc.firstRow(ids, shared), visible: shared.contentRows)
    }

    /// What showing free time needs for the day on show: its schedules, and which blockout types block.
    static func freeTimeEffects(_ sc: ScheduleState, _ shared: Shared) -> [Effect] {
        guard sc.showFree, sc.schedulesDay != sc.day else { return [] }
        return [.loadDaySchedules(sc.day)] + (shared.appointmentTypesKnown ? [] : [.loadSchedulingReference])
    }
}

extension ScheduleScreen {
    /// The hole on the selected free row, if one is selected.
    static func selectedHole(_ s: AppState) -> FreeTime? {
        s.freeRows.first { $0.id == s.schedule.cursor.selected }
    }
}

extension ScheduleMessage: FeatureMessage {
    public func send(_ s: inout AppState) -> [Effect] { ScheduleScreen.send(&s, self) }
}

extension Msg {
    /// The schedule's own message.
    public static func schedule(_ m: ScheduleMessage) -> Msg { .feature(m) }
}
