import Foundation
import OpenDentalAPI

/// Finding openings on the schedule, by the desktop's rules (`desktop-workflows.md` §Scheduling):
/// the provider is on the schedule for every 5-minute block of the pattern and free wherever the
/// pattern has an `X`; the operatory is free of Scheduled, Complete and Broken appointments and of
/// blockouts whose type blocks scheduling (`NS`); an opening never spans two days and is never in
/// the past by the office's clock.
///
/// Built from `GET /schedules` and the appointments of the same days, never from
/// `GET /appointments/Slots`: that method ignores blockouts and other providers' appointments in
/// the operatory, so it offers time the desktop would refuse.
///
/// Pure: the same facts always give the same openings, whatever the data's shape (a schedule
/// with no operatories, stop before start, a pattern of other characters) it never traps and never
/// offers time it cannot show is free.
public enum OpeningFinder {
    /// Minutes of one block of a pattern.
    public static let blockMinutes = 5
    static let blocksPerDay = 24 * 60 / blockMinutes

    /// What the finder looks for: a pattern (its length), a provider, optionally one operatory.
    public struct Query: Equatable, Sendable {
        /// `X` provider time, `/` assistant time, five minutes a character.
        public var pattern: String
        public var provNum: Int
        public var op: Int?

        public init(pattern: String, provNum: Int, op: Int? = nil) {
            self.pattern = OpeningFinder.normalized(pattern)
            self.provNum = provNum
            self.op = op
        }

        public var minutes: Int { pattern.count * OpeningFinder.blockMinutes }
    }

    /// The facts of a range of days: schedules (provider blocks and blockouts), what is booked,
    /// which blockout types forbid scheduling, and the office's operatories.
    public struct Facts: Equatable, Sendable, Codable {
        public var schedules: [Schedule]
        public var booked: [BookedTime]
        /// Blockout DefNums whose ItemValue carries `NS` ("Block appointment scheduling").
        public var noScheduling: Set<Int>
        public var operatories: [Operatory]

        public init(schedules: [Schedule], booked: [BookedTime], noScheduling: Set<Int>, operatories: [Operatory]) {
            self.schedules = schedules
            self.booked = booked
            self.noScheduling = noScheduling
            self.operatories = operatories
        }

        public init(schedules: [Schedule], booked: [Appointment], noScheduling: Set<Int>, operatories: [Operatory]) {
            self.init(schedules: schedules, booked: booked.map(BookedTime.init), noScheduling: noScheduling, operatories: operatories)
        }
    }

    /// What of an appointment takes time: all the finder reads (a short query gives just this).
    public struct BookedTime: Equatable, Sendable, Codable {
        public var aptNum: Int
        public var op: Int
        public var provNum: Int
        public var provHyg: Int
        public var isHygiene: Bool
        public var status: ApptStatus
        public var start: LocalDateTime?
        public var pattern: String

        public init(aptNum: Int, op: Int, provNum: Int, provHyg: Int, isHygiene: Bool, status: ApptStatus, start: LocalDateTime?, pattern: String) {
            self.aptNum = aptNum
            self.op = op
            self.provNum = provNum
            self.provHyg = provHyg
            self.isHygiene = isHygiene
            self.status = status
            self.start = start
            self.pattern = pattern
        }

        enum CodingKeys: String, CodingKey { case aptNum, op, provNum, provHyg, isHygiene, status, start, pattern }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(aptNum: try c.decode(Int.self, forKey: .aptNum), op: try c.decode(Int.self, forKey: .op), provNum: try c.decode(Int.self, forKey: .provNum),
                      provHyg: try c.decode(Int.self, forKey: .provHyg), isHygiene: try c.decode(Bool.self, forKey: .isHygiene),
                      status: ApptStatus(wire: try c.decode(String.self, forKey: .status)), start: try c.decodeIfPresent(LocalDateTime.self, forKey: .start),
                      pattern: try c.decode(String.self, forKey: .pattern))
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(aptNum, forKey: .aptNum)
            try c.encode(op, forKey: .op)
            try c.encode(provNum, forKey: .provNum)
            try c.encode(provHyg, forKey: .provHyg)
            try c.encode(isHygiene, forKey: .isHygiene)
            try c.encode(status.rawValue, forKey: .status)
            try c.encodeIfPresent(start, forKey: .start)
            try c.encode(pattern, forKey: .pattern)
        }

        public init(_ a: Appointment) {
            self.init(aptNum: a.aptNum, op: a.op, provNum: a.provNum, provHyg: a.provHyg, isHygiene: a.isHygiene, status: a.aptStatus,
                      start: a.aptDateTime, pattern: a.pattern)
        }

