import ArgumentParser
import Foundation
import FrontDeskApp
import FrontDeskConfig
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI
import OpenDentalSandbox

/// `frontdesk huddle`: the morning huddle's figures on standard output, for a printer or a
/// spreadsheet. The same reads as the Huddle screen (and its cache); the demo sandbox's practice
/// when no office is configured.
struct HuddleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "huddle",
        abstract: "Print the morning huddle of a day: production, unconfirmed, open time, alerts, birthdays, balances, recalls.",
        discussion: """
        Plain text for a printer, or csv/json for a spreadsheet. Nothing is coloured and no escape \
        sequence is printed; --mask shows initials and hides balances, premedication and alerts.
        """
    )

    @OptionGroup var profileOptions: ProfileOptions
    @Option(help: "The day (YYYY-MM-DD; default today).") var date: String?
    @Option(help: "text, csv or json.") var format: String = "text"
    @Flag(help: "Names as initials; balances, premedication and medical alerts hidden.") var mask = false

    func run() throws {
        guard let fmt = HuddlePrint.Format(rawValue: format) else {
            printErr("frontdesk huddle: --format must be text, csv or json, not \(format)")
            throw ExitCode(2)
        }
        let now = AppRuntime.localNow()
        var day = now.date
        if let date {
            guard let d = LocalDate(date) else {
                printErr("frontdesk huddle: --date must be YYYY-MM-DD, not \(date)")
                throw ExitCode(2)
            }
            day = d
        }
        let env = ProcessInfo.processInfo.environment
        let loader = ConfigLoader()
        var settings = FrontDeskSettings()
        var profile: OfficeProfile?
        do {
            settings = try loader.loadSettings()
            profile = try loader.resolveProfile(named: profileOptions.profile)
        } catch let e as ConfigError {
            printErr("Configuration problem: \(e)")
            throw ExitCode(2)
        }
        var logger = Logger(label: "frontdesk", factory: { FileLogHandler(label: $0, path: FileLogHandler.defaultPath()) })
        logger.logLevel = .info

        let client: OpenDentalClient
        var sandbox: SandboxServer?
        var store: OfficeStore
        if let profile {
            client = OpenDentalClient(configuration: profile.clientConfiguration(), logger: logger)
            let cacheDir = CacheLocation.directory(environment: env)
            let shared = client
            blockingAwait { await shared.shareBudget(directory: cacheDir) }
            do {
                store = try OfficeStore.open(directory: cacheDir, identity: OfficeIdentity(client))
            } catch {
                printErr("Working without the local cache: \(error)")
                store = OfficeStore.inMemory(identity: OfficeIdentity(client))
            }
        } else {
            printErr("No office is configured: the demo sandbox's made-up practice.")
            var o = SandboxOptions()
            o.port = 0
            o.patients = 1500
            let opts = o
            let started = blockingAwait { () -> Result<SandboxServer, Error> in
                do { return .success(try await SandboxServer.start(opts)) } catch { return .failure(error) }
            }
            guard case .success(let s) = started else {
                printErr("frontdesk: the demo sandbox could not start")
                throw ExitCode(1)
            }
            sandbox = s
            client = OpenDentalClient(configuration: ClientConfiguration(
                baseURL: s.baseURL, credentials: Credentials(developerKey: s.developerKey, customerKey: s.customerKey), mode: .local), logger: logger)
            store = OfficeStore.inMemory(identity: OfficeIdentity(client))
        }
        let threshold = Decimal(settings.huddleBalanceThreshold)
        let (c, st, d, n, l) = (client, store, day, now, logger)
        let result = blockingAwait { () -> Result<HuddleReader.Result, Error> in
            do { return .success(try await HuddleReader.read(client: c, store: st, day: d, now: n, logger: l, balanceThreshold: threshold)) } catch {
                return .failure(error)
            }
        }
        if let s = sandbox { blockingAwait { await s.stop() } }
        switch result {
        case .success(let r):
            let out = HuddlePrint(facts: r.facts, context: r.context, names: r.names, masked: mask).render(fmt)
            FileHandle.standardOutput.write(Data(out.utf8))
        case .failure(let e):
            printErr("frontdesk huddle: \(e)")
            throw ExitCode(1)
        }
    }
}
