import Foundation
import Synchronization
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI

/// Carries out effects off the UI thread and posts their results to the inbox.
final class EffectRunner: @unchecked Sendable {
    // @unchecked: `inFlight` is guarded by `lock`; everything else is immutable.
    let client: OpenDentalClient
    let inbox: Inbox
    let logger: Logger
    private let queue = DispatchQueue(label: "frontdesk.effects", attributes: .concurrent)
    private let lock = NSLock()
    private var inFlight = 0
    private var tasks: [UInt64: Task<Void, Never>] = [:]
    private var nextTask: UInt64 = 0
    /// Effects `cancelAll` stopped, until `settled` has seen them end.
    private var stopping: [Task<Void, Never>] = []
    /// Moved on by `cancelAll`: an effect handed over before it, and not yet started, is dropped.
    private var generation: UInt64 = 0
    struct Unlogged {
        var record: ActionRecord
        var operatorInitials: String
        var profile: String
    }
    /// Writes on their way whose action-log line is not written yet.
    private var unlogged: [UInt64: Unlogged] = [:]
    private var nextWrite: UInt64 = 0
    /// The office's local cache (in memory when there is no usable file).
    let store: OfficeStore
    /// Another dashboard's copy of a day younger than this is shown instead of asking again.
    let reuseSeconds: Double
    /// Where every write is recorded (nil: the demo, whose practice is made up).
    let actionLog: ActionLog?
    struct CommType: Sendable { var name: String? }
    /// A confirmation list's phones are being fetched.
    let fillingContacts = Mutex(false)
    /// The commlog type for call notes, once read.
    let commTypeCache = Mutex<CommType?>(nil)

    init(client: OpenDentalClient, inbox: Inbox, logger: Logger, store: OfficeStore, reuseSeconds: Double = 30, actionLog: ActionLog? = nil) {
        self.client = client
        self.inbox = inbox
        self.logger = logger
        self.store = store
        self.reuseSeconds = reuseSeconds
        self.actionLog = actionLog
    }

    /// The dashboard is told at once when an attempt does not reach the office, and when one
    /// does again: on changes only, so the loop is not woken for every answer. Only a dashboard's
    /// own runner watches (one watcher a client).
    func watchReach() {
        let reached = Mutex<Bool?>(nil)
        client.watchReach { [inbox] reach in
            let now = reach == .answered
            guard reached.withLock({ old -> Bool in
                defer { old = now }
                return old != now
            }) else { return }
            switch reach {
            case .answered: inbox.post(.officeAnswered)
            case .notReached(let text): inbox.post(.officeNotReached(text))
            }
        }
    }

    /// Wall-clock seconds, for cache ages (shared with other processes, so not monotonic).
    static func wall() -> Double { Date().timeIntervalSince1970 }

    var busy: Bool { lock.withLock { inFlight > 0 } }

    func reportQueue() {
        queue.async {
            Task {
                let n = await self.client.queuedRequests()
                self.inbox.post(.queue(n))
                let wait = await self.client.officeWait()
                self.inbox.post(.officeWait(Int(wait.rounded(.up))))
            }
        }
    }

    /// What an effect needs from the state, copied when it starts.
    struct Context: Sendable {
        var today: LocalDate
        var now: LocalDateTime
        var defs: [Definition]
        var opNames: [Int: String]
        var pageSize: Int
    }

