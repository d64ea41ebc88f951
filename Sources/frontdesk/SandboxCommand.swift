import ArgumentParser
import Foundation
import OpenDentalSandbox

/// `frontdesk sandbox`: the embedded Open Dental sandbox on its own, for integrators and demos.
struct SandboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the embedded Open Dental API sandbox (a generated practice over real HTTP).",
        discussion: """
        Prints the base URL and the keys to use, then serves until Ctrl-C.

        Faults: KIND[:key=value,...] with KIND one of latency, econnector, 429, 500, 504, drop, \
        malformed and keys rate (0-1), path (/appointments...), method (GET, PUT...), patnum (one \
        patient's requests, by their PatNum parameter), ms and jitter (latency), count (a burst). \
        At run time: POST /sandbox/faults {"faults": ["500:rate=0.2"]} (loopback only), DELETE /sandbox/faults.
        """
    )

    @Option(help: "Port to listen on (0 picks a free one).") var port: UInt16 = 30222
    @Option(help: "Listen address. Loopback unless you say otherwise.") var listen: String = "127.0.0.1"
    @Option(help: "SQLite file for the practice (created and filled if new). Default: in memory.") var database: String?
    @Option(help: "Seed for the generated practice.") var seed: UInt64 = 20_261_129
    @Option(help: "Number of patients to generate (a few hundred to 50000).") var patients: Int = 1500
    @Option(help: "Number of clinics (0 = clinics not used).") var clinics: Int = 0
    @Option(help: "remote (100-row pages, throttled, 429) or local (1000-row pages, no throttle).") var profile: String = "local"
    @Flag(help: "The key holds only ApiReadAll: 5 s throttle on remote, writes refused.") var readAllOnly = false
    @Option(help: "Practices served at this address, each under its own customer key, throttle and data (1-9); admin routes take ?office=N.") var offices = 1
    @Flag(help: "The office does not grant ApiQueries: PUT /queries/ShortQuery answers 401.") var noQueries = false
    @Option(name: .customLong("fault"), help: "Inject a fault (repeatable), e.g. latency:ms=300,jitter=200 or 500:rate=0.1.") var faults: [String] = []

    func validate() throws {
        guard SandboxProfile(rawValue: profile) != nil else { throw ValidationError("--profile must be remote or local") }
        guard (1...200_000).contains(patients) else { throw ValidationError("--patients must be between 1 and 200000") }
        guard (0...50).contains(clinics) else { throw ValidationError("--clinics must be between 0 and 50") }
        guard (1...9).contains(offices) else { throw ValidationError("--offices must be between 1 and 9") }
        for f in faults { do { _ = try Fault.parse(f) } catch { throw ValidationError("\(error)") } }
    }

    func run() throws {
        var options = SandboxOptions()
        options.port = port
        options.host = listen
        options.databasePath = database
        options.seed = seed
        options.patients = patients
        options.clinics = clinics
        options.profile = SandboxProfile(rawValue: profile)!
        options.readAllOnly = readAllOnly
        options.queries = !noQueries
        options.offices = offices
        options.faults = try faults.map(Fault.parse)
        let started = Date()
        let opts = options
        let result = blockingAwait { () -> Result<SandboxServer, Error> in
            do { return .success(try await SandboxServer.start(opts)) } catch { return .failure(error) }
        }
        let server: SandboxServer
        switch result {
        case .success(let s): server = s
        case .failure(let e):
            printErr("frontdesk sandbox: \(e)")
            throw ExitCode(1)
        }
        say("Open Dental sandbox ready in \(String(format: "%.1f", Date().timeIntervalSince(started))) s (\(options.profile.rawValue) profile\(options.readAllOnly ? ", read-all-only key" : ""))")
        say("  Base URL:       \(server.baseURL.absoluteString)")
        say("  Developer key:  \(server.developerKey)")
        if server.customerKeys.count > 1 {
            for (i, key) in server.customerKeys.enumerated() { say("  Office \(i + 1) key:   \(key)   (its own practice, throttle and faults; admin: ?office=\(i + 1))") }
        } else {
            say("  Customer key:   \(server.customerKey)")
            say("  Authorization:  ODFHIR \(server.developerKey)/\(server.customerKey)")
        }
        say("  Admin (faults): \(server.adminURL.absoluteString)/faults")
        say("  Database:       \(database ?? "in memory")")
        if !options.listensOnLoopback {
            say("Warning: listening on \(listen), beyond this machine. Anyone who can reach it can read and change the")
            say("  generated practice with the public test keys above. The admin endpoint still answers loopback only.")
        }
        say("Press Ctrl-C to stop.")
        // Stop cleanly on SIGINT/SIGTERM.
        let stopSignals = [SIGINT, SIGTERM].map { sig -> DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                blockingAwait { await server.stop() }
                say("\nSandbox stopped.")
                Foundation.exit(0)
            }
            source.resume()
            return source
        }
        blockingAwait { await server.wait() }
        withExtendedLifetime(stopSignals) {}
    }
}
