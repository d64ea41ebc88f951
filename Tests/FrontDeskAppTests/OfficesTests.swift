import Foundation
@testable import FrontDeskApp
import FrontDeskCore
import FrontDeskStore
import OpenDentalAPI
import OpenDentalSandbox
import Testing

/// Several offices over HTTP, each with its own client, cache and inbox (the dashboard's desk,
/// headless): one office down, slow or refusing its key holds up nothing, and no key ever goes
/// to another office.
@Suite(.sharesTurns) struct OfficesTests {
    static func setup(_ name: String, url: URL, customerKey: String, developerKey: String = SandboxOptions.publicDeveloperKey) -> OfficeSetup {
        let client = OpenDentalClient(configuration: ClientConfiguration(
            baseURL: url, credentials: Credentials(developerKey: developerKey, customerKey: customerKey), mode: .local,
            retry: RetryPolicy(maxAttempts: 1)))
        let now = AppRuntime.localNow()
        var state = AppState(today: now.date, now: now)
        state.width = 80
        state.height = 24
        state.officeName = name
        return OfficeSetup(name: name, client: client, store: OfficeStore.inMemory(identity: OfficeIdentity(client)), state: state)
    }

    static func sandbox(offices: Int = 1, customerKey: String = SandboxOptions.publicCustomerKey) async throws -> SandboxServer {
        var o = SandboxOptions()
        o.port = 0
        o.patients = 300
        o.offices = offices
        o.customerKey = customerKey
        return try await SandboxServer.start(o)
    }

    static func keysSent(_ s: SandboxServer, office: Int = 1) async throws -> Set<String> {
        let url = URL(string: s.adminURL.absoluteString + "/stats?office=\(office)")!
        let r = try await URLSessionTransport(requestTimeout: 10).send(HTTPRequest(method: .get, url: url))
        let obj = try #require(try JSONSerialization.jsonObject(with: r.body) as? [String: Any])
        return Set((obj["customerKeys"] as? [String: Any] ?? [:]).keys)
    }

    @Test func oneOfficeDownAndOneRefusingItsKeyAreSaidAndHoldUpNothing() async throws {
        let s = try await Self.sandbox(offices: 3)
        defer { Task { await s.stop() } }
        s.faults(office: 2).set([try Fault.parse("econnector")])
        let wrongKey = "WrongKeyXYZ12345"
        let desk = HeadlessOffices(offices: [
            Self.setup("Main Street", url: s.baseURL, customerKey: s.customerKeys[0]),
            Self.setup("Riverside", url: s.baseURL, customerKey: s.customerKeys[1]),
            Self.setup("Hillcrest", url: s.baseURL, customerKey: wrongKey),
        ], refreshSeconds: 5)
        defer { desk.stop() }
        await desk.run(for: 30) { d in
            let rows = d.state.offices.rows
            return rows.count == 3 && rows[0].appointments != nil && rows[1].answer != "not asked yet" && rows[2].answer != "not asked yet"
        }
        let rows = desk.state.offices.rows
        try #require(rows.count == 3)
        #expect(rows[0].answers && (rows[0].appointments ?? 0) > 0, "\(rows[0])")
        #expect(!rows[1].answers && rows[1].answer.hasPrefix("unreachable: ") && rows[1].answer.contains("eConnector"), "\(rows[1].answer)")
        #expect(!rows[2].answers && rows[2].answer.hasPrefix("refused: "), "\(rows[2].answer)")
        #expect(!rows.contains { $0.answer.contains(wrongKey) || $0.answer.contains(SandboxOptions.publicDeveloperKey) })
        // The office shown works as ever: its day is on screen.
        #expect(!desk.state.schedule.appointments.isEmpty)
    }

