import Foundation
import FrontDeskCore
import FrontDeskStore
import OpenDentalAPI

/// Scheduling's reads and writes: the opening finder's facts, a booking and a move, each write
/// guarded by a fresh read of the operatory's day before it and another after it (Open Dental
/// documents no overlap check on `POST /appointments` or `PUT /appointments/{n}`: the client is
/// what keeps the book clean), and by a claim every dashboard on this host sees.
extension EffectRunner {
    struct SchedulingBlob: Codable {
        var types: [AppointmentType]
        var blockouts: [Definition]
    }

    /// Appointment types and blockout types: two reads, kept in the host's cache like the other
    /// reference data (every dashboard on the host, and the next start, ask nothing for 12 hours).
    func schedulingReference() async throws -> Msg {
        if let saved = store.saved(CacheKeys.scheduling), (Self.wall() - saved.savedAt) < referenceFreshSeconds,
           let blob = CacheFormat.decode(SchedulingBlob.self, saved.data) {
            return .schedulingReference(types: blob.types, blockoutDefs: blob.blockouts)
        }
        let types = try await client.collectAll(Endpoints.appointmentTypes(), priority: .interactive)
        let blockouts = try await client.collectAll(Endpoints.definitions(category: 25), priority: .interactive)
        if let data = CacheFormat.encode(SchedulingBlob(types: types, blockouts: blockouts)) { store.save(CacheKeys.scheduling, data) }
        return .schedulingReference(types: types, blockoutDefs: blockouts)
    }

    /// Procedure codes' time patterns (procedurecode.ProcTime, which no API resource carries):
    /// one short query for the codes not yet in the host's cache. A code the office has no row
    /// for counts as having no pattern, so it is not asked for again.
    func procedurePatterns(_ codes: [Int]) async throws -> Msg {
        var known = store.saved(CacheKeys.procedurePatterns).flatMap { saved in
            (Self.wall() - saved.savedAt) < referenceFreshSeconds ? CacheFormat.decode([Int: String].self, saved.data) : nil
        } ?? [:]
        let missing = codes.filter { known[$0] == nil }
        if !missing.isEmpty {
            let rows: [QueryRow]
            do {
                rows = try await client.shortQueryAll(PortableSQL.procedurePatterns(missing), priority: .interactive)
            } catch let e as OpenDentalError where !e.isOfficeUnreachable {
                // A nicety, not a failure: the lengths offered are the types and the minutes.
                logger.warning("procedure patterns by query failed (\(e.httpStatus.map(String.init) ?? "no status"))")
                return .procedurePatterns(Dictionary(uniqueKeysWithValues: missing.map { ($0, "") }))
            }
            for c in missing { known[c] = "" }
            for r in rows { if let c = r.int("CodeNum") { known[c] = r.string("ProcTime") } }
            if let data = CacheFormat.encode(known) { store.save(CacheKeys.procedurePatterns, data) }
        }
        return .procedurePatterns(known.filter { codes.contains($0.key) })
    }

    /// The finder's facts for one provider, `days` days from `from`. Where the key may run
    /// queries: one short query (two requests when it has more than 100 rows) brings the
    /// provider's blocks with their operatories, the blockouts, and the time taken in the
    /// operatories the provider works in (and the provider's own appointments elsewhere).
    /// Otherwise: the provider's blocks, the blockouts, and the range's appointments, paged.
    /// Either way the facts are kept in the host's cache for a few minutes, so another search of
    /// the same range (this terminal or another) asks nothing; the write's own fresh read is what
    /// keeps a booking honest.
    func openingFacts(from: LocalDate, days: Int, provNum: Int) async throws -> Msg {
        let to = from.adding(days: max(1, days) - 1)
        let key = CacheKeys.openings(provNum: provNum, from: from, days: days)
        if let saved = store.saved(key), (Self.wall() - saved.savedAt) < Self.factsFreshSeconds,
           saved.savedAt > (store.mark(CacheKeys.lastWrite).flatMap(Double.init) ?? 0),
           let facts = CacheFormat.decode(OpeningFinder.Facts.self, saved.data) {
            return .openingFacts(from: from, days: days, provNum: provNum, facts)
        }
        var facts: OpeningFinder.Facts?
        if store.mark(CacheKeys.queries) == "1" {
            do {
                let rows = try await client.shortQueryAll(PortableSQL.openingFacts(from: from, through: to, provNum: provNum), priority: .interactive,
                                                          tag: "openings")
                facts = Self.facts(rows)
            } catch let e as OpenDentalError where !e.isOfficeUnreachable {
                logger.warning("openings by query failed (\(e.httpStatus.map(String.init) ?? "no status")); reading schedules and appointments")
            }
        }
        if facts == nil {
            let blocks = try await client.collectAll(Endpoints.schedules(dateStart: from, dateEnd: to, provNum: provNum), priority: .interactive)
            let blockouts = try await client.collectAll(Endpoints.schedules(dateStart: from, dateEnd: to, schedType: .blockout), priority: .interactive)
            let booked = try await client.collectAll(Endpoints.appointments(AppointmentFilter(dateStart: from, dateEnd: to)), priority: .interactive)
            facts = OpeningFinder.Facts(schedules: blocks + blockouts, booked: booked.map(OpeningFinder.BookedTime.init), noScheduling: [], operatories: [])
        }
        let found = facts ?? OpeningFinder.Facts(schedules: [], booked: [] as [OpeningFinder.BookedTime], noScheduling: [], operatories: [])
        if let data = CacheFormat.encode(found) { store.save(key, data) }
        return .openingFacts(from: from, days: days, provNum: provNum, found)
    }

