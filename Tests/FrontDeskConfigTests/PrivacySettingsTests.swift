import Foundation
import Testing
@testable import FrontDeskConfig

@Suite struct PrivacySettingsTests {
    @Test func maskLockAndTheirMistakes() throws {
        let loader = ConfigLoader(environment: [:])
        let defaults = try loader.parse("", path: "c.toml")
        #expect(!defaults.startMasked && defaults.idleLockMinutes == 5 && !defaults.lockRequiresInitials)
        let set = try loader.parse("start_masked = true\nidle_lock_minutes = 0\nlock_requires_initials = true\n", path: "c.toml")
        #expect(set.startMasked && set.idleLockMinutes == 0 && set.lockRequiresInitials)
        do {
            _ = try loader.parse("theme = \"default\"\nidle_lock_minutes = -3\n", path: "c.toml")
            Issue.record("expected an error")
        } catch let e as ConfigError {
            #expect(e.line == 2 && e.message.contains("between 0 (never) and 1440"))
        }
        do {
            _ = try loader.parse("start_masked = \"yes\"\n", path: "c.toml")
            Issue.record("expected an error")
        } catch let e as ConfigError {
            #expect(e.line == 1 && e.message == "'start_masked' must be true or false")
        }
    }
}
