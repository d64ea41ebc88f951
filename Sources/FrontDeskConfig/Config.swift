import Foundation
import OpenDentalAPI
import TOMLKit

/// One office FrontDesk can connect to.
public struct OfficeProfile: Sendable {
    public var name: String
    public var mode: APIMode
    public var baseURL: URL
    public var developerKey: String
    public var customerKey: String
    /// 0 = all clinics / clinics not used.
    public var clinic: Int?
    /// Written into commlog notes so the office knows who did what (API writes carry no user).
    public var operatorInitials: String?
    public var pageLimit: Int?
    public var tier: ThrottleTier

    public var credentials: Credentials { Credentials(developerKey: developerKey, customerKey: customerKey) }

    public func clientConfiguration(retry: RetryPolicy = RetryPolicy()) -> ClientConfiguration {
        ClientConfiguration(baseURL: baseURL, credentials: credentials, mode: mode, tier: tier,
                            pageSizeOverride: pageLimit, retry: retry)
    }

    /// Set when keys and patient data would travel unencrypted: plain http to a host other than
    /// this machine. Shown by `frontdesk check` and on the dashboard's status line.
    public var insecureWarning: String? {
        guard baseURL.scheme?.lowercased() == "http", let host = baseURL.host?.lowercased() else { return nil }
        if host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" { return nil }
        return "Warning: \(host) is reached over plain http; the keys and patient data travel unencrypted. Use https or a local address."
    }

    /// An office address from the config file or the environment: http(s) with a host.
    public static func validatedBaseURL(_ text: String) -> URL? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty, url.user == nil, url.password == nil else { return nil }
        return url
    }

    /// The mode's usual address when the profile gives none.
    public static func defaultBaseURL(for mode: APIMode) -> URL {
        switch mode {
        case .remote: return URL(string: "https://api.opendental.com/api/v1")!
        case .local: return URL(string: "http://127.0.0.1:30222/api/v1")!
        case .service: return URL(string: "http://127.0.0.1:30223/api/v1")!
        }
    }
}

/// The whole config file.
public struct FrontDeskSettings: Sendable {
    public var path: String?
    public var defaultProfile: String?
    public var profiles: [String: OfficeProfile]
    public var theme: String?
    /// Start with names shown as initials and contact details hidden (`start_masked`).
    public var startMasked = false
    /// Minutes without a key before the screen locks (`idle_lock_minutes`; 0 = never).
    public var idleLockMinutes = 5
    /// The lock opens only for the operator's initials (`lock_requires_initials`).
    public var lockRequiresInitials = false
    /// The huddle names families whose balance is over this many dollars (`huddle_balance_threshold`).
    public var huddleBalanceThreshold = 100

    public init(path: String? = nil, defaultProfile: String? = nil, profiles: [String: OfficeProfile] = [:], theme: String? = nil) {
        self.path = path
        self.defaultProfile = defaultProfile
        self.profiles = profiles
        self.theme = theme
    }

    /// Picks `name`, or the default profile, or the only one. nil when none is configured.
    public func profile(named name: String?) throws -> OfficeProfile? {
        if let name {
            guard let p = profiles[name] else {
                let known = profiles.keys.sorted()
                throw ConfigError(path: path, line: nil,
                                  message: "no profile named '\(name)'" + (known.isEmpty ? "; the file defines none" : "; known profiles: \(known.joined(separator: ", "))"))
            }
            return p
        }
        if let d = defaultProfile {
            guard let p = profiles[d] else {
                throw ConfigError(path: path, line: nil, message: "default_profile names '\(d)', which is not defined")
            }
            return p
        }
        if profiles.count == 1 { return profiles.values.first }
        if profiles.isEmpty { return nil }
        throw ConfigError(path: path, line: nil,
                          message: "several profiles (\(profiles.keys.sorted().joined(separator: ", "))) and no default_profile: pass --profile NAME")
    }
}

/// A config problem in plain words, with `file:line` when the file is at fault. Never holds a key.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public var path: String?
    public var line: Int?
    public var message: String

    public init(path: String?, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        switch (path, line) {
        case let (p?, l?): return "\(p):\(l): \(message)"
        case let (p?, nil): return "\(p): \(message)"
        default: return message
        }
    }
}

