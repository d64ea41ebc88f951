import Foundation
import Testing
@testable import FrontDeskConfig
import OpenDentalAPI
import TerminalUI

@Suite struct ConfigTests {
    let sample = """
    default_profile = "main"

    [profiles.main]
    mode = "remote"
    developer_key = "DEVKEY123456"
    customer_key = "CUSTKEY65432"
    operator = "JS"
    tier = "read-all-only"

    [profiles.lab]
    mode = "local"
    base_url = "http://127.0.0.1:30222/api/v1"
    developer_key = "D1234567"
    customer_key = "C1234567"
    page_limit = 500
    clinic = 2
    """

    func write(_ text: String, mode: mode_t) throws -> (dir: String, path: String) {
        let dir = NSTemporaryDirectory() + "fd-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/frontdesk", withIntermediateDirectories: true)
        let path = dir + "/frontdesk/config.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, mode)
        return (dir, path)
    }

    @Test func readsProfilesFromXDGConfigHome() throws {
        let (dir, _) = try write(sample, mode: 0o600)
        let loader = ConfigLoader(environment: ["XDG_CONFIG_HOME": dir])
        let main = try #require(try loader.resolveProfile(named: nil))
        #expect(main.name == "main" && main.mode == .remote && main.tier == .readAllOnly && main.operatorInitials == "JS")
        #expect(main.baseURL.absoluteString == "https://api.opendental.com/api/v1")
        #expect(main.clientConfiguration().throttleInterval == 5)
        let lab = try #require(try loader.resolveProfile(named: "lab"))
        #expect(lab.mode == .local && lab.pageLimit == 500 && lab.clinic == 2)
        #expect(lab.clientConfiguration().pageSize == 500 && lab.clientConfiguration().throttleInterval == 0)
    }

    @Test func worldReadableFileIsRefusedWithTheFix() throws {
        let (dir, path) = try write(sample, mode: 0o644)
        let loader = ConfigLoader(environment: ["XDG_CONFIG_HOME": dir])
        #expect {
            _ = try loader.resolveProfile(named: nil)
        } throws: { error in
            let text = "\(error)"
            return text.contains("chmod 600 \(path)") && text.contains("644")
        }
        let groupReadable = try write(sample, mode: 0o640)
        #expect(throws: ConfigError.self) { _ = try ConfigLoader(environment: ["XDG_CONFIG_HOME": groupReadable.dir]).loadSettings() }
    }

    /// A 0600 file that belongs to someone else, or one in a folder others can write, is refused.
    @Test func ownerAndFolderAreChecked() throws {
        let (dir, path) = try write(sample, mode: 0o600)
        let loader = ConfigLoader(environment: ["XDG_CONFIG_HOME": dir])
        chmod(dir + "/frontdesk", 0o777)
        #expect {
            _ = try loader.loadSettings()
        } throws: { "\($0)".contains("can be written by others") && "\($0)".contains("chmod go-w") }
        chmod(dir + "/frontdesk", 0o700)
        _ = try loader.loadSettings()
        // Changing a file's owner needs root: CI runs as root; elsewhere this part cannot be set up.
        if geteuid() == 0 {
            chown(path, 4242, 4242)
            #expect {
                _ = try loader.loadSettings()
            } throws: { "\($0)".contains("belongs to another user (uid 4242)") }
        }
    }

    @Test func theBaseURLFromTheEnvironmentIsCheckedLikeTheFile() throws {
        let (dir, _) = try write(sample, mode: 0o600)
        for bad in ["ftp://example.com/api/v1", "not a url", "https://user:pw@example.com/api/v1", "http:///api/v1"] {
            let loader = ConfigLoader(environment: ["XDG_CONFIG_HOME": dir, "FRONTDESK_BASE_URL": bad])
            #expect(throws: ConfigError.self, "\(bad)") { _ = try loader.resolveProfile(named: nil) }
        }
        let plain = try #require(try ConfigLoader(environment: ["XDG_CONFIG_HOME": dir, "FRONTDESK_BASE_URL": "http://office.example:30222/api/v1"])
            .resolveProfile(named: nil))
        #expect(plain.insecureWarning?.contains("plain http") == true)
        let local = try #require(try ConfigLoader(environment: ["XDG_CONFIG_HOME": dir, "FRONTDESK_BASE_URL": "http://127.0.0.1:30222/api/v1"])
            .resolveProfile(named: nil))
        #expect(local.insecureWarning == nil)
        #expect(try #require(try ConfigLoader(environment: ["XDG_CONFIG_HOME": dir]).resolveProfile(named: nil)).insecureWarning == nil)
    }

    @Test func environmentOverridesKeysAndProfile() throws {
        let (dir, _) = try write(sample, mode: 0o600)
        let env = ["XDG_CONFIG_HOME": dir, "FRONTDESK_PROFILE": "lab", "FRONTDESK_DEVELOPER_KEY": "ENVDEV99999", "FRONTDESK_CUSTOMER_KEY": "ENVCUST8888"]
        let p = try #require(try ConfigLoader(environment: env).resolveProfile(named: nil))
        #expect(p.name == "lab" && p.developerKey == "ENVDEV99999" && p.customerKey == "ENVCUST8888")
        // An explicit --profile beats the environment's choice.
        #expect(try ConfigLoader(environment: env).resolveProfile(named: "main")?.name == "main")
    }

    @Test func keysFromEnvironmentAloneMakeARemoteProfile() throws {
        let env = ["XDG_CONFIG_HOME": "/nonexistent-\(UUID().uuidString)", "FRONTDESK_DEVELOPER_KEY": "ENVDEV99999", "FRONTDESK_CUSTOMER_KEY": "ENVCUST8888"]
        let p = try #require(try ConfigLoader(environment: env).resolveProfile(named: nil))
        #expect(p.mode == .remote && p.customerKey == "ENVCUST8888")
    }

    @Test func noFileMeansNoOffice() throws {
        let env = ["XDG_CONFIG_HOME": "/nonexistent-\(UUID().uuidString)"]
        #expect(try ConfigLoader(environment: env).resolveProfile(named: nil) == nil)
    }

    @Test func missingKeysGiveAClearMessage() throws {
        let (dir, _) = try write("[profiles.office]\nmode = \"service\"\ndeveloper_key = \"DEV12345\"\n", mode: 0o600)
        #expect {
            _ = try ConfigLoader(environment: ["XDG_CONFIG_HOME": dir]).resolveProfile(named: nil)
        } throws: { error in
            let text = "\(error)"
            return text.contains("customer_key") && text.contains("FRONTDESK_CUSTOMER_KEY") && !text.contains("DEV12345")
        }
    }

    @Test func badValuesPointAtTheLine() throws {
        let loader = ConfigLoader(environment: [:])
        let badMode = "[profiles.a]\ndeveloper_key = \"x\"\nmode = \"cloud\"\n"
        #expect(throws: ConfigError(path: "c.toml", line: 3, message: "mode must be remote, local or service, not 'cloud'")) {
            _ = try loader.parse(badMode, path: "c.toml")
        }
        #expect {
            _ = try loader.parse("[profiles.a]\nmode = \"remote\"\npage_limit = [\n", path: "c.toml")
        } throws: { error in
            (error as? ConfigError)?.line != nil && "\(error)".hasPrefix("c.toml:")
        }
        #expect {
            _ = try loader.parse("[profiles.a]\nmode = \"remote\"\ncolour = 3\n", path: "c.toml")
        } throws: { error in
            (error as? ConfigError)?.line == 3 && "\(error)".contains("unknown setting 'colour'")
        }
        #expect(throws: ConfigError.self) { _ = try loader.parse("[profiles.a]\nbase_url = \"ftp://x\"\n", path: "c.toml") }
    }

    @Test func unknownProfileNameIsReported() throws {
        let (dir, _) = try write(sample, mode: 0o600)
        #expect {
            _ = try ConfigLoader(environment: ["XDG_CONFIG_HOME": dir]).resolveProfile(named: "nope")
        } throws: { error in "\(error)".contains("known profiles: lab, main") }
    }
}