    @Test func aSlowOfficeHoldsUpNeitherTheOneShownNorTheOthers() async throws {
        let s = try await Self.sandbox(offices: 3)
        defer { Task { await s.stop() } }
        s.faults(office: 2).set([try Fault.parse("latency:ms=20000")])
        let desk = HeadlessOffices(offices: [
            Self.setup("Main Street", url: s.baseURL, customerKey: s.customerKeys[0]),
            Self.setup("Riverside", url: s.baseURL, customerKey: s.customerKeys[1]),
            Self.setup("Hillcrest", url: s.baseURL, customerKey: s.customerKeys[2]),
        ], refreshSeconds: 5)
        defer { desk.stop() }
        await desk.run(for: 15) { d in
            let rows = d.state.offices.rows
            return rows.count == 3 && rows[0].appointments != nil && rows[2].appointments != nil && !d.state.schedule.appointments.isEmpty
        }
        // The others' rows and the day shown came while the slow office (20 s) had not answered
        // yet: nothing waited for it.
        let rows = desk.state.offices.rows
        #expect(rows[0].appointments != nil && rows[2].appointments != nil)
        #expect(rows[1].appointments == nil && rows[1].answer == "not asked yet", "\(rows[1])")
        #expect(rows[2].answers)
    }

    /// An office not shown for longer than the idle lock is not found locked when shown (its
    /// dashboard saw no key, but the user was not idle), and the mask follows the user.
    @Test func anotherOfficeIsShownUnlockedAndMaskedAsTheOneBefore() async throws {
        let s = try await Self.sandbox(offices: 2)
        defer { Task { await s.stop() } }
        var a = Self.setup("Main Street", url: s.baseURL, customerKey: s.customerKeys[0])
        var b = Self.setup("Riverside", url: s.baseURL, customerKey: s.customerKeys[1])
        a.state.privacy = PrivacySettings(idleLockSeconds: 2, lockRequiresInitials: false)
        b.state.privacy = a.state.privacy
        let desk = HeadlessOffices(offices: [a, b], refreshSeconds: 5)
        defer { desk.stop() }
        await desk.run(for: 20) { !$0.state.schedule.appointments.isEmpty }
        // Keys every half second keep the office shown awake for longer than the lock's two
        // seconds (room for a slow machine), while the other sees none.
        for _ in 0..<6 {
            desk.press([.char("j")])
            await desk.run(for: 0.5) { _ in false }
        }
        #expect(!desk.state.locked)
        desk.press([.char("P"), .char("O"), .char("2")])
        await desk.run(for: 10) { $0.current == 1 }
        #expect(desk.current == 1 && !desk.state.locked && desk.state.masked)
    }

    @Test func eachOfficesKeyGoesToItsOfficeOnly() async throws {
        let x = try await Self.sandbox()
        let y = try await Self.sandbox(customerKey: "OtherOfficeKey16")
        defer { Task { await x.stop(); await y.stop() } }
        let desk = HeadlessOffices(offices: [
            Self.setup("A", url: x.baseURL, customerKey: x.customerKey),
            Self.setup("B", url: y.baseURL, customerKey: y.customerKey),
        ], refreshSeconds: 5)
        defer { desk.stop() }
        await desk.run(for: 30) { !$0.state.schedule.appointments.isEmpty && $0.state.offices.rows.count == 2 && $0.state.offices.rows[1].appointments != nil }
        // Switch to B with the picker, work there, and back to A.
        desk.press([.char("O"), .char("2")])
        await desk.run(for: 30) { $0.current == 1 && !$0.state.schedule.appointments.isEmpty && !$0.state.confirmDefs.isEmpty }
        #expect(desk.current == 1 && desk.state.officeName == "B")
        let bDay = desk.state.schedule.appointments.map(\.aptNum)
        // B's Patients screen, its search field open.
        desk.press([.char("2")])
        await desk.run(for: 5) { $0.state.screen == .patients && $0.state.prompt != nil }
        desk.press([.escape, .char("O"), .char("1")])
        await desk.run(for: 10) { $0.current == 0 }
        #expect(desk.state.officeName == "A")
        // Each office's state stayed its own.
        #expect(desk.state(of: 1).schedule.appointments.map(\.aptNum) == bDay)
        #expect(desk.state(of: 0).officeName == "A")
        #expect(try await Self.keysSent(x) == ["Vzkm…(16)"])
        #expect(try await Self.keysSent(y) == ["Othe…(16)"])
    }
}
