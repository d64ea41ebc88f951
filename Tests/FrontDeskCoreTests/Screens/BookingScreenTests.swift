import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing
import TerminalUI

/// The opening finder's keys and words, pure: the facts are handed in as the runtime would.
@Suite struct BookingScreenTests {
    /// A patient open on the patient screen, with the office's operatories and providers known.
    func patientState() -> AppState {
        var s = fixtureState()
        s.operatories = [Sched.op(1, dentist: 1), Sched.op(2, dentist: 2)]
        s.providers = []
        let p: Patient = Sched.decode(#"{"PatNum":1,"LName":"Núñez","FName":"José","PatStatus":"Patient","PriProv":1,"SecProv":0,"ClinicNum":0}"#)
        s.patient = PatientState(patNum: 1)
        s.patient.detail = PatientDetail(patient: p)
        s.patient.load = .loaded(at: 100)
        return s
    }

    let facts = OpeningFinder.Facts(
        schedules: [Sched.provider(1, prov: 1, "08:00", "12:00", ops: "1"),
                    Sched.provider(2, prov: 1, "08:00", "12:00", ops: "1", date: Sched.day.adding(days: 1))],
        booked: [Sched.apt(9, op: 1, "08:00", pattern: "XXXXXX")], noScheduling: [], operatories: [])

    /// `B` on the patient screen, the office's types (none), Enter on the first length: the
    /// two weeks are asked for.
    func searchFirstLength(_ s: TestStore, sourceLocation: SourceLocation = #_sourceLocation) {
        s.send(.key(.char("B")), sourceLocation: sourceLocation)
        s.effects([.loadSchedulingReference], sourceLocation: sourceLocation)
        s.send(.schedulingReference(types: [], blockoutDefs: []), sourceLocation: sourceLocation)
        s.effects([], sourceLocation: sourceLocation)
        s.send(.key(.enter), sourceLocation: sourceLocation)
        s.effects([.loadOpenings(from: fixtureToday, days: 14, provNum: 1)], sourceLocation: sourceLocation)
    }

    @Test func bookAsksForTheLengthThenReadsTheTwoWeeksOnce() {
        let s = TestStore(patientState(), exhaustive: false)
        s.send(.key(.char("B")))
        let first = s.takeEffects()
        #expect(first == [.loadSchedulingReference])
        #expect(s.booking?.step == .length)
        // Minutes are offered before the office's types arrive.
        #expect(s.booking?.lengths.map(\.label).contains("30 minutes") == true)
        let typeJSON = #"{"AppointmentTypeNum":7,"AppointmentTypeName":"Recare","Pattern":"/XXXX/","IsHidden":"false"}"#
        s.send(.schedulingReference(types: [Sched.decode(typeJSON)], blockoutDefs: [Sched.blockoutDef(50, "NS")]))
        s.effects([])
        #expect(s.booking?.lengths.first?.label == "Recare (30 min)")
        #expect(s.noSchedulingBlockouts == [50])
        s.send(.key(.enter))
        let search = s.takeEffects()
        #expect(search == [.loadOpenings(from: fixtureToday, days: 14, provNum: 1)])
        #expect(s.booking?.loading == true)
        s.send(.openingFacts(from: fixtureToday, days: 14, provNum: 1, facts))
        s.effects([])
        let rows = BookingFlow.rows(s.booking!, s.state)
        #expect(rows.map { "\($0.date) \($0.start)" } == ["2026-12-03 08:30:00", "2026-12-04 08:00:00"])
        // A day inside the range read costs nothing.
        s.send(.key(.enter))
        s.effects([])
        #expect(s.booking?.day == Sched.day)
    }

    func proc(_ num: Int, code: String, codeNum: Int, status: String = "TP", aptNum: Int = 0) -> ProcedureLog {
        Sched.decode(#"{"ProcNum":\#(num),"PatNum":1,"AptNum":\#(aptNum),"ProcDate":"2026-11-20","ProcFee":"100.00","ProcStatus":"\#(status)","ProvNum":1,"#
                     + #""CodeNum":\#(codeNum),"procCode":"\#(code)","descript":"x","DateTStamp":"2026-11-20 10:00:00"}"#)
    }

    @Test func proceduresPatternsAddUpAsTheDesktopDoes() {
        // All X time, plus the longest leading and trailing assistant time.
        #expect(OpeningFinder.combined(["/X/", "//XX", "XX///"]) == "//XXXXX///")
        #expect(OpeningFinder.combined(["", "X"]) == "X")
        #expect(OpeningFinder.combined(["", ""]) == "")
        #expect(OpeningFinder.combined(["//", "/"]) == "//")
        #expect(OpeningFinder.combined(Array(repeating: "/XXXXXXXXXX/", count: 20)).count == 108)
    }

    @Test func aTreatmentPlanOffersItsLengthFirstOnceItsCodesPatternsAreRead() {
        let s = TestStore(patientState(), exhaustive: false)
        s.queriesAllowed = true
        s.patient.detail?.procedures = [proc(1, code: "D2392", codeNum: 13), proc(2, code: "D2950", codeNum: 15),
                                        proc(3, code: "D1110", codeNum: 7, status: "C"), proc(4, code: "D0120", codeNum: 1, aptNum: 88)]
        s.send(.key(.char("B")))
        let first = s.takeEffects()
        // Only the plan's codes not on an appointment are asked for.
        #expect(first == [.loadSchedulingReference, .loadProcedurePatterns([13, 15])])
        s.send(.procedurePatterns([13: "/XXXXXX/", 15: "XXXX"]))
        s.effects([])
        let plan = s.booking?.lengths.first
        #expect(plan?.label == "Treatment plan: D2392, D2950 (60 min)" && plan?.pattern == "/XXXXXXXXXX/")
        #expect(s.booking?.lengthIndex == 0)
        // The types come in below it; the plan stays chosen, and the search is for its pattern.
        let typeJSON = #"{"AppointmentTypeNum":7,"AppointmentTypeName":"Recare","Pattern":"/XXXX/","IsHidden":"false"}"#
        s.send(.schedulingReference(types: [Sched.decode(typeJSON)], blockoutDefs: []))
        s.effects([])
        #expect(s.booking?.lengths.map(\.label).prefix(2) == ["Treatment plan: D2392, D2950 (60 min)", "Recare (30 min)"])
        s.send(.key(.enter))
        s.effects([.loadOpenings(from: fixtureToday, days: 14, provNum: 1)])
        #expect(s.booking?.pattern == "/XXXXXXXXXX/")
        // Known now: the next B asks nothing for them; without queries nothing is asked.
        s.send(.key(.escape))
        s.effects([])
        s.send(.key(.escape))
        s.effects([])
        s.send(.key(.char("B")))
        s.effects([])
        let n = TestStore(patientState(), exhaustive: false)
        n.queriesAllowed = false
        n.patient.detail?.procedures = [proc(1, code: "D2392", codeNum: 13)]
        n.send(.key(.char("B")))
        n.effects([.loadSchedulingReference])
    }

    @Test func aFailedReadIsSaidInTheFinderAndRReadsAgain() {
        let s = TestStore(patientState(), exhaustive: false)
        searchFirstLength(s)
        s.send(.loadFailed(.background, "Network problem: connection refused", offline: true))
        s.effects([])
        #expect(s.booking?.problem == "Network problem: connection refused" && s.booking?.loading == false)
        #expect(render(s).lines.joined().contains("r reads again"))
        s.send(.key(.char("r")))
        s.effects([.loadOpenings(from: fixtureToday, days: 14, provNum: 1)])
        s.send(.openingFacts(from: fixtureToday, days: 14, provNum: 1, facts))
        s.effects([])
        #expect(s.booking?.problem == nil && !BookingFlow.rows(s.booking!, s.state).isEmpty)
    }

    @Test func minutesCanBeTyped() {
        let s = TestStore(patientState(), exhaustive: false)
        s.send(.key(.char("B")))
        s.effects([.loadSchedulingReference])
        s.send(.key(.char("5")))
        s.effects([])
        s.send(.key(.char("0")))
        s.effects([])
        #expect(render(s).lines.joined().contains("Minutes: 50"))
        s.send(.key(.enter))
        s.effects([.loadOpenings(from: fixtureToday, days: 14, provNum: 1)])
        #expect(s.booking?.pattern == OpeningFinder.pattern(minutes: 50) && s.booking?.pattern.count == 10 && s.booking?.typeNum == nil)
        let t = TestStore(patientState(), exhaustive: false)
        t.send(.key(.char("B")))
        t.effects([.loadSchedulingReference])
        t.send(.key(.char("2")))
        t.effects([])
        t.send(.key(.enter))
        t.effects([])
        #expect(t.booking?.step == .length && t.messageIsError)
    }

    @Test func theDialogSaysPatientTimeOperatoryProviderAndLength() {
        let s = TestStore(patientState(), exhaustive: false)
        searchFirstLength(s) // 30 minutes
        s.send(.openingFacts(from: fixtureToday, days: 14, provNum: 1, facts))
        s.effects([])
        s.send(.key(.enter))
        s.effects([]) // Thu 12/3
        s.send(.key(.char("+")))
        s.effects([]) // 08:35
        s.send(.key(.enter))
        s.effects([])
        let d = try! #require(s.dialog)
        #expect(d.lines.prefix(4) == ["Patient:    Núñez, José", "When:       Thu 12/3 08:35 (30 min)", "Operatory:  OP-1", "Provider:   DOC1"])
        guard case .book(let b)? = d.choices["y"]?.first else { Issue.record("no booking"); return }
        #expect(b.at == LocalDateTime(date: Sched.day, time: LocalTime(hour: 8, minute: 35)) && b.op == 1 && b.pattern == "/XXXX/")
        #expect(b.provNum == 1 && b.isNewPatient)
        // Masked: initials only, in the dialog too.
        s.masked = true
        s.dialog = nil
        s.send(.key(.enter))
        s.effects([])
        #expect(s.dialog?.lines.first?.contains("Núñez") == false)
        // y closes the finder and sends the booking.
        s.send(.key(.char("y")))
        let sent = s.takeEffects()
        #expect(s.booking == nil)
        if case .book? = sent.first {} else { Issue.record("\(sent)") }
    }

    @Test func bWhileThePatientLoadsSaysSoUntilItHasLoaded() {
        let s = TestStore(patientState(), exhaustive: false)
        let detail = s.patient.detail!
        s.patient.detail = nil
        s.patient.load = .loading
        s.send(.key(.char("B")))
        s.effects([])
        #expect(s.booking == nil && s.message == "The patient is still loading")
        s.send(.patient(.loaded(detail)))
        s.effects([])
        #expect(s.message == nil)
        s.send(.key(.char("B")))
        s.effects([.loadSchedulingReference])
        #expect(s.booking != nil)
    }

    @Test func deceasedPatientsAndReadOnlyHaveNoBooking() {
        let s = TestStore(patientState(), exhaustive: false)
        s.patient.detail?.patient.patStatus = .deceased
        s.send(.key(.char("B")))
        s.effects([])
        #expect(s.booking == nil && s.message == "Appointments cannot be scheduled for deceased patients.")
        let r = TestStore(patientState(), exhaustive: false)
        r.readOnly = true
        r.send(.key(.char("B")))
        r.effects([])
        #expect(r.booking == nil)
    }

    @Test func theFinderDrawsInsideAnEightyByTwentyFourScreen() {
        let s = TestStore(patientState(), exhaustive: false)
        searchFirstLength(s)
        s.send(.openingFacts(from: fixtureToday, days: 14, provNum: 1, facts))
        s.effects([])
        let text = render(s).lines.joined(separator: "\n")
        #expect(text.contains("Thu 12/3 08:30  OP-1   free until 12:00"))
        #expect(text.contains("Enter: that day"))
    }

    /// The fixture's day with OP-1 under DOC1 08:00-12:00: the holes between its appointments.
    func withFreeTime() -> AppState {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.operatories = [Sched.op(1, dentist: 1), Sched.op(2, dentist: 2), Sched.op(3)]
        let day = fixtureToday
        s.send(.key(.char("F")))
        s.effects([.loadDaySchedules(fixtureToday, background: false), .loadSchedulingReference])
        s.send(.daySchedules(day, [Sched.provider(1, prov: 1, "08:00", "12:00", ops: "1", date: day)]))
        s.effects([])
        return s.state
    }

    @Test func fShowsFreeTimeAsRowsInWordsAndHOffersWhoFits() {
        let first = TestStore(fixtureState(), exhaustive: false)
        first.send(.key(.char("F")))
        first.effects { $0.contains(.loadDaySchedules(fixtureToday)) }
        let s = TestStore(withFreeTime(), exhaustive: false)
        let free = s.freeRows
        #expect(!free.isEmpty && free.allSatisfy { $0.op == 1 })
        // Today: only what is left of the holes from 09:20 on.
        #expect(free.allSatisfy { $0.startBlock * 5 >= 9 * 60 + 20 })
        let text = render(s).lines.joined(separator: "\n")
        #expect(text.contains("— free until"))
        // H on a free row: the lists are read, then who fits.
        s.schedule.cursor.selected = free[0].id
        s.send(.key(.char("H")))
        let effects = s.takeEffects()
        #expect(effects.contains(.loadHoleCandidates(provNum: 1)) && s.fill?.hole == free[0])
        let hole = free[0]
        let fits = appt(500, pat: 6, time: "13:00", pattern: "//", status: "UnschedList") // no provider time: DOC1 is busy elsewhere
        let long = appt(501, pat: 4, time: "13:00", pattern: String(repeating: "X", count: hole.endBlock - hole.startBlock + 1), status: "UnschedList")
        let card = ContactCard(name: "Nguyen, Anh", phone: "(503)555-0101", confirmMethod: "TextMessage")
        s.send(.holeCandidates(HoleSources(asap: [], unscheduled: [fits, long], planned: [], recall: [], contacts: [6: card], schedules: nil)))
        s.effects([])
        #expect(s.fill?.candidates.map(\.patNum) == [6])
        #expect(s.fill?.candidates.first?.phone == "(503)555-0101")
        // Its words whole at 80 columns (the box cut "the hole's provider first" short).
        #expect(render(s).text.contains("recall due · its provider's first"))
        // m notes the offer as a call; Enter asks to move them into the hole.
        s.send(.key(.char("m")))
        let noted = s.takeEffects()
        guard case .addCommlog(6, let note)? = noted.first else { Issue.record("\(noted)"); return }
        #expect(note.hasPrefix("Offered Tue 12/1 ") && note.hasSuffix(" by phone"))
        s.send(.key(.enter))
        s.effects([])
        guard case .move(let m)? = s.dialog?.choices["y"]?.first ?? s.dialog?.choices["k"]?.first else { Issue.record("no move"); return }
        #expect(m.aptNum == 500 && m.at == hole.dateTime && m.op == 1 && m.status == .scheduled)
    }

    /// A hole left by a send to the Unscheduled list, free time not shown: the fill reads the
    /// day's schedules itself, and judges who fits only once they are in, whichever answer comes
    /// last (judged on the lists alone, the day had no provider time and nobody fitted).
    @Test func whoFitsWaitsForTheDaysSchedulesWhicheverComesFirst() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.operatories = [Sched.op(1, dentist: 1), Sched.op(2, dentist: 2), Sched.op(3)]
        s.schedule.cursor.selected = 107 // 11:00 OP-1, DOC1
        s.send(.key(.char("b")))
        s.effects([])
        s.send(.key(.char("u")))
        s.effects([.breakAppointment(aptNum: 107, toUnscheduledList: true, nil)])
        s.send(.writeDone(aptNum: 107, "Moved to the Unscheduled list"))
        s.ignoreEffects() // the refresh after a write, checked elsewhere
        s.send(.key(.char("H")))
        s.effects { $0.contains(.loadDaySchedules(fixtureToday)) && $0.contains(.loadHoleCandidates(provNum: 1)) }
        #expect(s.fill?.facts.source == 107 && s.fill?.facts.schedules == nil)
        let waiting = appt(500, pat: 6, time: "13:00", pattern: "//", status: "UnschedList")
        s.send(.holeCandidates(HoleSources(asap: [], unscheduled: [waiting], planned: [], recall: [], contacts: [:], schedules: nil)))
        s.effects([])
        #expect(s.fill?.loading == true, "judged before the day's schedules were in")
        #expect(render(s).text.contains("Reading the lists"))
        s.send(.daySchedules(fixtureToday, [Sched.provider(1, prov: 1, "08:00", "12:00", ops: "1", date: fixtureToday)]))
        s.effects([])
        #expect(s.fill?.loading == false && s.fill?.candidates.map(\.patNum) == [6])
        // The schedule was told too (its free time, when shown, needs them).
        #expect(s.schedule.schedulesDay == fixtureToday)
    }

    @Test func inTheGridFreeTimeIsSelectedAndBookedLikeARow() {
        let s = TestStore(withFreeTime(), exhaustive: false)
        s.send(.key(.char("v")))
        s.effects([])
        let hole = s.freeRows[0]
        // ↓ walks appointments and free time in time order, in the grid as in the list.
        s.send(.key(.home))
        s.effects([])
        for _ in 0..<40 where s.schedule.cursor.selected != hole.id { s.send(.key(.down)); s.effects([]) }
        #expect(s.schedule.cursor.selected == hole.id)
        let text = render(s).lines.joined(separator: "\n")
        #expect(text.contains("▶free \(hole.minutes)m"), "\(text)")
        // B on it: who fits that hole, as on a list row.
        s.send(.key(.char("B")))
        let effects = s.takeEffects()
        #expect(s.fill?.hole == hole && effects.contains(.loadHoleCandidates(provNum: 1)))
    }

    @Test func anOverlapFoundAfterABookingAsksWhichToMoveAndMasksNames() {
        let s = TestStore(fixtureState(), exhaustive: false)
        let ours = appt(700, pat: 1, time: "10:40", pattern: "/XXXX/")
        let theirs = appt(701, pat: 2, time: "10:50", pattern: "XX")
        s.masked = true
        s.send(.booked(ours, overlaps: [], moved: false))
        s.effects([.loadDay(fixtureToday)])
        s.send(.bookedOverlap(ours, overlaps: [theirs]))
        s.effects([.loadDay(fixtureToday)])
        #expect(s.message?.contains("#701 was booked into it meanwhile") == true && s.messageIsError)
        #expect((s.message?.count ?? 0) <= 72, "the status line keeps it whole at 80 columns")
        let d = s.dialog
        #expect(d?.title == "Booked into the same time meanwhile")
        // Names as initials while masked, on this question too.
        let text = render(s).lines.joined(separator: "\n")
        #expect(!text.contains(s.patientNames[1] ?? "?") && text.contains(Privacy.initials(s.patientNames[1] ?? "")))
        // t: the finder for theirs, at its own length.
        s.send(.key(.char("t")))
        s.effects([.loadSchedulingReference, .loadOpenings(from: fixtureToday, days: 14, provNum: 1)])
        #expect(s.dialog == nil && s.booking?.moving?.aptNum == 701 && s.booking?.pattern == "XX")
        // While something else is open, the status line alone says it (no key is taken from it).
        let busy = TestStore(fixtureState(), exhaustive: false)
        busy.prompt = .filter("")
        busy.send(.bookedOverlap(ours, overlaps: [theirs]))
        busy.effects([.loadDay(fixtureToday)])
        #expect(busy.dialog == nil && busy.message?.contains("#701") == true)
    }

    @Test func aSendToTheUnscheduledListOffersItsHole() {
        let s = TestStore(fixtureState(), exhaustive: false)
        let a = s.visibleAppointments.first { $0.aptStatus == .scheduled && $0.aptDateTime!.time > fixtureNow.time }!
        s.schedule.cursor.selected = a.aptNum
        s.send(.key(.char("b")))
        s.effects([])
        s.send(.key(.char("u")))
        s.effects([.breakAppointment(aptNum: 104, toUnscheduledList: true, nil)])
        s.send(.writeDone(aptNum: a.aptNum, "Moved to the Unscheduled list"))
        s.effects([.loadDay(fixtureToday)])
        #expect(s.message?.contains("H fills") == true)
        #expect(s.schedule.lastHole?.op == a.op && s.schedule.lastHole?.startBlock == a.aptDateTime!.time.secondsOfDay / 300)
    }

    /// A visit from earlier today sent away leaves a time nobody can come to: `H` is not offered,
    /// and pressed anyway it says so (not "send a visit to Unscheduled", which was just done).
    @Test func aHoleEarlierTodayIsNotOffered() {
        let s = TestStore(fixtureState(), exhaustive: false)
        let a = s.visibleAppointments.first { $0.aptStatus == .scheduled && $0.aptDateTime!.time.secondsOfDay + $0.pattern.count * 300 < fixtureNow.time.secondsOfDay }!
        s.schedule.cursor.selected = a.aptNum
        s.send(.key(.char("b")))
        s.effects([])
        s.send(.key(.char("u")))
        s.effects([.breakAppointment(aptNum: 102, toUnscheduledList: true, nil)])
        s.send(.writeDone(aptNum: a.aptNum, "Moved to the Unscheduled list"))
        s.effects([.loadDay(fixtureToday)])
        #expect(s.message?.contains("H fills") == false, "\(s.message ?? "")")
        #expect(s.schedule.lastHole != nil)
        s.send(.key(.char("H")))
        let effects = s.takeEffects()
        #expect(effects.isEmpty && s.fill == nil)
        #expect(s.message?.contains("has passed") == true, "\(s.message ?? "")")
    }

    @Test func theScheduleDrawsNeitherUnscheduledNorPlannedRows() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.schedule.appointments.append(appt(900, pat: 1, time: "13:40", status: "UnschedList"))
        s.schedule.appointments.append(appt(901, pat: 2, time: "13:50", status: "Planned"))
        s.schedule.appointments.append(appt(902, pat: 3, time: "14:00", status: "Broken"))
        let shown = s.visibleAppointments.map(\.aptNum)
        #expect(!shown.contains(900) && !shown.contains(901) && shown.contains(902))
    }
}

