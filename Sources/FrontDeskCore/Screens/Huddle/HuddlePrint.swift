import Foundation
import OpenDentalAPI
import TerminalUI

/// `frontdesk huddle`: the same figures as the screen, for a printer (text) or a spreadsheet
/// (csv, json). Server text is made safe (no escape sequence, no control character); nothing is
/// ever coloured. With `masked`, names are initials and balances, premedication and alerts
/// are hidden, as on the screen.
public struct HuddlePrint: Sendable {
    public enum Format: String, CaseIterable, Sendable { case text, csv, json }

    let summary: HuddleSummary
    let day: LocalDate
    let names: [Int: String]
    let masked: Bool

    public init(facts: HuddleFacts, context: HuddleContext, names: [Int: String], masked: Bool) {
        summary = Huddle.summary(facts, context)
        day = facts.day
        self.names = names
        self.masked = masked
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .text: return text()
        case .csv: return csv()
        case .json: return json()
        }
    }

    func name(_ patNum: Int) -> String {
        let n = SafeText.clean(names[patNum] ?? "#\(patNum)")
        return masked ? Privacy.initials(n) : n
    }

    func provider(_ l: HuddleProviderLine) -> String { SafeText.clean(l.name) }
    func production(_ l: HuddleProviderLine) -> String { l.production.map { masked ? Privacy.hidden : wholeMoney($0) } ?? "" }
    func value(_ f: HuddleFigure) -> String { f.unavailable != nil ? "" : (f.privateValue && masked ? Privacy.hidden : f.value) }
    func note(_ f: HuddleFigure) -> String { SafeText.clean(f.note.map { masked && $0.contains("$") ? "" : $0 } ?? "") }
    func detail(_ r: HuddleRow) -> String { SafeText.clean(r.privateDetail && masked ? Privacy.hidden : r.detail) }

    func text() -> String {
        var out = "Huddle · \(weekdayName(day)) \(day)\n\n"
        out += pad("Provider", 10) + lpad("Appts", 7) + lpad("Scheduled", 12) + lpad("Unconf", 8) + lpad("New", 5) + lpad("Open", 7) + "\n"
        for l in summary.providers {
            out += pad(provider(l), 10) + lpad("\(l.appointments)", 7) + lpad(production(l), 12) + lpad("\(l.unconfirmed)", 8)
                + lpad("\(l.newPatients)", 5) + lpad(l.openMinutes.map(Huddle.hoursMinutes) ?? "", 7) + "\n"
        }
        for f in summary.figures {
            out += "\n\(f.kind.title): " + (f.unavailable.map { "not known (\($0))" } ?? value(f))
            let n = note(f)
            out += (n.isEmpty ? "" : " · " + n) + "\n"
            for r in f.rows { out += "  " + pad(r.time, 6) + pad(name(r.patNum), 28) + " " + detail(r) + "\n" }
        }
        return out
    }

    func csv() -> String {
        var lines = [["section", "name", "value", "time", "patient", "patnum", "aptnum", "detail"]]
        for l in summary.providers {
            lines.append(["provider", provider(l), "\(l.appointments)", "", "", "", "", "scheduled \(production(l)); unconfirmed \(l.unconfirmed); "
                          + "new \(l.newPatients); open \(l.openMinutes.map(Huddle.hoursMinutes) ?? "")"])
        }
        for f in summary.figures {
            lines.append(["figure", f.kind.title, value(f), "", "", "", "", f.unavailable.map { "not known: " + $0 } ?? note(f)])
            for r in f.rows {
                lines.append(["row", f.kind.title, "", r.time, name(r.patNum), masked ? "" : "\(r.patNum)", r.aptNum.map(String.init) ?? "", detail(r)])
            }
        }
        return lines.map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs a cell.
    static func csvField(_ s: String) -> String {
        var v = s
        if let c = v.first, "=+-@".contains(c), Double(v) == nil { v = "'" + v }
        return v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
    }

    struct JSONRow: Encodable { var time: String; var patient: String; var patNum: Int?; var aptNum: Int?; var detail: String }
    struct JSONFigure: Encodable { var figure: String; var value: String?; var unavailable: String?; var note: String?; var rows: [JSONRow] }
    struct JSONProvider: Encodable {
        var provider: String; var appointments: Int; var scheduled: String?; var unconfirmed: Int; var newPatients: Int; var openMinutes: Int?
    }
    struct JSONHuddle: Encodable { var day: String; var providers: [JSONProvider]; var figures: [JSONFigure] }

    func json() -> String {
        let doc = JSONHuddle(day: day.description, providers: summary.providers.map { l in
            JSONProvider(provider: provider(l), appointments: l.appointments, scheduled: l.production == nil ? nil : production(l),
                         unconfirmed: l.unconfirmed, newPatients: l.newPatients, openMinutes: l.openMinutes)
        }, figures: summary.figures.map { f in
            JSONFigure(figure: f.kind.title, value: f.unavailable == nil ? value(f) : nil, unavailable: f.unavailable, note: note(f).isEmpty ? nil : note(f),
                       rows: f.rows.map { JSONRow(time: $0.time, patient: name($0.patNum), patNum: masked ? nil : $0.patNum, aptNum: $0.aptNum, detail: detail($0)) })
        })
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? String(decoding: e.encode(doc), as: UTF8.self)).map { $0 + "\n" } ?? "{}\n"
    }

    func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(1, n - TextWidth.width(s))) }
    func lpad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(1, n - TextWidth.width(s))) + s }
}
