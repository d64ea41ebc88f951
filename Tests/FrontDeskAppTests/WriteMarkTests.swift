import Foundation
@testable import FrontDeskApp
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI
import OpenDentalSandbox
import TestSupport
import Testing

/// A day read while a write is on its way to a slow office may not hold that write: the next read
/// of the day must then be whole, not only what changed since that read.
@Suite(.takesTurns) struct WriteMarkTests {
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
        // The write takes 2 s to reach the office; the day is read again while it travels.
        office.sandbox.faults.set([Fault(kind: .latency, path: "/appointments/\(a.aptNum)", latencyMs: 2000, method: "PUT")])
        async let write = runner.execute(.appendNote(aptNum: a.aptNum, "mark test"), context)
        _ = await offThread { usleep(300_000) }
        _ = await runner.execute(.loadDay(now.date), context)
        _ = await write
        let full = try #require(store.mark(CacheKeys.fullRead(CacheKeys.day(now.date))).flatMap(Double.init))
        let lastWrite = try #require(store.mark(CacheKeys.lastWrite).flatMap(Double.init))
        #expect(full < lastWrite, "the read that started while the write travelled must not count as after it")
        // So the next read is whole, and holds the note.
        guard case .dayLoaded(_, let after)? = await runner.execute(.loadDay(now.date), context).msg else { Issue.record("no day"); return }
        #expect(after.first { $0.aptNum == a.aptNum }?.note.hasSuffix("mark test") == true)
    }
}
