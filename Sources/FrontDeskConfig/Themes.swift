import Foundation
import TerminalUI
import TOMLKit

/// Theme files: TOML, one table per role, parsed by the same library as the config.
///
///     name = "solarized-dark"
///     [roles."list.selected"]
///     fg = "#002b36"
///     bg = "#93a1a1"
///     attrs = ["bold"]
///     mono = ["reverse"]
public enum ThemeLoader {
    /// Parses a theme; roles it does not mention keep the default theme's look.
    public static func parse(_ text: String, path: String) throws -> Theme {
        let (table, locate) = try parseTOML(text, path: path)
        let name = table["name"]?.string ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var styles = Theme.standard.styles
        guard let roles = table["roles"]?.table else {
            throw ConfigError(path: path, line: nil, message: "a theme needs a [roles.\"ROLE\"] table for each role it sets")
        }
        for key in roles.keys {
            let section = "roles.\(key)"
            guard let role = Role(rawValue: key) else {
                throw ConfigError(path: path, line: locate.line(of: key, in: "roles") ?? locate.line(of: "\"\(key)\"", in: "roles"),
                                  message: "unknown role '\(key)'; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let t = roles[key]?.table else {
                throw ConfigError(path: path, line: nil, message: "role '\(key)' must be a table")
            }
            var style = styles[role] ?? RoleStyle()
            for field in ["fg", "bg"] {
                if let v = t[field] {
                    guard let s = v.string, let c = ThemeColor(name: s) else {
                        throw ConfigError(path: path, line: locate.line(of: field, in: "roles.\"\(key)\"") ?? locate.line(of: field, in: section),
                                          message: "\(field) of '\(key)' must be a colour name, colorN or #rrggbb")
                    }
                    if field == "fg" { style.fg = c } else { style.bg = c }
                }
            }
            for field in ["attrs", "mono"] {
                if let v = t[field] {
                    let names = v.array.map { arr in (0..<arr.count).compactMap { arr[$0].string } } ?? []
                    guard let a = Attributes(names: names) else {
                        throw ConfigError(path: path, line: locate.line(of: field, in: "roles.\"\(key)\"") ?? locate.line(of: field, in: section),
                                          message: "\(field) of '\(key)' may hold bold, reverse, underline, dim")
                    }
                    if field == "attrs" { style.attrs = a } else { style.mono = a }
                }
            }
            styles[role] = style
        }
        return Theme(name: name, styles: styles)
    }

    /// Folders searched for NAME.toml, later ones overriding earlier ones: the data directories
    /// an install puts them in ($XDG_DATA_DIRS, then beside the executable: `../share/frontdesk/themes`
    /// and `themes/`), then ./themes (running from the repository), then the user's own
    /// ($XDG_DATA_HOME/frontdesk/themes and $XDG_CONFIG_HOME/frontdesk/themes).
    public static func searchPath(environment: [String: String], executable: String? = executablePath()) -> [String] {
        let home = environment["HOME"] ?? NSHomeDirectory()
        func env(_ k: String) -> String? { environment[k].flatMap { $0.isEmpty ? nil : $0 } }
        var dirs: [String] = []
        let dataDirs = (env("XDG_DATA_DIRS") ?? "/usr/local/share:/usr/share").split(separator: ":").map(String.init)
        dirs += dataDirs.reversed().map { $0 + "/frontdesk/themes" }
        if let exe = executable {
            let bin = (exe as NSString).deletingLastPathComponent
            dirs.append(((bin + "/../share/frontdesk/themes") as NSString).standardizingPath)
            dirs.append(bin + "/themes")
        }
        dirs.append((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("themes"))
        dirs.append((env("XDG_DATA_HOME") ?? home + "/.local/share") + "/frontdesk/themes")
        dirs.append((env("XDG_CONFIG_HOME") ?? home + "/.config") + "/frontdesk/themes")
        var seen = Set<String>()
        return dirs.filter { seen.insert(($0 as NSString).standardizingPath).inserted }
    }

    /// The running binary's real path (argv[0] is a bare name when it was found through PATH).
    public static func executablePath() -> String? {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return target }
        return Bundle.main.executablePath ?? CommandLine.arguments.first
    }

    /// Every theme found, built-ins first. Broken files are reported, not fatal.
    public static func available(environment: [String: String]) -> (themes: [Theme], problems: [String]) {
        let (themes, problems, _) = locate(environment: environment)
        return (themes, problems)
    }

    /// Every theme found with the file it came from (nil for the built-ins), and the problems.
    public static func locate(environment: [String: String]) -> (themes: [Theme], problems: [String], sources: [String: String]) {
        var sources: [String: String] = [:]
        var themes = [Theme.standard, Theme.monochrome]
        var problems: [String] = []
        var seen = Set(themes.map(\.name))
        for dir in searchPath(environment: environment) {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for f in files.sorted() where f.hasSuffix(".toml") {
                let path = dir + "/" + f
                do {
                    let text = try String(contentsOfFile: path, encoding: .utf8)
                    let t = try parse(text, path: path)
                    sources[t.name] = path
                    if seen.insert(t.name).inserted { themes.append(t) } else if let i = themes.firstIndex(where: { $0.name == t.name }) {
                        themes[i] = t
                    }
                } catch {
                    problems.append("\(error)")
                }
            }
        }
        return (themes, problems, sources)
    }
}
