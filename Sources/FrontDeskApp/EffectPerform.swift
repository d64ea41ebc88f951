import Foundation
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI

/// What each effect does at the office: the one switch from an effect to its requests and answer.
extension EffectRunner {
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
        case .loadHuddle(let day):
            let inbox = self.inbox
            let (facts, from) = try await huddle(day, now: now) { inbox.post(.huddle(.loaded($0, from: nil, done: false))) }
            return .huddle(.loaded(facts, from: from, done: true))

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
            var inFlight: [(Int, Task<Result<Patient, Error>, Never>)] = []
            // One name that cannot be read costs that name; an office that is not there ends the
            // look-ups and is said at once (each of 56 names waited out its retries before, and
            // the dashboard said "online" for half a minute after the office went away).
            func collect(_ entry: (Int, Task<Result<Patient, Error>, Never>)) async throws {
                switch await entry.1.value {
                case .success(let p):
                    store.upsert([DirectoryPatient(p, seenAt: Self.wall())])
                    batch[entry.0] = personName(p.lName, p.fName)
                case .failure(let e as OpenDentalError) where e.isRefusedConnection:
                    if !batch.isEmpty { inbox.post(.patientsResolved(batch)) }
                    await client.cancel(tag: "names")
                    for other in inFlight { other.1.cancel() }
                    throw e
                case .failure:
                    break
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
                inFlight.append((n, Task {
                    do { return .success(try await client.send(Endpoints.patient(n), priority: .visible, tag: "names")) } catch { return .failure(error) }
                }))
                if inFlight.count > 2 { try await collect(inFlight.removeFirst()) }
            }
            while !inFlight.isEmpty { try await collect(inFlight.removeFirst()) }
            return batch.isEmpty ? nil : .patientsResolved(batch)

        case .namesFromCache(let nums):
            let names = store.patients(nums).mapValues { personName($0.lName, $0.fName) }
            return names.isEmpty ? nil : .patientsResolved(names)

        case .searchPatients(let query, let q, let offset):
            await client.cancel(tag: "search")
            let rows = try await client.send(Endpoints.searchPatients(q).request(limit: pageSize, offset: offset), priority: .interactive, tag: "search")
            return .patients(.loaded(query: query, offset: offset, rows: rows, pageSize: pageSize))

        case .loadDetail(let patNum):
            let patient = try await client.send(Endpoints.patient(patNum), priority: .interactive)
            async let appts = client.collectAll(Endpoints.appointments(AppointmentFilter(patNum: patNum)), priority: .interactive)
            async let procs = client.collectAll(Endpoints.procedures(ProcedureFilter(patNum: patNum)), priority: .interactive)
            async let comms = client.collectAll(Endpoints.commlogs(patNum: patNum), priority: .interactive)
            async let popups = client.send(Endpoints.popups(patNum: patNum), priority: .interactive)
            async let note = client.send(Endpoints.patientNote(patNum), priority: .interactive)
            async let family = client.collectAll(Endpoints.patientsSimple(PatientSimpleFilter(guarantor: patient.guarantor)), priority: .visible)
            return .patient(.loaded(PatientDetail(patient: patient, family: (try? await family) ?? [], appointments: try await appts,
                                               procedures: try await procs, commlogs: (try? await comms) ?? [],
                                               popups: (try? await popups) ?? [], note: try? await note)))

        case .loadList(let kind, let today):
            if let (shared, from) = reusable(CacheKeys.list(kind), ListSource.self) { return .lists(.data(kind, shared, from: from)) }
            let source = try await list(kind, today: today)
            if let data = CacheFormat.encode(source) { store.save(CacheKeys.list(kind), data) }
            return .lists(.data(kind, source, from: nil))

        case .confirm(let apt, let c):
            _ = try await client.send(Endpoints.confirmAppointment(apt, c), priority: .interactive)
            return .writeDone(aptNum: apt, saved(effect, defs))

        case .setTime(let apt, let field, let time), .checkIn(let apt, let field, let time, _):
            var f = AppointmentFields()
            switch field {
            case .arrived: f.timeArrived = time
            case .seated: f.timeSeated = time
            case .dismissed: f.timeDismissed = time
            }
            if case .checkIn(_, _, _, let status) = effect { f.confirmed = status }
            // The office answers with the appointment as it now is: the row shows it at once.
            let a = try await client.send(Endpoints.updateAppointment(apt, f), priority: .interactive)
            return .writeDone(aptNum: apt, saved(effect, defs), updated: a)

        case .setPriority(let apt, let p):
            var f = AppointmentFields()
            f.priority = p
            let a = try await client.send(Endpoints.updateAppointment(apt, f), priority: .interactive)
            return .writeDone(aptNum: apt, saved(effect, defs), updated: a)

        case .appendNote(let apt, let text):
            _ = try await client.send(Endpoints.appendAppointmentNote(apt, note: text), priority: .interactive)
            return .writeDone(aptNum: apt, saved(effect, defs))

        case .breakAppointment(let apt, let toList, let type):
            _ = try await client.send(Endpoints.breakAppointment(apt, sendToUnscheduledList: toList, breakType: type), priority: .interactive)
            return .writeDone(aptNum: apt, saved(effect, defs))

        case .addCommlog(let patNum, let text):
            _ = try await client.send(Endpoints.createCommlog(NewCommlog(patNum: patNum, note: text, commTypeName: await appointmentCommType(),
                                                                         mode: .phone, sentOrReceived: .sent)), priority: .interactive)
            return .writeDone(aptNum: nil, saved(effect, defs))

        case .findDuplicates(let lName, let fName, let birthdate):
            let rows = try await client.collectAll(Endpoints.searchPatients(PatientSearch(lName: lName)), priority: .interactive)
            return .duplicates(PatientMatch.alike(rows, fName: fName, birthdate: birthdate))

        case .createPatient(let fields, _):
            let p = try await client.send(Endpoints.createPatient(fields), priority: .interactive)
            store.upsert([DirectoryPatient(p, seenAt: Self.wall())])
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
            store.upsert([DirectoryPatient(p, seenAt: Self.wall())])
            return .writeDone(aptNum: nil, saved(effect, defs))

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
        case .loadDaySchedules(let day, let background):
            let (schedules, shared) = try await daySchedules(day, priority: background ? .background : .interactive)
            return .daySchedules(day, schedules, shared: shared)
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
            return .writeDone(aptNum: nil, saved(effect, defs))

        case .debounce(let generation, let seconds):
            try await Task.sleep(nanoseconds: nanoseconds(seconds))
            return .patients(.searchPause(generation: generation))

        case .cycleTheme, .repaint, .quit, .switchOffice:
            return nil
        case .checked(let write, _):
            // `execute` compares first; reached only by a caller that skipped it.
            return try await perform(write, today: today, now: now, defs: defs, opNames: opNames, pageSize: pageSize)
        }
    }

    /// What the user is told when the office says a write saved: the core's words.
    func saved(_ effect: Effect, _ defs: [Definition]) -> String { Write.of(effect)?.saved(confirmDefs: defs) ?? "Saved" }
}
