import Foundation
import OpenDentalAPI
import FrontDeskCore
import TerminalUI

/// Who did what at this desk: one line per write (time, operator, office profile, record numbers,
/// action, old → new, outcome) appended to a 0600 file in the XDG state directory. Open Dental
/// records API writes under the developer's name, so the desk's own record is this file. Record
/// numbers only: never a name or a note's text.
public final class ActionLog: Sendable {
    public let path: String
    private let sink: FileLogHandler.Sink

    public init(path: String = ActionLog.defaultPath()) {
        self.path = path
        sink = FileLogHandler.Sink(path: path)
    }

    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        return state + "/frontdesk/actions.log"
    }

    /// One line, written whole in one write(2) (several dashboards append to one file); false when
    /// it could not be written (the dashboard says so).
    @discardableResult
    public func append(_ r: ActionRecord, outcome: String, operatorInitials: String, profile: String, at date: Date = Date()) -> Bool {
        let line = Entry(time: Self.stamp(date), operatorInitials: operatorInitials.isEmpty ? "-" : operatorInitials, profile: profile,
                         records: r.records, action: r.action, change: r.change, outcome: outcome)
        return sink.write(line.line + "\n")
    }

    /// "2026-12-02 08:15:00", this host's local time. From localtime(3), not a DateFormatter: a
    /// formatter wakes ICU, about 5 MiB resident in every dashboard on the host for one stamp.
    static func stamp(_ date: Date) -> String { LocalDateTime.local(epoch: date.timeIntervalSince1970).description }

    /// A line of the file: tab-separated fields (tabs and line breaks inside a field become spaces).
    public struct Entry: Equatable, Sendable {
        public var time: String
        public var operatorInitials: String
        public var profile: String
        public var records: String
        public var action: String
        public var change: String
        public var outcome: String

        var fields: [String] { [time, operatorInitials, profile, records, action, change, outcome] }
        var line: String { fields.map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\t") }

        public init(time: String, operatorInitials: String, profile: String, records: String, action: String, change: String, outcome: String) {
            self.time = time
            self.operatorInitials = operatorInitials
            self.profile = profile
            self.records = records
            self.action = action
            self.change = change
            self.outcome = outcome
        }

        init?(line: String) {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 7 else { return nil }
            self.init(time: f[0], operatorInitials: f[1], profile: f[2], records: f[3], action: f[4], change: f[5], outcome: f[6])
        }
    }

    /// The lines of the file, oldest first, optionally only one day's or one operator's.
    public static func read(path: String, day: String? = nil, operatorInitials: String? = nil) throws -> [Entry] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").compactMap { Entry(line: String($0)) }.filter { e in
            (day == nil || e.time.hasPrefix(day!)) && (operatorInitials == nil || e.operatorInitials.caseInsensitiveCompare(operatorInitials!) == .orderedSame)
        }
    }

    /// The entries as aligned columns, a header first.
    public static func table(_ entries: [Entry]) -> String {
        let header = ["Time", "Who", "Office", "Records", "Action", "Change", "Outcome"]
        // The office's status names are server text: made safe for the terminal like everything shown.
        let rows = [header] + entries.map { $0.fields.map(SafeText.clean) }
        let widths = (0..<header.count).map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, f in i == row.count - 1 ? f : f.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
