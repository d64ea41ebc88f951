import Foundation
import OpenDentalAPI

/// The huddle's figures, computed from `HuddleFacts` (pure: the tests check each against the
/// sandbox's database). Where a figure cannot be had it carries why, never a guessed number.
public enum HuddleFigureKind: Int, CaseIterable, Sendable {
    case appointments, unconfirmed, newPatients, openTime, premed, alerts, birthdays, balances, noNextVisit, treatmentPlanned

    public var title: String {
        switch self {
        case .appointments: return "Scheduled"
        case .unconfirmed: return "Unconfirmed"
        case .newPatients: return "New patients"
        case .openTime: return "Open time, who fits"
        case .premed: return "Premedication"
        case .alerts: return "Medical alerts"
        case .birthdays: return "Birthdays"
        case .balances: return "Family balances"
        case .noNextVisit: return "No next visit, recall due"
        case .treatmentPlanned: return "Treatment not scheduled"
        }
    }

    /// Figures whose rows are appointments (the confirmation picker acts on them).
    var rowsAreAppointments: Bool { self == .appointments || self == .unconfirmed || self == .newPatients }
}

/// One row behind a figure: a patient (with their appointment that day, when there is one).
public struct HuddleRow: Equatable, Sendable {
    public var id: Int
    public var patNum: Int
    public var aptNum: Int?
    /// "09:30", or "" when no time belongs to the row.
    public var time: String
    /// What the row says beyond the name ("DOC1 · Crown", "$240.00", "1 alert: …").
    public var detail: String
    /// Private detail (a balance, an alert): hidden under the privacy mask.
    public var privateDetail: Bool
}

public struct HuddleFigure: Equatable, Sendable {
    public var kind: HuddleFigureKind
    /// "5", "$1,230", "2h10"; empty while not known.
    public var value: String
    /// Why it is not known ("needs the ApiQueries permission"), or "loading…".
    public var unavailable: String?
    /// Said after the value ("2 families not read").
    public var note: String?
    public var rows: [HuddleRow]
    /// The value is money or medical: hidden under the privacy mask.
    public var privateValue: Bool
}

/// One provider's line of the huddle (nil `provNum`: the office).
public struct HuddleProviderLine: Equatable, Sendable {
    public var provNum: Int?
    /// The provider's abbreviation ("Office" for the office's line).
    public var name: String
    public var appointments: Int
    public var production: Decimal?
    public var unconfirmed: Int
    public var newPatients: Int
    public var openMinutes: Int?
}

public struct HuddleSummary: Equatable, Sendable {
    public var providers: [HuddleProviderLine]
    public var figures: [HuddleFigure]

    public func figure(_ k: HuddleFigureKind) -> HuddleFigure { figures.first { $0.kind == k }! }
}

/// What the figures depend on beyond the facts.
public struct HuddleContext: Sendable {
    public var now: LocalDateTime
    public var confirmDefs: [Definition]
    public var operatories: [Operatory]
    public var noScheduling: Set<Int>
    public var providerAbbr: [Int: String]
    /// Family balances over this are named (config `huddle_balance_threshold`, default $100).
    public var balanceThreshold: Decimal
    /// A recall due within this many days of the day counts as due.
    public var recallHorizonDays: Int

    public init(now: LocalDateTime, confirmDefs: [Definition], operatories: [Operatory] = [], noScheduling: Set<Int> = [],
                providerAbbr: [Int: String] = [:], balanceThreshold: Decimal = 100, recallHorizonDays: Int = 90) {
        self.now = now
        self.confirmDefs = confirmDefs
        self.operatories = operatories
        self.noScheduling = noScheduling
        self.providerAbbr = providerAbbr
        self.balanceThreshold = balanceThreshold
        self.recallHorizonDays = recallHorizonDays
    }
}

public enum Huddle {
    public static let needsQueries = "needs the ApiQueries permission"

