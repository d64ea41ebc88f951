import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing
import TerminalUI

/// The huddle of the fixture day: the schedule's appointments, fees, the patients' facts and a
/// provider block with a hole, as the reads deliver them.
func huddleFacts(patients: Bool = true, fees: Bool = true) -> HuddleFacts {
    var f = HuddleFacts(day: fixtureToday)
    var appts = fixtureState().schedule.appointments
    appts[4].isNewPatient = true
    f.appointments = appts
    if fees {
        f.fees = [HuddleFee(aptNum: 101, provNum: 1, count: 1, fee: 1234.5), HuddleFee(aptNum: 104, provNum: 1, count: 2, fee: 1535),
                  HuddleFee(aptNum: 106, provNum: 1, count: 1, fee: 99)]
    }
    if patients {
        f.patients = [
            1: HuddlePatient(patNum: 1, birthdate: LocalDate(year: 1980, month: 12, day: 1), guarantor: 1, familyBalance: 250, premed: false,
                             alertCount: 0, recallKnown: true, futureVisits: 1, plannedCount: 0, plannedFee: 0),
            2: HuddlePatient(patNum: 2, birthdate: LocalDate(year: 1975, month: 3, day: 2), guarantor: 2, familyBalance: 40, premed: true,
                             alertCount: 2, alert: "Latex allergy\u{1B}[31m", recallDue: LocalDate(year: 2026, month: 12, day: 20), recallKnown: true,
                             futureVisits: 0, plannedCount: 2, plannedFee: 880),
            3: HuddlePatient(patNum: 3, birthdate: nil, guarantor: 1, familyBalance: 250, premed: false, alertCount: 0, recallKnown: true,
                             futureVisits: 0, plannedCount: 0, plannedFee: 0),
            4: HuddlePatient(patNum: 4, birthdate: LocalDate(year: 1990, month: 1, day: 1), guarantor: 4, familyBalance: 0, premed: false,
                             alertCount: 0, recallDue: LocalDate(year: 2027, month: 6, day: 1), recallKnown: true, futureVisits: 0, plannedCount: 0, plannedFee: 0),
            5: HuddlePatient(patNum: 5, guarantor: 5, familyBalance: 100, premed: false, alertCount: 0, recallKnown: true, futureVisits: 0,
                             plannedCount: 0, plannedFee: 0),
            99: HuddlePatient(patNum: 99, guarantor: 99, familyBalance: 0, premed: false, alertCount: 0, recallKnown: true, futureVisits: 2,
                              plannedCount: 0, plannedFee: 0),
        ]
    }
    f.schedules = [Sched.provider(1, prov: 1, "08:00", "17:00", ops: "1", date: fixtureToday)]
    f.noScheduling = []
    f.candidates = [HuddleCandidate(aptNum: 500, patNum: 4, provNum: 1, minutes: 60, asap: true),
                    HuddleCandidate(aptNum: 501, patNum: 6, provNum: 1, minutes: 600, asap: false)]
    return f
}

func huddleState(width: Int = 80, height: Int = 24, facts: HuddleFacts = huddleFacts()) -> AppState {
    var s = fixtureState(width: width, height: height)
    s.screen = .huddle
    s.huddle.day = fixtureToday
    s.huddle.facts = facts
    s.huddle.load = .loaded(at: 95)
    s.huddle.cursor.selected = HuddleFigureKind.appointments.rawValue
    return s
}

@Suite struct HuddleScreenTests {
    func summary(_ f: HuddleFacts = huddleFacts()) -> HuddleSummary {
        Huddle.summary(f, HuddleContext(now: fixtureNow, confirmDefs: fixtureState().confirmDefs, providerAbbr: [1: "DOC1"]))
    }