/// `B` on the recall list reads the recall types and the patient's recalls at once: whichever
/// answer comes first, the finder opens when both are in.
@Suite struct RecallBookOrderTests {
    func recallState() -> AppState {
        var s = fixtureState()
        s.screen = .lists
        s.lists.kind = .recall
        var cells = Array(repeating: "", count: ListKind.recall.columns.count)
        if let i = ListKind.recall.columns.firstIndex(of: .recallType) { cells[i] = "Prophy" }
        s.lists.rows = [ListRow(id: 1, patNum: 1, aptNum: nil, cells: cells)]
        s.lists.cursor.selected = 1
        return s
    }
    let patient: Patient = Sched.decode(#"{"PatNum":1,"LName":"Núñez","FName":"José","PatStatus":"Patient","PriProv":1,"SecProv":3,"ClinicNum":0}"#)
    let types: [RecallType] = [Sched.decode(#"{"RecallTypeNum":1,"Description":"Prophy","DefaultInterval":"6m","TimePattern":"/XXXXXX/","Procedures":"D0120,D1110"}"#)]
    let recalls: [Recall] = [Sched.decode(#"{"RecallNum":9,"PatNum":1,"DateDue":"2026-12-20","RecallTypeNum":1,"DateScheduled":"0001-01-01","RecallStatus":0,"IsDisabled":"false"}"#)]

    @Test(arguments: [true, false]) func theFinderOpensWhicheverReadComesFirst(recallsFirst: Bool) {
        let s = TestStore(recallState(), exhaustive: false)
        s.send(.key(.char("B")))
        s.effects([.loadRecallReference, .loadRecall(patNum: 1)])
        if recallsFirst {
            s.send(.recallLoaded(patient, recalls))
            s.effects([])
            #expect(s.booking == nil)
            s.send(.recallReference(statuses: [], types: types))
            s.effects([.loadSchedulingReference, .loadOpenings(from: fixtureToday, days: 14, provNum: 3)])
        } else {
            s.send(.recallReference(statuses: [], types: types))
            s.effects([])
            s.send(.recallLoaded(patient, recalls))
            s.effects([.loadSchedulingReference, .loadOpenings(from: fixtureToday, days: 14, provNum: 3)])
        }
        #expect(s.booking?.pattern == "/XXXXXX/" && s.booking?.provNum == 3 && s.booking?.recallType == "Prophy", "\(s.message ?? "")")
        #expect(s.pendingRecall == nil)
    }
}
