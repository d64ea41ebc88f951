import Foundation
@testable import FrontDeskApp
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI
import OpenDentalSandbox
import TestSupport
import Testing

/// Starts of the real app core and client, headless, against the real sandbox, with the cache
/// file a dashboard would use: what a second start asks of the office, the `DateTStamp` sync,
/// and a start while the office cannot be reached.
@Suite(.sharesTurns) struct CacheStartTests {
    struct Office {
        let sandbox: SandboxServer
        let dir: String
        /// The office's clocks: moved on instead of waiting for time to pass.
        let time: SandboxTime
        var identity: OfficeIdentity { OfficeIdentity(baseURL: sandbox.baseURL.absoluteString, customerKey: sandbox.customerKey) }

        func client() -> OpenDentalClient {
            OpenDentalClient(configuration: ClientConfiguration(
                baseURL: sandbox.baseURL, credentials: Credentials(developerKey: sandbox.developerKey, customerKey: sandbox.customerKey),
                mode: .local, retry: RetryPolicy(maxAttempts: 1)))
        }

        func store() throws -> OfficeStore { try OfficeStore.open(directory: dir, identity: identity) }

        /// (requests, [path: count]) the sandbox served since the last reset.
        func served() async throws -> (Int, [String: Int]) {
            let r = try await URLSessionTransport(requestTimeout: 10).send(HTTPRequest(method: .get, url: URL(string: sandbox.adminURL.absoluteString + "/stats")!))
            let obj = try #require(try JSONSerialization.jsonObject(with: r.body) as? [String: Any])
            var paths: [String: Int] = [:]
            for row in obj["rows"] as? [[String: Any]] ?? [] {
                paths["\(row["method"] ?? "") \(row["path"] ?? "")", default: 0] += row["count"] as? Int ?? 0
            }
            return (obj["requests"] as? Int ?? -1, paths)
        }

        /// Waits until the office has taken every request sent to it: the count stands still for
        /// half a second (a request a stopped run sent, and then gave up on, may still reach the
        /// office after its task ended, when the machine is loaded).
        func quiet() async throws {
            var last = try await served().0
            for _ in 0..<40 {
                try await Task.sleep(nanoseconds: 500_000_000)
                let now = try await served().0
                // The look-up itself is not counted: /sandbox/stats is not an API path.
                if now == last { return }
                last = now
            }
        }

        func resetStats() async throws {
            _ = try await URLSessionTransport(requestTimeout: 10).send(HTTPRequest(method: .delete, url: URL(string: sandbox.adminURL.absoluteString + "/stats")!))
        }
    }

    static func office(patients: Int = 300) async throws -> Office {
        var o = SandboxOptions()
        o.port = 0
        o.patients = patients
        // The practice's "today" is the test's today, so a start lands on a day with appointments.
        return Office(sandbox: try await SandboxServer.start(o), dir: temporaryFolder("cache"), time: o.time)
    }

    static func state() -> AppState {
        let now = AppRuntime.localNow()
        var s = AppState(today: now.date, now: now)
        s.width = 80
        s.height = 24
        return s
    }

    static func allNamed(_ s: AppState) -> Bool {
        if case .loaded = s.schedule.load {} else { return false }
        return !s.schedule.appointments.isEmpty && s.visibleAppointments.allSatisfy { s.patientNames[$0.patNum] != nil }
    }

    @Test func aWarmStartAsksForTheDayAndWhatChangedOnly() async throws {
        let office = try await Self.office()
        defer { try? FileManager.default.removeItem(atPath: office.dir); Task { await office.sandbox.stop() } }

        // First start: cold, until the whole directory is in the cache.
        let cold = HeadlessRuntime(client: office.client(), state: Self.state(), store: try office.store())
        _ = await cold.run(for: 60) { s in Self.allNamed(s) && s.directoryComplete }
        #expect(cold.state.directoryComplete)
        let renamed = try #require(cold.state.visibleAppointments.first?.patNum)

        // Someone renames a patient on today's schedule at the office.
        var f = PatientFields()
        f.lName = "Renamedsince"
        _ = try await office.client().send(Endpoints.updatePatient(renamed, f))
        try await office.resetStats()

        // Second start, a new process's client on the same cache file, later than the moments in
        // which it would take the first one's fresh copies instead of asking (tested below).
        let warm = HeadlessRuntime(client: office.client(), state: Self.state(), store: try office.store(), reuseSeconds: 0)
        var shownBeforeAnyAnswer = false
        _ = await warm.run(for: 30, observe: { s, _ in
            if s.schedule.load == .loading, !s.schedule.appointments.isEmpty, s.visibleAppointments.allSatisfy({ s.patientNames[$0.patNum] != nil }) {
                shownBeforeAnyAnswer = true
            }
        }) { s in Self.allNamed(s) && s.patientNames[renamed]?.hasPrefix("Renamedsince") == true }
        #expect(shownBeforeAnyAnswer, "the cached day and its names are on screen before the office answers")
        #expect(warm.state.patientNames[renamed]?.hasPrefix("Renamedsince") == true)
        let (requests, paths) = try await office.served()
        #expect(requests == 2, "\(paths)")
        #expect(paths["GET /appointments"] == 1 && paths["GET /patients/Simple"] == 1, "\(paths)")
        #expect(warm.state.schedule.from == nil, "the office's answer replaced the cached day")
    }

