import ArgumentParser
import Foundation
import FrontDeskApp
import FrontDeskConfig
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI
import OpenDentalSandbox
import TerminalUI

/// `frontdesk` (the default): the dashboard, against the configured office or the demo sandbox.
struct RunCommand: ParsableCommand {
    /// The demo's three made-up offices (the embedded sandbox's practices, in its key order).
    static let demoOffices = ["Main Street", "Riverside", "Hillcrest"]

    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Open the dashboard (the default command)."
    )

    @OptionGroup var profileOptions: ProfileOptions
    @Flag(help: "Use the embedded sandbox practice even when an office is configured.") var demo = false
    @Option(help: "Colour theme: default, monochrome, high-contrast, solarized-dark, solarized-light, or a file's name in themes/.") var theme: String?
    @Flag(help: "Hide every action that writes to the office.") var readOnly = false
    @Option(help: "Seconds between background refreshes.") var refresh: Double = 30
    @Flag(help: "Let a mouse click select a row (off by default: it gets in the way of copying text).") var mouse = false
    @Option(name: .customLong("idle-lock"), help: "Seconds without a key before the screen locks (0: never; else the config's idle_lock_minutes, default 5 minutes).")
    var idleLock: Int?
    @Option(name: .customLong("operator"), help: "Your initials for the action log (else the profile's `operator`, else asked at the first write).")
    var operatorInitials: String?
    @Option(help: "Where the office's local cache lives: disk (kept between runs, see `frontdesk cache`) or memory (gone at exit).")
    var cache: CacheMode = .disk

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let loader = ConfigLoader()
        var settings = FrontDeskSettings()
        var profiles: [OfficeProfile] = []
        var start = 0
        do {
            settings = try loader.loadSettings()
            if !demo, let found = try loader.resolveOffices(named: profileOptions.profile) { (profiles, start) = found }
        } catch let e as ConfigError {
            printErr("Configuration problem: \(e)")
            throw ExitCode(2)
        }
        let logPath = FileLogHandler.defaultPath()
        var logger = Logger(label: "frontdesk", factory: { FileLogHandler(label: $0, path: logPath) })
        logger.logLevel = .info

        // Themes: built-ins, then themes/ folders; a broken file is reported and skipped.
        let (themes, problems) = ThemeLoader.available(environment: env)
        let wanted = theme ?? settings.theme ?? "default"
        var themeIndex = themes.firstIndex { $0.name == wanted } ?? 0
        var startMessage = problems.first.map { "Theme problem: \($0)" }
        if themes.firstIndex(where: { $0.name == wanted }) == nil {
            startMessage = "No theme named '\(wanted)'; using default"
            themeIndex = 0
        }

        let now = AppRuntime.localNow()
        var state = AppState(today: now.date, now: now)
        state.readOnly = readOnly
        // A screen that faces the waiting room: masked from the start if asked, locked when idle.
        state.masked = settings.startMasked
        state.huddle.balanceThreshold = Decimal(settings.huddleBalanceThreshold)
        state.privacy = PrivacySettings(idleLockSeconds: Double(idleLock.map { max(0, $0) } ?? settings.idleLockMinutes * 60),
                                        lockRequiresInitials: settings.lockRequiresInitials)
        state.message = startMessage
        state.messageIsError = startMessage != nil

        // Every configured office (each its own client, budget, cache); --profile or the
        // default one is shown first. No office configured: the embedded sandbox's three practices.
        var offices: [OfficeSetup] = []
        var startIndex = 0
        var sandbox: SandboxServer?
        let cacheDir = CacheLocation.directory(environment: env)
        if !profiles.isEmpty {
            startIndex = start
            // Every write at a real office is recorded (record numbers only), with its profile.
            let actionLog = ActionLog(path: ActionLog.defaultPath(environment: env))
            for profile in profiles {
                let client = OpenDentalClient(configuration: profile.clientConfiguration(), logger: logger)
                // Every FrontDesk on this host that uses this office's key shares one request budget.
                blockingAwait { await client.shareBudget(directory: cacheDir) }
                var office = state
                office.officeName = profile.name
                office.operatorInitials = (operatorInitials ?? profile.operatorInitials ?? "").uppercased()
                office.askInitials = office.operatorInitials.isEmpty
                if let warning = profile.insecureWarning {
                    office.unencrypted = true
                    office.message = warning
                    office.messageIsError = true
                }
                // The office's cache: a file shared by every dashboard on this host (one per office),
                // or memory with `--cache memory`. A file that cannot be used is said once.
                let identity = OfficeIdentity(client)
                var store = OfficeStore.inMemory(identity: identity)
                if cache == .disk {
                    do {
                        store = try OfficeStore.open(directory: cacheDir, identity: identity)
                    } catch {
                        logger.warning("cache not used for \(profile.name): \(error)")
                        office.message = "Working without the local cache: \(error)"
                        office.messageIsError = true
                    }
                }
                offices.append(OfficeSetup(name: profile.name, client: client, store: store, actionLog: actionLog, state: office))
                logger.info("office profile \(profile.name) (\(profile.mode.rawValue))")
            }
        } else {
            // No office configured: the embedded sandbox, in-process on a free loopback port, with
            // three practices (a group's offices, for `O` and the Offices view). The demo's
            // practices are made up: nothing goes to the action log, the cache stays in memory.
            var o = SandboxOptions()
            o.port = 0
            o.patients = 1500
            o.offices = Self.demoOffices.count
            let opts = o
            let started = blockingAwait { () -> Result<SandboxServer, Error> in
                do { return .success(try await SandboxServer.start(opts)) } catch { return .failure(error) }
            }
            switch started {
            case .success(let s): sandbox = s
            case .failure(let e):
                printErr("frontdesk: the demo sandbox could not start: \(e)")
                throw ExitCode(1)
            }
            let s = sandbox!
            for (name, key) in zip(Self.demoOffices, s.customerKeys) {
                let client = OpenDentalClient(configuration: ClientConfiguration(
                    baseURL: s.baseURL, credentials: Credentials(developerKey: s.developerKey, customerKey: key), mode: .local), logger: logger)
                var office = state
                office.demo = true
                office.officeName = name
                office.operatorInitials = "DEMO"
                offices.append(OfficeSetup(name: name, client: client, store: OfficeStore.inMemory(identity: OfficeIdentity(client)), state: office))
            }
            logger.info("demo: sandbox on port \(s.port)")
        }
        Memory.giveBackStartPages()
        let runtime = AppRuntime(offices: offices, start: startIndex,
                                 options: RuntimeOptions(themes: themes, initialTheme: themeIndex, refreshSeconds: max(5, refresh), mouse: mouse,
                                                         logPath: logPath),
                                 logger: logger)
        do {
            try runtime.run()
        } catch {
            printErr("frontdesk: \(error)")
            throw ExitCode(1)
        }
        if let s = sandbox { blockingAwait { await s.stop() } }
    }
}

enum CacheMode: String, ExpressibleByArgument, CaseIterable {
    case disk, memory
}
