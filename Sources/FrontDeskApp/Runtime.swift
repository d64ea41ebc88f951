import CursesBackend
import Foundation
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI
import TerminalUI

/// Messages from background work, and the pipe byte that wakes the UI loop.
final class Inbox: @unchecked Sendable {
    // @unchecked: `queue` is guarded by `lock`; the pipe fds are fixed after init.
    private let lock = NSLock()
    private var queue: [Msg] = []
    let readFD: Int32
    let writeFD: Int32

    init() {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        readFD = fds[0]
        writeFD = fds[1]
        _ = fcntl(readFD, F_SETFL, fcntl(readFD, F_GETFL) | O_NONBLOCK)
        _ = fcntl(writeFD, F_SETFL, fcntl(writeFD, F_GETFL) | O_NONBLOCK)
    }

    func post(_ m: Msg) {
        lock.withLock { queue.append(m) }
        var b: UInt8 = 1
        _ = write(writeFD, &b, 1)
    }

    /// Waits (on a thread of its own) until a message is posted or `milliseconds` pass.
    func wait(milliseconds: Int32) async {
        let fd = readFD
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                _ = poll(&p, 1, milliseconds)
                cont.resume()
            }
        }
    }

    func drain() -> [Msg] {
        var buf = [UInt8](repeating: 0, count: 64)
        while read(readFD, &buf, 64) > 0 {}
        return lock.withLock {
            let out = queue
            queue = []
            return out
        }
    }
}

/// How to present things the runtime needs from outside (themes, time).
public struct RuntimeOptions: Sendable {
    public var themes: [Theme]
    public var initialTheme: Int
    public var forceMonochrome: Bool
    public var refreshSeconds: Double
    public var mouse: Bool
    /// The log file: stderr goes there while the dashboard is on screen, and a crash names it.
    public var logPath: String?
    public init(themes: [Theme], initialTheme: Int = 0, forceMonochrome: Bool = false, refreshSeconds: Double = 30, mouse: Bool = false,
                logPath: String? = nil) {
        self.mouse = mouse
        self.logPath = logPath
        self.themes = themes
        self.initialTheme = initialTheme
        self.forceMonochrome = forceMonochrome
        self.refreshSeconds = refreshSeconds
    }
}

/// The UI loop. Runs on the main thread: it blocks in poll() on stdin and the wake pipe, drains
/// keys and messages, updates, renders once and paints once. Effects run on a Dispatch queue and
/// come back as messages.
public final class AppRuntime {
    let desk: OfficeDesk
    let options: RuntimeOptions
    var themeIndex: Int
    let logger: Logger
    /// Posted to on a signal: the loop wakes and ends.
    let signals = Inbox()

    /// One office: `store` is its local cache (`OfficeStore.inMemory` when there is none).
    public convenience init(client: OpenDentalClient, state: AppState, options: RuntimeOptions, logger: Logger, store: OfficeStore, actionLog: ActionLog? = nil) {
        self.init(offices: [OfficeSetup(name: state.officeName, client: client, store: store, actionLog: actionLog, state: state)], start: 0,
                  options: options, logger: logger)
    }

    /// Several offices, each with its own client, cache and action log; `start` is shown first.
    public init(offices: [OfficeSetup], start: Int, options: RuntimeOptions, logger: Logger) {
        self.options = options
        self.themeIndex = options.initialTheme
        self.logger = logger
        desk = OfficeDesk(offices, start: start, refreshSeconds: options.refreshSeconds, reuseSeconds: options.refreshSeconds, logger: logger)
    }