    @Test func aSecondDashboardMomentsLaterTakesTheFirstOnesDayAndDirectory() async throws {
        let office = try await Self.office()
        defer { try? FileManager.default.removeItem(atPath: office.dir); Task { await office.sandbox.stop() } }
        let first = HeadlessRuntime(client: office.client(), state: Self.state(), store: try office.store())
        _ = await first.run(for: 60) { s in Self.allNamed(s) && s.directoryComplete }
        try await office.resetStats()
        // Another process (the day was saved by a different pid) within the refresh interval.
        let other = try OfficeStore.open(directory: office.dir, identity: office.identity, owner: getpid() + 1)
        let second = HeadlessRuntime(client: office.client(), state: Self.state(), store: other, reuseSeconds: 30)
        _ = await second.run(for: 20) { s in Self.allNamed(s) && s.directoryComplete && s.connection == .online }
        let (requests, paths) = try await office.served()
        #expect(Self.allNamed(second.state))
        #expect(second.state.schedule.from != nil, "shown as another dashboard's copy, with its age")
        // One small request only, to learn whether the office answers this dashboard at all.
        #expect(requests == 1 && paths["GET /securityperms"] == 1, "\(paths)")
    }

    /// A refresh within five minutes of a whole read asks for what changed since and merges it:
    /// a change made at the office by someone else shows after one request.
    @Test func aRefreshBringsWhatChangedSinceTheLastRead() async throws {
        let office = try await Self.office()
        defer { try? FileManager.default.removeItem(atPath: office.dir); Task { await office.sandbox.stop() } }
        let rt = HeadlessRuntime(client: office.client(), state: Self.state(), store: try office.store(), reuseSeconds: 0)
        _ = await rt.run(for: 30) { s in Self.allNamed(s) }
        let target = try #require(rt.state.visibleAppointments.first { !$0.confirmedName.contains("Confirmed") })
        let before = rt.state.schedule.appointments.count
        // The sandbox stamps changes to the second: the next change is a later second.
        office.time.advance(by: 1)
        _ = try await office.client().send(Endpoints.confirmAppointment(target.aptNum, .value(.confirmed)))
        try await office.resetStats()
        rt.refreshSeconds = 0.2
        _ = await rt.run(for: 20) { s in s.schedule.appointments.first { $0.aptNum == target.aptNum }?.confirmed != target.confirmed }
        let after = try #require(rt.state.schedule.appointments.first { $0.aptNum == target.aptNum })
        #expect(after.confirmed != target.confirmed && after.confirmedName.contains("Confirmed"), "\(after.confirmedName)")
        #expect(rt.state.schedule.appointments.count == before, "the merge keeps every other row")
        let (_, paths) = try await office.served()
        #expect((paths["GET /appointments"] ?? 0) >= 1)
        // The read was the short one: its stamp is newer than the whole read's.
        let saved = try #require(rt.store.saved("day.\(rt.state.schedule.day)"))
        #expect(LocalDateTime(saved.stamp) != nil)
        #expect(rt.store.mark("fullRead.day.\(rt.state.schedule.day)") != nil)
    }

