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
        var profile: OfficeProfile?
        do {
            settings = try loader.loadSettings()
            if !demo { profile = try loader.resolveProfile(named: profileOptions.profile) }
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

        let client: OpenDentalClient
        var sandbox: SandboxServer?
        if let profile {
            client = OpenDentalClient(configuration: profile.clientConfiguration(), logger: logger)
            // Every FrontDesk on this host that uses this office's key shares one request budget.
            let cacheDir = CacheLocation.directory(environment: env)
            let shared = client
            blockingAwait { await shared.shareBudget(directory: cacheDir) }
            state.officeName = profile.name
            state.operatorInitials = (operatorInitials ?? profile.operatorInitials ?? "").uppercased()
            state.askInitials = state.operatorInitials.isEmpty
            if let warning = profile.insecureWarning {
                state.unencrypted = true
                state.message = warning
                state.messageIsError = true
            }
            logger.info("office profile \(profile.name) (\(profile.mode.rawValue))")
        } else {
            // No office configured: the embedded sandbox, in-process on a free loopback port.
            var o = SandboxOptions()
            o.port = 0
            o.patients = 1500
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
            client = OpenDentalClient(configuration: ClientConfiguration(
                baseURL: s.baseURL, credentials: Credentials(developerKey: s.developerKey, customerKey: s.customerKey), mode: .local),
                logger: logger)
            state.demo = true
            state.operatorInitials = "DEMO"
            logger.info("demo: sandbox on port \(s.port)")
        }
        // The office's cache: a file shared by every dashboard on this host, or memory for the demo
        // (a new practice each run) and `--cache memory`. A file that cannot be used is said once.
        let identity = OfficeIdentity(client)
        var store = OfficeStore.inMemory(identity: identity)
        if profile != nil, cache == .disk {
            do {
                store = try OfficeStore.open(directory: CacheLocation.directory(environment: env), identity: identity)
            } catch {
                logger.warning("cache not used: \(error)")
                state.message = "Working without the local cache: \(error)"
                state.messageIsError = true
            }
        }
        // Every write at a real office is recorded (record numbers only); the demo's practice is made up.
        let actionLog = profile == nil ? nil : ActionLog(path: ActionLog.defaultPath(environment: env))
        let runtime = AppRuntime(client: client, state: state,
                                 options: RuntimeOptions(themes: themes, initialTheme: themeIndex, refreshSeconds: max(5, refresh), mouse: mouse,
                                                         logPath: logPath),
                                 logger: logger, store: store, actionLog: actionLog)
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
