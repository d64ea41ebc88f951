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

    @Test func bookAsksForTheLengthThenReadsTheTwoWeeksOnce() {
        var s = patientState()
        let first = update(&s, .key(.char("B")))
        #expect(first == [.loadSchedulingReference])
        #expect(s.booking?.step == .length)
        // Minutes are offered before the office's types arrive.
        #expect(s.booking?.lengths.map(\.label).contains("30 minutes") == true)
        let typeJSON = #"{"AppointmentTypeNum":7,"AppointmentTypeName":"Recare","Pattern":"/XXXX/","IsHidden":"false"}"#
        _ = update(&s, .schedulingReference(types: [Sched.decode(typeJSON)], blockoutDefs: [Sched.blockoutDef(50, "NS")]))
        #expect(s.booking?.lengths.first?.label == "Recare (30 min)")
        #expect(s.noSchedulingBlockouts == [50])
        let search = update(&s, .key(.enter))
        #expect(search == [.loadOpenings(from: fixtureToday, days: 14, provNum: 1)])
        #expect(s.booking?.loading == true)
        _ = update(&s, .openingFacts(from: fixtureToday, days: 14, provNum: 1, facts))
        let rows = BookingFlow.rows(s.booking!, s)
        #expect(rows.map { "\($0.date) \($0.start)" } == ["2026-12-03 08:30:00", "2026-12-04 08:00:00"])
        // A day inside the range read costs nothing.
        #expect(update(&s, .key(.enter)).isEmpty)
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
        var s = patientState()
        s.queriesAllowed = true
        s.patient.detail?.procedures = [proc(1, code: "D2392", codeNum: 13), proc(2, code: "D2950", codeNum: 15),
                                        proc(3, code: "D1110", codeNum: 7, status: "C"), proc(4, code: "D0120", codeNum: 1, aptNum: 88)]
        let first = update(&s, .key(.char("B")))
        // Only the plan's codes not on an appointment are asked for.
        #expect(first == [.loadSchedulingReference, .loadProcedurePatterns([13, 15])])
        _ = update(&s, .procedurePatterns([13: "/XXXXXX/", 15: "XXXX"]))
        let plan = s.booking?.lengths.first
        #expect(plan?.label == "Treatment plan: D2392, D2950 (60 min)" && plan?.pattern == "/XXXXXXXXXX/")
        #expect(s.booking?.lengthIndex == 0)
        // The types come in below it; the plan stays chosen, and the search is for its pattern.
        let typeJSON = #"{"AppointmentTypeNum":7,"AppointmentTypeName":"Recare","Pattern":"/XXXX/","IsHidden":"false"}"#
        _ = update(&s, .schedulingReference(types: [Sched.decode(typeJSON)], blockoutDefs: []))
        #expect(s.booking?.lengths.map(\.label).prefix(2) == ["Treatment plan: D2392, D2950 (60 min)", "Recare (30 min)"])
        _ = update(&s, .key(.enter))
        #expect(s.booking?.pattern == "/XXXXXXXXXX/")
        // Known now: the next B asks nothing for them; without queries nothing is asked.
        _ = update(&s, .key(.escape))
        _ = update(&s, .key(.escape))
        #expect(update(&s, .key(.char("B"))).isEmpty)
        var n = patientState()
        n.queriesAllowed = false
        n.patient.detail?.procedures = [proc(1, code: "D2392", codeNum: 13)]
        #expect(update(&n, .key(.char("B"))) == [.loadSchedulingReference])
    }

    @Test func aFailedReadIsSaidInTheFinderAndRReadsAgain() {
        var s = patientState()
        _ = update(&s, .key(.char("B")))
        _ = update(&s, .schedulingReference(types: [], blockoutDefs: []))
        _ = update(&s, .key(.enter))
        _ = update(&s, .loadFailed(.background, "Network problem: connection refused", offline: true))
        #expect(s.booking?.problem == "Network problem: connection refused" && s.booking?.loading == false)
        #expect(render(s).lines.joined().contains("r reads again"))
        #expect(update(&s, .key(.char("r"))) == [.loadOpenings(from: fixtureToday, days: 14, provNum: 1)])
        _ = update(&s, .openingFacts(from: fixtureToday, days: 14, provNum: 1, facts))
        #expect(s.booking?.problem == nil && !BookingFlow.rows(s.booking!, s).isEmpty)
    }

    @Test func minutesCanBeTyped() {
        var s = patientState()
        _ = update(&s, .key(.char("B")))
        _ = update(&s, .key(.char("5")))
        _ = update(&s, .key(.char("0")))
        #expect(render(s).lines.joined().contains("Minutes: 50"))
        _ = update(&s, .key(.enter))
        #expect(s.booking?.pattern == OpeningFinder.pattern(minutes: 50) && s.booking?.pattern.count == 10 && s.booking?.typeNum == nil)
        var t = patientState()
        _ = update(&t, .key(.char("B")))
        _ = update(&t, .key(.char("2")))
        #expect(update(&t, .key(.enter)).isEmpty && t.booking?.step == .length && t.messageIsError)
    }

    @Test func theDialogSaysPatientTimeOperatoryProviderAndLength() {
        var s = patientState()
        _ = update(&s, .key(.char("B")))
        _ = update(&s, .schedulingReference(types: [], blockoutDefs: []))
        _ = update(&s, .key(.enter)) // 30 minutes
        _ = update(&s, .openingFacts(from: fixtureToday, days: 14, provNum: 1, facts))
        _ = update(&s, .key(.enter)) // Thu 12/3
        _ = update(&s, .key(.char("+"))) // 08:35
        _ = update(&s, .key(.enter))
        let d = try! #require(s.dialog)
        #expect(d.lines.prefix(4) == ["Patient:    Núñez, José", "When:       Thu 12/3 08:35 (30 min)", "Operatory:  OP-1", "Provider:   DOC1"])
        guard case .book(let b)? = d.choices["y"]?.first else { Issue.record("no booking"); return }
        #expect(b.at == LocalDateTime(date: Sched.day, time: LocalTime(hour: 8, minute: 35)) && b.op == 1 && b.pattern == "/XXXX/")
        #expect(b.provNum == 1 && b.isNewPatient)
        // Masked: initials only, in the dialog too.
        s.masked = true
        s.dialog = nil
        _ = update(&s, .key(.enter))
        #expect(s.dialog?.lines.first?.contains("Núñez") == false)
        // y closes the finder and sends the booking.
        let sent = update(&s, .key(.char("y")))
        #expect(s.booking == nil)
        if case .book? = sent.first {} else { Issue.record("\(sent)") }
    }

    @Test func bWhileThePatientLoadsSaysSoUntilItHasLoaded() {
        var s = patientState()
        let detail = s.patient.detail!
        s.patient.detail = nil
        s.patient.load = .loading
        _ = update(&s, .key(.char("B")))
        #expect(s.booking == nil && s.message == "The patient is still loading")
        _ = update(&s, .patient(.loaded(detail)))
        #expect(s.message == nil)
        _ = update(&s, .key(.char("B")))
        #expect(s.booking != nil)
    }

    @Test func deceasedPatientsAndReadOnlyHaveNoBooking() {
        var s = patientState()
        s.patient.detail?.patient.patStatus = .deceased
        _ = update(&s, .key(.char("B")))
        #expect(s.booking == nil && s.message == "Appointments cannot be scheduled for deceased patients.")
        var r = patientState()
        r.readOnly = true
        _ = update(&r, .key(.char("B")))
        #expect(r.booking == nil)
    }

    @Test func theFinderDrawsInsideAnEightyByTwentyFourScreen() {
        var s = patientState()
        _ = update(&s, .key(.char("B")))
        _ = update(&s, .schedulingReference(types: [], blockoutDefs: []))
        _ = update(&s, .key(.enter))
        _ = update(&s, .openingFacts(from: fixtureToday, days: 14, provNum: 1, facts))
        let text = render(s).lines.joined(separator: "\n")
        #expect(text.contains("Thu 12/3 08:30  OP-1   free until 12:00"))
        #expect(text.contains("Enter: that day"))
    }

    /// The fixture's day with OP-1 under DOC1 08:00-12:00: the holes between its appointments.
    func withFreeTime() -> AppState {
        var s = fixtureState()
        s.operatories = [Sched.op(1, dentist: 1), Sched.op(2, dentist: 2), Sched.op(3)]
        let day = fixtureToday
        _ = update(&s, .key(.char("F")))
        _ = update(&s, .daySchedules(day, [Sched.provider(1, prov: 1, "08:00", "12:00", ops: "1", date: day)]))
        return s
    }

    @Test func fShowsFreeTimeAsRowsInWordsAndHOffersWhoFits() {
        var s = fixtureState()
        #expect(update(&s, .key(.char("F"))).contains(.loadDaySchedules(fixtureToday)))
        s = withFreeTime()
        let free = s.freeRows
        #expect(!free.isEmpty && free.allSatisfy { $0.op == 1 })
        // Today: only what is left of the holes from 09:20 on.
        #expect(free.allSatisfy { $0.startBlock * 5 >= 9 * 60 + 20 })
        let text = render(s).lines.joined(separator: "\n")
        #expect(text.contains("— free until"))
        // H on a free row: the lists are read, then who fits.
        s.schedule.cursor.selected = free[0].id
        let effects = update(&s, .key(.char("H")))
        #expect(effects.contains(.loadHoleCandidates(provNum: 1)) && s.fill?.hole == free[0])
        let hole = free[0]
        let fits = appt(500, pat: 6, time: "13:00", pattern: "//", status: "UnschedList") // no provider time: DOC1 is busy elsewhere
        let long = appt(501, pat: 4, time: "13:00", pattern: String(repeating: "X", count: hole.endBlock - hole.startBlock + 1), status: "UnschedList")
        let card = ContactCard(name: "Nguyen, Anh", phone: "(503)555-0101", confirmMethod: "TextMessage")
        _ = update(&s, .holeCandidates(HoleSources(asap: [], unscheduled: [fits, long], planned: [], recall: [], contacts: [6: card], schedules: nil)))
        #expect(s.fill?.candidates.map(\.patNum) == [6])
        #expect(s.fill?.candidates.first?.phone == "(503)555-0101")
        // m notes the offer as a call; Enter asks to move them into the hole.
        let noted = update(&s, .key(.char("m")))
        guard case .addCommlog(6, let note)? = noted.first else { Issue.record("\(noted)"); return }
        #expect(note.hasPrefix("Offered Tue 12/1 ") && note.hasSuffix(" by phone"))
        _ = update(&s, .key(.enter))
        guard case .move(let m)? = s.dialog?.choices["y"]?.first ?? s.dialog?.choices["k"]?.first else { Issue.record("no move"); return }
        #expect(m.aptNum == 500 && m.at == hole.dateTime && m.op == 1 && m.status == .scheduled)
    }

    @Test func inTheGridFreeTimeIsSelectedAndBookedLikeARow() {
        var s = withFreeTime()
        _ = update(&s, .key(.char("v")))
        let hole = s.freeRows[0]
        // ↓ walks appointments and free time in time order, in the grid as in the list.
        _ = update(&s, .key(.home))
        for _ in 0..<40 where s.schedule.cursor.selected != hole.id { _ = update(&s, .key(.down)) }
        #expect(s.schedule.cursor.selected == hole.id)
        let text = render(s).lines.joined(separator: "\n")
        #expect(text.contains("▶free \(hole.minutes)m"), "\(text)")
        // B on it: who fits that hole, as on a list row.
        let effects = update(&s, .key(.char("B")))
        #expect(s.fill?.hole == hole && effects.contains(.loadHoleCandidates(provNum: 1)))
    }

    @Test func anOverlapFoundAfterABookingAsksWhichToMoveAndMasksNames() {
        var s = fixtureState()
        let ours = appt(700, pat: 1, time: "10:40", pattern: "/XXXX/")
        let theirs = appt(701, pat: 2, time: "10:50", pattern: "XX")
        s.masked = true
        _ = update(&s, .booked(ours, overlaps: [], moved: false))
        _ = update(&s, .bookedOverlap(ours, overlaps: [theirs]))
        #expect(s.message?.contains("#701 was booked into it meanwhile") == true && s.messageIsError)
        #expect((s.message?.count ?? 0) <= 72, "the status line keeps it whole at 80 columns")
        let d = s.dialog
        #expect(d?.title == "Booked into the same time meanwhile")
        // Names as initials while masked, on this question too.
        let text = render(s).lines.joined(separator: "\n")
        #expect(!text.contains(s.patientNames[1] ?? "?") && text.contains(Privacy.initials(s.patientNames[1] ?? "")))
        // t: the finder for theirs, at its own length.
        _ = update(&s, .key(.char("t")))
        #expect(s.dialog == nil && s.booking?.moving?.aptNum == 701 && s.booking?.pattern == "XX")
        // While something else is open, the status line alone says it (no key is taken from it).
        var busy = fixtureState()
        busy.prompt = .filter("")
        _ = update(&busy, .bookedOverlap(ours, overlaps: [theirs]))
        #expect(busy.dialog == nil && busy.message?.contains("#701") == true)
    }

    @Test func aSendToTheUnscheduledListOffersItsHole() {
        var s = fixtureState()
        let a = s.visibleAppointments.first { $0.aptStatus == .scheduled && $0.aptDateTime!.time > fixtureNow.time }!
        s.schedule.cursor.selected = a.aptNum
        _ = update(&s, .key(.char("b")))
        _ = update(&s, .key(.char("u")))
        _ = update(&s, .writeDone(aptNum: a.aptNum, "Moved to the Unscheduled list"))
        #expect(s.message?.contains("H fills") == true)
        #expect(s.schedule.lastHole?.op == a.op && s.schedule.lastHole?.startBlock == a.aptDateTime!.time.secondsOfDay / 300)
    }

    /// A visit from earlier today sent away leaves a time nobody can come to: `H` is not offered,
    /// and pressed anyway it says so (not "send a visit to Unscheduled", which was just done).
    @Test func aHoleEarlierTodayIsNotOffered() {
        var s = fixtureState()
        let a = s.visibleAppointments.first { $0.aptStatus == .scheduled && $0.aptDateTime!.time.secondsOfDay + $0.pattern.count * 300 < fixtureNow.time.secondsOfDay }!
        s.schedule.cursor.selected = a.aptNum
        _ = update(&s, .key(.char("b")))
        _ = update(&s, .key(.char("u")))
        _ = update(&s, .writeDone(aptNum: a.aptNum, "Moved to the Unscheduled list"))
        #expect(s.message?.contains("H fills") == false, "\(s.message ?? "")")
        #expect(s.schedule.lastHole != nil)
        let effects = update(&s, .key(.char("H")))
        #expect(effects.isEmpty && s.fill == nil)
        #expect(s.message?.contains("has passed") == true, "\(s.message ?? "")")
    }

    @Test func theScheduleDrawsNeitherUnscheduledNorPlannedRows() {
        var s = fixtureState()
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
        var s = recallState()
        #expect(update(&s, .key(.char("B"))) == [.loadRecallReference, .loadRecall(patNum: 1)])
        if recallsFirst {
            _ = update(&s, .recallLoaded(patient, recalls))
            #expect(s.booking == nil)
            _ = update(&s, .recallReference(statuses: [], types: types))
        } else {
            _ = update(&s, .recallReference(statuses: [], types: types))
            _ = update(&s, .recallLoaded(patient, recalls))
        }
        #expect(s.booking?.pattern == "/XXXXXX/" && s.booking?.provNum == 3 && s.booking?.recallType == "Prophy", "\(s.message ?? "")")
        #expect(s.pendingRecall == nil)
    }
}
