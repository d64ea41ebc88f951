import ArgumentParser
import Foundation
import FrontDeskApp
import OpenDentalAPI

/// `frontdesk log`: who did what at this desk (the action log), oldest first.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print the action log: every write made from this host (record numbers, never names)."
    )

    @Flag(help: "Only today's lines.") var today = false
    @Option(name: .customLong("operator"), help: "Only this operator's lines (initials).") var operatorInitials: String?

    func run() throws {
        let path = ActionLog.defaultPath()
        let day: String? = today ? LocalDateTime.local(epoch: Date().timeIntervalSince1970).date.description : nil
        let entries: [ActionLog.Entry]
        do {
            entries = try ActionLog.read(path: path, day: day, operatorInitials: operatorInitials)
        } catch {
            printErr("frontdesk log: cannot read \(path): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        if entries.isEmpty {
            print("No actions recorded\(today ? " today" : "")\(operatorInitials.map { " by \($0.uppercased())" } ?? "") (\(path)).")
            return
        }
        print(ActionLog.table(entries))
    }
}
