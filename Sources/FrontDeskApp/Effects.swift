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
    /// Moved on by `cancelAll`: an effect handed over before it, and not yet started, is dropped.
    private var generation: UInt64 = 0
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
        let generation = lock.withLock { () -> UInt64 in
            if counts { inFlight += 1 }
            return self.generation
        }
        queue.async {
            // Registered under the lock before the task can end and remove itself.
            self.lock.withLock {
                // `cancelAll` came between the call and this block: the effect never starts.
                guard generation == self.generation else {
                    if counts { self.inFlight -= 1 }
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
                    if let record, let log = self.actionLog,
                       !log.append(record, outcome: ActionRecord.outcome(msg, checking: checking), operatorInitials: who.operatorInitials, profile: who.profile) {
                        self.inbox.post(.actionLogProblem("could not write \(log.path)"))
                    }
                    if let msg, !Task.isCancelled { self.inbox.post(msg) }
                }
            }
        }
    }

    /// Stops every effect still running (a headless run that has seen what it needed).
    func cancelAll() {
        let running = lock.withLock { () -> [Task<Void, Never>] in
            generation += 1
            let all = Array(tasks.values)
            tasks = [:]
            return all
        }
        running.forEach { $0.cancel() }
    }

    /// Carries out one effect and says what the user is told; `reread` is true when a write's
    /// outcome was unknown and the record was read again to learn it.
    func execute(_ effect: Effect, _ c: Context) async -> (msg: Msg?, reread: Bool) {
        // Whatever its outcome, a write may have changed what every dashboard's cached days show:
        // marked when it starts, and again when its answer came, so a read that started while it
        // was on its way (a slow office) is not taken as newer than it.
        if WriteCheck.isWrite(effect) { store.setMark(CacheKeys.lastWrite, String(Self.wall())) }
        defer { if WriteCheck.isWrite(effect) { store.setMark(CacheKeys.lastWrite, String(Self.wall())) } }
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
            if landed == true { return .writeDone(aptNum: apt, "Saved: \(what) (checked with the office)") }
            return .writeNotSaved(aptNum: apt, WriteCheck.notSaved(what, cause.description), resend: effect)
        } catch {
            return .writeUnknown(aptNum: apt, WriteCheck.unknown(what), recheck: effect)
        }
    }

    /// Effect names for the log: never patient data.
    static func kind(_ e: Effect) -> String {
        switch e {
        case .loadReference: return "loadReference"
        case .loadPermissions: return "loadPermissions"
        case .loadDayNames: return "loadDayNames"
        case .crawlDirectory: return "crawlDirectory"
        case .loadDay: return "loadDay"
        case .resolvePatients(let p): return "resolvePatients(\(p.count))"
        case .namesFromCache(let p): return "namesFromCache(\(p.count))"
        case .searchPatients: return "searchPatients"
        case .loadDetail(let p): return "loadDetail(\(p))"
        case .loadList(let k, _): return "loadList(\(k))"
        case .confirm(let a, _): return "confirm(\(a))"
        case .setTime(let a, let f, _): return "set\(f.rawValue)(\(a))"
        case .checkIn(let a, let f, _, _): return "checkIn\(f.rawValue)(\(a))"
        case .appendNote(let a, _): return "appendNote(\(a))"
        case .setPriority(let a, _): return "priority(\(a))"
        case .breakAppointment(let a, _, _): return "break(\(a))"
        case .addCommlog(let p, _): return "addCommlog(\(p))"
        case .findDuplicates: return "findDuplicates"
        case .createPatient: return "createPatient"
        case .updatePatient(let p, _, _): return "updatePatient(\(p))"
        case .verifyWrite(let w): return "verify(\(kind(w)))"
        case .checked(let w, _): return "checked(\(kind(w)))"
        case .debounce: return "debounce"
        case .loadSchedulingReference: return "loadSchedulingReference"
        case .loadProcedurePatterns: return "loadProcedurePatterns"
        case .loadOpenings(_, let days, _): return "loadOpenings(\(days))"
        case .book: return "book"
        case .move(let m): return "move(\(m.aptNum))"
        case .schedulePlanned(let m): return "schedulePlanned(\(m.aptNum))"
        case .loadRecallReference: return "loadRecallReference"
        case .loadDaySchedules: return "loadDaySchedules"
        case .loadHoleCandidates: return "loadHoleCandidates"
        case .loadRecall(let p): return "loadRecall(\(p))"
        case .setRecallStatus(let p, _, _): return "recallStatus(\(p))"
        default: return "ui"
        }
    }

    func perform(_ effect: Effect, today: LocalDate, now: LocalDateTime, defs: [Definition], opNames: [Int: String], pageSize: Int) async throws -> Msg? {
        switch effect {
        case .loadPermissions:
            // A failure is reported like any other (it is the first request, so an office that is
            // down is said at once); the permission then stays unknown and names come one by one.
            let perms = try await client.send(Endpoints.securityPerms(), priority: .interactive)
            let queries = perms.contains { $0.permission.lowercased() == "apiqueries" && $0.hasPermission }
            store.setMark(CacheKeys.queries, queries ? "1" : "0")
            return .permissions(queries: queries)

        case .loadDayNames(let day):
            do {
                let rows = try await client.shortQueryAll(PortableSQL.patientsOnDay(day), priority: .interactive, tag: "day")
                var names: [Int: String] = [:]
                var saved: [(patNum: Int, lName: String, fName: String, preferred: String)] = []
                for r in rows {
                    guard let n = r.int("PatNum") else { continue }
                    names[n] = personName(r.string("LName"), r.string("FName"))
                    saved.append((n, r.string("LName"), r.string("FName"), r.string("Preferred")))
                }
                store.upsertNames(saved)
                return .dayNamesLoaded(day, names)
            } catch let e as OpenDentalError where !e.isOfficeUnreachable {
                logger.warning("day names by query failed (\(e.httpStatus.map(String.init) ?? "no status")); names one by one")
                if e.httpStatus == 401 || e.httpStatus == 403 { store.setMark(CacheKeys.queries, "0") }
                return .queriesUnavailable
            }

        case .loadReference:
            // After the day and its names: on a throttled office every request is a second, and
            // the rows (which carry their status words and provider abbreviations) matter first.
            // One at a time: another dashboard starting alongside may save the set first, and then
            // its copy is taken instead of asking the office the same questions twice.
            func shared() -> Msg? {
                reusable(CacheKeys.reference, ReferenceBlob.self).map {
                    .reference(confirmDefs: $0.0.confirmDefs, providers: $0.0.providers, operatories: $0.0.operatories)
                }
            }
            if let msg = shared() { return msg }
            let defs = try await client.collectAll(Endpoints.definitions(category: 2), priority: .background)
            if let msg = shared() { return msg }
            let provs = try await client.collectAll(Endpoints.providers(), priority: .background)
            if let msg = shared() { return msg }
            let ops = try await client.collectAll(Endpoints.operatories(), priority: .background)
            let triggers = await checkInTriggers()
            if let triggers { inbox.post(.checkInTriggers(triggers)) }
            let blob = ReferenceBlob(confirmDefs: defs, providers: provs, operatories: ops, triggers: triggers)
            if let data = CacheFormat.encode(blob) { store.save(CacheKeys.reference, data) }
            return .reference(confirmDefs: blob.confirmDefs, providers: blob.providers, operatories: blob.operatories)

        case .loadDay(let day):
            return try await loadDay(day)

        case .crawlDirectory:
            try await directory()
            return .directoryProgress(nil)

        case .resolvePatients(let nums):
            // The cache first (no request), then the office, visible rows first (the order given),
            // each posted as it arrives. Two look-ups wait in the queue at any time, so
            // background work never slips in between them (measured: 26 requests for 19 names
            // when each was queued only after the previous answer).
            let cached = store.patients(nums)
            var batch = cached.mapValues { personName($0.lName, $0.fName) }
            var inFlight: [(Int, Task<Patient?, Never>)] = []
            func collect(_ entry: (Int, Task<Patient?, Never>)) async {
                if let p = await entry.1.value {
                    store.upsert([DirectoryPatient(p)])
                    batch[entry.0] = personName(p.lName, p.fName)
                }
                // Each name as it comes: on a Remote office they are a second apart.
                if !batch.isEmpty {
                    inbox.post(.patientsResolved(batch))
                    batch = [:]
                }
            }
            for n in nums where cached[n] == nil {
                // The crawl may have brought it while this waited its turn.
                if let p = store.patients([n])[n] {
                    batch[n] = personName(p.lName, p.fName)
                    continue
                }
                let client = self.client
                inFlight.append((n, Task { try? await client.send(Endpoints.patient(n), priority: .visible, tag: "names") }))
                if inFlight.count > 2 { await collect(inFlight.removeFirst()) }
            }
            for entry in inFlight { await collect(entry) }
            return batch.isEmpty ? nil : .patientsResolved(batch)

        case .namesFromCache(let nums):
            let names = store.patients(nums).mapValues { personName($0.lName, $0.fName) }
            return names.isEmpty ? nil : .patientsResolved(names)

        case .searchPatients(let query, let q, let offset):
            await client.cancel(tag: "search")
            let rows = try await client.send(Endpoints.searchPatients(q).request(limit: pageSize, offset: offset), priority: .interactive, tag: "search")
            return .searchLoaded(query: query, offset: offset, rows: rows, pageSize: pageSize)

        case .loadDetail(let patNum):
            let patient = try await client.send(Endpoints.patient(patNum), priority: .interactive)
            async let appts = client.collectAll(Endpoints.appointments(AppointmentFilter(patNum: patNum)), priority: .interactive)
            async let procs = client.collectAll(Endpoints.procedures(ProcedureFilter(patNum: patNum)), priority: .interactive)
            async let comms = client.collectAll(Endpoints.commlogs(patNum: patNum), priority: .interactive)
            async let popups = client.send(Endpoints.popups(patNum: patNum), priority: .interactive)
            async let note = client.send(Endpoints.patientNote(patNum), priority: .interactive)
            async let family = client.collectAll(Endpoints.patientsSimple(PatientSimpleFilter(guarantor: patient.guarantor)), priority: .visible)
            return .detailLoaded(PatientDetail(patient: patient, family: (try? await family) ?? [], appointments: try await appts,
                                               procedures: try await procs, commlogs: (try? await comms) ?? [],
                                               popups: (try? await popups) ?? [], note: try? await note))

        case .loadList(let kind, let today):
            if let (shared, from) = reusable(CacheKeys.list(kind), ListSource.self) { return .listShared(kind, shared, from: from) }
            let source = try await list(kind, today: today)
            if let data = CacheFormat.encode(source) { store.save(CacheKeys.list(kind), data) }
            return .listData(kind, source)

        case .confirm(let apt, let c):
            _ = try await client.send(Endpoints.confirmAppointment(apt, c), priority: .interactive)
            let word: String
            switch c {
            case .value(let v): word = v == .confirmed ? "Confirmed" : v.rawValue
            case .defNum(let d): word = defs.first { $0.defNum == d }?.itemName ?? "status \(d)"
            }
            return .writeDone(aptNum: apt, "Saved: \(word)")

        case .setTime(let apt, let field, let time), .checkIn(let apt, let field, let time, _):
            var f = AppointmentFields()
            switch field {
            case .arrived: f.timeArrived = time
            case .seated: f.timeSeated = time
            case .dismissed: f.timeDismissed = time
            }
            var also = ""
            if case .checkIn(_, _, _, let status) = effect {
                f.confirmed = status
                also = ", status " + (defs.first { $0.defNum == status }?.itemName ?? "#\(status)")
            }
            _ = try await client.send(Endpoints.updateAppointment(apt, f), priority: .interactive)
            return .writeDone(aptNum: apt, "Saved: \(field.rawValue.lowercased()) at \(LocalDate.pad(time.hour, 2)):\(LocalDate.pad(time.minute, 2))\(also)")

        case .setPriority(let apt, let p):
            var f = AppointmentFields()
            f.priority = p
            _ = try await client.send(Endpoints.updateAppointment(apt, f), priority: .interactive)
            return .writeDone(aptNum: apt, p == .asap ? "Saved: ASAP" : "Saved: no longer ASAP")

        case .appendNote(let apt, let text):
            _ = try await client.send(Endpoints.appendAppointmentNote(apt, note: text), priority: .interactive)
            return .writeDone(aptNum: apt, "Note added")

        case .breakAppointment(let apt, let toList, let type):
            _ = try await client.send(Endpoints.breakAppointment(apt, sendToUnscheduledList: toList, breakType: type), priority: .interactive)
            return .writeDone(aptNum: apt, toList ? "Moved to the Unscheduled list" : "Marked broken (\(type?.rawValue.lowercased() ?? ""))")

        case .addCommlog(let patNum, let text):
            _ = try await client.send(Endpoints.createCommlog(NewCommlog(patNum: patNum, note: text, commTypeName: await appointmentCommType(),
                                                                         mode: .phone, sentOrReceived: .sent)), priority: .interactive)
            return .writeDone(aptNum: nil, "Call noted")

        case .findDuplicates(let lName, let fName, let birthdate):
            let rows = try await client.collectAll(Endpoints.searchPatients(PatientSearch(lName: lName)), priority: .interactive)
            return .duplicates(PatientMatch.alike(rows, fName: fName, birthdate: birthdate))

        case .createPatient(let fields, _):
            let p = try await client.send(Endpoints.createPatient(fields), priority: .interactive)
            store.upsert([DirectoryPatient(p)])
            return .patientCreated(p)

        case .updatePatient(let patNum, let fields, let shown):
            // The office's copy first: the fields being edited must still be as the form showed them.
            let current = PatientValues.values(try await client.send(Endpoints.patient(patNum), priority: .interactive))
            let moved = shown.filter { current[$0.key] != $0.value }.map(\.key).sorted()
            if !moved.isEmpty {
                return .writeFailed(aptNum: nil, "Not saved: \(moved.joined(separator: ", ")) changed at the office since the form opened; "
                                    + "the patient was read again, edit again to save yours")
            }
            let p = try await client.send(Endpoints.updatePatient(patNum, fields), priority: .interactive)
            store.upsert([DirectoryPatient(p)])
            return .writeDone(aptNum: nil, "Saved: contact details")

        case .verifyWrite(let write):
            return await verify(write, defs: defs, cause: .outcomeUnknown(method: "", path: "", cause: "the office did not answer"))

        case .loadProcedurePatterns(let codes):
            return try await procedurePatterns(codes)

        case .loadSchedulingReference:
            return try await schedulingReference()
        case .loadOpenings(let from, let days, let provNum):
            return try await openingFacts(from: from, days: days, provNum: provNum)
        case .book, .move, .schedulePlanned:
            return try await schedule(effect)
        case .loadDaySchedules(let day):
            return .daySchedules(day, try await client.collectAll(Endpoints.schedules(date: day), priority: .interactive))
        case .loadHoleCandidates(let provNum):
            return try await holeCandidates(today: today, provNum: provNum)
        case .loadRecallReference:
            let statuses = try await client.collectAll(Endpoints.definitions(category: 13), priority: .interactive)
            return .recallReference(statuses: statuses, types: try await client.collectAll(Endpoints.recallTypes(), priority: .interactive))
        case .loadRecall(let patNum):
            let p = try await client.send(Endpoints.patient(patNum), priority: .interactive)
            return .recallLoaded(p, try await client.collectAll(Endpoints.recalls(patNum: patNum), priority: .interactive))
        case .setRecallStatus(let patNum, let type, let status):
            _ = try await client.send(Endpoints.setRecallStatus(patNum: patNum, recallType: type, status: status), priority: .interactive)
            return .writeDone(aptNum: nil, "Saved: recall status")

        case .debounce(let generation, let seconds):
            try await Task.sleep(nanoseconds: nanoseconds(seconds))
            return .searchPause(generation: generation)

        case .cycleTheme, .repaint, .quit:
            return nil
        case .checked(let write, _):
            // `execute` compares first; reached only by a caller that skipped it.
            return try await perform(write, today: today, now: now, defs: defs, opNames: opNames, pageSize: pageSize)
        }
    }

    /// The office's commlog type for appointment calls: the definition whose code is APPT (the
    /// desktop finds types by code), else the stock name; nil (the office's default) when it has
    /// neither. Read once (one request, at the first call note) and kept.
    func appointmentCommType() async -> String? {
        if let known = commTypeCache.withLock({ $0 }) { return known.name }
        guard let defs = try? await client.collectAll(Endpoints.definitions(category: 27), priority: .interactive) else { return "ApptRelated" }
        let name = defs.first { $0.itemValue.uppercased() == "APPT" }?.itemName ?? defs.first { $0.itemName == "ApptRelated" }?.itemName
        commTypeCache.withLock { $0 = CommType(name: name) }
        return name
    }

    /// The statuses the office links to check-in times: one short query where the key may run
    /// them, else one request per preference. nil when the office does not say (an older version
    /// answers 404): check-in keys then stamp the time alone, as before.
    func checkInTriggers() async -> CheckInTriggers? {
        var values: [String: String] = [:]
        if store.mark(CacheKeys.queries) == "1",
           let rows = try? await client.shortQueryAll(PortableSQL.preferences(CheckInTriggers.prefNames), priority: .background, tag: "reference") {
            for r in rows { values[r.string("PrefName")] = r.string("ValueString") }
            return CheckInTriggers(values: values)
        }
        for name in CheckInTriggers.prefNames {
            guard let prefs = try? await client.collectAll(Endpoints.preference(name), priority: .background) else { return nil }
            for p in prefs { values[p.prefName] = p.valueString }
        }
        return CheckInTriggers(values: values)
    }

    /// What the cache's directory knows of the confirmation list's patients, at once: full cards,
    /// names alone for those known by name only, and who still lacks a phone.
    func contactCards(_ nums: [Int]) -> (cards: [Int: ContactCard], missing: [Int]) {
        let known = store.patients(nums)
        var seen = Set<Int>()
        let missing = nums.filter { known[$0]?.dateTStamp.isEmpty != false && seen.insert($0).inserted }
        return (known.mapValues { ContactCard(name: personName($0.lName, $0.fName), phone: $0.phone, confirmMethod: $0.preferConfirmMethod) }, missing)
    }

    /// The phones and preferred methods the cache lacks, from the office one patient at a time, in
    /// the list's order, the list posted again every few patients: its rows are on screen from the
    /// start instead of waiting a request per patient (a minute on a Remote office). One at a time
    /// per dashboard.
    func fillContacts(_ appts: [Appointment], _ start: [Int: ContactCard], _ missing: [Int]) async {
        let claimed = fillingContacts.withLock { busy -> Bool in
            if busy { return false }
            busy = true
            return true
        }
        guard claimed else { return }
        defer { fillingContacts.withLock { $0 = false } }
        var cards = start
        // Where the key may run queries: every card in one request (500 at a time).
        if store.mark(CacheKeys.queries) == "1" {
            var asked = 0
            for chunk in stride(from: 0, to: missing.count, by: 500).map({ Array(missing[$0..<min(missing.count, $0 + 500)]) }) {
                guard let rows = try? await client.shortQueryAll(PortableSQL.contactCards(chunk), priority: .visible, tag: "names") else { break }
                asked += chunk.count
                let found = rows.compactMap(Self.contactRow)
                for d in found { cards[d.patNum] = ContactCard(name: personName(d.lName, d.fName), phone: d.phone, confirmMethod: d.preferConfirmMethod) }
                inbox.post(.patientsResolved(Dictionary(found.map { ($0.patNum, personName($0.lName, $0.fName)) }, uniquingKeysWith: { a, _ in a })))
            }
            if asked == missing.count {
                inbox.post(.listData(.confirmations, .confirmations(appts, contacts: cards)))
                if let data = CacheFormat.encode(ListSource.confirmations(appts, contacts: cards)) { store.save(CacheKeys.list(.confirmations), data) }
                return
            }
        }
        for (i, n) in missing.enumerated() where cards[n]?.phone.isEmpty != false {
            guard let p = try? await client.send(Endpoints.patient(n), priority: .visible, tag: "names") else { continue }
            let d = DirectoryPatient(p)
            store.upsert([d])
            cards[n] = ContactCard(name: personName(d.lName, d.fName), phone: d.phone, confirmMethod: d.preferConfirmMethod)
            if (i + 1) % 5 == 0 || i == missing.count - 1 { inbox.post(.listData(.confirmations, .confirmations(appts, contacts: cards))) }
        }
        if let data = CacheFormat.encode(ListSource.confirmations(appts, contacts: cards)) { store.save(CacheKeys.list(.confirmations), data) }
    }

    /// A row of `PortableSQL.contactCards`. The desktop's database keeps the preferred method as
    /// its number; the sandbox as its name.
    static func contactRow(_ r: QueryRow) -> DirectoryPatient? {
        guard let n = r.int("PatNum") else { return nil }
        let method = r.int("PreferConfirmMethod").flatMap { ContactMethod.known.indices.contains($0) ? ContactMethod.known[$0].rawValue : nil }
            ?? r.string("PreferConfirmMethod")
        return DirectoryPatient(patNum: n, lName: r.string("LName"), fName: r.string("FName"), preferred: r.string("Preferred"),
                                wirelessPhone: r.string("WirelessPhone"), hmPhone: r.string("HmPhone"), wkPhone: r.string("WkPhone"),
                                preferConfirmMethod: method)
    }

    /// Fetches what a list needs; the rows themselves are built by the core (`ListRows`).
    /// Fetches what a list needs: models only; the core builds the rows (`ListRows.rows`).
    func list(_ kind: ListKind, today: LocalDate) async throws -> ListSource {
        switch kind {
        case .confirmations:
            let days = ListRows.businessDays(after: today, count: 2)
            let appts = try await appointments(AppointmentFilter(aptStatus: .scheduled, dateStart: days[0], dateEnd: days[1]),
                                               savedAs: CacheKeys.listSource(kind, "\(days[0])"))
            let pending = ListRows.pendingConfirmation(appts)
            if pending.undated > 0 { logger.warning("confirmation list: \(pending.undated) appointment(s) without a date left out") }
            let (cards, missing) = contactCards(pending.appointments.map(\.patNum))
            if !missing.isEmpty { Task { await self.fillContacts(appts, cards, missing) } }
            return .confirmations(appts, contacts: cards)
        case .waitingRoom:
            // Today's schedule, the same set the day screen keeps current.
            return .waitingRoom(try await appointments(AppointmentFilter(date: today), savedAs: CacheKeys.day(today), tag: "day"))
        case .unscheduled:
            let unsched = try await appointments(AppointmentFilter(aptStatus: .unschedList), savedAs: CacheKeys.listSource(kind, "unsched"))
            return .appointments(unsched + (try await appointments(AppointmentFilter(aptStatus: .broken), savedAs: CacheKeys.listSource(kind, "broken"))))
        case .asap:
            return .appointments(try await client.collectAll(Endpoints.asapAppointments(), priority: .visible))
        case .planned:
            return .appointments(try await appointments(AppointmentFilter(aptStatus: .planned), savedAs: CacheKeys.listSource(kind, "planned")))
        case .recall:
            return .recall(try await client.collectAll(Endpoints.recallList(), priority: .visible))
        }
    }
}

/// Sends the dashboard's writes exactly as a key press does (same requests, same retry rules,
/// same re-read when the outcome is unknown) without a terminal: for the fault matrix.
public final class WriteRunner: Sendable {
    private let runner: EffectRunner

    public init(client: OpenDentalClient, logger: Logger = Logger(label: "frontdesk.writes", factory: { _ in SwiftLogNoOpLogHandler() })) {
        runner = EffectRunner(client: client, inbox: Inbox(), logger: logger, store: .inMemory(identity: OfficeIdentity(client)))
    }

    /// The message the user would see, and whether a re-read decided it.
    public func write(_ effect: Effect, confirmDefs: [Definition], now: LocalDateTime) async -> (msg: Msg?, reread: Bool) {
        await runner.execute(effect, EffectRunner.Context(today: now.date, now: now, defs: confirmDefs, opNames: [:],
                                                          pageSize: runner.client.configuration.pageSize))
    }
}
