import Foundation
import OpenDentalAPI
import OpenDentalSandbox
import Testing

@Suite struct PreferenceTests {
    @Test func preferencesByNameAndTheCheckInLinks() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let one = try await raw(s, .get, "/preferences?PrefName=AppointmentTimeArrivedTrigger")
        #expect(one.status == 200 && one.keyOrder == ["PrefNum", "PrefName", "ValueString"])
        #expect(one.array.count == 1 && one.array[0]["ValueString"] as? String == "22")
        #expect(try await raw(s, .get, "/preferences?PrefName=NoSuchPref").array.isEmpty)
        #expect(try await raw(s, .get, "/preferences?Foo=1").status == 400)
        // The client reads the links by name, or in one short query.
        let c = client(for: s)
        var values: [String: String] = [:]
        for name in CheckInTriggers.prefNames {
            for p in try await c.collectAll(Endpoints.preference(name)) { values[p.prefName] = p.valueString }
        }
        #expect(CheckInTriggers(values: values) == CheckInTriggers(arrived: 22, seated: 25, dismissed: 0))
        let rows = try await c.shortQueryAll(PortableSQL.preferences(CheckInTriggers.prefNames))
        #expect(rows.count == 3 && rows.first { $0.string("PrefName") == "AppointmentTimeSeatedTrigger" }?.string("ValueString") == "25")
        // Both linked statuses are the office's own, visible ones.
        let defs = try await c.collectAll(Endpoints.definitions(category: 2))
        #expect(defs.contains { $0.defNum == 22 && $0.itemName == "Arrived" } && defs.contains { $0.defNum == 25 })
    }
}