    func run(_ effect: Effect, state: AppState) {
        let context = Context(today: state.now.date, now: state.now, defs: state.confirmDefs, opNames: state.opAbbr,
                              pageSize: client.configuration.pageSize)
        // The directory crawl runs for minutes on a large Remote office: it must not hold back
        // the refresh of what is on screen, so it does not count as "busy".
        let counts = effect != .crawlDirectory
        // The log line needs what the screen showed before the write.
        let record = actionLog == nil ? nil : ActionRecord.of(effect, in: state)
        let who = (operatorInitials: state.operatorInitials, profile: state.officeName.isEmpty ? "office" : state.officeName)
        let checking: Bool
        if case .verifyWrite = effect { checking = true } else { checking = false }
        let (generation, writeID) = lock.withLock { () -> (UInt64, UInt64?) in
            if counts { inFlight += 1 }
            // A write whose line is not yet in the action log: `abandon` writes it if the
            // dashboard ends first (the link dropped, a signal), so no outcome is ever silent.
            var writeID: UInt64?
            if let record {
                nextWrite += 1
                writeID = nextWrite
                unlogged[nextWrite] = Unlogged(record: record, operatorInitials: who.operatorInitials, profile: who.profile)
            }
            return (self.generation, writeID)
        }
        queue.async {
            // Registered under the lock before the task can end and remove itself.
            self.lock.withLock {
                // `cancelAll` came between the call and this block: the effect never starts.
                guard generation == self.generation else {
                    if counts { self.inFlight -= 1 }
                    if let writeID { self.unlogged[writeID] = nil }
                    return
                }
                self.nextTask += 1
                let id = self.nextTask
                self.tasks[id] = Task {
                    defer {
                        self.lock.withLock {
                            if counts { self.inFlight -= 1 }
                            self.tasks[id] = nil
                        }
                    }
                    let msg = await self.execute(effect, context).msg
                    var record = record
                    if case .patientCreated(let p)? = msg { record?.patNum = p.patNum }
                    // Logged here unless `abandon` already logged it as unknown.
                    let mine = writeID.map { id in self.lock.withLock { self.unlogged.removeValue(forKey: id) != nil } } ?? false
                    if mine, let record, let log = self.actionLog,
                       !log.append(record, outcome: ActionRecord.outcome(msg, checking: checking), operatorInitials: who.operatorInitials, profile: who.profile) {
                        self.inbox.post(.actionLogProblem("could not write \(log.path)"))
                    }
                    if let msg, !Task.isCancelled { self.inbox.post(msg) }
                }
            }
        }
    }

    /// The dashboard is ending (quit, a signal, the ssh link dropped) with writes on their way:
    /// each gets its action-log line now, as unknown, since its answer will never be read here.
    /// Returns how many.
    @discardableResult
    func abandon(at date: Date = Date()) -> Int {
        let left = lock.withLock { () -> [Unlogged] in
            let all = unlogged.sorted { $0.key < $1.key }.map(\.value)
            unlogged = [:]
            return all
        }
        for w in left {
            actionLog?.append(w.record, outcome: "unknown: the dashboard ended before the office answered; check it in Open Dental",
                              operatorInitials: w.operatorInitials, profile: w.profile, at: date)
        }
        return left.count
    }

    /// Stops every effect still running (a headless run that has seen what it needed).
    func cancelAll() {
        let running = lock.withLock { () -> [Task<Void, Never>] in
            generation += 1
            let all = Array(tasks.values)
            tasks = [:]
            stopping += all
            return all
        }
        running.forEach { $0.cancel() }
    }

    /// Returns once every effect `cancelAll` stopped has ended (what was already on its way,
    /// a page of the directory say, may still have landed).
    func settled() async {
        let all = lock.withLock { () -> [Task<Void, Never>] in
            defer { stopping = [] }
            return stopping
        }
        for t in all { await t.value }
    }

    /// Carries out one effect and says what the user is told; `reread` is true when a write's
    /// outcome was unknown and the record was read again to learn it.
    func execute(_ effect: Effect, _ c: Context) async -> (msg: Msg?, reread: Bool) {
        // Whatever its outcome, a write may have changed what every dashboard's cached days show:
        // marked when it starts, and again when its answer came, so a read that started while it
        // was on its way (a slow office) is not taken as newer than it.
        let moves = Write.of(effect)?.movesRows ?? false
        func mark() {
            guard WriteCheck.isWrite(effect) else { return }
            store.setMark(CacheKeys.lastWrite, String(Self.wall()))
            if moves { store.setMark(CacheKeys.lastMove, String(Self.wall())) }
        }
        mark()
        defer { mark() }
        if case .checked(let write, let shown) = effect {
            // The office's copy first: the write goes only if the row is as the screen showed it.
            do {
                let current = try await client.send(Endpoints.appointment(shown.aptNum), priority: .interactive)
                if !Conflict.changed(shown, current, for: write).isEmpty {
                    logger.info("write not sent: appointment \(shown.aptNum) changed at the office")
                    return (.conflict(write: write, shown: shown, current: current), false)
                }
            } catch let e as OpenDentalError {
                return (failure(e, write), false)
            } catch {
                return (.writeNotSaved(aptNum: shown.aptNum, WriteCheck.notSaved(WriteCheck.describe(write), "\(error)"), resend: write), false)
            }
            return await execute(write, c)
        }
        do {
            return (try await perform(effect, today: c.today, now: c.now, defs: c.defs, opNames: c.opNames, pageSize: c.pageSize), false)
        } catch let e as OpenDentalError {
            if WriteCheck.isWrite(effect), e.mayHaveReachedOffice {
                // Not sure it saved: ask the office at once, then say which.
                logger.warning("write outcome unknown: \(Self.kind(effect)); re-reading")
                return (await verify(effect, defs: c.defs, cause: e), true)
            }
            return (failure(e, effect), false)
        } catch {
            return (.loadFailed(Origin(effect), "\(error)", offline: false), false)
        }
    }

