import Foundation
@testable import FrontDeskApp
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI
import OpenDentalSandbox
import TestSupport
import Testing

/// A day read while a write is on its way to a slow office may not hold that write: the write is
/// marked when its answer comes, so such a read never counts as newer than it.
@Suite(.sharesTurns) struct WriteMarkTests {
    @Test func aReadDuringAWriteIsNotTakenAsNewerThanIt() async throws {
        let office = try await CacheStartTests.office()
        defer { Task { await office.sandbox.stop() } }
        let store = OfficeStore.inMemory(identity: office.identity)
        let runner = EffectRunner(client: office.client(), inbox: Inbox(), logger: Logger(label: "test"), store: store)
        let now = AppRuntime.localNow()
        let context = EffectRunner.Context(today: now.date, now: now, defs: [], opNames: [:], pageSize: 1000)
        guard case .dayLoaded(_, let appts)? = await runner.execute(.loadDay(now.date), context).msg,
              let a = appts.first(where: { $0.aptStatus == .scheduled }) else {
            Issue.record("no day")
            return
        }
        // The write's answer takes at least a second (an injected delay, so this is an order, not
        // a speed): the mark must be from when it came, so any read that started while the write
        // travelled counts as older than it and the next read of the day is whole.
        office.sandbox.faults.set([Fault(kind: .latency, path: "/appointments/\(a.aptNum)", latencyMs: 1000, method: "PUT")])
        let before = EffectRunner.wall()
        _ = await runner.execute(.appendNote(aptNum: a.aptNum, "mark test"), context)
        let lastWrite = try #require(store.mark(CacheKeys.lastWrite).flatMap(Double.init))
        #expect(lastWrite >= before + 1.0, "marked when the write left, not when its answer came")
        office.sandbox.faults.clear()
        guard case .dayLoaded(_, let after)? = await runner.execute(.loadDay(now.date), context).msg else { Issue.record("no day"); return }
        #expect(after.first { $0.aptNum == a.aptNum }?.note.hasSuffix("mark test") == true)
    }
}