    /// How long a search's facts are reused (the write reads the operatory fresh anyway).
    static let factsFreshSeconds: Double = 180

    /// The rows of the facts query: `S` a schedule's row for one operatory (none: no operatory),
    /// `A` an appointment's time. Enumerations are numbers in an office's MySQL and text in the
    /// sandbox; dates come with a `T` and times as "HH:mm:ss": all are read.
    static func facts(_ rows: [QueryRow]) -> OpeningFinder.Facts {
        var schedules: [Int: Schedule] = [:]
        var order: [Int] = []
        var booked: [OpeningFinder.BookedTime] = []
        func date(_ text: String) -> LocalDate? { LocalDate(String(text.prefix(10))) }
        func time(_ text: String) -> LocalTime? { LocalTime(String(text.suffix(8))) }
        for r in rows {
            guard let num = r.int("Num") else { continue }
            if r.string("K") == "A" {
                if let b = bookedTime(r) { booked.append(b) }
                continue
            }
            let typeNumbers: [Int: ScheduleType] = [0: .practice, 1: .provider, 2: .blockout, 3: .employee, 4: .webSchedASAP]
            let type = r.int("St").flatMap { typeNumbers[$0] } ?? ScheduleType(wire: r.string("St"))
            if schedules[num] == nil {
                order.append(num)
                schedules[num] = Schedule(scheduleNum: num, schedDate: date(r.string("D")), startTime: time(r.string("T1")), stopTime: time(r.string("T2")),
                                          schedType: type, provNum: r.int("Prov") ?? 0, blockoutType: r.int("Bt") ?? 0, operatories: [])
            }
            if let op = r.int("Op"), op != 0 { schedules[num]?.operatories.append(op) }
        }
        return OpeningFinder.Facts(schedules: order.compactMap { schedules[$0] }, booked: booked, noScheduling: [], operatories: [])
    }

    /// An appointment row of the facts query (or of any query with these columns).
    static func bookedTime(_ r: QueryRow) -> OpeningFinder.BookedTime? {
        guard let apt = r.int("Num") else { return nil }
        let statusNumbers: [Int: ApptStatus] = [1: .scheduled, 2: .complete, 3: .unschedList, 4: .asap, 5: .broken, 6: .planned,
                                                7: .ptNote, 8: .ptNoteCompleted]
        let status = r.int("St").flatMap { statusNumbers[$0] } ?? ApptStatus(wire: r.string("St"))
        let hyg = r.string("IsHyg")
        return OpeningFinder.BookedTime(aptNum: apt, op: r.int("Op") ?? 0, provNum: r.int("Prov") ?? 0, provHyg: r.int("Hyg") ?? 0,
                                        isHygiene: hyg == "1" || hyg.lowercased() == "true", status: status,
                                        start: LocalDateTime(r.string("D").replacingOccurrences(of: "T", with: " ").prefix(19).description),
                                        pattern: r.string("Pattern"))
    }

    /// The claim two dashboards on this host take before writing into one operatory's day.
    static func claimName(op: Int, day: LocalDate) -> String { "book.\(op).\(day)" }

