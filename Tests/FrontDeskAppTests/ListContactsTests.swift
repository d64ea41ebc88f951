import Foundation
@testable import FrontDeskApp
import FrontDeskCore
import OpenDentalAPI
import OpenDentalSandbox
import TestSupport
import Testing

/// The confirmation list on a slow office: its rows come at once, the phones the cache lacks
/// follow (in one query where the key may run them, else a few patients at a time).
@Suite(.takesTurns) struct ListContactsTests {
    @Test(arguments: [true, false]) func rowsFirstPhonesAfter(queries: Bool) async throws {
        var o = SandboxOptions()
        o.port = 0
        o.patients = 300
        o.queries = queries
        let office = CacheStartTests.Office(sandbox: try await SandboxServer.start(o), dir: temporaryFolder("cache"))
        defer { Task { await office.sandbox.stop() } }
        let app = HeadlessRuntime(client: office.client(), state: CacheStartTests.state())
        _ = await app.run(for: 20) { $0.schedule.load != .loading && !$0.confirmDefs.isEmpty }
        // Every patient look-up takes 300 ms from now on.
        office.sandbox.faults.set([Fault(kind: .latency, path: "/patients", latencyMs: 300)])
        app.press([.char("3")])
        let firstRows = await app.run(for: 60) { !$0.lists.rows.isEmpty }
        let rows = app.state.lists.rows
        let pending = Set(rows.map(\.patNum)).count
        #expect(pending > 10)
        // 300 ms a patient: waiting for every phone first would take pending × 0.3 s.
        #expect(firstRows < Double(pending) * 0.3 / 2, "rows after \(firstRows) s for \(pending) patients")
        // Then the phones arrive, a few patients at a time, and every row names its patient.
        _ = await app.run(for: Double(pending) * 0.3 + 30) { s in
            s.lists.rows.allSatisfy { !$0.cells[2].hasPrefix("#") } && s.lists.rows.filter { !$0.cells[4].isEmpty }.count >= s.lists.rows.count * 3 / 4
        }
        let filled = app.state.lists.rows
        #expect(filled.allSatisfy { !$0.cells[2].hasPrefix("#") })
        #expect(filled.filter { !$0.cells[4].isEmpty }.count >= filled.count * 3 / 4, "\(filled.map { $0.cells[4] })")
        // With queries the cards came in one query, not one request per patient.
        let (_, paths) = try await office.served()
        if queries { #expect((paths["GET /patients/{id}"] ?? 0) < 5, "\(paths)") } else { #expect((paths["GET /patients/{id}"] ?? 0) >= pending / 2) }
        office.sandbox.faults.clear()
    }
}
