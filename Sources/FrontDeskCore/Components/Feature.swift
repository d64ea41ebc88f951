import Foundation
import OpenDentalAPI
import TerminalUI

/// What every screen may read and none may write: the clock, the size, the privacy mask, the
/// connection, the office's reference data and the names. A feature's reducer and view are handed
/// this and their own state, nothing else, so a screen cannot read or change another's state.
public struct Shared: Sendable {
    private let app: AppState
    init(_ app: AppState) { self.app = app }

    public var now: LocalDateTime { app.now }
    /// Monotonic seconds (data age, refresh timing).
    public var clock: Double { app.clock }
    public var contentRows: Int { app.contentRows }
    public var masked: Bool { app.masked }
    public var ascii: Bool { app.ascii }
    public var demo: Bool { app.demo }
    /// Writes are hidden and refused (read-only mode).
    public var readOnly: Bool { app.readOnly }
    public var officeName: String { app.officeName }
    public var connection: Connection { app.connection }
    public var confirmDefs: [Definition] { app.confirmDefs }
    public var providerAbbr: [Int: String] { app.providerAbbr }
    public var operatories: [Operatory] { app.operatories }
    public var opAbbr: [Int: String] { app.opAbbr }
    /// Each operatory's clinic, and the operatories in the office's order.
    public var opClinic: [Int: Int] { app.opClinic }
    public var opOrder: [Int] { app.opOrder }
    /// The appointment types (lengths, blockouts that forbid booking) have been read.
    public var appointmentTypesKnown: Bool { app.appointmentTypes != nil }
    /// Every name known (the directory, the day's names, searches).
    public var patientNames: [Int: String] { app.patientNames }
    /// The filter typed with `/`, applied to the rows of the screen on show.
    public var filter: String { app.filter }
    public var noSchedulingBlockouts: Set<Int> { app.noSchedulingBlockouts }
    /// Today as this office last read it (the Offices view's row), whatever day a screen shows.
    public var today: OfficeToday { app.today }
    /// Rows with a write on its way ("saving…"), by AptNum.
    public var saving: [Int: String] { app.saving }
    /// Why no write can be sent now (read-only, offline...), or nil.
    public var writeRefusal: String? { app.writeRefusal }
    /// The typing line, while one is open (the overlays are the app's, shown over every screen).
    public var typingLine: Prompt? { app.prompt }
    public func name(_ patNum: Int) -> String { app.name(patNum) }
    public func status(_ a: Appointment) -> AppointmentStatus { app.status(a) }
    public func dataAge(_ from: LocalDateTime) -> String { app.dataAge(from) }
    /// Loading, empty, failed and offline states in words, over the content area.
    func drawState(_ g: inout Grid, _ load: LoadState, empty: Bool, emptyText: String) {
        FrontDeskCore.drawState(&g, load, empty: empty, emptyText: emptyText, app)
    }
}

/// What a feature asks of the app: the app carries these out, in order, after its reducer ran.
/// They are the only ways out of a feature besides the effects it returns.
public enum AppRequest: Equatable, Sendable {
    /// A word on the status line (not an error).
    case say(String)
    /// A word on the status line that is an error (it stays until Esc or the next word).
    case sayError(String)
    /// The status line's word, taken away if it is still this one.
    case unsay(String)
    /// More words after what the status line says now.
    case sayMore(String)
    /// The office answered (an "unreachable" is stale).
    case online
    /// The names these rows show, asked for where they are not known.
    case names([Int])
    /// Names learnt on the way (a search's rows): they serve every screen.
    case learnNames([Int: String])
    /// The names of the schedule's day: by one query where the office allows it, else one by one.
    case dayNames
    /// Shown from the cache with nothing asked yet: one small request says whether the office answers.
    case probe
    /// Open this patient over the screen.
    case openPatient(Int)
    /// Put this overlay on top.
    case open(Overlay)
    /// Show configured office `n` (the runtime swaps the dashboard).
    case showOffice(Int)
}

/// What a feature's reducer hands back: the I/O for the runtime, and what it asks of the app.
public struct Step: Equatable, Sendable {
    public var effects: [Effect] = []
    public var requests: [AppRequest] = []
    public init(effects: [Effect] = [], requests: [AppRequest] = []) {
        self.effects = effects
        self.requests = requests
    }
    static let none = Step()
    static func run(_ effects: Effect...) -> Step { Step(effects: effects) }
    static func ask(_ requests: AppRequest...) -> Step { Step(requests: requests) }
}