    public static func summary(_ f: HuddleFacts, _ c: HuddleContext) -> HuddleSummary {
        let booked = f.booked
        let day = f.day
        func loading(_ part: HuddlePart) -> String { f.reason(part) ?? "loading…" }
        func when(_ a: Appointment) -> String { a.aptDateTime.map { hhmm($0.time) } ?? "" }
        func firstAppointment(_ patNum: Int) -> Appointment? { booked.first { $0.patNum == patNum } }
        func patientRow(_ patNum: Int, _ detail: String, privateDetail: Bool = false) -> HuddleRow {
            let a = firstAppointment(patNum)
            return HuddleRow(id: patNum, patNum: patNum, aptNum: a?.aptNum, time: a.map(when) ?? "", detail: detail, privateDetail: privateDetail)
        }
        func aptRow(_ a: Appointment, _ detail: String) -> HuddleRow {
            HuddleRow(id: a.aptNum, patNum: a.patNum, aptNum: a.aptNum, time: when(a), detail: detail, privateDetail: false)
        }
        let prov = { (n: Int) in c.providerAbbr[n] ?? (n == 0 ? "—" : "#\(n)") }
        let unconfirmed = booked.filter { $0.aptStatus == .scheduled && !AppointmentStatus($0, confirmDefs: c.confirmDefs).isConfirmed }
        let newPatients = booked.filter(\.isNewPatient)
        let bookedNums = Set(booked.map(\.aptNum))
        let fees = f.fees?.filter { bookedNums.contains($0.aptNum) }

        // Open time per provider: free runs on the book (from now on, today), and who fits them.
        let open = openTime(f, c)
        func minutes(_ runs: [FreeTime]) -> Int { Huddle.minutes(runs) }

        // Per provider, then the office.
        var provNums = Set(booked.map(\.huddleProvider))
        for (p, runs) in open ?? [:] where !runs.isEmpty { provNums.insert(p) }
        for x in fees ?? [] { provNums.insert(x.provNum) }
        var lines: [HuddleProviderLine] = provNums.sorted { (prov($0), $0) < (prov($1), $1) }.map { p in
            let mine = booked.filter { $0.huddleProvider == p }
            return HuddleProviderLine(provNum: p, name: prov(p), appointments: mine.count,
                                      production: fees.map { $0.filter { $0.provNum == p }.reduce(0) { $0 + $1.fee } },
                                      unconfirmed: unconfirmed.filter { $0.huddleProvider == p }.count,
                                      newPatients: newPatients.filter { $0.huddleProvider == p }.count,
                                      openMinutes: open.map { minutes($0[p] ?? []) })
        }
        lines.append(HuddleProviderLine(provNum: nil, name: "Office", appointments: booked.count, production: fees.map { $0.reduce(0) { $0 + $1.fee } },
                                        unconfirmed: unconfirmed.count, newPatients: newPatients.count,
                                        openMinutes: open.map { $0.values.reduce(0) { $0 + minutes($1) } }))

        var figures: [HuddleFigure] = []
        func add(_ k: HuddleFigureKind, _ value: String?, _ rows: [HuddleRow], why: String? = nil, note: String? = nil, privateValue: Bool = false) {
            figures.append(HuddleFigure(kind: k, value: value ?? "", unavailable: value == nil ? (why ?? "loading…") : nil, note: note,
                                        rows: value == nil ? [] : rows, privateValue: privateValue))
        }
        let haveDay = f.appointments != nil
        let production = fees.map { $0.reduce(0) { $0 + $1.fee } }
        add(.appointments, haveDay ? "\(booked.count)" : nil, booked.map { a in
            aptRow(a, [prov(a.huddleProvider), a.procDescript].filter { !$0.isEmpty }.joined(separator: " · "))
        }, why: loading(.appointments), note: haveDay ? (production.map { wholeMoney($0) + " scheduled" } ?? "production " + loading(.fees)) : nil)
        add(.unconfirmed, haveDay ? "\(unconfirmed.count)" : nil, unconfirmed.map { aptRow($0, prov($0.huddleProvider) + " · " + AppointmentStatus($0, confirmDefs: c.confirmDefs).word) },
            why: loading(.appointments))
        add(.newPatients, haveDay ? "\(newPatients.count)" : nil, newPatients.map { aptRow($0, prov($0.huddleProvider) + " · " + $0.procDescript) }, why: loading(.appointments))

        // Open time and who fits: an ASAP or Unscheduled visit of that provider no longer than
        // their longest free run.
        if let open {
            let total = open.values.reduce(0) { $0 + minutes($1) }
            var rows: [HuddleRow] = []
            for p in open.keys.sorted(by: { (prov($0), $0) < (prov($1), $1) }) {
                let runs = (open[p] ?? []).sorted { $0.startBlock < $1.startBlock }
                guard let longest = runs.map({ $0.endBlock - $0.startBlock }).max() else { continue }
                for cand in (f.candidates ?? []) where cand.provNum == p && cand.minutes <= longest * OpeningFinder.blockMinutes && !bookedNums.contains(cand.aptNum) {
                    guard !rows.contains(where: { $0.id == cand.aptNum }) else { continue }
                    let run = runs.first { ($0.endBlock - $0.startBlock) * OpeningFinder.blockMinutes >= cand.minutes }!
                    rows.append(HuddleRow(id: cand.aptNum, patNum: cand.patNum, aptNum: nil, time: blockTime(run.startBlock),
                                          detail: "\(prov(p)) · \(cand.asap ? "ASAP" : "Unscheduled") · \(cand.minutes) min", privateDetail: false))
                }
            }
            let who = f.candidates == nil ? "who fits: " + loading(.candidates) : "\(rows.count) could fill it"
            add(.openTime, hoursMinutes(total), rows, note: who)
        } else {
            add(.openTime, nil, [], why: f.appointments == nil ? loading(.appointments) : loading(.schedules))
        }

        let pats = f.patients
        let patRows = f.patNums.compactMap { pats?[$0] }
        // Premedication: Premed arrived in the API in 25.2.30; older offices do not send it.
        if pats != nil {
            let known = patRows.filter { $0.premed != nil }
            if known.isEmpty && !patRows.isEmpty {
                add(.premed, nil, [], why: f.reason(.patients) ?? "the office's Open Dental does not send Premed (25.2.30 and later do)")
            } else {
                let rows = known.filter { $0.premed == true }.map { patientRow($0.patNum, "premedicate", privateDetail: true) }
                add(.premed, "\(rows.count)", rows, note: known.count < patRows.count ? "\(patRows.count - known.count) not known" : nil, privateValue: true)
            }
        } else {
            add(.premed, nil, [], why: loading(.patients))
        }
        if pats != nil, patRows.allSatisfy({ $0.alertCount != nil }) {
            let rows = patRows.filter { ($0.alertCount ?? 0) > 0 }.map { p in
                patientRow(p.patNum, (p.alertCount! > 1 ? "\(p.alertCount!) alerts: " : "") + clean(p.alert ?? ""), privateDetail: true)
            }
            add(.alerts, "\(rows.count)", rows, privateValue: true)
        } else {
            add(.alerts, nil, [], why: pats == nil ? loading(.patients) : Huddle.needsQueries)
        }
        if pats != nil {
            let rows = patRows.filter { p in p.birthdate.map { isBirthday($0, on: day) } ?? false }.map { p in
                patientRow(p.patNum, "turns \(day.year - p.birthdate!.year)")
            }
            add(.birthdays, "\(rows.count)", rows)
        } else {
            add(.birthdays, nil, [], why: loading(.patients))
        }
        if pats != nil {
            // One row per family: the first of the day's patients in it.
            var seen = Set<Int>()
            var unknown = 0
            var rows: [HuddleRow] = []
            var total: Decimal = 0
            for p in patRows {
                let family = p.guarantor == 0 ? p.patNum : p.guarantor
                guard seen.insert(family).inserted else { continue }
                guard let bal = p.familyBalance else { unknown += 1; continue }
                if bal > c.balanceThreshold {
                    total += bal
                    rows.append(patientRow(p.patNum, groupedMoney(bal), privateDetail: true))
                }
            }
            add(.balances, "\(rows.count)", rows, note: "over " + wholeMoney(c.balanceThreshold) + (rows.isEmpty ? "" : ", " + groupedMoney(total))
                    + (unknown > 0 ? "; \(unknown) \(unknown == 1 ? "family" : "families") not read (\(Huddle.needsQueries))" : ""),
                privateValue: true)
        } else {
            add(.balances, nil, [], why: loading(.patients))
        }
        if pats != nil, patRows.allSatisfy({ $0.recallKnown && $0.futureVisits != nil }) {
            let horizon = day.adding(days: c.recallHorizonDays)
            let rows = patRows.filter { p in (p.futureVisits ?? 0) == 0 && (p.recallDue.map { $0 <= horizon } ?? false) }.map { p in
                patientRow(p.patNum, "recall due " + p.recallDue!.description)
            }
            add(.noNextVisit, "\(rows.count)", rows)
        } else {
            add(.noNextVisit, nil, [], why: pats == nil ? loading(.patients) : Huddle.needsQueries)
        }
        if pats != nil, patRows.allSatisfy({ $0.plannedCount != nil }) {
            let planned = patRows.filter { ($0.plannedCount ?? 0) > 0 }
            let rows = planned.map { p in
                patientRow(p.patNum, "\(p.plannedCount!) procedure\(p.plannedCount! == 1 ? "" : "s") · " + money(p.plannedFee ?? 0))
            }
            let sum = planned.reduce(Decimal(0)) { $0 + ($1.plannedFee ?? 0) }
            add(.treatmentPlanned, "\(rows.count)", rows, note: rows.isEmpty ? nil : wholeMoney(sum))
        } else {
            add(.treatmentPlanned, nil, [], why: pats == nil ? loading(.patients) : Huddle.needsQueries)
        }
        return HuddleSummary(providers: lines, figures: figures)
    }

