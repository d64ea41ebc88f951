import Foundation
import FrontDeskCore
import FrontDeskStore
import OpenDentalAPI

/// Scheduling's reads and writes: the opening finder's facts, a booking and a move, each write
/// guarded by a fresh read of the operatory's day before it and another after it (Open Dental
/// documents no overlap check on `POST /appointments` or `PUT /appointments/{n}`: the client is
/// what keeps the book clean), and by a claim every dashboard on this host sees.
extension EffectRunner {
    /// Appointment types and blockout types: two reads, once a run.
    func schedulingReference() async throws -> Msg {
        let types = try await client.collectAll(Endpoints.appointmentTypes(), priority: .interactive)
        let blockouts = try await client.collectAll(Endpoints.definitions(category: 25), priority: .interactive)
        return .schedulingReference(types: types, blockoutDefs: blockouts)
    }

    /// Schedules and booked time for `days` days from `from`: `GET /schedules` for the range, and
    /// the appointments of the range in one short query where the key may run them (only the
    /// columns the finder reads), else paged `GET /appointments`.
    func openingFacts(from: LocalDate, days: Int) async throws -> Msg {
        let to = from.adding(days: max(1, days) - 1)
        let schedules = try await client.collectAll(Endpoints.schedules(dateStart: from, dateEnd: to), priority: .interactive)
        var booked: [OpeningFinder.BookedTime]?
        if store.mark(CacheKeys.queries) == "1" {
            do {
                booked = try await client.shortQueryAll(PortableSQL.bookedTime(from: from, through: to), priority: .interactive, tag: "openings")
                    .compactMap(Self.bookedTime)
            } catch let e as OpenDentalError where !e.isOfficeUnreachable {
                logger.warning("booked time by query failed (\(e.httpStatus.map(String.init) ?? "no status")); reading appointments")
            }
        }
        if booked == nil {
            booked = try await client.collectAll(Endpoints.appointments(AppointmentFilter(dateStart: from, dateEnd: to)), priority: .interactive)
                .map(OpeningFinder.BookedTime.init)
        }
        return .openingFacts(from: from, days: days, OpeningFinder.Facts(schedules: schedules, booked: booked ?? [], noScheduling: [], operatories: []))
    }

    /// A row of the booked-time query. Enumerations are numbers in an office's MySQL and text in
    /// the sandbox: both are read.
    static func bookedTime(_ r: QueryRow) -> OpeningFinder.BookedTime? {
        guard let apt = r.int("AptNum") else { return nil }
        let statusNumbers: [Int: ApptStatus] = [1: .scheduled, 2: .complete, 3: .unschedList, 4: .asap, 5: .broken, 6: .planned,
                                                7: .ptNote, 8: .ptNoteCompleted]
        let status = r.int("AptStatus").flatMap { statusNumbers[$0] } ?? ApptStatus(wire: r.string("AptStatus"))
        let hyg = r.string("IsHygiene")
        return OpeningFinder.BookedTime(aptNum: apt, op: r.int("Op") ?? 0, provNum: r.int("ProvNum") ?? 0, provHyg: r.int("ProvHyg") ?? 0,
                                        isHygiene: hyg == "1" || hyg.lowercased() == "true", status: status,
                                        start: LocalDateTime(r.string("AptDateTime").replacingOccurrences(of: "T", with: " ")),
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
            return .writeFailed(aptNum: aptNum, "Not saved: the time was taken meanwhile (appointment \(clash.map { "#\($0.aptNum)" }.joined(separator: ", "))); "
                                + "the openings were read again")
        }
        let saved: Appointment
        switch effect {
        case .book(let b): saved = try await client.send(Endpoints.createAppointment(b.fields), priority: .interactive)
        case .move(let m): saved = try await client.send(Endpoints.updateAppointment(m.aptNum, m.fields), priority: .interactive)
        case .schedulePlanned(let m):
            saved = try await client.send(Endpoints.schedulePlanned(aptNum: m.aptNum, at: m.at, provNum: m.provNum, op: m.op), priority: .interactive)
        default: return .writeFailed(aptNum: nil, "Not a scheduling write")
        }
        return .booked(saved, overlaps: await overlapsAfter(saved), moved: aptNum != nil)
    }

    /// Reads the operatory's day again after a write: anyone else in the same time (nil-safe:
    /// a failed read says nothing rather than something false).
    func overlapsAfter(_ a: Appointment) async -> [Int] {
        guard let day = a.aptDateTime?.date,
              let after = try? await client.collectAll(Endpoints.appointments(AppointmentFilter(op: a.op, date: day)), priority: .interactive)
        else { return [] }
        let mine = OpeningFinder.BookedTime(a)
        return after.filter { $0.aptNum != a.aptNum && OpeningFinder.overlaps(mine, OpeningFinder.BookedTime($0)) }.map(\.aptNum).sorted()
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
    /// The time appointments take from `from` through `through`: only the finder's columns.
    public static func bookedTime(from: LocalDate, through: LocalDate) -> String {
        "SELECT AptNum, Op, ProvNum, ProvHyg, IsHygiene, AptStatus, Pattern, AptDateTime FROM appointment "
            + "WHERE AptDateTime >= '\(from) 00:00:00' AND AptDateTime < '\(through.adding(days: 1)) 00:00:00' ORDER BY AptNum"
    }
}

extension EffectRunner {
    /// Who could fill a hole: the ASAP, Unscheduled (with Broken) and Planned lists and the recall
    /// list (another dashboard's copy when it is fresh), and the phones the cache lacks in one short
    /// query where the key may run them (else the list shows no phone for them rather than
    /// spending a request per patient).
    func holeCandidates(today: LocalDate) async throws -> Msg {
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
        var recall: [RecallListRow] = []
        if case .recall(let rows) = try await source(.recall) { recall = rows }
        let pats = Array(Set((asap + unscheduled + planned).map(\.patNum))).sorted()
        var (cards, missing) = contactCards(pats)
        if !missing.isEmpty, store.mark(CacheKeys.queries) == "1",
           let rows = try? await client.shortQueryAll(PortableSQL.contactCards(Array(missing.prefix(500))), priority: .interactive, tag: "names") {
            var found: [DirectoryPatient] = []
            for r in rows {
                guard let n = r.int("PatNum") else { continue }
                let method = r.int("PreferConfirmMethod").flatMap { ContactMethod.known.indices.contains($0) ? ContactMethod.known[$0].rawValue : nil }
                    ?? r.string("PreferConfirmMethod")
                found.append(DirectoryPatient(patNum: n, lName: r.string("LName"), fName: r.string("FName"), preferred: r.string("Preferred"),
                                              wirelessPhone: r.string("WirelessPhone"), hmPhone: r.string("HmPhone"), wkPhone: r.string("WkPhone"),
                                              preferConfirmMethod: method))
            }
            store.upsert(found)
            for d in found { cards[d.patNum] = ContactCard(name: personName(d.lName, d.fName), phone: d.phone, confirmMethod: d.preferConfirmMethod) }
        }
        return .holeCandidates(HoleSources(asap: asap, unscheduled: unscheduled, planned: planned, recall: recall, contacts: cards, schedules: nil))
    }
}