    @Test func theFiguresFromTheFacts() {
        let s = summary()
        // Booked: every appointment but the broken one (106); its fee does not count.
        #expect(s.figure(.appointments).value == "6")
        #expect(s.providers.last?.production == Decimal(string: "2769.5"))
        // Unconfirmed: scheduled, not confirmed and not here (104 left a message, 105, 107).
        #expect(s.figure(.unconfirmed).rows.compactMap(\.aptNum) == [104, 105, 107])
        #expect(s.figure(.newPatients).rows.map(\.patNum) == [5])
        #expect(s.figure(.birthdays).rows.map(\.patNum) == [1])
        #expect(s.figure(.premed).rows.map(\.patNum) == [2])
        #expect(s.figure(.alerts).rows.first?.detail.contains("\u{1B}") == false, "server text made safe")
        // Balances over $100 (not equal to it), one row per family (1 and 3 share guarantor 1).
        #expect(s.figure(.balances).rows.map(\.patNum) == [1])
        // Recall due within 90 days and nothing booked after: 2 (4's recall is June, 3 has none).
        #expect(s.figure(.noNextVisit).rows.map(\.patNum) == [2])
        #expect(s.figure(.treatmentPlanned).rows.map(\.patNum) == [2])
        // Open time from now (09:20) to 17:00 less the booked time; the 60-minute ASAP fits, the
        // ten-hour one does not.
        #expect(s.figure(.openTime).rows.map(\.id) == [500])
        #expect((s.providers.last?.openMinutes ?? 0) > 0)
    }

    @Test func aFigureThatCannotBeHadSaysWhyAndShowsNoNumber() {
        var f = huddleFacts(patients: false, fees: false)
        f.why[HuddlePart.fees.rawValue] = Huddle.needsQueries
        let s = summary(f)
        #expect(s.providers.last?.production == nil)
        #expect(s.figure(.birthdays).unavailable == "loading…")
        #expect(s.figure(.birthdays).value.isEmpty)
        var older = huddleFacts()
        for k in older.patients!.keys { older.patients![k]!.premed = nil }
        #expect(summary(older).figure(.premed).unavailable?.contains("25.2.30") == true)
    }

    @Test func beforeTheProvidersAreReadADentistIsNamedByTheirAppointments() {
        var s = huddleState()
        s.providerAbbr = [:]
        #expect(s.huddle.summary(Shared(s))?.providers.first?.provNum == 1)
        #expect(render(s).lines[3].hasPrefix("  DOC1 "), "\(render(s).lines[3])")
    }

    @Test func twentyNinthOfFebruaryIsKeptOnTheTwentyEighth() {
        let leapling = LocalDate(year: 2000, month: 2, day: 29)
        #expect(Huddle.isBirthday(leapling, on: LocalDate(year: 2027, month: 2, day: 28)))
        #expect(!Huddle.isBirthday(leapling, on: LocalDate(year: 2028, month: 2, day: 28)))
        #expect(Huddle.isBirthday(leapling, on: LocalDate(year: 2028, month: 2, day: 29)))
    }

    @Test func enterOpensAFiguresRowsAndConfirmActsOnTheSelectedAppointment() {
        let store = TestStore(huddleState())
        store.send(.key(.down)) { $0.huddle.cursor.selected = HuddleFigureKind.unconfirmed.rawValue }
        store.send(.key(.enter)) {
            $0.huddle.open = .unconfirmed
            $0.huddle.figureSelected = HuddleFigureKind.unconfirmed.rawValue
            $0.huddle.cursor.selected = 104
        }
        #expect(store.state.active.selectedAppointment(store.state)?.aptNum == 104)
        store.send(.key(.char("c"))) { s in _ = ConfirmFlow.open(&s) }
        #expect(store.state.picker?.title.hasPrefix("Confirm: Wolfeschlegel") == true)
        store.send(.key(.escape)) { $0.overlays = [] }
        store.send(.key(.escape)) {
            $0.huddle.open = nil
            $0.huddle.cursor.selected = HuddleFigureKind.unconfirmed.rawValue
        }
    }

