import ArgumentParser
import Foundation
import FrontDeskConfig
import OpenDentalAPI
import TerminalUI

struct FrontDeskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontdesk",
        abstract: "A terminal dashboard for Open Dental front desks.",
        discussion: """
        With no office configured, FrontDesk starts its embedded sandbox practice (demo mode).

        Office profiles live in ~/.config/frontdesk/config.toml (mode 600); API keys may also come \
        from FRONTDESK_DEVELOPER_KEY and FRONTDESK_CUSTOMER_KEY. Keys are never taken on the command line.
        """,
        version: "0.20.0",
        subcommands: [RunCommand.self, CheckCommand.self, SandboxCommand.self, ThemesCommand.self, CacheCommand.self, LogCommand.self, HuddleCommand.self],
        defaultSubcommand: RunCommand.self
    )
}

struct ProfileOptions: ParsableArguments {
    @Option(name: .long, help: "The office profile to use (default: default_profile, or the only one).")
    var profile: String?

    /// The chosen office profile; with none configured, prints `none` and exits 2, as does a bad config.
    func resolve(orSay none: String) throws -> OfficeProfile {
        do {
            guard let p = try ConfigLoader().resolveProfile(named: profile) else {
                printErr(none)
                throw ExitCode(2)
            }
            return p
        } catch let e as ConfigError {
            printErr("Configuration problem: \(e)")
            throw ExitCode(2)
        }
    }
}

/// `frontdesk check`: does the office answer, and what may we do there?
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the connection to the office: permissions, throttle tier, round trip."
    )

    @OptionGroup var options: ProfileOptions

    func run() throws {
        let profile = try options.resolve(orSay: "No office is configured. Create \(ConfigLoader().configPath) (chmod 600) with a [profiles.NAME] table, or set FRONTDESK_DEVELOPER_KEY and FRONTDESK_CUSTOMER_KEY.")
        let client = OpenDentalClient(configuration: profile.clientConfiguration(retry: RetryPolicy(maxAttempts: 2)))
        say("Profile:     \(profile.name)")
        if let warning = profile.insecureWarning { say(warning) }
        let report = blockingAwait { await client.checkConnection() }
        say(report.text)
        if !report.ok { throw ExitCode(1) }
    }
}

/// `frontdesk themes`: which themes this installation finds, and where from.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the colour themes found and the files they come from."
    )

    func run() throws {
        let (themes, problems, sources) = ThemeLoader.locate(environment: ProcessInfo.processInfo.environment)
        for t in themes { say("\(t.name)\t\(sources[t.name] ?? "(built in)")") }
        for p in problems { printErr("Theme problem: \(p)") }
        say("Searched: " + ThemeLoader.searchPath(environment: ProcessInfo.processInfo.environment).joined(separator: ":"))
    }
}

func printErr(_ s: String) {
    FileHandle.standardError.write(Data((terminalSafe(s) + "\n").utf8))
}

/// Every line the CLI prints may carry server text (an error body, a name): each line is made
/// safe on its own, so no escape sequence reaches the terminal and line breaks stay.
func terminalSafe(_ s: String) -> String {
    s.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.clean(String($0)) }.joined(separator: "\n")
}

/// Runs async work from synchronous command code (the process has no async main on purpose).
func blockingAwait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        box.value = await work()
        done.signal()
    }
    done.wait()
    return box.value!
}

/// Written once by the task, read once after the semaphore: the semaphore orders the two.
private final class ResultBox<T>: @unchecked Sendable { var value: T? }

/// Writes a line to stdout at once (print() is block-buffered when stdout is a file or pipe).
func say(_ s: String) {
    FileHandle.standardOutput.write(Data((terminalSafe(s) + "\n").utf8))
}
