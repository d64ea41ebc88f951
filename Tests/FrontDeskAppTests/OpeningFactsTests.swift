import Foundation
@testable import FrontDeskApp
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI
import OpenDentalSandbox
import Testing

/// The finder's facts two ways against the sandbox: one short query (the provider's blocks with
/// their operatories from scheduleop, the blockouts, the time taken) and the paged reads. Both
/// must give the same openings, every day, for every provider; and a second search is free.
@Suite(.sharesTurns) struct OpeningFactsTests {
    func runner(_ office: CacheStartTests.Office, queries: Bool) -> EffectRunner {
        let client = office.client()
        let store = OfficeStore.inMemory(identity: OfficeIdentity(client))
        store.setMark(CacheKeys.queries, queries ? "1" : "0")
        return EffectRunner(client: client, inbox: Inbox(), logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), store: store)
    }

    func facts(_ r: EffectRunner, from: LocalDate, provNum: Int) async throws -> OpeningFinder.Facts {
        guard case .openingFacts(_, _, _, let f) = try await r.openingFacts(from: from, days: 14, provNum: provNum) else {
            Issue.record("no facts")
            return OpeningFinder.Facts(schedules: [], booked: [] as [OpeningFinder.BookedTime], noScheduling: [], operatories: [])
        }
        return f
    }

    @Test func theOneQueryAndThePagedReadsGiveTheSameOpenings() async throws {
        let office = try await CacheStartTests.office()
        defer { Task { await office.sandbox.stop() } }
        let client = office.client()
        let ops = try await client.collectAll(Endpoints.operatories())
        let ns = OpeningFinder.noSchedulingTypes(try await client.collectAll(Endpoints.definitions(category: 25)))
        #expect(!ns.isEmpty)
        let providers = try await client.collectAll(Endpoints.providers()).map(\.provNum)
        let from = AppRuntime.localNow().date.adding(days: 1)
        let now = AppRuntime.localNow()
        var compared = 0
        for p in providers {
            var byQuery = try await facts(runner(office, queries: true), from: from, provNum: p)
            var byReads = try await facts(runner(office, queries: false), from: from, provNum: p)
            byQuery.noScheduling = ns
            byReads.noScheduling = ns
            byQuery.operatories = ops
            byReads.operatories = ops
            for pattern in ["/XX/", "/XXXXXX/", "//XXXXXXXXXX//"] {
                let q = OpeningFinder.Query(pattern: pattern, provNum: p)
                for d in 0..<14 {
                    let day = from.adding(days: d)
                    let a = OpeningFinder.openings(on: day, q, byQuery, now: now)
                    #expect(a == OpeningFinder.openings(on: day, q, byReads, now: now), "provider \(p), \(day), \(pattern)")
                    compared += a.count
                }
            }
        }
        #expect(compared > 0)
    }

    @Test func aSecondSearchOfTheSameRangeAsksNothing() async throws {
        let office = try await CacheStartTests.office()
        defer { Task { await office.sandbox.stop() } }
        let r = runner(office, queries: true)
        let from = AppRuntime.localNow().date.adding(days: 1)
        try await office.resetStats()
        _ = try await facts(r, from: from, provNum: 1)
        let (first, _) = try await office.served()
        #expect(first >= 1 && first <= 2, "one short query (two pages at most): \(first)")
        try await office.resetStats()
        _ = try await facts(r, from: from, provNum: 1)
        let (second, _) = try await office.served()
        #expect(second == 0)
    }
}