    /// Each provider's free runs of `f.day` (from now on, today): where a provider is on the
    /// schedule in an operatory and neither an appointment that takes time nor a blockout that
    /// blocks scheduling is (every blockout, while their types are not known); nil before the
    /// day and its schedules are read.
    public static func openTime(_ f: HuddleFacts, _ c: HuddleContext) -> [Int: [FreeTime]]? {
        guard let schedules = f.schedules, let appointments = f.appointments else { return nil }
        let day = f.day
        let blocking = f.noScheduling ?? (c.noScheduling.isEmpty ? Set(schedules.filter { $0.schedType == .blockout }.map(\.blockoutType)) : c.noScheduling)
        let facts = OpeningFinder.Facts(schedules: schedules, booked: appointments, noScheduling: blocking, operatories: c.operatories)
        let nowBlock = day == c.now.date ? (c.now.time.secondsOfDay + OpeningFinder.blockMinutes * 60 - 1) / (OpeningFinder.blockMinutes * 60) : 0
        var byProv: [Int: [FreeTime]] = [:]
        for var ft in OpeningFinder.freeTime(on: day, facts) where day >= c.now.date && ft.endBlock > nowBlock {
            ft.startBlock = max(ft.startBlock, nowBlock)
            if ft.endBlock - ft.startBlock >= 2 { byProv[ft.provNum, default: []].append(ft) }
        }
        return byProv
    }

    static func minutes(_ runs: [FreeTime]) -> Int { runs.reduce(0) { $0 + ($1.endBlock - $1.startBlock) * OpeningFinder.blockMinutes } }

    /// The birthday falls on `day` (29 February is kept on the 28th in other years).
    public static func isBirthday(_ birth: LocalDate, on day: LocalDate) -> Bool {
        guard birth.year > 1880, birth < day else { return false }
        if birth.month == day.month && birth.day == day.day { return true }
        let leap = (day.year % 4 == 0 && day.year % 100 != 0) || day.year % 400 == 0
        return birth.month == 2 && birth.day == 29 && !leap && day.month == 2 && day.day == 28
    }

    static func blockTime(_ block: Int) -> String {
        let m = block * OpeningFinder.blockMinutes
        return LocalDate.pad(m / 60, 2) + ":" + LocalDate.pad(m % 60, 2)
    }

    /// 130 -> "2h10".
    public static func hoursMinutes(_ minutes: Int) -> String { "\(minutes / 60)h" + LocalDate.pad(minutes % 60, 2) }
}
