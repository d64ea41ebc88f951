import Foundation
import OpenDentalAPI
import Logging

/// Log lines go to a file under the XDG state directory: nothing is written to stderr while curses
/// owns the screen. Lines hold record numbers at most, never names or notes.
public struct FileLogHandler: LogHandler {
    /// Opened with O_APPEND, and every line goes out in one write(2): several dashboards on one
    /// host append to the same file without overwriting each other or splitting lines.
    final class Sink: @unchecked Sendable {
        // @unchecked: the descriptor is fixed after init; write(2) with O_APPEND is atomic per call.
        let fd: Int32
        init(path: String) {
            let dir = (path as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        }
        deinit { if fd >= 0 { close(fd) } }
        /// False when the line could not be written whole (no file, a full disk).
        @discardableResult
        func write(_ s: String) -> Bool {
            guard fd >= 0 else { return false }
            var bytes = Array(s.utf8)
            let n = bytes.withUnsafeMutableBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            return n == bytes.count
        }
    }

    private let sink: Sink
    private let label: String
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info

    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        return state + "/frontdesk/frontdesk.log"
    }

    public init(label: String, path: String) {
        self.label = label
        sink = Sink(path: path)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let stamp = Self.stamp(Date())
        sink.write("\(stamp) \(event.level) \(label): \(event.message)\n")
    }

    /// "2026-12-02T22:40:05Z" (UTC), from gmtime(3): an ISO8601DateFormatter would wake ICU in
    /// every dashboard for a log line.
    static func stamp(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var p = tm()
        gmtime_r(&t, &p)
        let at = LocalDateTime(date: LocalDate(year: Int(p.tm_year) + 1900, month: Int(p.tm_mon) + 1, day: Int(p.tm_mday)),
                               time: LocalTime(hour: Int(p.tm_hour), minute: Int(p.tm_min), second: Int(p.tm_sec)))
        return "\(at.date)T\(at.time)Z"
    }
}
