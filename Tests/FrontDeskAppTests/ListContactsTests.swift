import Foundation
@testable import FrontDeskApp
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI
import OpenDentalSandbox
import TestSupport
import Testing

/// The confirmation list with a cache that knows nobody yet: the list comes back at once, before
/// any patient is asked for, and the phones follow (in one query where the key may run them,
/// else one request per patient), posted as the list again.
@Suite(.sharesTurns) struct ListContactsTests {
    @Test(arguments: [true, false]) func rowsFirstPhonesAfter(queries: Bool) async throws {
        var o = SandboxOptions()
        o.port = 0
        o.patients = 300
        o.queries = queries
        let office = CacheStartTests.Office(sandbox: try await SandboxServer.start(o), dir: temporaryFolder("cache"), time: o.time)
        defer { Task { await office.sandbox.stop() } }
        let store = OfficeStore.inMemory(identity: office.identity)
        store.setMark(CacheKeys.queries, queries ? "1" : "0")
        let inbox = Inbox()
        let runner = EffectRunner(client: office.client(), inbox: inbox, logger: Logger(label: "test"), store: store)
        let now = AppRuntime.localNow()
        let context = EffectRunner.Context(today: now.date, now: now, defs: [], opNames: [:], pageSize: 1000)

        let (msg, _) = await runner.execute(.loadList(.confirmations, today: now.date), context)
        guard case .data(.confirmations, .confirmations(let appts, let first), _)? = msg?.feature as? ListsMessage else {
            Issue.record("expected the list, got \(String(describing: msg))")
            return
        }
        let pending = Set(ListRows.pendingConfirmation(appts).appointments.map(\.patNum))
        #expect(pending.count > 10)
        #expect(first.isEmpty, "the list did not wait for its patients")

        // Then the cards, posted as the list again (waiting at most a minute: not a timing check).
        let filled = await offThread { () -> [Int: ContactCard] in
            for _ in 0..<600 {
                for m in inbox.drain() {
                    if case .data(.confirmations, .confirmations(_, let cards), _)? = m.feature as? ListsMessage, pending.isSubset(of: cards.keys) { return cards }
                }
                usleep(100_000)
            }
            return [:]
        }
        #expect(pending.isSubset(of: filled.keys))
        #expect(filled.values.filter { !$0.phone.isEmpty }.count >= pending.count * 3 / 4)
        let (_, paths) = try await office.served()
        if queries {
            #expect(paths["GET /patients/{id}"] == nil && paths["PUT /queries/ShortQuery"] == 1, "\(paths)")
        } else {
            #expect(paths["GET /patients/{id}"] == pending.count, "\(paths)")
        }
    }
}
