import Foundation
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI

/// Lists and the contact cards beside them: phones from the host's directory, the rest by query.
extension EffectRunner {
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
                inbox.post(.lists(.data(.confirmations, .confirmations(appts, contacts: cards), from: nil)))
                if let data = CacheFormat.encode(ListSource.confirmations(appts, contacts: cards)) { store.save(CacheKeys.list(.confirmations), data) }
                return
            }
        }
        for (i, n) in missing.enumerated() where cards[n]?.phone.isEmpty != false {
            guard let p = try? await client.send(Endpoints.patient(n), priority: .visible, tag: "names") else { continue }
            let d = DirectoryPatient(p, seenAt: Self.wall())
            store.upsert([d])
            cards[n] = ContactCard(name: personName(d.lName, d.fName), phone: d.phone, confirmMethod: d.preferConfirmMethod)
            if (i + 1) % 5 == 0 || i == missing.count - 1 { inbox.post(.lists(.data(.confirmations, .confirmations(appts, contacts: cards), from: nil))) }
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