@Suite struct ThemeFileTests {
    @Test func everyShippedThemeParses() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(files == ["default.toml", "high-contrast.toml", "monochrome.toml", "solarized-dark.toml", "solarized-light.toml"])
        for f in files {
            let t = try ThemeLoader.parse(try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8), path: f)
            #expect(t.name + ".toml" == f)
            // Every role has a look without colour or inherits one, so monochrome never loses the selection.
            #expect(!t.style(.selected).mono.isEmpty)
        }
    }

    @Test func brokenThemeSaysFileAndLine() {
        #expect {
            _ = try ThemeLoader.parse("name = \"x\"\n[roles.\"list.selected\"]\nfg = \"chartreuse-ish\"\n", path: "themes/x.toml")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("themes/x.toml:3:") && text.contains("fg of 'list.selected'")
        }
        #expect {
            _ = try ThemeLoader.parse("name = \"x\"\n[roles.\"list.selected\"\nfg = 1\n", path: "themes/y.toml")
        } throws: { error in "\(error)".hasPrefix("themes/y.toml:2") }
        #expect(throws: ConfigError.self) { _ = try ThemeLoader.parse("[roles.\"no.such.role\"]\nfg = \"red\"\n", path: "z.toml") }
    }

    @Test func coloursDegrade() {
        #expect(ThemeColor(name: "#ff0000")!.downgraded(to: 256) == .indexed(196))
        #expect(ThemeColor(name: "#ff0000")!.downgraded(to: 8) == .ansi(1))
        #expect(ThemeColor(name: "brightred")!.downgraded(to: 8) == .ansi(1))
        #expect(ThemeColor(name: "color21")!.downgraded(to: 8) == .ansi(4))
    }
}