/// Reads the config file and the environment.
///
/// File: `$FRONTDESK_CONFIG`, else `$XDG_CONFIG_HOME/frontdesk/config.toml`, else
/// `~/.config/frontdesk/config.toml`. Environment: `FRONTDESK_PROFILE`, `FRONTDESK_DEVELOPER_KEY`,
/// `FRONTDESK_CUSTOMER_KEY` (these two override the chosen profile's keys), `FRONTDESK_BASE_URL`.
public struct ConfigLoader {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public var configPath: String {
        if let p = environment["FRONTDESK_CONFIG"], !p.isEmpty { return p }
        if let x = environment["XDG_CONFIG_HOME"], !x.isEmpty { return x + "/frontdesk/config.toml" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.config/frontdesk/config.toml"
    }

    /// Loads the file if it exists (an absent file is an empty configuration, i.e. demo mode).
    public func loadSettings() throws -> FrontDeskSettings {
        let path = configPath
        var st = stat()
        guard stat(path, &st) == 0 else {
            if errno == ENOENT { return FrontDeskSettings(path: path) }
            throw ConfigError(path: path, line: nil, message: "cannot read the config file (\(String(cString: strerror(errno))))")
        }
        if st.st_uid != geteuid() {
            throw ConfigError(path: path, line: nil,
                              message: "refused: the file holds API keys but belongs to another user (uid \(st.st_uid)); it must be yours alone")
        }
        if st.st_mode & 0o077 != 0 {
            let mode = String(st.st_mode & 0o777, radix: 8)
            throw ConfigError(path: path, line: nil,
                              message: "refused: the file holds API keys but is readable by others (mode \(mode)). Fix it with: chmod 600 \(path)")
        }
        // Whoever can write the directory can swap the file for one of their own.
        let dir = (path as NSString).deletingLastPathComponent
        var dst = stat()
        if !dir.isEmpty, stat(dir, &dst) == 0, dst.st_mode & 0o022 != 0, dst.st_mode & 0o1000 == 0 {
            let mode = String(dst.st_mode & 0o777, radix: 8)
            throw ConfigError(path: path, line: nil,
                              message: "refused: the folder \(dir) can be written by others (mode \(mode)), who could replace the file. Fix it with: chmod go-w \(dir)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, line: nil, message: "cannot read the config file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, line: nil, message: "the file is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses config text. Errors carry `file:line`.
    public func parse(_ text: String, path: String?) throws -> FrontDeskSettings {
        let (table, locate) = try parseTOML(text, path: path)
        var settings = FrontDeskSettings(path: path)
        for key in table.keys where !["default_profile", "profiles", "theme", "start_masked", "idle_lock_minutes", "lock_requires_initials", "huddle_balance_threshold"].contains(key) {
            throw ConfigError(path: path, line: locate.line(of: key, in: nil), message: "unknown setting '\(key)'")
        }
        settings.defaultProfile = try stringValue(table, "default_profile", section: nil, path: path, locate: locate)
        settings.theme = try stringValue(table, "theme", section: nil, path: path, locate: locate)
        settings.startMasked = try boolValue(table, "start_masked", section: nil, path: path, locate: locate) ?? false
        settings.lockRequiresInitials = try boolValue(table, "lock_requires_initials", section: nil, path: path, locate: locate) ?? false
        if let minutes = try intValue(table, "idle_lock_minutes", section: nil, path: path, locate: locate) {
            guard (0...1440).contains(minutes) else {
                throw ConfigError(path: path, line: locate.line(of: "idle_lock_minutes", in: nil),
                                  message: "idle_lock_minutes must be between 0 (never) and 1440, not \(minutes)")
            }
            settings.idleLockMinutes = minutes
        }
        if let dollars = try intValue(table, "huddle_balance_threshold", section: nil, path: path, locate: locate) {
            guard (0...1_000_000).contains(dollars) else {
                throw ConfigError(path: path, line: locate.line(of: "huddle_balance_threshold", in: nil),
                                  message: "huddle_balance_threshold is whole dollars from 0 to 1000000, not \(dollars)")
            }
            settings.huddleBalanceThreshold = dollars
        }
        if let profilesValue = table["profiles"] {
            guard let profiles = profilesValue.table else {
                throw ConfigError(path: path, line: locate.line(of: "profiles", in: nil), message: "'profiles' must be a table: [profiles.NAME]")
            }
            for name in profiles.keys {
                guard let t = profiles[name]?.table else {
                    throw ConfigError(path: path, line: locate.line(of: name, in: "profiles"), message: "profile '\(name)' must be a table: [profiles.\(name)]")
                }
                settings.profiles[name] = try profile(name, t, path: path, locate: locate)
            }
        }
        return settings
    }

    private func profile(_ name: String, _ t: TOMLTable, path: String?, locate: LineLocator) throws -> OfficeProfile {
        let section = "profiles.\(name)"
        let known = ["mode", "base_url", "developer_key", "customer_key", "clinic", "operator", "page_limit", "tier"]
        for key in t.keys where !known.contains(key) {
            throw ConfigError(path: path, line: locate.line(of: key, in: section),
                              message: "unknown setting '\(key)' in profile '\(name)' (known: \(known.joined(separator: ", ")))")
        }
        let modeText = try stringValue(t, "mode", section: section, path: path, locate: locate) ?? "remote"
        guard let mode = APIMode(rawValue: modeText.lowercased()) else {
            throw ConfigError(path: path, line: locate.line(of: "mode", in: section),
                              message: "mode must be remote, local or service, not '\(modeText)'")
        }
        let tierText = try stringValue(t, "tier", section: section, path: path, locate: locate) ?? "standard"
        guard let tier = ThrottleTier(rawValue: tierText.lowercased()) else {
            throw ConfigError(path: path, line: locate.line(of: "tier", in: section),
                              message: "tier must be read-all-only, standard or enterprise, not '\(tierText)'")
        }
        var baseURL = OfficeProfile.defaultBaseURL(for: mode)
        if let u = try stringValue(t, "base_url", section: section, path: path, locate: locate) {
            guard let url = OfficeProfile.validatedBaseURL(u) else {
                throw ConfigError(path: path, line: locate.line(of: "base_url", in: section),
                                  message: "base_url must be an http(s) URL such as https://api.opendental.com/api/v1")
            }
            baseURL = url
        }
        let clinic = try intValue(t, "clinic", section: section, path: path, locate: locate)
        let pageLimit = try intValue(t, "page_limit", section: section, path: path, locate: locate)
        if let p = pageLimit, p < 1 || p > 10_000 {
            throw ConfigError(path: path, line: locate.line(of: "page_limit", in: section), message: "page_limit must be between 1 and 10000")
        }
        let initials = try stringValue(t, "operator", section: section, path: path, locate: locate)
        return OfficeProfile(
            name: name, mode: mode, baseURL: baseURL,
            developerKey: try stringValue(t, "developer_key", section: section, path: path, locate: locate) ?? "",
            customerKey: try stringValue(t, "customer_key", section: section, path: path, locate: locate) ?? "",
            clinic: clinic, operatorInitials: initials, pageLimit: pageLimit, tier: tier)
    }

    private func stringValue(_ t: TOMLTable, _ key: String, section: String?, path: String?, locate: LineLocator) throws -> String? {
        guard let v = t[key] else { return nil }
        guard let s = v.string else {
            throw ConfigError(path: path, line: locate.line(of: key, in: section), message: "'\(key)' must be text in quotes")
        }
        return s
    }

    private func boolValue(_ t: TOMLTable, _ key: String, section: String?, path: String?, locate: LineLocator) throws -> Bool? {
        guard let v = t[key] else { return nil }
        guard let b = v.bool else {
            throw ConfigError(path: path, line: locate.line(of: key, in: section), message: "'\(key)' must be true or false")
        }
        return b
    }

    private func intValue(_ t: TOMLTable, _ key: String, section: String?, path: String?, locate: LineLocator) throws -> Int? {
        guard let v = t[key] else { return nil }
        guard let i = v.int else {
            throw ConfigError(path: path, line: locate.line(of: key, in: section), message: "'\(key)' must be a whole number")
        }
        return i
    }

    /// Resolves the profile to use, applies environment overrides, and checks that it is usable.
    /// Returns nil when no office is configured at all (the caller then runs the demo).
    /// Every office the dashboard can show: the one `resolveProfile` picks (shown first) and the
    /// config's other usable profiles, by name. The environment's keys override the first one's;
    /// FRONTDESK_DEVELOPER_KEY also fills another profile's missing developer key (one vendor key,
    /// a customer key per office). A profile without a customer key is left out.
    public func resolveOffices(named name: String?) throws -> (profiles: [OfficeProfile], start: Int)? {
        guard let first = try resolveProfile(named: name) else { return nil }
        let settings = try loadSettings()
        let envDev = environment["FRONTDESK_DEVELOPER_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        var out: [OfficeProfile] = []
        for n in settings.profiles.keys.sorted() {
            if n == first.name { out.append(first); continue }
            guard var p = settings.profiles[n] else { continue }
            if p.developerKey.isEmpty, let envDev { p.developerKey = envDev }
            guard !p.developerKey.isEmpty, !p.customerKey.isEmpty,
                  ![p.developerKey, p.customerKey].contains(where: { $0.contains("/") || $0.contains(where: \.isWhitespace) }) else { continue }
            out.append(p)
        }
        if !out.contains(where: { $0.name == first.name }) { out.insert(first, at: 0) }
        return (out, out.firstIndex { $0.name == first.name } ?? 0)
    }

    public func resolveProfile(named name: String?) throws -> OfficeProfile? {
        let settings = try loadSettings()
        let wanted = name ?? environment["FRONTDESK_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        var profile = try settings.profile(named: wanted)
        let envDev = environment["FRONTDESK_DEVELOPER_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let envCust = environment["FRONTDESK_CUSTOMER_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let envURL = environment["FRONTDESK_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if profile == nil, envDev != nil || envCust != nil || envURL != nil {
            // Keys from the environment alone describe a Remote office.
            profile = OfficeProfile(name: "environment", mode: .remote, baseURL: OfficeProfile.defaultBaseURL(for: .remote),
                                    developerKey: "", customerKey: "", clinic: nil, operatorInitials: nil,
                                    pageLimit: nil, tier: .standard)
        }
        guard var p = profile else { return nil }
        if let envDev { p.developerKey = envDev }
        if let envCust { p.customerKey = envCust }
        if let envURL {
            guard let u = OfficeProfile.validatedBaseURL(envURL) else {
                throw ConfigError(path: nil, line: nil, message: "FRONTDESK_BASE_URL must be an http(s) URL such as https://api.opendental.com/api/v1")
            }
            p.baseURL = u
        }
        var missing: [String] = []
        if p.developerKey.isEmpty { missing.append("developer_key (or FRONTDESK_DEVELOPER_KEY)") }
        if p.customerKey.isEmpty { missing.append("customer_key (or FRONTDESK_CUSTOMER_KEY)") }
        if !missing.isEmpty {
            throw ConfigError(path: settings.path, line: nil,
                              message: "profile '\(p.name)' has no \(missing.joined(separator: " and ")): add it to the [profiles.\(p.name)] table or set the environment variable")
        }
        if [p.developerKey, p.customerKey].contains(where: { $0.contains("/") || $0.contains(where: \.isWhitespace) }) {
            throw ConfigError(path: settings.path, line: nil,
                              message: "profile '\(p.name)' has a key containing '/' or spaces; Open Dental keys never do (check for a pasted header)")
        }
        return p
    }
}

/// Parses TOML text (config or theme) into a table and a line locator; syntax errors carry `file:line`.
func parseTOML(_ text: String, path: String?) throws -> (TOMLTable, LineLocator) {
    do {
        return (try TOMLTable(string: text), LineLocator(text: text))
    } catch let e as TOMLParseError {
        throw ConfigError(path: path, line: e.source.begin.line, message: "not valid TOML: \(e.description)")
    }
}

/// Finds the line of `key = ...` inside `[section]`, for `file:line` messages.
struct LineLocator {
    let lines: [Substring]

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func line(of key: String, in section: String?) -> Int? {
        var current: String? = nil
        for (i, raw) in lines.enumerated() {
            let l = raw.trimmingCharacters(in: .whitespaces)
            if l.hasPrefix("[") {
                current = l.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).replacingOccurrences(of: "\"", with: "")
                if current == section.map({ "\($0).\(key)" }) ?? key { return i + 1 }
                continue
            }
            if current == section, l.hasPrefix(key) {
                let rest = l.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
                if rest.hasPrefix("=") { return i + 1 }
            }
        }
        return nil
    }
}
