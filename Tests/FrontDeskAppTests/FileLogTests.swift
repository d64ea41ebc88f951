import Foundation
@testable import FrontDeskApp
import Logging
import Testing

@Suite struct FileLogTests {
    /// Six dashboards starting together once left three lines: the file was opened without
    /// append, so each overwrote the others. Every line must arrive, whole.
    @Test func severalWritersAppendWholeLines() async throws {
        let dir = NSTemporaryDirectory() + "fd-log-\(UUID().uuidString)"
        let path = dir + "/frontdesk.log"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<6 {
                group.addTask {
                    // A handler each, as six processes would have.
                    let handler = FileLogHandler(label: "w\(writer)", path: path)
                    let logger = Logger(label: "w\(writer)", factory: { _ in handler })
                    for i in 0..<200 { logger.info("writer \(writer) line \(i) \(String(repeating: "x", count: 200))") }
                }
            }
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1200)
        #expect(lines.allSatisfy { $0.hasSuffix(String(repeating: "x", count: 200)) && $0.contains("line") })
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? 0
        #expect(mode == 0o600)
    }

    /// The stamps are made without formatters (which would load ICU into every dashboard) and
    /// read as the formatters wrote them.
    @Test func stampsReadAsTheFormattersWroteThem() {
        let iso = ISO8601DateFormatter()
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.dateFormat = "yyyy-MM-dd HH:mm:ss"
        for epoch in [0.0, 951_782_400, 1_796_256_000.9, 1_804_118_399, 4_102_444_800] {
            let date = Date(timeIntervalSince1970: epoch)
            #expect(FileLogHandler.stamp(date) == iso.string(from: date))
            #expect(ActionLog.stamp(date) == local.string(from: date))
        }
    }
}
