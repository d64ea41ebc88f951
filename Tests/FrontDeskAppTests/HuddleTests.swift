import Foundation
@testable import FrontDeskApp
@testable import FrontDeskCore
import FrontDeskStore
import GRDB
import Logging
import OpenDentalAPI
import OpenDentalSandbox
import Testing

/// The huddle over HTTP against seeded sandbox practices: every figure is checked against a
/// computation written here, straight over the sandbox's SQLite file (not the queries under
/// test); open time, which needs the finder's rules, is checked between the query and the
/// no-query reads; and the request budget is counted by the sandbox.
@Suite(.sharesTurns) struct HuddleTests {
    struct Practice {
        let sandbox: SandboxServer
        let db: DatabaseQueue
        let day: LocalDate
        let now: LocalDateTime

        func client() -> OpenDentalClient {
            OpenDentalClient(configuration: ClientConfiguration(
                baseURL: sandbox.baseURL, credentials: Credentials(developerKey: sandbox.developerKey, customerKey: sandbox.customerKey),
                mode: .local, retry: RetryPolicy(maxAttempts: 1)))
        }

        func runner(queries: Bool) -> EffectRunner {
            let client = client()
            let store = OfficeStore.inMemory(identity: OfficeIdentity(client))
            store.setMark(CacheKeys.queries, queries ? "1" : "0")
            return EffectRunner(client: client, inbox: Inbox(), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), store: store)
        }

        func context(threshold: Decimal = 100) async throws -> HuddleContext {
            let c = client()
            let defs = try await c.collectAll(Endpoints.definitions(category: 2))
            let provs = try await c.collectAll(Endpoints.providers())
            return HuddleContext(now: now, confirmDefs: defs, operatories: try await c.collectAll(Endpoints.operatories()),
                                 providerAbbr: Dictionary(provs.map { ($0.provNum, $0.abbr) }, uniquingKeysWith: { a, _ in a }), balanceThreshold: threshold)
        }

        func served() async throws -> Int {
            let r = try await URLSessionTransport(requestTimeout: 10).send(HTTPRequest(method: .get, url: URL(string: sandbox.adminURL.absoluteString + "/stats")!))
            let obj = try #require(try JSONSerialization.jsonObject(with: r.body) as? [String: Any])
            return obj["requests"] as? Int ?? -1
        }