        /// The blocks of the day it takes [from, to), and the provider whose X time it is.
        var blocks: (from: Int, to: Int)? {
            guard let start else { return nil }
            let first = start.time.secondsOfDay / 60 / OpeningFinder.blockMinutes
            let count = OpeningFinder.normalized(pattern.isEmpty ? "/XX/" : pattern).count
            // Time that begins off the five-minute grid takes the block it begins in.
            let extra = start.time.secondsOfDay % (OpeningFinder.blockMinutes * 60) == 0 ? 0 : 1
            return (first, min(OpeningFinder.blocksPerDay, first + count + extra))
        }

        var responsible: Int { isHygiene && provHyg != 0 ? provHyg : provNum }
        var occupies: Bool { status == .scheduled || status == .complete || status == .broken }
    }

    /// Whether two appointments in one operatory take some of the same time (both occupying).
    public static func overlaps(_ a: BookedTime, _ b: BookedTime) -> Bool {
        guard a.op == b.op, a.occupies, b.occupies, a.start?.date == b.start?.date,
              let x = a.blocks, let y = b.blocks else { return false }
        return x.from < y.to && y.from < x.to
    }

    /// Appointments that take time in their operatory (the desktop's rule): Scheduled, Complete, Broken.
    public static func occupies(_ a: Appointment) -> Bool {
        a.aptStatus == .scheduled || a.aptStatus == .complete || a.aptStatus == .broken
    }

    /// Blockout types that forbid scheduling: `NS` among the comma-separated flags of the
    /// definition's ItemValue (DefCat 25).
    public static func noSchedulingTypes(_ defs: [Definition]) -> Set<Int> {
        Set(defs.filter { d in
            d.category == 25 && d.itemValue.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).uppercased() == "NS" }
        }.map(\.defNum))
    }

    /// Every opening on `date`: for each operatory, each run of valid start times as one opening
    /// (`start` is the earliest, `latestStart` the latest start that still fits). Soonest first.
    public static func openings(on date: LocalDate, _ q: Query, _ facts: Facts, now: LocalDateTime) -> [Opening] {
        let len = q.pattern.count
        guard len > 0, len <= blocksPerDay, date >= now.date else { return [] }
        let visibleOps = facts.operatories.filter { !$0.isHidden }
        let opOrder = order(facts)

        // Where the provider is on the schedule, per operatory.
        var provOn: [Int: [Bool]] = [:]
        for sch in facts.schedules where sch.schedDate == date && sch.schedType == .provider && sch.provNum == q.provNum {
            guard let (from, to) = blocks(sch) else { continue }
            var ops = sch.operatories
            if ops.isEmpty {
                // A provider block with no operatories: the operatories this provider is assigned to.
                ops = visibleOps.filter { $0.provDentist == q.provNum || $0.provHygienist == q.provNum }.map(\.operatoryNum)
            }
            for op in ops where opOrder[op] != nil && (q.op == nil || q.op == op) {
                var row = provOn[op] ?? Array(repeating: false, count: blocksPerDay)
                for b in from..<to { row[b] = true }
                provOn[op] = row
            }
        }
        if provOn.isEmpty { return [] }

        // What takes each operatory's time, and the provider's own X time anywhere.
        var opBusy: [Int: [Bool]] = [:]
        var provBusy = Array(repeating: false, count: blocksPerDay)
        func take(_ op: Int, _ from: Int, _ to: Int) {
            guard provOn[op] != nil, from < to else { return }
            var row = opBusy[op] ?? Array(repeating: false, count: blocksPerDay)
            for b in from..<to { row[b] = true }
            opBusy[op] = row
        }
        for sch in facts.schedules where sch.schedDate == date && sch.schedType == .blockout && facts.noScheduling.contains(sch.blockoutType) {
            guard let (from, to) = blocks(sch) else { continue }
            // A blockout that names no operatory is taken to cover them all: never a false opening.
            for op in sch.operatories.isEmpty ? Array(provOn.keys) : sch.operatories { take(op, from, to) }
        }
        for a in facts.booked where a.occupies {
            guard a.start?.date == date, let (first, to) = a.blocks else { continue }
            let pattern = normalized(a.pattern.isEmpty ? "/XX/" : a.pattern)
            take(a.op, first, to)
            if a.responsible == q.provNum {
                for (i, c) in pattern.enumerated() where c == "X" && first + i < blocksPerDay { provBusy[first + i] = true }
            }
        }

        // The earliest start by the office's clock: today, the next whole block from now.
        let earliest = date == now.date ? (now.time.secondsOfDay + blockMinutes * 60 - 1) / (blockMinutes * 60) : 0
        let marks = Array(q.pattern)
        var out: [Opening] = []
        for (op, on) in provOn {
            let busy = opBusy[op] ?? Array(repeating: false, count: blocksPerDay)
            var runStart: Int?
            func close(_ last: Int) {
                if let s = runStart { out.append(Opening(date: date, start: s, latestStart: last, op: op, provNum: q.provNum, blocks: len)) }
                runStart = nil
            }
            var s = earliest
            while s + len <= blocksPerDay {
                var fits = true
                for i in 0..<len where !on[s + i] || busy[s + i] || (marks[i] == "X" && provBusy[s + i]) {
                    fits = false
                    break
                }
                if fits { if runStart == nil { runStart = s } } else { close(s - 1) }
                s += 1
            }
            close(s - 1)
        }
        return out.sorted { ($0.start, opOrder[$0.op] ?? 0) < ($1.start, opOrder[$1.op] ?? 0) }
    }

    /// Free time on the book for `date`, per operatory: where a provider is on the schedule in it
    /// and neither an appointment that takes time nor a blockout that blocks scheduling is.
    /// Runs shorter than `minBlocks` are left out (a five-minute gap is not a hole to fill).
    public static func freeTime(on date: LocalDate, _ facts: Facts, minBlocks: Int = 2) -> [FreeTime] {
        let visibleOps = facts.operatories.filter { !$0.isHidden }
        let opOrder = order(facts)
        var prov: [Int: [Int]] = [:]
        for sch in facts.schedules where sch.schedDate == date && sch.schedType == .provider {
            guard let (from, to) = blocks(sch) else { continue }
            let ops = sch.operatories.isEmpty
                ? visibleOps.filter { $0.provDentist == sch.provNum || $0.provHygienist == sch.provNum }.map(\.operatoryNum) : sch.operatories
            for op in ops where opOrder[op] != nil {
                var row = prov[op] ?? Array(repeating: 0, count: blocksPerDay)
                for b in from..<to where row[b] == 0 { row[b] = sch.provNum }
                prov[op] = row
            }
        }
        func clear(_ op: Int, _ from: Int, _ to: Int) {
            guard var row = prov[op], from < to else { return }
            for b in from..<to { row[b] = 0 }
            prov[op] = row
        }
        for sch in facts.schedules where sch.schedDate == date && sch.schedType == .blockout && facts.noScheduling.contains(sch.blockoutType) {
            guard let (from, to) = blocks(sch) else { continue }
            for op in sch.operatories.isEmpty ? Array(prov.keys) : sch.operatories { clear(op, from, to) }
        }
        for a in facts.booked where a.occupies && a.start?.date == date {
            if let (from, to) = a.blocks { clear(a.op, from, to) }
        }
        var out: [FreeTime] = []
        for (op, row) in prov {
            var b = 0
            while b < blocksPerDay {
                guard row[b] != 0 else { b += 1; continue }
                let start = b
                while b < blocksPerDay && row[b] == row[start] { b += 1 }
                if b - start >= minBlocks { out.append(FreeTime(date: date, op: op, startBlock: start, endBlock: b, provNum: row[start])) }
            }
        }
        return out.sorted { ($0.startBlock, opOrder[$0.op] ?? 0) < ($1.startBlock, opOrder[$1.op] ?? 0) }
    }

    /// The operatories offered, in the office's order: the visible ones; while the office's list is
    /// not known yet, every operatory the schedules name (none is known to be hidden).
    static func order(_ facts: Facts) -> [Int: Int] {
        if facts.operatories.isEmpty {
            let named = Set(facts.schedules.flatMap(\.operatories)).sorted()
            return Dictionary(uniqueKeysWithValues: named.enumerated().map { ($1, $0) })
        }
        return Dictionary(facts.operatories.filter { !$0.isHidden }.enumerated().map { ($1.operatoryNum, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The first opening on each of `days` days from `from` (days without one are left out).
    public static func firstPerDay(from: LocalDate, days: Int, _ q: Query, _ facts: Facts, now: LocalDateTime) -> [Opening] {
        (0..<max(0, days)).compactMap { openings(on: from.adding(days: $0), q, facts, now: now).first }
    }

    /// A schedule row's blocks [from, to) of the day; nil for bad rows (no times, stop not after start).
    static func blocks(_ sch: Schedule) -> (Int, Int)? {
        guard let start = sch.startTime, let stop = sch.stopTime else { return nil }
        let from = max(0, (start.secondsOfDay + blockMinutes * 60 - 1) / (blockMinutes * 60))
        let to = min(blocksPerDay, stop.secondsOfDay / (blockMinutes * 60))
        return from < to ? (from, to) : nil
    }
}