    /// Runs until the user quits or a signal arrives; restores the terminal on the way out.
    public func run() throws {
        let terminal = try CursesTerminal(forceMonochrome: options.forceMonochrome, mouse: options.mouse, logPath: options.logPath)
        defer { terminal.shutdown() }
        terminal.apply(theme: options.themes[themeIndex])
        let size = terminal.size
        for s in desk.sessions {
            s.state.ascii = terminal.ascii
            s.state.themeName = options.themes[themeIndex].name
            s.state.width = size.width
            s.state.height = size.height
        }
        if let unknown = terminal.unknownTerm {
            let name = unknown.name.isEmpty ? "(none)" : String(unknown.name.unicodeScalars.filter { $0.value > 32 && $0.value < 127 }.prefix(30))
            desk.shown.state.message = "Terminal type \(name) is unknown on this host: drawn as \(unknown.drawnAs) (set TERM to change it)"
            desk.shown.state.messageIsError = true
        }

        // SIGINT/SIGTERM/SIGHUP end the loop cleanly.
        var signalSources: [DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            let inbox = self.signals
            src.setEventHandler { inbox.post(.key(.ctrl("c"))) }
            src.resume()
            signalSources.append(src)
        }
        defer { signalSources.forEach { $0.cancel() } }

        let startClock = Date()
        // What the cache holds is on screen before the first request; then only what it lacks is asked for.
        var pending = desk.startShown()
        var lastPainted: AppState?
        var forceFull = false
        var startOver = StartOver()

        while !desk.shown.state.quitting {
            let now = Date()
            var input: [Msg] = signals.drain()
            for event in terminal.readEvents() {
                switch event {
                case .key(let k): input.append(.key(k))
                case .click(let x, let y, let double): input.append(.click(x: x, y: y, double: double))
                case .resize(let w, let h):
                    input.append(.resize(width: w, height: h))
                    forceFull = true
                }
            }
            let kept = desk.turn(pending: pending, input: input, now: now, wall: Self.localNow(), clock: now.timeIntervalSince(startClock))
            pending = []
            for e in kept {
                switch e {
                case .repaint: forceFull = true
                case .cycleTheme:
                    themeIndex = (themeIndex + 1) % options.themes.count
                    terminal.apply(theme: options.themes[themeIndex])
                    for s in desk.sessions { _ = update(&s.state, .themeChanged(options.themes[themeIndex].name)) }
                    forceFull = true
                case .switchOffice(let i):
                    pending += desk.show(i)
                    forceFull = true
                default: break
                }
            }
            if desk.shown.state.quitting { break }
            let state = desk.shown.state
            if startOver.due(directoryComplete: state.directoryComplete, seconds: now.timeIntervalSince(startClock)) {
                DispatchQueue.global(qos: .utility).async { Memory.giveBackStartPages() }
            }
            if forceFull || lastPainted != state {
                terminal.paint(render(state), forceFull: forceFull)
                lastPainted = state
                forceFull = false
            }
            // Sleep until a key, a message of any office or the next tick (at once when a switch left work).
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: signals.readFD, events: Int16(POLLIN), revents: 0)]
                + desk.inboxFDs.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            _ = poll(&fds, nfds_t(fds.count), pending.isEmpty ? 1000 : 0)
        }
        // Writes still on their way are logged as unknown now: the process ends before their answers.
        let abandoned = desk.abandon()
        if abandoned > 0 { logger.warning("ended with \(abandoned) write(s) on their way: logged as unknown") }
        logger.info("quit")
    }

    /// The office's wall clock (local time, no zone), as Open Dental uses it.
    public static func localNow() -> LocalDateTime { .local(epoch: Date().timeIntervalSince1970) }
}

/// The app without a terminal: the same `update` and the same effects as `AppRuntime`, ticking
/// once a second, for benchmarks that count what a start costs a Remote office.
public final class HeadlessRuntime {
    let inbox = Inbox()
    let effects: EffectRunner
    public private(set) var state: AppState

    public let store: OfficeStore
    let logger: Logger
    /// Background refresh of what is on screen, as the dashboard does (nil: none).
    public var refreshSeconds: Double?

    public init(client: OpenDentalClient, state: AppState, store: OfficeStore? = nil, reuseSeconds: Double = 30, actionLog: ActionLog? = nil,
                logger: Logger = Logger(label: "frontdesk.headless", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.state = state
        let store = store ?? .inMemory(identity: OfficeIdentity(client))
        self.store = store
        self.logger = logger
        effects = EffectRunner(client: client, inbox: inbox, logger: logger, store: store, reuseSeconds: reuseSeconds, actionLog: actionLog)
        effects.watchReach()
    }

    /// No effect of its own is on its way (the directory crawl aside).
    public var idle: Bool { !effects.busy }

    /// Returns once what the last `run` stopped has ended: nothing of this dashboard is on its
    /// way after it (a test's barrier, never a wait for time to pass).
    public func settle() async { await effects.settled() }

    /// The dashboard ends here: writes on their way get their action-log line, as unknown.
    @discardableResult
    public func end() -> Int { effects.abandon() }

    private var started = false
    private var queued: [Effect] = []

    /// Keys as the user types them; their effects run at the next `run`.
    public func press(_ keys: [Key]) {
        for k in keys { queued += update(&state, .key(k)) }
    }

    /// Starts as the dashboard does (reference data and the day), then feeds every message back
    /// through `update` until `done` says so or `seconds` pass. `observe` sees the state after
    /// each batch, with the seconds since start. What is still running then is stopped, unless
    /// `leaveRunning` (its answer is taken by the next `run`: two dashboards in one test take turns).
    public func run(for seconds: Double, leaveRunning: Bool = false, observe: (AppState, Double) -> Void = { _, _ in },
                    until done: (AppState) -> Bool) async -> Double {
        let start = Date()
        var pending = queued
        queued = []
        if !started {
            started = true
            pending = startEffects(&state, cache: CacheLoader.snapshot(store, day: state.schedule.day)) + pending
        }
        // The first tick a second after the start, as before the loop was shared.
        var turns = LoopTurns(refreshSeconds: refreshSeconds, lastTick: start, now: start)
        while true {
            let now = Date()
            let elapsed = now.timeIntervalSince(start)
            _ = turns.turn(&state, pending: pending, input: [], now: now, wall: state.now, clock: elapsed,
                           inbox: inbox, effects: effects, store: store, logger: logger)
            pending = []
            observe(state, elapsed)
            if state.quitting { effects.cancelAll(); return elapsed }
            if done(state) || elapsed >= seconds {
                if !leaveRunning { effects.cancelAll() }
                return elapsed
            }
            // Asleep until a message or the next tick, as the terminal's loop is in poll(): an
            // idle headless dashboard costs what an idle real one does.
            let left = seconds - (Date().timeIntervalSince(start))
            await inbox.wait(milliseconds: Int32(max(1, min(1000, left * 1000))))
        }
    }
}