        func resetStats() async throws {
            _ = try await URLSessionTransport(requestTimeout: 10).send(HTTPRequest(method: .delete, url: URL(string: sandbox.adminURL.absoluteString + "/stats")!))
        }
    }

    /// A practice whose "today" is Wednesday 2 December 2026 at 7:55, the huddle's hour.
    static func practice(seed: UInt64, patients: Int = 1500, queries: Bool = true) async throws -> Practice {
        var o = SandboxOptions()
        o.port = 0
        o.seed = seed
        o.patients = patients
        o.queries = queries
        o.today = 20_789
        o.timeOfDay = 7 * 3600 + 55 * 60
        let path = temporaryFolder("huddle") + "/practice.sqlite"
        o.databasePath = path
        let sandbox = try await SandboxServer.start(o)
        var config = Configuration()
        config.readonly = true
        let day = LocalDate(dayNumber: 20_789)
        return Practice(sandbox: sandbox, db: try DatabaseQueue(path: path, configuration: config), day: day,
                        now: LocalDateTime(date: day, time: LocalTime(hour: 7, minute: 55)))
    }

    static func money(_ v: Double) -> Decimal { Decimal(string: String(format: "%.2f", v))! }

    @Test(arguments: [UInt64(20_261_129), 7])
    func everyFigureMatchesTheDatabase(seed: UInt64) async throws {
        let p = try await Self.practice(seed: seed)
        defer { Task { await p.sandbox.stop() } }
        let (facts, _) = try await p.runner(queries: true).huddle(p.day, now: p.now, post: { _ in })
        let ctx = try await p.context()
        let sum = Huddle.summary(facts, ctx)
        let day = p.day.description
        let after = p.day.adding(days: 1).description + " 00:00:00"

        // What the database says, in SQL of this test's own.
        struct Apt { var aptNum, patNum, prov: Int; var newPatient, unconfirmed: Bool }
        let (apts, fees, pats) = try p.db.read { db -> ([Apt], [Int: Double], [Row]) in
            let apts = try Row.fetchAll(db, sql: """
                SELECT a.AptNum, a.PatNum, CASE WHEN a.IsHygiene = 1 AND a.ProvHyg <> 0 THEN a.ProvHyg ELSE a.ProvNum END AS Prov, a.IsNewPatient,
                  (a.AptStatus = 'Scheduled' AND a.DateTimeArrived LIKE '0001%' AND a.DateTimeSeated LIKE '0001%' AND a.DateTimeDismissed LIKE '0001%'
                   AND COALESCE((SELECT d.ItemName FROM definition d WHERE d.DefNum = a.Confirmed), '')
                       NOT IN ('Appointment Confirmed', 'Arrived', 'In Treatment Room', 'Ready to go back')) AS Unconf
                FROM appointment a WHERE substr(a.AptDateTime, 1, 10) = ? AND a.AptStatus IN ('Scheduled', 'Complete', 'ASAP')
                ORDER BY a.AptDateTime, a.AptNum
                """, arguments: [day]).map { Apt(aptNum: $0["AptNum"], patNum: $0["PatNum"], prov: $0["Prov"], newPatient: $0["IsNewPatient"], unconfirmed: $0["Unconf"]) }
            var fees: [Int: Double] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT pl.ProvNum, pl.ProcFee, pl.UnitQty, pl.BaseUnits FROM procedurelog pl JOIN appointment a ON a.AptNum = pl.AptNum
                WHERE substr(a.AptDateTime, 1, 10) = ? AND a.AptStatus IN ('Scheduled', 'Complete', 'ASAP') AND pl.ProcStatus <> 'D'
                """, arguments: [day]) {
                let units: Int = r["UnitQty"] + (r["BaseUnits"] as Int)
                fees[r["ProvNum"], default: 0] += (r["ProcFee"] as Double) * Double(units)
            }
            let pats = try Row.fetchAll(db, sql: """
                SELECT p.PatNum, p.Birthdate, p.Premed, g.BalTotal,
                  (SELECT COUNT(*) FROM popup pu WHERE pu.IsArchived = 0 AND (pu.DateTimeDisabled LIKE '0001%' OR pu.DateTimeDisabled > ?)
                     AND (pu.PatNum = p.PatNum OR (pu.PopupLevel = 'Family' AND pu.PatNum IN (SELECT PatNum FROM patient WHERE Guarantor = p.Guarantor)))) AS Alerts,
                  (SELECT MIN(DateDue) FROM recall r WHERE r.PatNum = p.PatNum AND r.IsDisabled = 0 AND r.DateDue <> '0001-01-01') AS Due,
                  (SELECT COUNT(*) FROM appointment a WHERE a.PatNum = p.PatNum AND a.AptStatus = 'Scheduled' AND a.AptDateTime >= ?) AS Future,
                  (SELECT COUNT(*) FROM procedurelog t WHERE t.PatNum = p.PatNum AND t.ProcStatus = 'TP' AND t.AptNum = 0) AS Tp,
                  p.Guarantor
                FROM patient p LEFT JOIN patient g ON g.PatNum = p.Guarantor
                WHERE p.PatNum IN (SELECT PatNum FROM appointment WHERE substr(AptDateTime, 1, 10) = ? AND AptStatus IN ('Scheduled', 'Complete', 'ASAP'))
                """, arguments: [p.now.description, after, day])
            return (apts, fees, pats)
        }
        try #require(apts.count >= 10, "the practice has a day to huddle over")
        func ids(_ k: HuddleFigureKind) -> Set<Int> { Set(sum.figure(k).rows.map(\.patNum)) }

        // Scheduled, per provider and for the office; production per provider.
        #expect(sum.figure(.appointments).value == "\(apts.count)")
        let office = try #require(sum.providers.last)
        #expect(office.provNum == nil && office.appointments == apts.count)
        #expect(office.unconfirmed == apts.filter(\.unconfirmed).count)
        #expect(office.newPatients == apts.filter(\.newPatient).count)
        #expect(office.production == Self.money(fees.values.reduce(0, +)))
        for line in sum.providers.dropLast() {
            let prov = try #require(line.provNum)
            #expect(line.appointments == apts.filter { $0.prov == prov }.count, "provider \(prov)")
            #expect(line.production == Self.money(fees[prov] ?? 0), "provider \(prov)")
        }
        #expect(Set(sum.figure(.unconfirmed).rows.compactMap(\.aptNum)) == Set(apts.filter(\.unconfirmed).map(\.aptNum)))
        #expect(Set(sum.figure(.newPatients).rows.compactMap(\.aptNum)) == Set(apts.filter(\.newPatient).map(\.aptNum)))

        // The patients' figures.
        let mmdd = String(day.dropFirst(5))
        #expect(ids(.birthdays) == Set(pats.filter { ($0["Birthdate"] as String).hasSuffix(mmdd) && !($0["Birthdate"] as String).hasPrefix("0001") }.map { $0["PatNum"] as Int }))
        #expect(ids(.premed) == Set(pats.filter { ($0["Premed"] as Int?) == 1 }.map { $0["PatNum"] as Int }))
        #expect(ids(.alerts) == Set(pats.filter { ($0["Alerts"] as Int) > 0 }.map { $0["PatNum"] as Int }))
        let horizon = p.day.adding(days: 90).description
        #expect(ids(.noNextVisit) == Set(pats.filter { r in
            (r["Future"] as Int) == 0 && ((r["Due"] as String?).map { $0 <= horizon } ?? false)
        }.map { $0["PatNum"] as Int }))
        #expect(ids(.treatmentPlanned) == Set(pats.filter { ($0["Tp"] as Int) > 0 }.map { $0["PatNum"] as Int }))
        // Balances: one row per family over $100, at the family's first patient of the day.
        let families = Set(pats.filter { Self.money(($0["BalTotal"] as Double?) ?? 0) > 100 }.map { $0["Guarantor"] as Int })
        let balanceRows = sum.figure(.balances).rows
        #expect(balanceRows.count == families.count)
        #expect(Set(balanceRows.map { r in pats.first { ($0["PatNum"] as Int) == r.patNum }.map { $0["Guarantor"] as Int } ?? -1 }) == families)

        // Something was there to compare (a figure of 0 everywhere would prove nothing): these
        // practices have rows behind every figure but at most one (birthdays are 1 in 365).
        #expect(sum.figures.filter { $0.rows.isEmpty }.count <= 1, "\(sum.figures.map { "\($0.kind)=\($0.rows.count)" })")
        // Open time per provider and for the office, as computed here.
        let open = try Self.openMinutes(p.db, day: p.day, now: p.now)
        for line in sum.providers.dropLast() {
            #expect((line.openMinutes ?? -1) == (open[line.provNum ?? -1] ?? 0), "open time of provider \(line.provNum ?? -1)")
        }
        #expect(office.openMinutes == open.values.reduce(0, +))
        #expect(sum.figures.allSatisfy { $0.unavailable == nil }, "\(sum.figures.filter { $0.unavailable != nil }.map { "\($0.kind): \($0.unavailable!)" })")
    }

    /// Open time per provider, computed here over the database with the desktop's rules: a
    /// provider's blocks in an operatory (its `scheduleop` rows, or the operatories the provider
    /// is assigned to), less appointments that take time (Scheduled, Complete, Broken) and
    /// blockouts whose type says `NS`; runs of ten minutes or more; from now on, today.
    static func openMinutes(_ db: DatabaseQueue, day: LocalDate, now: LocalDateTime) throws -> [Int: Int] {
        try db.read { db in
            let blocksPerDay = 288
            func block(_ time: String, up: Bool) -> Int {
                let parts = time.split(separator: ":").compactMap { Int($0) }
                let secs = parts[0] * 3600 + parts[1] * 60 + (parts.count > 2 ? parts[2] : 0)
                return up ? (secs + 299) / 300 : secs / 300
            }
            let visible = try Row.fetchAll(db, sql: "SELECT OperatoryNum, ProvDentist, ProvHygienist FROM operatory WHERE IsHidden = 0")
            let visibleOps = Set(visible.map { $0["OperatoryNum"] as Int })
            let ns = Set(try Row.fetchAll(db, sql: "SELECT DefNum, ItemValue FROM definition WHERE Category = 25").filter { r in
                (r["ItemValue"] as String).split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).uppercased() == "NS" }
            }.map { $0["DefNum"] as Int })
            func ops(_ scheduleNum: Int) throws -> [Int] {
                try Int.fetchAll(db, sql: "SELECT OperatoryNum FROM scheduleop WHERE ScheduleNum = ?", arguments: [scheduleNum])
            }
            var rows: [Int: [Int]] = [:]
            for s in try Row.fetchAll(db, sql: "SELECT * FROM schedule WHERE SchedDate = ? AND SchedType = 'Provider' ORDER BY ScheduleNum", arguments: [day.description]) {
                let prov: Int = s["ProvNum"]
                var list = try ops(s["ScheduleNum"])
                if list.isEmpty { list = visible.filter { ($0["ProvDentist"] as Int) == prov || ($0["ProvHygienist"] as Int) == prov }.map { $0["OperatoryNum"] } }
                let (from, to) = (max(0, block(s["StartTime"], up: true)), min(blocksPerDay, block(s["StopTime"], up: false)))
                guard from < to else { continue }
                for op in list where visibleOps.contains(op) {
                    var row = rows[op] ?? Array(repeating: 0, count: blocksPerDay)
                    for b in from..<to where row[b] == 0 { row[b] = prov }
                    rows[op] = row
                }
            }
            func clear(_ op: Int, _ from: Int, _ to: Int) {
                guard var row = rows[op], from < to else { return }
                for b in from..<to { row[b] = 0 }
                rows[op] = row
            }
            for s in try Row.fetchAll(db, sql: "SELECT * FROM schedule WHERE SchedDate = ? AND SchedType = 'Blockout'", arguments: [day.description])
            where ns.contains(s["BlockoutType"]) {
                let list = try ops(s["ScheduleNum"])
                let (from, to) = (max(0, block(s["StartTime"], up: true)), min(blocksPerDay, block(s["StopTime"], up: false)))
                for op in list.isEmpty ? Array(rows.keys) : list { clear(op, from, to) }
            }
            for a in try Row.fetchAll(db, sql: """
                SELECT Op, AptDateTime, Pattern FROM appointment WHERE substr(AptDateTime, 1, 10) = ? AND AptStatus IN ('Scheduled', 'Complete', 'Broken')
                """, arguments: [day.description]) {
                let time = String((a["AptDateTime"] as String).dropFirst(11))
                let first = block(time, up: false)
                let extra = block(time, up: false) * 300 == block(time, up: true) * 300 ? 0 : 1
                let pattern: String = a["Pattern"]
                clear(a["Op"], first, min(blocksPerDay, first + (pattern.isEmpty ? 4 : pattern.count) + extra))
            }
            let nowBlock = day == now.date ? block(now.time.description, up: true) : 0
            var out: [Int: Int] = [:]
            for (_, row) in rows {
                var b = 0
                while b < blocksPerDay {
                    guard row[b] != 0 else { b += 1; continue }
                    let start = b
                    while b < blocksPerDay && row[b] == row[start] { b += 1 }
                    let from = max(start, nowBlock)
                    if b - start >= 2, b - from >= 2 { out[row[start], default: 0] += (b - from) * 5 }
                }
            }
            return out
        }
    }

    /// Open time from the schedules query and from `GET /schedules` (the no-query read) is the same.
    @Test func openTimeIsTheSameReadEitherWay() async throws {
        let p = try await Self.practice(seed: 20_261_129)
        defer { Task { await p.sandbox.stop() } }
        let ctx = try await p.context()
        let (byQuery, _) = try await p.runner(queries: true).huddle(p.day, now: p.now, post: { _ in })
        var (byReads, _) = try await p.runner(queries: false).huddle(p.day, now: p.now, post: { _ in })
        byReads.noScheduling = byQuery.noScheduling
        let a = Huddle.summary(byQuery, ctx), b = Huddle.summary(byReads, ctx)
        #expect(a.providers.map(\.openMinutes) == b.providers.map(\.openMinutes))
        #expect((a.providers.last?.openMinutes ?? 0) > 0)
    }

    /// The budget: with ApiQueries at most 6 requests; without, 2 plus one per patient, and a
    /// second read of the same day asks only for what changed (the patients are cached).
    @Test func theHuddleStaysInItsBudget() async throws {
        let p = try await Self.practice(seed: 20_261_129)
        defer { Task { await p.sandbox.stop() } }
        try await p.resetStats()
        let (facts, _) = try await p.runner(queries: true).huddle(p.day, now: p.now, post: { _ in })
        let withQueries = try await p.served()
        #expect(withQueries <= 6, "\(withQueries) requests with ApiQueries")

        let r = p.runner(queries: false)
        try await p.resetStats()
        let (plain, _) = try await r.huddle(p.day, now: p.now, post: { _ in })
        let cold = try await p.served()
        #expect(cold <= 2 + facts.patNums.count, "\(cold) requests for \(facts.patNums.count) patients without ApiQueries")
        #expect(plain.reason(.fees) == Huddle.needsQueries)
        try await p.resetStats()
        _ = try await r.huddle(p.day, now: p.now, post: { _ in })
        let warm = try await p.served()
        #expect(warm <= 2, "the day's patients come from the cache: \(warm) requests")

        // As a dashboard opens it: its start read the day and today's schedules, so the huddle
        // reads the day's patients only (within 1 + N).
        let shown = p.runner(queries: false)
        _ = try await shown.loadDay(p.day)
        _ = try await shown.daySchedules(p.day, priority: .background)
        try await p.resetStats()
        let (same, _) = try await shown.huddle(p.day, now: p.now, post: { _ in })
        let afterSchedule = try await p.served()
        #expect(afterSchedule <= facts.patNums.count, "\(afterSchedule) requests after the start read the day and its schedules")
        #expect(same.patients == plain.patients && same.appointments?.map(\.aptNum) == plain.appointments?.map(\.aptNum))
        // Tomorrow (→): its schedules came with today's in the start's one request, so its
        // huddle reads its day and its patients only (1 + N).
        let tomorrow = p.day.adding(days: 1)
        try await p.resetStats()
        let (next, _) = try await shown.huddle(tomorrow, now: p.now, post: { _ in })
        let nextCost = try await p.served()
        #expect(nextCost <= 1 + next.patNums.count, "\(nextCost) requests for tomorrow's \(next.patNums.count) patients")
        #expect(next.schedules?.isEmpty == false)

        // With the host's directory crawled (full records of every patient, seen moments ago):
        // no patient is read alone, and the figures are the same.
        let crawled = p.runner(queries: false)
        try await crawled.directory()
        _ = try await crawled.loadDay(p.day)
        _ = try await crawled.daySchedules(p.day, priority: .background)
        try await p.resetStats()
        let (fromDirectory, _) = try await crawled.huddle(p.day, now: p.now, post: { _ in })
        let withDirectory = try await p.served()
        #expect(withDirectory == 0, "\(withDirectory) requests with the directory, the day and its schedules in the cache")
        #expect(fromDirectory.patients == plain.patients, "the directory's records give the same facts as the patients' own")

        // The same records an hour old, the directory last synced an hour ago: one sync of what
        // changed makes them current again, and still no patient is read alone.
        let hourAgo = Date().timeIntervalSince1970 - 3600
        let aged = crawled.store.patients(fromDirectory.patNums).values.map { d -> DirectoryPatient in
            var d = d
            d.seenAt = hourAgo
            return d
        }
        crawled.store.upsert(aged, marks: [CacheKeys.directorySynced: String(hourAgo)])
        try await p.resetStats()
        let (synced, _) = try await crawled.huddle(p.day, now: p.now, post: { _ in })
        let afterSync = try await p.served()
        #expect(afterSync == 1, "\(afterSync) requests: one sync of the directory")
        #expect(synced.patients == plain.patients)
    }

    /// A day with nobody on the book (the practice's weekend) asks about no fees and no patients:
    /// the day, its schedules and who could fill it.
    @Test func aClosedDayCostsThreeRequests() async throws {
        let p = try await Self.practice(seed: 20_261_129)
        defer { Task { await p.sandbox.stop() } }
        let closed = try await p.db.read { db in
            try (1...14).map { p.day.adding(days: $0) }.first { d in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM appointment WHERE substr(AptDateTime, 1, 10) = ? AND AptStatus IN ('Scheduled', 'Complete')",
                                 arguments: [d.description]) == 0
            }
        }
        let day = try #require(closed, "the practice has a closed day in the next two weeks")
        try await p.resetStats()
        let (facts, _) = try await p.runner(queries: true).huddle(day, now: p.now, post: { _ in })
        #expect(facts.booked.isEmpty && facts.fees == [] && facts.patients == [:])
        let served = try await p.served()
        #expect(served <= 3, "\(served) requests")
    }

    /// Without ApiQueries every figure that needs a query says so; none shows a number.
    @Test func withoutQueriesTheFiguresSayWhy() async throws {
        let p = try await Self.practice(seed: 20_261_129, queries: false)
        defer { Task { await p.sandbox.stop() } }
        let (facts, _) = try await p.runner(queries: true).huddle(p.day, now: p.now, post: { _ in })
        let sum = Huddle.summary(facts, try await p.context())
        for k in [HuddleFigureKind.alerts, .noNextVisit, .treatmentPlanned] {
            #expect(sum.figure(k).unavailable == Huddle.needsQueries, "\(k)")
            #expect(sum.figure(k).value.isEmpty)
        }
        #expect(sum.providers.last?.production == nil)
        #expect(sum.figure(.birthdays).unavailable == nil)
        #expect(sum.figure(.premed).unavailable == nil, "this sandbox sends Premed (25.2.30)")
    }
}
