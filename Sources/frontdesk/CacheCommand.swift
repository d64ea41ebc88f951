import ArgumentParser
import Foundation
import FrontDeskApp
import FrontDeskConfig
import FrontDeskStore
import OpenDentalAPI

/// `frontdesk cache`: where the office's local cache is, how big and how old, and clearing it.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show where the office's local cache is, its size and age; --clear empties it."
    )

    @OptionGroup var options: ProfileOptions
    @Flag(help: "Empty the cache (names, days, lists, reference data); the next start reads them from the office again.")
    var clear = false

    func run() throws {
        let profile = try options.resolve(orSay: "No office is configured, so there is no cache (the demo keeps everything in memory).")
        let config = profile.clientConfiguration()
        let identity = OfficeIdentity(baseURL: config.baseURL.absoluteString, customerKey: config.credentials.customerKey)
        let dir = CacheLocation.directory(environment: ProcessInfo.processInfo.environment)
        let path = dir + "/" + identity.fileName
        say("Profile:  \(profile.name)")
        say("Cache:    \(path)")
        guard FileManager.default.fileExists(atPath: path) else {
            say("Empty:    nothing cached yet")
            return
        }
        let store: OfficeStore
        do {
            store = try OfficeStore.open(directory: dir, identity: identity)
        } catch StoreError.unusable(let why) where clear {
            // Unreadable (not another office's): clearing it is removing it.
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            say("Removed the unreadable cache file (\(why)); the next start builds a new one.")
            return
        } catch {
            printErr("The cache cannot be read: \(error). `frontdesk cache --clear` removes it.")
            throw ExitCode(1)
        }
        if clear {
            store.clear()
            say("Cleared.")
        }
        let info = store.info
        say("Size:     \(info.bytes / 1024) KiB")
        say("Patients: \(info.patients) in the directory")
        say("Saved:    \(info.saved) days, lists and reference sets")
        if let newest = info.newest { say("Newest:   \(Self.age(Date().timeIntervalSince1970 - newest)) ago") }
    }

    static func age(_ seconds: Double) -> String {
        let s = Int(max(0, seconds))
        if s < 120 { return "\(s) s" }
        if s < 7200 { return "\(s / 60) min" }
        if s < 172_800 { return "\(s / 3600) h" }
        return "\(s / 86_400) days"
    }
}
