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

    /// Folders searched for NAME.toml: ./themes, the XDG config dir's themes/, and beside the binary.
    public static func searchPath(environment: [String: String]) -> [String] {
        var dirs = [FileManager.default.currentDirectoryPath + "/themes"]
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        dirs.append(config + "/frontdesk/themes")
        let exe = (CommandLine.arguments.first.map { ($0 as NSString).deletingLastPathComponent }) ?? "."
        dirs.append(exe + "/../share/frontdesk/themes")
        return dirs
    }

    /// Every theme found, built-ins first. Broken files are reported, not fatal.
    public static func available(environment: [String: String]) -> (themes: [Theme], problems: [String]) {
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
                    if seen.insert(t.name).inserted { themes.append(t) } else if let i = themes.firstIndex(where: { $0.name == t.name }) {
                        themes[i] = t
                    }
                } catch {
                    problems.append("\(error)")
                }
            }
        }
        return (themes, problems)
    }
}