/// A screen as a child feature (swift-composable-architecture's `Scope`, bubbles' `Model.Update`):
/// its own state (a field of `AppState` it alone changes), its own messages, a reducer handed its
/// state and the `Shared` view, and a view drawn from the same two. `send` scopes a message to it;
/// what it asks of the app (`AppRequest`) is carried out by `carry`, the one place a feature's
/// wishes touch the rest of the app. The `Screen` requirements that take `AppState` follow from
/// these (see the extension below), so the router, the chrome and the tests treat it as any screen.
protocol Feature: Screen {
    associatedtype State: Equatable & Sendable
    associatedtype Message: Sendable
    /// Where its state lives in `AppState`.
    static var state: WritableKeyPath<AppState, State> { get }
    static func reduce(_ state: inout State, _ message: Message, _ shared: Shared) -> Step
    static func view(_ g: inout Grid, _ state: State, _ shared: Shared)
    /// The ids of its rows as shown, in order.
    static func rows(_ state: State, _ shared: Shared) -> [Int]
    static func loadState(_ state: State) -> LoadState
    /// What to reload (`r`, a refresh tick); `background` for the tick.
    static func reload(_ state: State, _ shared: Shared, background: Bool) -> [Effect]
    /// The message that `enter` (the tab chosen) sends it.
    static var entered: Message? { get }
}

extension Feature {
    static var entered: Message? { nil }
    static func loadState(_ state: State) -> LoadState { .idle }
    static func rows(_ state: State, _ shared: Shared) -> [Int] { [] }

    /// Runs `message` on the feature's own state and carries out what it asks of the app.
    static func send(_ s: inout AppState, _ message: Message) -> [Effect] {
        let shared = Shared(s)
        let step = reduce(&s[keyPath: state], message, shared)
        return step.effects + carry(&s, step.requests)
    }

    /// A key binding that sends the feature a message.
    static func key(_ keys: [Key], _ action: Action, _ help: String, hint: Bool = false, short: String? = nil, writes: Bool = false,
                    refusal: (@Sendable (State, Shared) -> String?)? = nil, _ message: Message) -> Binding {
        let ask: (@Sendable (AppState) -> String?)?
        if let refusal { ask = { s in refusal(s[keyPath: Self.state], Shared(s)) } } else { ask = nil }
        return Binding(keys, action, help, hint: hint, short: short, writes: writes, refusal: ask) { send(&$0, message) }
    }

    // The `Screen` requirements, from the feature's own state and the shared view.
    static func draw(_ g: inout Grid, _ s: AppState) { view(&g, s[keyPath: state], Shared(s)) }
    static func ids(_ s: AppState) -> [Int] { rows(s[keyPath: state], Shared(s)) }
    static func load(_ s: AppState) -> LoadState { loadState(s[keyPath: state]) }
    static func refresh(_ s: AppState, background: Bool) -> [Effect] { reload(s[keyPath: state], Shared(s), background: background) }
    static func enter(_ s: inout AppState) -> [Effect] { entered.map { send(&s, $0) } ?? [] }
}

/// A screen's message, which routes itself to its screen's reducer: a new screen's messages need no
/// case in `Msg` and no line in `update` (`Msg.feature`; each screen's folder adds a shorthand such
/// as `Msg.huddle(_:)`).
public protocol FeatureMessage: Sendable {
    func send(_ s: inout AppState) -> [Effect]
}

extension Msg {
    /// The screen message this is, if it is one (`msg.feature as? ListsMessage`).
    public var feature: (any FeatureMessage)? { if case .feature(let m) = self { m } else { nil } }
}

/// Carries out what a feature asked of the app, in order; the effects they need come back.
func carry(_ s: inout AppState, _ requests: [AppRequest]) -> [Effect] {
    var effects: [Effect] = []
    for r in requests {
        switch r {
        case .say(let text): say(&s, text)
        case .sayError(let text):
            s.message = text
            s.messageIsError = true
        case .sayMore(let text): s.message = (s.message ?? "") + text
        case .unsay(let text): if s.message == text { s.message = nil }
        case .online: markOnline(&s)
        case .names(let patNums): effects += resolveNames(&s, patNums)
        case .learnNames(let names): s.patientNames.merge(names) { _, new in new }
        case .dayNames: effects += dayNames(&s)
        case .probe:
            if s.connection == .unknown && !s.probed { effects.append(.loadPermissions) }
            s.probed = true
        case .openPatient(let patNum): effects += PatientScreen.send(&s, .open(patNum))
        case .open(let o): s.place(o, o.kind)
        case .showOffice(let n): effects.append(.switchOffice(n))
        }
    }
    return effects
}
