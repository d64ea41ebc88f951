import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing

/// Schedules, operatories and appointments as the office's JSON gives them.
enum Sched {
    static let day = LocalDate(year: 2026, month: 12, day: 3)
    static let earlyMorning = LocalDateTime(date: LocalDate(year: 2026, month: 12, day: 1), time: LocalTime(hour: 7, minute: 0))

    static func provider(_ num: Int, prov: Int, _ start: String, _ stop: String, ops: String, date: LocalDate = day) -> Schedule {
        decode(#"{"ScheduleNum":"\#(num)","SchedDate":"\#(date)","StartTime":"\#(start):00","StopTime":"\#(stop):00","SchedType":"Provider","ProvNum":"\#(prov)","BlockoutType":"0","blockoutType":"","Note":"","operatories":"\#(ops)","EmployeeNum":"0"}"#)
    }

    static func blockout(_ num: Int, type: Int, _ start: String, _ stop: String, ops: String, date: LocalDate = day) -> Schedule {
        decode(#"{"ScheduleNum":"\#(num)","SchedDate":"\#(date)","StartTime":"\#(start):00","StopTime":"\#(stop):00","SchedType":"Blockout","ProvNum":"0","BlockoutType":"\#(type)","blockoutType":"Lunch","Note":"","operatories":"\#(ops)","EmployeeNum":"0"}"#)
    }

    static func op(_ num: Int, dentist: Int = 0, hygienist: Int = 0, hidden: Bool = false) -> Operatory {
        decode(#"{"OperatoryNum":\#(num),"OpName":"Op \#(num)","Abbrev":"OP-\#(num)","ItemOrder":\#(num),"IsHidden":"\#(hidden)","ProvDentist":\#(dentist),"ProvHygienist":\#(hygienist),"IsHygiene":"false","ClinicNum":0}"#)
    }

    static func apt(_ num: Int, op: Int, prov: Int = 1, hyg: Int = 0, isHygiene: Bool = false, _ time: String, pattern: String,
                    status: String = "Scheduled", date: LocalDate = day) -> Appointment {
        decode(#"{"AptNum":\#(num),"PatNum":\#(num),"AptStatus":"\#(status)","Pattern":"\#(pattern)","Confirmed":19,"Op":\#(op),"ProvNum":\#(prov),"ProvHyg":\#(hyg),"IsHygiene":"\#(isHygiene)","AptDateTime":"\#(date) \#(time):00"}"#)
    }

    static func blockoutDef(_ num: Int, _ value: String) -> Definition {
        decode(#"{"DefNum":\#(num),"Category":25,"ItemOrder":0,"ItemName":"B\#(num)","ItemValue":"\#(value)","IsHidden":"false"}"#)
    }

    static func decode<T: Decodable>(_ json: String) -> T { try! JSONDecoder().decode(T.self, from: Data(json.utf8)) }

    static func facts(_ schedules: [Schedule], _ booked: [Appointment] = [], ns: Set<Int> = [50], ops: [Operatory] = [op(1, dentist: 1), op(2, dentist: 2)]) -> OpeningFinder.Facts {
        OpeningFinder.Facts(schedules: schedules, booked: booked, noScheduling: ns, operatories: ops)
    }

    static func times(_ openings: [Opening]) -> [String] {
        openings.map { "\($0.op) \($0.start.description.prefix(5))-\($0.latestStart.description.prefix(5))" }
    }
}

@Suite struct OpeningsTests {
    let q60 = OpeningFinder.Query(pattern: "/XXXXXXXXXX/", provNum: 1)

    @Test func aFreeMorningIsOneRunOfStarts() {
        let f = Sched.facts([Sched.provider(1, prov: 1, "08:00", "12:00", ops: "1")])
        let o = OpeningFinder.openings(on: Sched.day, q60, f, now: Sched.earlyMorning)
        // 60 minutes fit from 08:00 to 11:00 (the last start that still ends by 12:00).
        #expect(Sched.times(o) == ["1 08:00-11:00"])
        #expect(o[0].freeUntil == "12:00")
        #expect(o[0].minutes == 60)
    }

    @Test func appointmentsSplitTheTimeAndTheirWholePatternCounts() {
        let f = Sched.facts([Sched.provider(1, prov: 1, "08:00", "12:00", ops: "1")],
                            [Sched.apt(9, op: 1, "09:00", pattern: "//XXXX//"), // 09:00-09:40
                             Sched.apt(10, op: 1, "11:30", pattern: "XX", status: "Complete")])
        let o = OpeningFinder.openings(on: Sched.day, OpeningFinder.Query(pattern: "/XX/", provNum: 1), f, now: Sched.earlyMorning)
        #expect(Sched.times(o) == ["1 08:00-08:40", "1 09:40-11:10", "1 11:40-11:40"])
    }

    @Test func unscheduledPlannedAndNotesTakeNoTime() {
        let f = Sched.facts([Sched.provider(1, prov: 1, "08:00", "09:00", ops: "1")],
                            [Sched.apt(9, op: 1, "08:00", pattern: "XXXXXXXXXXXX", status: "UnschedList"),
                             Sched.apt(10, op: 1, "08:00", pattern: "XXXXXXXXXXXX", status: "Planned"),
                             Sched.apt(11, op: 1, "08:00", pattern: "XXXXXXXXXXXX", status: "PtNote")])
        #expect(Sched.times(OpeningFinder.openings(on: Sched.day, q60, f, now: Sched.earlyMorning)) == ["1 08:00-08:00"])
        let broken = Sched.facts([Sched.provider(1, prov: 1, "08:00", "09:00", ops: "1")],
                                 [Sched.apt(9, op: 1, "08:00", pattern: "XX", status: "Broken")])
        #expect(OpeningFinder.openings(on: Sched.day, q60, broken, now: Sched.earlyMorning).isEmpty)
    }

    @Test func onlyBlockoutsThatBlockSchedulingAreNeverOffered() {
        let f = Sched.facts([Sched.provider(1, prov: 1, "08:00", "17:00", ops: "1"),
                             Sched.blockout(2, type: 50, "12:00", "13:00", ops: "1"),
                             Sched.blockout(3, type: 51, "14:00", "15:00", ops: "1")])
        let o = OpeningFinder.openings(on: Sched.day, q60, f, now: Sched.earlyMorning)
        #expect(Sched.times(o) == ["1 08:00-11:00", "1 13:00-16:00"])
        #expect(OpeningFinder.noSchedulingTypes([Sched.blockoutDef(50, "NS"), Sched.blockoutDef(51, ""), Sched.blockoutDef(52, "DS, ns")]) == [50, 52])
    }

    @Test func theProviderMustBeOnTheScheduleForEveryBlockAndFreeWhereThePatternHasX() {
        // Provider 1 works 08:00-09:00 in op 1 and is busy (X) in op 2 at 08:20-08:30.
        let f = Sched.facts([Sched.provider(1, prov: 1, "08:00", "09:00", ops: "1")],
                            [Sched.apt(9, op: 2, prov: 1, "08:20", pattern: "XX")])
        let o = OpeningFinder.openings(on: Sched.day, OpeningFinder.Query(pattern: "/X/", provNum: 1), f, now: Sched.earlyMorning)
        // The middle X may not fall on 08:20 or 08:25: starts 08:15 and 08:20 are out.
        #expect(Sched.times(o) == ["1 08:00-08:10", "1 08:25-08:45"])
        // Another provider's appointment in another op does not matter.
        let other = Sched.facts([Sched.provider(1, prov: 1, "08:00", "09:00", ops: "1")], [Sched.apt(9, op: 2, prov: 2, "08:20", pattern: "XX")])
        #expect(Sched.times(OpeningFinder.openings(on: Sched.day, OpeningFinder.Query(pattern: "/X/", provNum: 1), other, now: Sched.earlyMorning)) == ["1 08:00-08:45"])
        // A hygiene appointment is the hygienist's time, not the dentist's.
        let hyg = Sched.facts([Sched.provider(1, prov: 3, "08:00", "09:00", ops: "1")],
                              [Sched.apt(9, op: 2, prov: 1, hyg: 3, isHygiene: true, "08:20", pattern: "XX")])
        #expect(Sched.times(OpeningFinder.openings(on: Sched.day, OpeningFinder.Query(pattern: "/X/", provNum: 3), hyg, now: Sched.earlyMorning))
                == ["1 08:00-08:10", "1 08:25-08:45"])
    }

    @Test func anOperatoryCanBeChosenAndHiddenOnesAreNeverOffered() {
        let f = Sched.facts([Sched.provider(1, prov: 1, "08:00", "09:00", ops: "1,2,3")],
                            ops: [Sched.op(1), Sched.op(2), Sched.op(3, hidden: true)])
        #expect(Sched.times(OpeningFinder.openings(on: Sched.day, q60, f, now: Sched.earlyMorning)) == ["1 08:00-08:00", "2 08:00-08:00"])
        #expect(Sched.times(OpeningFinder.openings(on: Sched.day, OpeningFinder.Query(pattern: q60.pattern, provNum: 1, op: 2), f, now: Sched.earlyMorning))
                == ["2 08:00-08:00"])
    }

    @Test func neverInThePastByTheOfficesClock() {
        let f = Sched.facts([Sched.provider(1, prov: 1, "08:00", "12:00", ops: "1")])
        let at1012 = LocalDateTime(date: Sched.day, time: LocalTime(hour: 10, minute: 12))
        #expect(Sched.times(OpeningFinder.openings(on: Sched.day, q60, f, now: at1012)) == ["1 10:15-11:00"])
        let tomorrow = LocalDateTime(date: Sched.day.adding(days: 1), time: LocalTime(hour: 7, minute: 0))
        #expect(OpeningFinder.openings(on: Sched.day, q60, f, now: tomorrow).isEmpty)
    }

    @Test func neverSpansTwoDays() {
        let f = Sched.facts([Sched.provider(1, prov: 1, "22:00", "23:59", ops: "1"),
                             Sched.provider(2, prov: 1, "00:00", "02:00", ops: "1", date: Sched.day.adding(days: 1))])
        let o = OpeningFinder.openings(on: Sched.day, q60, f, now: Sched.earlyMorning)
        // 23:59 ends the last whole block at 23:55: the last 60-minute start is 22:55.
        #expect(Sched.times(o) == ["1 22:00-22:55"])
    }

    @Test func firstOpeningOfEachDay() {
        let day2 = Sched.day.adding(days: 1)
        let f = Sched.facts([Sched.provider(1, prov: 1, "08:00", "12:00", ops: "1"),
                             Sched.provider(2, prov: 1, "13:00", "17:00", ops: "2", date: day2)],
                            [Sched.apt(9, op: 1, "08:00", pattern: "XXXXXX")])
        let o = OpeningFinder.firstPerDay(from: Sched.day, days: 14, q60, f, now: Sched.earlyMorning)
        #expect(o.map { "\($0.date) \($0.start)" } == ["2026-12-03 08:30:00", "2026-12-04 13:00:00"])
    }

    // MARK: bad schedule data: no crash, no false opening

    @Test func aProviderBlockWithNoOperatoriesUsesTheOperatoriesAssignedToTheProvider() {
        let f = Sched.facts([Sched.provider(1, prov: 1, "08:00", "09:00", ops: "")], ops: [Sched.op(1, dentist: 2), Sched.op(2, dentist: 1)])
        #expect(Sched.times(OpeningFinder.openings(on: Sched.day, q60, f, now: Sched.earlyMorning)) == ["2 08:00-08:00"])
        let none = Sched.facts([Sched.provider(1, prov: 1, "08:00", "09:00", ops: "")], ops: [Sched.op(1, dentist: 2)])
        #expect(OpeningFinder.openings(on: Sched.day, q60, none, now: Sched.earlyMorning).isEmpty)
    }

    @Test func stopBeforeStartAndUnknownOperatoriesOfferNothing() {
        let f = Sched.facts([Sched.provider(1, prov: 1, "12:00", "08:00", ops: "1"), Sched.provider(2, prov: 1, "08:00", "12:00", ops: "99")])
        #expect(OpeningFinder.openings(on: Sched.day, q60, f, now: Sched.earlyMorning).isEmpty)
    }

    @Test func aBlockoutOverTheWholeDayOrWithNoOperatoriesLeavesNothing() {
        let whole = Sched.facts([Sched.provider(1, prov: 1, "08:00", "17:00", ops: "1"), Sched.blockout(2, type: 50, "00:00", "23:59", ops: "1")])
        #expect(OpeningFinder.openings(on: Sched.day, q60, whole, now: Sched.earlyMorning).isEmpty)
        let noOps = Sched.facts([Sched.provider(1, prov: 1, "08:00", "17:00", ops: "1"), Sched.blockout(2, type: 50, "08:00", "17:00", ops: "")])
        #expect(OpeningFinder.openings(on: Sched.day, q60, noOps, now: Sched.earlyMorning).isEmpty)
    }

    @Test func strangePatternCharactersTakeTimeAndNeverShortenIt() {
        #expect(OpeningFinder.normalized("/xX-?é/") == "/XX////")
        let f = Sched.facts([Sched.provider(1, prov: 1, "08:00", "09:00", ops: "1")],
                            [Sched.apt(9, op: 1, "08:30", pattern: "x-?é")]) // 20 minutes, 08:30-08:50
        let o = OpeningFinder.openings(on: Sched.day, OpeningFinder.Query(pattern: "/XX/", provNum: 1), f, now: Sched.earlyMorning)
        #expect(Sched.times(o) == ["1 08:00-08:10"])
        #expect(OpeningFinder.openings(on: Sched.day, OpeningFinder.Query(pattern: "", provNum: 1), f, now: Sched.earlyMorning).isEmpty)
        #expect(OpeningFinder.pattern(minutes: 60) == "/XXXXXXXXXX/")
        #expect(OpeningFinder.pattern(minutes: 7) == "XX")
    }

    @Test func aDayOfMoreThanAHundredAppointments() {
        // 120 ten-minute appointments across twelve operatories (a paged day): only op 13 is free.
        var booked: [Appointment] = []
        for i in 0..<120 { booked.append(Sched.apt(1000 + i, op: 1 + i % 12, prov: 9, String(format: "%02d:%02d", 8 + (i / 12) / 6, (i / 12) % 6 * 10), pattern: "XX")) }
        let ops = (1...13).map { Sched.op($0) }
        let f = Sched.facts([Sched.provider(1, prov: 1, "08:00", "09:40", ops: (1...13).map(String.init).joined(separator: ","))], booked, ops: ops)
        #expect(Sched.times(OpeningFinder.openings(on: Sched.day, q60, f, now: Sched.earlyMorning)) == ["13 08:00-08:40"])
    }

    /// Seeded random practices: every offered start, checked block by block against the facts.
    @Test func randomPracticesNeverOfferTakenTime() {
        var rng = SplitMix(seed: 7)
        for _ in 0..<200 {
            let ops = (1...3).map { Sched.op($0) }
            var schedules: [Schedule] = []
            var booked: [Appointment] = []
            for n in 0..<rng.int(4) + 1 {
                let start = 7 * 12 + rng.int(24), stop = start + rng.int(60) - 4
                schedules.append(Sched.provider(n, prov: 1 + rng.int(2), clock(start), clock(stop), ops: String(1 + rng.int(3))))
            }
            for n in 0..<rng.int(3) { let s = 8 * 12 + rng.int(60); schedules.append(Sched.blockout(10 + n, type: 50 + rng.int(2), clock(s), clock(s + rng.int(20)), ops: String(1 + rng.int(3)))) }
            for n in 0..<rng.int(12) {
                let status = ["Scheduled", "Complete", "Broken", "UnschedList", "Planned"][rng.int(5)]
                let pattern = String((0..<rng.int(12) + 1).map { _ in rng.int(2) == 0 ? "X" : "/" })
                booked.append(Sched.apt(100 + n, op: 1 + rng.int(3), prov: 1 + rng.int(2), clock(7 * 12 + rng.int(100)), pattern: pattern, status: status))
            }
            let pattern = String((0..<rng.int(10) + 1).map { _ in rng.int(2) == 0 ? "X" : "/" })
            let q = OpeningFinder.Query(pattern: pattern, provNum: 1)
            let f = Sched.facts(schedules, booked, ops: ops)
            for o in OpeningFinder.openings(on: Sched.day, q, f, now: Sched.earlyMorning) {
                for start in o.startBlock...o.latestBlock {
                    for (i, mark) in q.pattern.enumerated() {
                        let b = start + i
                        #expect(schedules.contains { $0.schedType == .provider && $0.provNum == 1 && $0.operatories.contains(o.op) && covers($0, b) })
                        #expect(!schedules.contains { $0.schedType == .blockout && $0.blockoutType == 50 && $0.operatories.contains(o.op) && covers($0, b) })
                        for a in booked where OpeningFinder.occupies(a) {
                            let first = a.aptDateTime!.time.secondsOfDay / 300
                            let inside = b >= first && b < first + a.pattern.count
                            #expect(!(a.op == o.op && inside))
                            if mark == "X", a.provNum == 1, inside { #expect(Array(a.pattern)[b - first] != "X") }
                        }
                    }
                }
            }
        }
    }

    func clock(_ block: Int) -> String {
        let m = max(0, min(24 * 60 - 1, block * 5))
        return String(format: "%02d:%02d", m / 60, m % 60)
    }

    func covers(_ s: Schedule, _ block: Int) -> Bool {
        guard let a = s.startTime, let b = s.stopTime else { return false }
        return block * 300 >= a.secondsOfDay && (block + 1) * 300 <= b.secondsOfDay
    }
}

/// A small seeded generator, so a failing practice can be made again.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
}

@Suite struct FreeTimeTests {
    @Test func freeTimeIsTheScheduleLessWhatTakesTimePerOperatory() {
        let f = Sched.facts([Sched.provider(1, prov: 1, "08:00", "10:00", ops: "1"), Sched.provider(2, prov: 2, "08:00", "09:00", ops: "2"),
                             Sched.blockout(3, type: 50, "09:00", "09:30", ops: "1")],
                            [Sched.apt(9, op: 1, "08:20", pattern: "XXXX"), Sched.apt(10, op: 1, "09:40", pattern: "X"),
                             Sched.apt(11, op: 2, "08:00", pattern: "XXXXXXXXXXXX", status: "UnschedList")])
        let free = OpeningFinder.freeTime(on: Sched.day, f)
        #expect(free.map { "\($0.op) \($0.span) \($0.provNum)" } == ["1 08:00–08:20 1", "2 08:00–09:00 2", "1 08:40–09:00 1", "1 09:30–09:40 1", "1 09:45–10:00 1"])
        // A five-minute gap is not a hole.
        #expect(OpeningFinder.freeTime(on: Sched.day, f, minBlocks: 3).map(\.span) == ["08:00–08:20", "08:00–09:00", "08:40–09:00", "09:45–10:00"])
        // Ids never collide with an appointment's.
        #expect(free.allSatisfy { $0.id < 0 } && Set(free.map(\.id)).count == free.count)
    }
}
