import Foundation
import Logging

/// Log lines go to a file under the XDG state directory: nothing is written to stderr while curses
/// owns the screen. Lines hold record numbers at most, never names or notes.
public struct FileLogHandler: LogHandler {
    final class Sink: @unchecked Sendable {
        // @unchecked: writes are serialised by `lock`.
        let lock = NSLock()
        let handle: FileHandle?
        init(path: String) {
            let dir = (path as NSString).deletingLastPathComponent
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            handle = FileHandle(forWritingAtPath: path)
            _ = try? handle?.seekToEnd()
        }
        func write(_ s: String) { lock.withLock { try? handle?.write(contentsOf: Data(s.utf8)) } }
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
        let stamp = ISO8601DateFormatter().string(from: Date())
        sink.write("\(stamp) \(event.level) \(label): \(event.message)\n")
    }
}
