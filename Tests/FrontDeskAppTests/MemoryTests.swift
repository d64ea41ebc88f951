import Foundation
@testable import FrontDeskApp
import OpenDentalAPI
import OpenDentalSandbox
import Testing

@Suite struct MemoryTests {
    /// This process's resident pages of files (code, read-only data), from /proc.
    static func residentFileKiB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("RssFile:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }

    /// The read-only pages of the loaded objects leave the process, and nothing after needs them
    /// to stay: this whole test process runs on, and a request through libcurl (loaded with its
    /// libraries just before) is answered, as the dashboard's first request is.
    @Test func readOnlyPagesAreGivenBackAndNothingAfterNeedsThem() async throws {
        Memory.giveBackStartPages()
        // Touch code and data all over again, as the start does: the sandbox, SQLite, a request.
        let s = try await SandboxServer.start({ var o = SandboxOptions(); o.port = 0; o.patients = 60; return o }())
        defer { Task { await s.stop() } }
        let c = OpenDentalClient(configuration: ClientConfiguration(
            baseURL: s.baseURL, credentials: Credentials(developerKey: s.developerKey, customerKey: s.customerKey), mode: .local))
        #expect(try await c.send(Endpoints.patient(1)).patNum == 1)
        let before = Self.residentFileKiB()
        let handled = Memory.giveBackStartPages()
        let after = Self.residentFileKiB()
        #if os(Linux)
        #expect(handled > 10 << 20, "\(handled) bytes of read-only segments")
        if let before, let after {
            #expect(after < before - 1024, "resident file pages \(before) KiB before, \(after) KiB after")
        }
        #endif
        // Given back again at once: nothing breaks, and the next request is answered.
        Memory.giveBackStartPages()
        #expect(try await c.send(Endpoints.patient(2)).patNum == 2)
    }

    /// The start is over once the directory is complete (not before the first 30 s), or at two
    /// minutes; a crawl that ends after that gives back once more.
    @Test func theStartIsOverWhenTheDirectoryIsCompleteOrAtTwoMinutes() {
        var warm = StartOver()
        let warmDue = [(true, 1.0), (true, 30), (true, 31), (true, 600)].map { warm.due(directoryComplete: $0.0, seconds: $0.1) }
        #expect(warmDue == [false, true, false, false])

        var large = StartOver()
        let largeDue = [(false, 119.0), (false, 120), (false, 300), (true, 400), (true, 401)].map { large.due(directoryComplete: $0.0, seconds: $0.1) }
        #expect(largeDue == [false, true, false, true, false])
    }
}
