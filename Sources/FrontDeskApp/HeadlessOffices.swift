import Foundation
import FrontDeskCore
import Logging

/// Several offices without a terminal: the same desk as the dashboard (each office its own client,
/// cache and inbox), for tests of switching, of one office down and of keys kept apart.
public final class HeadlessOffices {
    let desk: OfficeDesk
    private var queued: [Effect] = []
    private var started = false
    private let startClock = Date()

    public init(offices: [OfficeSetup], start: Int = 0, refreshSeconds: Double = 30,
                logger: Logger = Logger(label: "frontdesk.headless", factory: { _ in SwiftLogNoOpLogHandler() })) {
        desk = OfficeDesk(offices, start: start, refreshSeconds: refreshSeconds, reuseSeconds: refreshSeconds, logger: logger)
    }

    /// The state of the office shown.
    public var state: AppState { desk.shown.state }
    public var current: Int { desk.current }
    public func state(of office: Int) -> AppState { desk.sessions[office].state }

    /// Keys as the user types them, to the office shown; their effects run at the next `run`.
    public func press(_ keys: [Key]) {
        for k in keys { queued += update(&desk.shown.state, .key(k)) }
    }

    /// Turns until `done` holds or `seconds` pass; the office shown starts on the first run.
    public func run(for seconds: Double, until done: (HeadlessOffices) -> Bool) async {
        let start = Date()
        var pending = queued
        queued = []
        if !started {
            started = true
            pending = desk.startShown() + pending
        }
        while true {
            let now = Date()
            let kept = desk.turn(pending: pending, input: [], now: now, wall: AppRuntime.localNow(), clock: now.timeIntervalSince(startClock))
            pending = []
            for case .switchOffice(let i) in kept { pending += desk.show(i) }
            if done(self) || now.timeIntervalSince(start) >= seconds { return }
            if pending.isEmpty { await Self.wait(desk.inboxFDs, milliseconds: 200) }
        }
    }

    /// Stops every office's effects (a test's end).
    public func stop() {
        for s in desk.sessions { s.effects.cancelAll() }
    }

    static func wait(_ fds: [Int32], milliseconds: Int32) async {
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                var p = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                _ = poll(&p, nfds_t(p.count), milliseconds)
                cont.resume()
            }
        }
    }
}