    func failure(_ e: OpenDentalError, _ effect: Effect) -> Msg {
        logger.warning("effect failed: \(Self.kind(effect)): \(e.httpStatus.map(String.init) ?? "no status")")
        if WriteCheck.isWrite(effect) {
            let text = WriteCheck.notSaved(WriteCheck.describe(effect), e.description)
            switch e {
            case .badRequest(_, false), .notFound, .gone:
                return .writeRefused(aptNum: WriteCheck.aptNum(effect), text, resend: effect)
            default:
                return .writeNotSaved(aptNum: WriteCheck.aptNum(effect), text, resend: effect)
            }
        }
        return .loadFailed(Origin(effect), e.description, offline: e.isOfficeUnreachable)
    }

    /// Re-reads the record a write was about (one GET, interactive) and says whether it saved.
    func verify(_ effect: Effect, defs: [Definition], cause: OpenDentalError) async -> Msg {
        let what = WriteCheck.describe(effect)
        let apt = WriteCheck.aptNum(effect)
        do {
            let landed: Bool?
            if case .book = effect {
                if let msg = try await verifySchedule(effect) { return msg }
                landed = false
            } else if case .move = effect {
                if let msg = try await verifySchedule(effect) { return msg }
                landed = false
            } else if case .setRecallStatus(let patNum, _, _) = effect {
                let recalls = try await client.collectAll(Endpoints.recalls(patNum: patNum), priority: .interactive)
                let logs = try await client.collectAll(Endpoints.commlogs(patNum: patNum), priority: .interactive)
                landed = WriteCheck.landed(effect, recalls: recalls, commlogs: logs, today: AppRuntime.localNow().date)
            } else if case .schedulePlanned = effect {
                if let msg = try await verifySchedule(effect) { return msg }
                landed = false
            } else if let apt {
                let a = try await client.send(Endpoints.appointment(apt), priority: .interactive)
                landed = WriteCheck.landed(effect, in: a, confirmDefs: defs)
            } else if case .updatePatient(let patNum, _, _) = effect {
                landed = WriteCheck.landed(effect, in: try await client.send(Endpoints.patient(patNum), priority: .interactive))
            } else if case .createPatient(let fields, let known) = effect {
                // Created if the office has a patient by that name and birthdate, entered today,
                // that is not one of those the user saw before creating.
                let today = AppRuntime.localNow().date
                let found = try await client.collectAll(Endpoints.patientsSimple(PatientSimpleFilter(lName: fields.lName, fName: fields.fName,
                                                                                                     birthdate: fields.birthdate)), priority: .interactive)
                if let p = found.first(where: { !known.contains($0.patNum) && $0.secDateEntry == today && $0.lName == fields.lName }) {
                    logger.info("write check: new patient saved")
                    return .patientCreated(p)
                }
                landed = false
            } else if case .addCommlog(let patNum, _) = effect {
                let logs = try await client.collectAll(Endpoints.commlogs(patNum: patNum), priority: .interactive)
                landed = WriteCheck.landed(effect, in: logs)
            } else {
                landed = nil
            }
            logger.info("write check: \(Self.kind(effect)) \(landed == true ? "saved" : "not saved")")
            if landed == true { return .writeDone(aptNum: apt, Write.of(effect)?.savedOnCheck ?? "Saved") }
            return .writeNotSaved(aptNum: apt, WriteCheck.notSaved(what, cause.description), resend: effect)
        } catch {
            return .writeUnknown(aptNum: apt, WriteCheck.unknown(what), recheck: effect)
        }
    }
}
