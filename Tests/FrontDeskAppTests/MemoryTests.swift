import Foundation
@testable import FrontDeskApp
import OpenDentalAPI
import OpenDentalSandbox
import Testing

@Suite struct MemoryTests {
    /// The loaded objects' relocation tables are given back, and nothing after needs them: this
    /// whole test process runs on without them, and a request through libcurl (loaded with its
    /// libraries just before) is answered, as the dashboard's first request is.
    @Test func relocationTablesAreGivenBackAndNothingAfterNeedsThem() async throws {
        let handled = Memory.dropRelocationTables()
        #if os(Linux)
        #expect(handled > 100_000, "\(handled) bytes of tables")
        #endif
        let s = try await SandboxServer.start({ var o = SandboxOptions(); o.port = 0; o.patients = 60; return o }())
        defer { Task { await s.stop() } }
        let c = OpenDentalClient(configuration: ClientConfiguration(
            baseURL: s.baseURL, credentials: Credentials(developerKey: s.developerKey, customerKey: s.customerKey), mode: .local))
        #expect(try await c.send(Endpoints.patient(1)).patNum == 1)
        // Given back twice: the second time finds nothing resident, and nothing breaks.
        Memory.dropRelocationTables()
        #expect(try await c.send(Endpoints.patient(2)).patNum == 2)
    }
}
