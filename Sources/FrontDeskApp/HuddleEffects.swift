import Foundation
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI

extension CacheKeys {
    static func huddle(_ d: LocalDate) -> String { "huddle.\(d)" }
}

/// The morning huddle's reads (desktop-workflows §A morning huddle), part by part, each shown as
/// it arrives. With ApiQueries: the day (shared with the schedule), then four short queries of
/// one row per appointment or patient (fees; the patients' facts; the day's schedules; who could
/// fill open time): 5 requests for a day of up to 100 appointments. Without: the day, the day's
/// schedules, and `GET /patients/{n}` for each patient the cached huddle of that day lacks; what
/// only a query can tell is said to need the permission.
extension EffectRunner {
    func huddle(_ day: LocalDate, now: LocalDateTime, post: @escaping @Sendable (HuddleFacts) -> Void) async throws -> (HuddleFacts, from: LocalDateTime?) {
        let key = CacheKeys.huddle(day)
        if let (shared, from) = reusable(key, HuddleFacts.self) { return (shared, from) }
        let saved = store.saved(key)
        let previous = saved.flatMap { CacheFormat.decode(HuddleFacts.self, $0.data) }
        // A copy from before is shown (with its age) until the whole new read is in; without
        // one, each part is shown as it comes.
        let shownBefore = previous != nil
        let progress: @Sendable (HuddleFacts) -> Void = { f in if !shownBefore { post(f) } }
        if let previous, let saved { inbox.post(.huddle(.loaded(previous, from: .local(epoch: saved.savedAt), done: false))) }
        var facts = HuddleFacts(day: day)
        let dayKey = CacheKeys.day(day)
        // The schedule's refresh saves the day every interval while it is shown: a copy that has
        // missed at most one refresh is what the schedule itself shows, and costs no request.
        if let (shared, _) = reusable(dayKey, [Appointment].self, includingOwn: true, within: 2 * reuseSeconds) {
            // The schedule read it moments ago (this dashboard or another): the same rows.
            facts.appointments = shared
        } else {
            facts.appointments = try await appointments(AppointmentFilter(date: day), savedAs: dayKey, tag: "day")
        }
        progress(facts)
        let booked = facts.booked
        var queries = store.mark(CacheKeys.queries) == "1"
        if booked.isEmpty {
            // Nobody on the book (a closed day): no fees and no patients to ask about.
            facts.fees = []
            facts.patients = [:]
        }

        /// A query part: nil (and the reason kept) when the office refuses it; a refused
        /// permission turns the rest to the no-query reads.
        func query(_ part: HuddlePart, _ sql: String) async throws -> [QueryRow]? {
            guard queries else { return nil }
            do {
                return try await client.shortQueryAll(sql, priority: .visible, tag: "huddle")
            } catch let e as OpenDentalError where !e.isOfficeUnreachable {
                logger.warning("huddle \(part.rawValue) by query failed (\(e.httpStatus.map(String.init) ?? "no status"))")
                if e.httpStatus == 401 || e.httpStatus == 403 {
                    store.setMark(CacheKeys.queries, "0")
                    queries = false
                    return nil
                }
                facts.why[part.rawValue] = "the office refused the query (\(e.httpStatus.map { "HTTP \($0)" } ?? "bad answer"))"
                return nil
            }
        }

        if facts.fees == nil, let rows = try await query(.fees, PortableSQL.huddleFees(booked.map(\.aptNum))) {
            facts.fees = rows.compactMap { r in
                guard let apt = r.int("AptNum") else { return nil }
                return HuddleFee(aptNum: apt, provNum: r.int("ProvNum") ?? 0, count: r.int("N") ?? 0, fee: Self.decimal(r, "Fee") ?? 0)
            }
            progress(facts)
        }
        if facts.patients == nil, let rows = try await query(.patients, PortableSQL.huddlePatients(facts.patNums, day: day, now: now)) {
            var pats: [Int: HuddlePatient] = [:]
            store.upsertNames(Self.names(rows))
            for r in rows {
                guard let n = r.int("PatNum") else { continue }
                pats[n] = HuddlePatient(patNum: n, birthdate: Self.date(r, "Birthdate"), guarantor: r.int("Guarantor") ?? n,
                                        familyBalance: Self.decimal(r, "FamBal") ?? 0, premed: Self.bool(r, "Premed"),
                                        alertCount: r.int("Alerts") ?? 0, alert: r.string("Alert"), recallDue: Self.date(r, "RecallDue"),
                                        recallKnown: true, futureVisits: r.int("Future") ?? 0, plannedCount: r.int("TpCount") ?? 0,
                                        plannedFee: Self.decimal(r, "TpFee") ?? 0)
            }
            facts.patients = pats
            progress(facts)
        }
        if let rows = try await query(.schedules, PortableSQL.daySchedules(day)) {
            facts.schedules = Self.facts(rows).schedules
            var blocking = Set<Int>()
            for r in rows where (r.int("Bt") ?? 0) > 0 {
                if r.string("Iv").split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces).uppercased() == "NS" }) {
                    blocking.insert(r.int("Bt")!)
                }
            }
            facts.noScheduling = blocking
            progress(facts)
        }
        if let rows = try await query(.candidates, PortableSQL.fillCandidates(today: now.date)) {
            store.upsertNames(Self.names(rows))
            facts.candidates = rows.compactMap { r in
                guard let b = Self.bookedTime(r), let pat = r.int("PatNum") else { return nil }
                let pri = r.string("Pri")
                let asap = b.status == .asap || pri == "1" || pri == "ASAP"
                let pattern = b.pattern.isEmpty ? "/XX/" : b.pattern
                return HuddleCandidate(aptNum: b.aptNum, patNum: pat, provNum: b.isHygiene && b.provHyg != 0 ? b.provHyg : b.provNum,
                                       minutes: pattern.count * OpeningFinder.blockMinutes, asap: asap)
            }
            progress(facts)
        }

        if !queries {
            // What a key without ApiQueries can read: the schedules, each patient's record.
            // What only a query tells is said at once, not after the patients are read.
            for part in [HuddlePart.fees, .candidates] where facts.reason(part) == nil && (part != .fees || facts.fees == nil) {
                facts.why[part.rawValue] = Huddle.needsQueries
            }
            if facts.candidates == nil, let lists = cachedCandidates() {
                facts.candidates = lists
                facts.why[HuddlePart.candidates.rawValue] = nil
            }
            if facts.schedules == nil {
                facts.schedules = try await daySchedules(day, priority: .visible).schedules
                progress(facts)
            }
            if facts.patients == nil {
                var pats: [Int: HuddlePatient] = [:]
                let wanted = facts.patNums
                let fresh = try await directoryFacts(wanted)
                for (i, n) in wanted.enumerated() {
                    if let known = fresh[n] ?? previous?.patients?[n] {
                        pats[n] = known
                        continue
                    }
                    // Figures over part of the day would be wrong numbers: progress instead.
                    facts.why[HuddlePart.patients.rawValue] = "reading the day's patients, \(i) of \(wanted.count)"
                    progress(facts)
                    let p = try await client.send(Endpoints.patient(n), priority: .visible, tag: "huddle")
                    store.upsert([DirectoryPatient(p, seenAt: Self.wall())])
                    // BalTotal is the family's on the guarantor's record only (0 on the others).
                    let isGuarantor = p.guarantor == 0 || p.guarantor == p.patNum
                    pats[n] = HuddlePatient(patNum: n, birthdate: p.birthdate, guarantor: p.guarantor == 0 ? n : p.guarantor,
                                            familyBalance: isGuarantor ? p.balTotal : nil, premed: p.premed)
                }
                facts.why[HuddlePart.patients.rawValue] = nil
                facts.patients = pats
            }
        }
        if let data = CacheFormat.encode(facts) { store.save(key, data) }
        return (facts, nil)
    }

    /// A full record in the directory is taken for the huddle while it is this recent (a balance
    /// paid at the desk ten minutes ago is the oldest a huddle shows).
    static let directoryFreshSeconds: Double = 600

    /// The day's patients as the host's directory holds them from full records (the crawl's
    /// `patients/Simple` rows, a patient read): no request for those seen recently. A complete
    /// directory counts as seen at its last sync; when that is older, and some of the day's
    /// patients are not recent, one sync (what changed since) comes first.
    func directoryFacts(_ patNums: [Int]) async throws -> [Int: HuddlePatient] {
        let complete = store.mark(CacheKeys.directoryComplete) == "1"
        var synced = complete ? store.mark(CacheKeys.directorySynced).flatMap(Double.init) ?? 0 : 0
        func recent(_ d: DirectoryPatient) -> Bool { d.seenAt.map { Self.wall() - max($0, synced) < Self.directoryFreshSeconds } ?? false }
        func facts(_ rows: [Int: DirectoryPatient]) -> [Int: HuddlePatient] {
            var out: [Int: HuddlePatient] = [:]
            for (n, d) in rows {
                guard let balance = d.balTotal, let g = d.guarantor, recent(d) else { continue }
                let guarantor = g == 0 ? n : g
                // BalTotal is the family's on the guarantor's record only (0 on the others).
                out[n] = HuddlePatient(patNum: n, birthdate: LocalDate(d.birthdate), guarantor: guarantor,
                                       familyBalance: guarantor == n ? balance : nil, premed: d.premed)
            }
            return out
        }
        let rows = store.patients(patNums)
        let known = facts(rows)
        // A sync brings what changed: worth its request only when some full record went stale
        // (a row known by name only gains nothing from it, and is read alone).
        let stale = rows.values.contains { $0.balTotal != nil && $0.guarantor != nil && !recent($0) }
        guard complete, stale, let stamp = store.mark(CacheKeys.directoryStamp).flatMap(LocalDateTime.init),
              store.lead("directory", staleAfter: 90) else { return known }
        defer { store.release("directory") }
        do {
            try await syncDirectory(since: stamp, priority: .visible, retry: false)
        } catch let e as OpenDentalError where !e.isOfficeUnreachable {
            logger.warning("huddle: the directory sync failed (\(e.httpStatus.map(String.init) ?? "no status")); patients read one by one")
            return known
        }
        synced = Self.wall()
        return facts(store.patients(patNums))
    }

    /// Names in a query's rows (LName, FName, Preferred), for the host's directory cache.
    static func names(_ rows: [QueryRow]) -> [(patNum: Int, lName: String, fName: String, preferred: String)] {
        rows.compactMap { r in r.int("PatNum").map { ($0, r.string("LName"), r.string("FName"), r.string("Preferred")) } }
    }

    /// The ASAP and Unscheduled lists as the Lists screen last read them (no request).
    func cachedCandidates() -> [HuddleCandidate]? {
        func appts(_ kind: ListKind) -> [Appointment]? {
            guard let saved = store.saved(CacheKeys.list(kind)), let source = CacheFormat.decode(ListSource.self, saved.data),
                  case .appointments(let a) = source else { return nil }
            return a
        }
        guard let asap = appts(.asap), let unsched = appts(.unscheduled) else { return nil }
        return (asap.map { ($0, true) } + unsched.map { ($0, false) }).map { a, isASAP in
            HuddleCandidate(aptNum: a.aptNum, patNum: a.patNum, provNum: a.huddleProvider,
                            minutes: (a.pattern.isEmpty ? 4 : a.pattern.count) * OpeningFinder.blockMinutes, asap: isASAP)
        }
    }

    static func decimal(_ r: QueryRow, _ column: String) -> Decimal? {
        switch r.values[column] {
        case .int(let i)?: return Decimal(i)
        case .double(let d)?: return Decimal(string: String(format: "%.2f", d))
        case .string(let s)?: return Double(s).flatMap { Decimal(string: String(format: "%.2f", $0)) }
        default: return nil
        }
    }

    static func date(_ r: QueryRow, _ column: String) -> LocalDate? {
        guard let d = LocalDate(String(r.string(column).prefix(10))), d.year > 1880 else { return nil }
        return d
    }

    static func bool(_ r: QueryRow, _ column: String) -> Bool? {
        switch r.values[column] {
        case .bool(let b)?: return b
        case .int(let i)?: return i != 0
        case .string(let s)?: return ["1", "true"].contains(s.lowercased()) ? true : (["0", "false"].contains(s.lowercased()) ? false : nil)
        default: return nil
        }
    }
}