    @Test func mNotesACallWithTheRowsPatient() {
        var s = huddleState()
        s.huddle.open = .balances
        s.huddle.cursor.selected = 1
        s.operatorInitials = "JS"
        let store = TestStore(s)
        store.send(.key(.char("m"))) { $0.prompt = .callNote(patNum: 1, label: "Note a call with Núñez, José") }
        store.send(.key(.char("x"))) { $0.prompt?.text = "x" }
        store.send(.key(.enter)) { s in
            s.prompt = nil
            s.message = "Saving…"
            s.messageIsError = false
            s.messageAt = s.clock
        }
        // The note carries the operator's initials, as every call note does.
        store.effects([.addCommlog(patNum: 1, "x (JS)")])
    }

    @Test func confirmOnTheFigureListSaysWhereItWorks() {
        let store = TestStore(huddleState())
        store.send(.key(.char("c"))) { s in
            s.message = "Open Scheduled, Unconfirmed or New patients (Enter), then c confirms a row"
            s.messageIsError = true
            s.messageAt = s.clock
        }
    }

    @Test func anotherDayAsksForItsHuddle() {
        let store = TestStore(huddleState())
        store.send(.key(.right)) {
            $0.huddle.day = fixtureToday.adding(days: 1)
            $0.huddle.facts = nil
            $0.huddle.load = .loading
        }
        store.effects([.loadHuddle(fixtureToday.adding(days: 1))])
        // Parts of another day arriving late are not shown.
        store.send(.huddle(.loaded(huddleFacts(), from: nil, done: true)))
    }

    @Test func aBackgroundRefreshWaitsFiveMinutes() {
        var s = huddleState()
        s.clock = 200
        #expect(HuddleScreen.refresh(s, background: true).isEmpty)
        #expect(HuddleScreen.refresh(s, background: false) == [.loadHuddle(fixtureToday)])
        s.clock = 400
        #expect(HuddleScreen.refresh(s, background: true) == [.loadHuddle(fixtureToday)])
    }

    @Test func maskedHidesBalancesAlertsAndNames() {
        var s = huddleState()
        s.masked = true
        let text = render(s).text
        #expect(!text.contains("Núñez"))
        #expect(!text.contains("$2,770"))
        #expect(!text.contains("Latex"))
        s.huddle.open = .balances
        s.huddle.cursor.selected = 1
        let rows = render(s).text
        #expect(!rows.contains("$250"))
        #expect(rows.contains("N. J."))
    }

    @Test func thePrintedHuddleIsPlainAndMaskable() {
        let ctx = HuddleContext(now: fixtureNow, confirmDefs: fixtureState().confirmDefs, providerAbbr: [1: "DOC1"])
        let print = HuddlePrint(facts: huddleFacts(), context: ctx, names: hardNames, masked: false)
        for format in HuddlePrint.Format.allCases {
            let out = print.render(format)
            #expect(!out.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\r" }, "\(format) holds a control character")
            #expect(!out.unicodeScalars.contains { $0.value == 0x7F || (0x80...0x9F).contains($0.value) })
        }
        #expect(print.render(.csv).contains("\"Núñez, José\""))
        let json = try? JSONSerialization.jsonObject(with: Data(print.render(.json).utf8)) as? [String: Any]
        #expect((json?["figures"] as? [[String: Any]])?.count == HuddleFigureKind.allCases.count)
        let masked = HuddlePrint(facts: huddleFacts(), context: ctx, names: hardNames, masked: true).render(.text)
        #expect(!masked.contains("Núñez") && !masked.contains("$250") && !masked.contains("Latex") && !masked.contains("$2,770"))
        #expect(HuddlePrint.csvField("=HYPERLINK(1)") == "'=HYPERLINK(1)")
    }

    @Test(arguments: GoldenTests.sizes) func golden(w: Int, h: Int) throws {
        try assertGolden("huddle-\(w)x\(h)", render(huddleState(width: w, height: h)))
        var s = huddleState(width: w, height: h)
        s.huddle.open = .unconfirmed
        s.huddle.cursor.selected = 104
        try assertGolden("huddle-rows-\(w)x\(h)", render(s))
    }
}