    /// Books or moves: claim the operatory's day on this host, read it fresh, refuse an overlap
    /// before sending, send, read it again and say whether someone booked into the time meanwhile.
    func schedule(_ effect: Effect) async throws -> Msg {
        let (op, at, pattern, aptNum): (Int, LocalDateTime, String, Int?)
        switch effect {
        case .book(let b): (op, at, pattern, aptNum) = (b.op, b.at, b.pattern, nil)
        case .move(let m): (op, at, pattern, aptNum) = (m.op, m.at, m.pattern, m.aptNum)
        case .schedulePlanned(let m): (op, at, pattern, aptNum) = (m.op, m.at, m.pattern, nil)
        default: return .writeFailed(aptNum: nil, "Not a scheduling write")
        }
        let what = WriteCheck.describe(effect)
        let claim = Self.claimName(op: op, day: at.date)
        guard store.lead(claim, staleAfter: 90) else {
            return .writeNotSaved(aptNum: aptNum, WriteCheck.notSaved(what, "another FrontDesk terminal on this host is booking into that operatory's day right now"),
                                  resend: effect)
        }
        defer { store.release(claim) }
        let mine = OpeningFinder.BookedTime(aptNum: aptNum ?? 0, op: op, provNum: 0, provHyg: 0, isHygiene: false, status: .scheduled, start: at, pattern: pattern)
        // Fresh: what the operatory holds now (the desktop or another office's terminal may have booked).
        let before = try await client.collectAll(Endpoints.appointments(AppointmentFilter(op: op, date: at.date)), priority: .interactive)
        let clash = before.filter { $0.aptNum != aptNum && OpeningFinder.overlaps(mine, OpeningFinder.BookedTime($0)) }
        if !clash.isEmpty {
            return .writeFailed(aptNum: aptNum, "Not saved: the time was taken meanwhile (\(clash.map { "#\($0.aptNum)" }.joined(separator: ", "))); openings read again")
        }
        let saved: Appointment
        switch effect {
        case .book(let b): saved = try await client.send(Endpoints.createAppointment(b.fields), priority: .interactive)
        case .move(let m): saved = try await client.send(Endpoints.updateAppointment(m.aptNum, m.fields), priority: .interactive)
        case .schedulePlanned(let m):
            saved = try await client.send(Endpoints.schedulePlanned(aptNum: m.aptNum, at: m.at, provNum: m.provNum, op: m.op), priority: .interactive)
        default: return .writeFailed(aptNum: nil, "Not a scheduling write")
        }
        // Saved: said at once; the operatory's day is read again behind it, and anyone booked into
        // the same time meanwhile (the desktop, another office's terminal) is said when found.
        let inbox = self.inbox
        Task { [self] in
            let overlaps = await overlapsAfter(saved)
            if !overlaps.isEmpty { inbox.post(.bookedOverlap(saved, overlaps: overlaps)) }
        }
        return .booked(saved, overlaps: [], moved: aptNum != nil)
    }

    /// Reads the operatory's day again after a write: anyone else in the same time (nil-safe:
    /// a failed read says nothing rather than something false).
    func overlapsAfter(_ a: Appointment) async -> [Appointment] {
        guard let day = a.aptDateTime?.date,
              let after = try? await client.collectAll(Endpoints.appointments(AppointmentFilter(op: a.op, date: day)), priority: .interactive)
        else { return [] }
        let mine = OpeningFinder.BookedTime(a)
        return after.filter { $0.aptNum != a.aptNum && OpeningFinder.overlaps(mine, OpeningFinder.BookedTime($0)) }.sorted { $0.aptNum < $1.aptNum }
    }

    /// After a lost answer: a booking is found by reading that patient's appointments of that
    /// day (never by sending again); a move by reading the appointment.
    func verifySchedule(_ effect: Effect) async throws -> Msg? {
        switch effect {
        case .book(let b):
            let theirs = try await client.collectAll(Endpoints.appointments(AppointmentFilter(patNum: b.patNum, date: b.at.date)), priority: .interactive)
            if let a = theirs.first(where: { $0.aptDateTime == b.at && $0.op == b.op && $0.aptStatus == .scheduled }) {
                logger.info("write check: booking saved")
                return .booked(a, overlaps: await overlapsAfter(a), moved: false)
            }
            return nil
        case .schedulePlanned(let m):
            // The new appointment points at the planned one (NextAptNum).
            let theirs = try await client.collectAll(Endpoints.appointments(AppointmentFilter(patNum: m.patNum, date: m.at.date)), priority: .interactive)
            if let a = theirs.first(where: { $0.nextAptNum == m.aptNum && $0.aptDateTime == m.at && $0.aptStatus == .scheduled }) {
                return .booked(a, overlaps: await overlapsAfter(a), moved: false)
            }
            return nil
        case .move(let m):
            let a = try await client.send(Endpoints.appointment(m.aptNum), priority: .interactive)
            if WriteCheck.landed(effect, in: a, confirmDefs: []) == true { return .booked(a, overlaps: await overlapsAfter(a), moved: true) }
            return nil
        default:
            return nil
        }
    }
}

extension PortableSQL {
    /// One query for the finder: the provider's blocks and every blockout of the range, one row
    /// per operatory (Open Dental keeps them in scheduleop), then the appointments that take time
    /// in the operatories the provider works in, and the provider's own anywhere. Portable between
    /// an office's MySQL (enumerations as numbers) and the sandbox's SQLite (as text): statuses
    /// and types are matched both ways and mapped by the reader.
    public static func openingFacts(from: LocalDate, through: LocalDate, provNum p: Int) -> String {
        let dates = "s.SchedDate >= '\(from)' AND s.SchedDate <= '\(through)'"
        let times = "a.AptDateTime >= '\(from) 00:00:00' AND a.AptDateTime < '\(through.adding(days: 1)) 00:00:00'"
        return "SELECT 'S' AS K, s.ScheduleNum AS Num, so.OperatoryNum AS Op, s.SchedDate AS D, s.StartTime AS T1, s.StopTime AS T2, "
            + "s.ProvNum AS Prov, 0 AS Hyg, 0 AS IsHyg, s.SchedType AS St, '' AS Pattern, s.BlockoutType AS Bt "
            + "FROM schedule s LEFT JOIN scheduleop so ON so.ScheduleNum = s.ScheduleNum "
            + "WHERE \(dates) AND (s.ProvNum = \(p) OR s.BlockoutType > 0) "
            + "UNION ALL "
            + "SELECT 'A', a.AptNum, a.Op, a.AptDateTime, '', '', a.ProvNum, a.ProvHyg, a.IsHygiene, a.AptStatus, a.Pattern, 0 "
            + "FROM appointment a WHERE \(times) AND a.AptStatus IN (1, 2, 5, 'Scheduled', 'Complete', 'Broken') "
            + "AND (a.ProvNum = \(p) OR a.ProvHyg = \(p) OR a.Op IN (SELECT so2.OperatoryNum FROM schedule s2 "
            + "JOIN scheduleop so2 ON so2.ScheduleNum = s2.ScheduleNum WHERE s2.ProvNum = \(p) AND s2.SchedDate >= '\(from)' AND s2.SchedDate <= '\(through)') "
            // A block with no operatory stands for the operatories the provider is assigned to.
            + "OR a.Op IN (SELECT o.OperatoryNum FROM operatory o WHERE o.ProvDentist = \(p) OR o.ProvHygienist = \(p)))"
    }
}

extension EffectRunner {
    /// Who could fill a hole: the ASAP, Unscheduled (with Broken) and Planned lists (another
    /// dashboard's copy when it is fresh), the first page of the recall list for the hole's
    /// provider (a whole recall list is tens of requests on a Remote office), and the phones the
    /// cache lacks in one short query where the key may run them (else the list shows no phone
    /// for them rather than spending a request per patient).
    func holeCandidates(today: LocalDate, provNum: Int) async throws -> Msg {
        func source(_ kind: ListKind) async throws -> ListSource {
            if let (shared, _) = reusable(CacheKeys.list(kind), ListSource.self) { return shared }
            let fetched = try await list(kind, today: today)
            if let data = CacheFormat.encode(fetched) { store.save(CacheKeys.list(kind), data) }
            return fetched
        }
        func appts(_ s: ListSource) -> [Appointment] {
            if case .appointments(let a) = s { return a }
            return []
        }
        let asap = appts(try await source(.asap))
        let unscheduled = appts(try await source(.unscheduled))
        let planned = appts(try await source(.planned))
        let recall = try await client.send(Endpoints.recallList(provNum: provNum).request(limit: 100, offset: 0), priority: .interactive)
        let pats = Array(Set((asap + unscheduled + planned).map(\.patNum))).sorted()
        var (cards, missing) = contactCards(pats)
        if !missing.isEmpty, store.mark(CacheKeys.queries) == "1",
           let rows = try? await client.shortQueryAll(PortableSQL.contactCards(Array(missing.prefix(500))), priority: .interactive, tag: "names") {
            let found = rows.compactMap(Self.contactRow)
            store.upsert(found)
            for d in found { cards[d.patNum] = ContactCard(name: personName(d.lName, d.fName), phone: d.phone, confirmMethod: d.preferConfirmMethod) }
        }
        return .holeCandidates(HoleSources(asap: asap, unscheduled: unscheduled, planned: planned, recall: recall, contacts: cards, schedules: nil))
    }
}