/// The huddle for `frontdesk huddle`: the same reads as the screen (and the office's reference
/// data and the names it shows, from the cache when it holds them).
public enum HuddleReader {
    public struct Result: Sendable {
        public var facts: HuddleFacts
        public var context: HuddleContext
        public var names: [Int: String]
    }

    public static func read(client: OpenDentalClient, store: OfficeStore, day: LocalDate, now: LocalDateTime, logger: Logger,
                            balanceThreshold: Decimal = 100) async throws -> Result {
        let runner = EffectRunner(client: client, inbox: Inbox(), logger: logger, store: store)
        func perform(_ e: Effect) async throws -> Msg? {
            try await runner.perform(e, today: now.date, now: now, defs: [], opNames: [:], pageSize: client.configuration.pageSize)
        }
        if store.mark(CacheKeys.queries) == nil { _ = try await perform(.loadPermissions) }
        var context = HuddleContext(now: now, confirmDefs: [], balanceThreshold: balanceThreshold)
        if case .reference(let defs, let providers, let ops)? = try await perform(.loadReference) {
            context.confirmDefs = defs
            context.providerAbbr = Dictionary(providers.map { ($0.provNum, $0.abbr) }, uniquingKeysWith: { a, _ in a })
            context.operatories = ops
        }
        let (facts, _) = try await runner.huddle(day, now: now, post: { _ in })
        // The names the figures show: the cache, then one query (or one request each without).
        let shown = Set(facts.patNums + Huddle.summary(facts, context).figures.flatMap { $0.rows.map(\.patNum) })
        var names = store.patients(Array(shown)).mapValues { personName($0.lName, $0.fName) }
        let missing = shown.filter { names[$0] == nil }.sorted()
        if !missing.isEmpty {
            if store.mark(CacheKeys.queries) == "1", let rows = try? await client.shortQueryAll(PortableSQL.contactCards(missing), priority: .visible) {
                for r in rows { if let n = r.int("PatNum") { names[n] = personName(r.string("LName"), r.string("FName")) } }
            } else {
                for n in missing {
                    let p = try await client.send(Endpoints.patient(n), priority: .visible)
                    names[n] = personName(p.lName, p.fName)
                }
            }
        }
        return Result(facts: facts, context: context, names: names)
    }
}