    /// The confirmations list refreshes with what changed; a write (by any dashboard) makes the
    /// next read whole, since a row it moved out of the list never shows in a `DateTStamp` answer.
    @Test func aListRefreshBringsWhatChangedAndAWriteForcesAWholeRead() async throws {
        let office = try await Self.office()
        defer { try? FileManager.default.removeItem(atPath: office.dir); Task { await office.sandbox.stop() } }
        let client = office.client()
        let runner = EffectRunner(client: client, inbox: Inbox(), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                                  store: try office.store(), reuseSeconds: 0)
        let now = AppRuntime.localNow()
        let context = EffectRunner.Context(today: now.date, now: now, defs: [], opNames: [:], pageSize: 1000)
        func rows() async -> [ListRow] {
            // The runtime hands back what the office answered; the core builds the rows.
            if case .data(_, let source, _)? = await runner.execute(.loadList(.confirmations, today: now.date), context).msg?.feature as? ListsMessage {
                return ListRows.rows(source, now: now, opNames: [:], confirmDefs: []).0
            }
            Issue.record("the list did not load")
            return []
        }
        let key = CacheKeys.listSource(.confirmations, ListRows.businessDays(after: now.date, count: 2)[0].description)
        let first = await rows()
        try #require(first.count >= 2)
        // The phones the cache lacked are fetched after the rows: wait for that fill to end, so
        // its requests are not counted as the refresh's (seen on a loaded machine).
        let pats = first.map(\.patNum)
        for _ in 0..<1000 where !runner.contactCards(pats).missing.isEmpty || runner.fillingContacts.withLock({ $0 }) {
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        let source = try #require(runner.store.saved(key))
        let wholeRead = runner.store.mark(CacheKeys.fullRead(key))
        #expect(!source.stamp.isEmpty && wholeRead != nil)

        // Someone at the office confirms the first row's appointment, a second later.
        office.time.advance(by: 1)
        _ = try await office.client().send(Endpoints.confirmAppointment(try #require(first[0].aptNum), .value(.confirmed)))
        try await office.resetStats()
        let second = await rows()
        #expect(!second.contains { $0.id == first[0].id }, "the confirmed row left the list")
        #expect(second.count == first.count - 1)
        let (_, paths) = try await office.served()
        // One short read; the phones and names came from the cache.
        #expect(paths == ["GET /appointments": 1], "\(paths)")
        #expect(runner.store.mark(CacheKeys.fullRead(key)) == wholeRead, "not read whole again")

        // This dashboard confirms another: its row comes back in the read of what changed, one
        // request, not a whole read.
        office.time.advance(by: 1)
        _ = await runner.execute(.confirm(aptNum: try #require(second[0].aptNum), .value(.confirmed)), context)
        try await office.resetStats()
        let third = await rows()
        #expect(!third.contains { $0.id == second[0].id })
        #expect(try await office.served().1 == ["GET /appointments": 1])
        #expect(runner.store.mark(CacheKeys.fullRead(key)) == wholeRead, "a confirmation does not force a whole read")

        // It breaks one: that row left what the list selects (Scheduled), which a read of what
        // changed cannot show: the next read is whole.
        office.time.advance(by: 1)
        let broke = await runner.execute(.breakAppointment(aptNum: try #require(third[0].aptNum), toUnscheduledList: true, nil), context)
        if case .writeDone? = broke.msg {} else { Issue.record("the break did not save: \(String(describing: broke.msg))") }
        let fourth = await rows()
        #expect(!fourth.contains { $0.id == third[0].id })
        #expect(runner.store.mark(CacheKeys.fullRead(key)) != wholeRead, "read whole after the break")
    }

    @Test func aCrawlStoppedHalfwayResumesWhereItStopped() async throws {
        let office = try await Self.office(patients: 2500)
        defer { try? FileManager.default.removeItem(atPath: office.dir); Task { await office.sandbox.stop() } }
        let first = HeadlessRuntime(client: office.client(), state: Self.state(), store: try office.store())
        // Stop after the first page of the directory (1,000 rows on a Local office).
        _ = await first.run(for: 60) { _ in first.store.patientCount >= 1000 }
        // A page already on its way when the run stopped may still land (and move the mark):
        // wait until what the run stopped has ended, not for time to pass.
        await first.settle()
        let offset = try #require(first.store.mark("directory.offset").flatMap(Int.init))
        #expect(offset >= 1000 && offset < 2500)
        // Counted from here: what the first run sent has reached the office (seen once with three
        // heavy tests at a time: the page it gave up on arrived after the count was reset).
        try await office.quiet()
        try await office.resetStats()
        let second = HeadlessRuntime(client: office.client(), state: Self.state(), store: try office.store())
        _ = await second.run(for: 60) { s in s.directoryComplete }
        #expect(second.state.directoryComplete)
        #expect(second.store.patientCount == 2500)
        let (_, paths) = try await office.served()
        // Resumed at the saved offset: the pages after it only.
        #expect((paths["GET /patients/Simple"] ?? 0) == (2500 - offset + 999) / 1000, "\(paths)")
    }

    /// The office goes away while names are looked up or the directory is crawled in the
    /// background: the look-ups stop at the first refused connection, and the crawl says the
    /// office is unreachable at once (it then waits to resume), so the status line does not say
    /// "online" until the next refresh (28 s in a trial against the Remote profile).
    @Test func anOfficeGoneInTheBackgroundIsSaidAtOnce() async throws {
        let office = try await Self.office()
        defer { try? FileManager.default.removeItem(atPath: office.dir) }
        let inbox = Inbox()
        let runner = EffectRunner(client: office.client(), inbox: inbox, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                                  store: try office.store())
        let now = AppRuntime.localNow()
        let context = EffectRunner.Context(today: now.date, now: now, defs: [], opNames: [:], pageSize: 100)
        await office.sandbox.stop()

        let names = await runner.execute(.resolvePatients(Array(1...40)), context).msg
        guard case .loadFailed(_, let text, let offline)? = names else {
            Issue.record("the look-ups did not fail: \(String(describing: names))")
            return
        }
        #expect(offline && text.contains("could not connect"), "\(text)")

        let crawl = Task { _ = await runner.execute(.crawlDirectory, context) }
        defer { crawl.cancel() }
        var said: (text: String, offline: Bool)?
        for _ in 0..<500 where said == nil {
            for case .loadFailed(_, let text, let offline) in inbox.drain() { said = (text, offline) }
            if said == nil { await inbox.wait(milliseconds: 20) }
        }
        #expect(said?.offline == true, "the crawl did not say the office is unreachable: \(String(describing: said))")
    }

    @Test func anOfflineStartShowsTheCachedDayAndRefusesWrites() async throws {
        let office = try await Self.office()
        defer { try? FileManager.default.removeItem(atPath: office.dir) }
        let online = HeadlessRuntime(client: office.client(), state: Self.state(), store: try office.store())
        _ = await online.run(for: 60) { s in Self.allNamed(s) }
        let seen = online.state.visibleAppointments.map(\.aptNum)
        #expect(!seen.isEmpty)
        let client = office.client()
        await office.sandbox.stop()

        // The office is gone (its port is closed); the dashboard starts anyway.
        let offline = HeadlessRuntime(client: client, state: Self.state(), store: try office.store())
        _ = await offline.run(for: 20) { s in if case .offline = s.connection { return true } else { return false } }
        var s = offline.state
        guard case .offline = s.connection else {
            Issue.record("not said to be unreachable: \(s.connection)")
            return
        }
        #expect(s.visibleAppointments.map(\.aptNum) == seen)
        #expect(s.visibleAppointments.allSatisfy { s.patientNames[$0.patNum] != nil })
        #expect(s.schedule.from != nil)
        let line = render(s).lines[s.height - 2]
        #expect(line.contains("OFFICE UNREACHABLE") && line.contains("data from"), "\(line)")
        // A write is refused with the reason, and nothing is sent.
        let effects = update(&s, .key(.char("c")))
        #expect(effects.isEmpty)
        #expect(s.message?.contains("Cannot save: office unreachable") == true, "\(s.message ?? "")")
    }

    /// An office that refuses the connection: said at its first refused attempt, while the
    /// requests are still being retried (4-6 s later against a Remote office, when every retry of
    /// a request had to fail first). The retries here wait a minute: said within the test's 20 s
    /// only if said before any request gave up.
    @Test func anOfficeThatRefusesIsSaidBeforeTheRetriesEnd() async throws {
        struct Refusing: HTTPTransport {
            func send(_ request: HTTPRequest) async throws -> HTTPResponse {
                throw TransportFailure(message: "could not connect (connection refused)", reachedServer: false)
            }
        }
        let client = OpenDentalClient(configuration: ClientConfiguration(
            baseURL: URL(string: "http://127.0.0.1:1/api/v1")!, credentials: Credentials(developerKey: "d", customerKey: "c"),
            mode: .local, retry: RetryPolicy(maxAttempts: 4, baseDelay: 60, maxDelay: 60)), transport: Refusing())
        let rt = HeadlessRuntime(client: client, state: Self.state())
        defer { rt.end() }
        _ = await rt.run(for: 20) { s in if case .offline = s.connection { return true } else { return false } }
        let s = rt.state
        guard case .offline(let said) = s.connection else {
            Issue.record("not said to be unreachable: \(s.connection)")
            return
        }
        #expect(said.contains("could not connect"), "\(said)")
        #expect(s.schedule.load == .loading)
        #expect(render(s).lines[s.height - 2].contains("OFFICE UNREACHABLE"))
    }

    /// An office that refuses the connection from the start: at 80 columns the status line says
    /// so, and the reason is said whole beside it (it was cut at "(connecti" behind the badge).
    @Test func anOfficeThatRefusesIsSaidWholeAt80Columns() async throws {
        let client = OpenDentalClient(configuration: ClientConfiguration(
            baseURL: URL(string: "http://127.0.0.1:1/api/v1")!, credentials: Credentials(developerKey: "d", customerKey: "c"),
            mode: .local, retry: RetryPolicy(maxAttempts: 1)))
        let rt = HeadlessRuntime(client: client, state: Self.state())
        _ = await rt.run(for: 20) { s in if case .offline = s.connection { return true } else { return false } }
        let s = rt.state
        guard case .offline = s.connection, let said = s.message else {
            Issue.record("not said to be unreachable: \(s.connection)")
            return
        }
        #expect(said.contains("refused"), "\(said)")
        let line = render(s).lines[s.height - 2]
        #expect(line.contains("OFFICE UNREACHABLE") && line.contains(said), "\(line)")
    }
}
