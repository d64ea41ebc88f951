import Foundation
@testable import FrontDeskApp
@testable import FrontDeskCore
import FrontDeskStore
import OpenDentalAPI
import OpenDentalSandbox
import TestSupport
import Testing

/// Booking and moving end to end: keys into the real core, the real effects and client, the real
/// sandbox over HTTP; each booking read back through the API and checked against the schedule.
@Suite(.sharesTurns) struct BookingTests {
    let actions = ActionTests()

    /// The patient of the first waiting appointment, opened on the patient screen.
    func openPatient(_ app: HeadlessRuntime) async throws -> Int {
        let a = try #require(actions.selectWaiting(app))
        app.press([.enter])
        _ = await app.run(for: 90) { $0.patient.detail != nil || $0.patient.load != .loading }
        try #require(app.state.patient.detail != nil, "the patient did not open: \(ActionTests.brief(app.state))")
        return a.patNum
    }

    /// `B`, the length labelled `length`, Enter: the two weeks' first openings.
    func findOpenings(_ app: HeadlessRuntime, length: String) async throws {
        app.press([.char("B")])
        _ = await app.run(for: 90) { $0.appointmentTypes != nil }
        let b = try #require(app.state.booking, "B opened no finder: \(ActionTests.brief(app.state))")
        let index = try #require(b.lengths.firstIndex { $0.label == length })
        // From the length chosen now (it stays chosen when the office's types come in above it).
        app.press(Array(repeating: index > b.lengthIndex ? .down : .up, count: abs(index - b.lengthIndex)) + [.enter])
        _ = await app.run(for: 90) { $0.booking?.facts != nil && $0.booking?.loading == false }
    }

    func rows(_ app: HeadlessRuntime) -> [Opening] {
        app.state.booking.map { BookingFlow.rows($0, app.state) } ?? []
    }

    /// Everything at the office on that operatory's day that takes time.
    func taken(_ client: OpenDentalClient, op: Int, day: LocalDate) async throws -> [Appointment] {
        try await client.collectAll(Endpoints.appointments(AppointmentFilter(op: op, date: day))).filter(OpeningFinder.occupies)
    }

    @Test func aBookingFromThePatientScreenLandsInAFreeOpeningAndIsShown() async throws {
        let (office, app, client) = try await actions.dashboard()
        defer { Task { await office.sandbox.stop() } }
        let patNum = try await openPatient(app)
        try await findOpenings(app, length: "30 minutes")
        let firsts = rows(app)
        #expect(!firsts.isEmpty)
        // Never today's past, never two openings for one day in the two weeks' list.
        #expect(firsts.allSatisfy { $0.dateTime >= app.state.now })
        #expect(Set(firsts.map(\.date)).count == firsts.count)
        app.press([.enter]) // that day's openings
        let opening = try #require(rows(app).first)
        app.press([.enter])
        let dialog = try #require(app.state.dialog)
        #expect(dialog.title == "Book this appointment?")
        #expect(dialog.lines.contains { $0.contains("(30 min)") })
        app.press([.char("y")])
        await actions.settle(app)
        #expect(app.state.booking == nil)
        #expect(app.state.message?.hasPrefix("Booked:") == true, "\(app.state.message ?? "")")
        let theirs = try await client.collectAll(Endpoints.appointments(AppointmentFilter(patNum: patNum, date: opening.date)))
        let new = try #require(theirs.first { $0.aptDateTime == opening.dateTime && $0.op == opening.op })
        #expect(new.pattern == "/XXXX/" && new.aptStatus == .scheduled)
        // Nothing else takes that time in that operatory.
        let others = try await taken(client, op: opening.op, day: opening.date).filter { $0.aptNum != new.aptNum }
        #expect(!others.contains { OpeningFinder.overlaps(OpeningFinder.BookedTime($0), OpeningFinder.BookedTime(new)) })
        // Not on a blockout that blocks scheduling.
        let blockouts = try await client.collectAll(Endpoints.schedules(date: opening.date, schedType: .blockout))
        let ns = OpeningFinder.noSchedulingTypes(try await client.collectAll(Endpoints.definitions(category: 25)))
        let start = opening.start.secondsOfDay
        #expect(!blockouts.contains { b in
            ns.contains(b.blockoutType) && b.operatories.contains(opening.op)
                && (b.startTime?.secondsOfDay ?? 0) < start + 1800 && start < (b.stopTime?.secondsOfDay ?? 0)
        })
        // The new appointment is the one chosen (▶) on the patient screen.
        _ = await app.run(for: 60) { PatientScreen.selectedAppointment($0)?.aptNum == new.aptNum }
        #expect(PatientScreen.selectedAppointment(app.state)?.aptNum == new.aptNum)
    }

    @Test func twoDashboardsRacingForOneOpeningOneBooksOneIsTold() async throws {
        let (office, first, client) = try await actions.dashboard()
        defer { Task { await office.sandbox.stop() } }
        // Another terminal at the same office, started the same way.
        let second = await actions.dashboard(on: office)
        _ = try await openPatient(first)
        try await findOpenings(first, length: "30 minutes")
        _ = try await openPatient(second)
        try await findOpenings(second, length: "30 minutes")
        // Both choose the same opening while it is free.
        first.press([.enter])
        second.press([.enter])
        #expect(rows(first).first == rows(second).first)
        let opening = try #require(rows(first).first)
        first.press([.enter])
        second.press([.enter])
        first.press([.char("y")])
        await actions.settle(first)
        #expect(first.state.message?.hasPrefix("Booked:") == true)
        second.press([.char("y")])
        await actions.settle(second)
        #expect(second.state.message?.contains("taken meanwhile") == true, "\(second.state.message ?? "")")
        let there = try await taken(client, op: opening.op, day: opening.date).filter { $0.aptDateTime == opening.dateTime }
        #expect(there.count == 1)
    }

    /// A patient with procedures planned in the chart and on no appointment: `B` offers the plan's
    /// length first (the codes' ProcTime added up as the desktop does) and books at that length.
    @Test func aTreatmentPlanIsOfferedAndBookedAtItsProceduresLength() async throws {
        let (office, app, client) = try await actions.dashboard()
        defer { Task { await office.sandbox.stop() } }
        let plans = try await client.shortQueryAll("SELECT PatNum, CodeNum FROM procedurelog WHERE AptNum = 0 AND PlannedAptNum = 0 AND ProcStatus = 'TP' ORDER BY PatNum")
        var chosen: (patient: Patient, pattern: String)?
        for patNum in Set(plans.compactMap { $0.int("PatNum") }).sorted() {
            let p = try await client.send(Endpoints.patient(patNum))
            // One the search finds by name alone, typed as a user would.
            guard p.patStatus == .patient, p.lName.allSatisfy({ $0.isLetter }), !p.lName.isEmpty else { continue }
            let codes = plans.filter { $0.int("PatNum") == patNum }.compactMap { $0.int("CodeNum") }
            let times = try await client.shortQueryAll(PortableSQL.procedurePatterns(codes))
            chosen = (p, OpeningFinder.combined(codes.map { c in times.first { $0.int("CodeNum") == c }?.string("ProcTime") ?? "" }))
            break
        }
        let (patient, pattern) = try #require(chosen)
        #expect(pattern.contains("X"))
        // Patients tab, the name, the row of that patient, Enter.
        app.press([.char("2")] + patient.lName.map { .char($0) } + [.enter])
        _ = await app.run(for: 60) { $0.patients.results.contains { $0.patNum == patient.patNum } }
        for _ in 0..<50 where app.state.patients.cursor.selected != patient.patNum { app.press([.down]) }
        app.press([.enter])
        _ = await app.run(for: 60) { $0.patient.detail != nil }
        app.press([.char("B")])
        _ = await app.run(for: 60) { $0.appointmentTypes != nil && $0.booking?.lengths.first?.label.hasPrefix("Treatment plan") == true }
        let plan = try #require(app.state.booking?.lengths.first, "\(ActionTests.brief(app.state))")
        #expect(plan.label.hasPrefix("Treatment plan") && plan.pattern == pattern && app.state.booking?.lengthIndex == 0, "\(plan)")
        app.press([.enter])
        _ = await app.run(for: 60) { $0.booking?.facts != nil && $0.booking?.loading == false }
        // A busy practice has no hour free in the next two weeks: → looks at the two after, as a user does.
        for _ in 0..<4 where rows(app).isEmpty {
            app.press([.right])
            _ = await app.run(for: 60) { $0.booking?.loading == false }
        }
        app.press([.enter])
        let opening = try #require(rows(app).first)
        app.press([.enter, .char("y")])
        await actions.settle(app)
        #expect(app.state.message?.hasPrefix("Booked:") == true, "\(ActionTests.brief(app.state))")
        let theirs = try await client.collectAll(Endpoints.appointments(AppointmentFilter(patNum: patient.patNum, date: opening.date)))
        let new = try #require(theirs.first { $0.aptDateTime == opening.dateTime && $0.op == opening.op })
        #expect(new.pattern == pattern)
    }

    /// Two terminals on one host (two processes: one cache file, two owners) say yes to the same
    /// opening while the first one's POST is still on its way: the second is refused before it
    /// sends, by the claim in the host's shared cache.
    @Test func twoTerminalsOnOneHostAtTheSameMomentSendOneBooking() async throws {
        let office = try await CacheStartTests.office()
        defer { try? FileManager.default.removeItem(atPath: office.dir); Task { await office.sandbox.stop() } }
        let first = await actions.dashboard(on: office, store: try OfficeStore.open(directory: office.dir, identity: office.identity, owner: 90_001))
        let second = await actions.dashboard(on: office, store: try OfficeStore.open(directory: office.dir, identity: office.identity, owner: 90_002))
        for app in [first, second] {
            _ = try await openPatient(app)
            try await findOpenings(app, length: "30 minutes")
            app.press([.enter])
        }
        let opening = try #require(rows(first).first)
        #expect(rows(second).first == opening)
        first.press([.enter])
        second.press([.enter])
        // The first POST waits 3 s at the office; the second says yes meanwhile.
        var slow = Fault(kind: .latency, path: "/appointments", latencyMs: 3000, remaining: 1, method: "POST")
        slow.exactPath = true
        office.sandbox.faults.set([slow])
        try await office.resetStats()
        first.press([.char("y")])
        _ = await first.run(for: 1.5, leaveRunning: true) { _ in false }
        second.press([.char("y")])
        await actions.settle(second)
        #expect(second.state.message?.contains("another FrontDesk terminal on this host is booking") == true, "\(ActionTests.brief(second.state))")
        await actions.settle(first)
        #expect(first.state.message?.hasPrefix("Booked:") == true, "\(ActionTests.brief(first.state))")
        let (_, paths) = try await office.served()
        #expect(paths["POST /appointments"] == 1, "\(paths)")
        let there = try await taken(office.client(), op: opening.op, day: opening.date).filter { $0.aptDateTime == opening.dateTime }
        #expect(there.count == 1)
    }

    @Test func theDesktopBookingIntoTheTimeMeanwhileIsSaidAtOnce() async throws {
        let (office, app, client) = try await actions.dashboard()
        defer { Task { await office.sandbox.stop() } }
        _ = try await openPatient(app)
        try await findOpenings(app, length: "30 minutes")
        app.press([.enter])
        let opening = try #require(rows(app).first)
        app.press([.enter])
        // The booking's POST waits 4 s at the office; meanwhile the desktop books the same time.
        var slow = Fault(kind: .latency, path: "/appointments", latencyMs: 4000, remaining: 1, method: "POST")
        slow.exactPath = true
        office.sandbox.faults.set([slow])
        app.press([.char("y")])
        // The desktop's booking goes in while ours waits at the office (a second into its four:
        // the order of events, not a time asserted on).
        async let desktop = { () async throws -> Appointment in
            try await Task.sleep(nanoseconds: 1_000_000_000)
            return try await client.send(Endpoints.createAppointment(AppointmentFields(patNum: 2, op: opening.op, aptDateTime: opening.dateTime,
                                                                                         pattern: "/XX/")))
        }()
        _ = await app.run(for: 60) { $0.message?.contains("booked into it meanwhile") == true }
        let d = try await desktop
        #expect(app.state.message?.contains("#\(d.aptNum)") == true, "\(app.state.message ?? "")")
        #expect(app.state.messageIsError)
        // Asked which one to move: t opens the finder for theirs, at its length.
        let dialog = try #require(app.state.dialog, "\(ActionTests.brief(app.state))")
        #expect(dialog.title == "Booked into the same time meanwhile")
        #expect(dialog.lines.contains { $0.contains("#\(d.aptNum)") })
        app.press([.char("t")])
        #expect(app.state.booking?.moving?.aptNum == d.aptNum && app.state.booking?.pattern == "/XX/")
    }

    @Test func aMoveToAnotherDayAsksAndResetsTheConfirmation() async throws {
        let (office, app, client) = try await actions.dashboard()
        defer { Task { await office.sandbox.stop() } }
        // Seen at 00:05: the first waiting appointment was 90 minutes, with no such opening in a
        // fortnight of the generated practice; at 08:10 a 45-minute one had no opening on another
        // day either (the practice follows the clock). So the waiting ones are tried in turn
        // until the finder offers another day for one.
        var tried = Set<Int>()
        var movable: Appointment?
        for _ in 0..<8 where movable == nil {
            let candidate = try #require(actions.selectWaiting(app, skipping: tried, maxMinutes: 45))
            tried.insert(candidate.patNum)
            app.press([.char("M")])
            _ = await app.run(for: 60) { $0.booking?.facts != nil && $0.booking?.loading == false }
            if rows(app).contains(where: { $0.date != candidate.aptDateTime?.date }) { movable = candidate }
            app.press([.escape])
        }
        let a = try #require(movable, "no waiting appointment of eight with an opening on another day")
        #expect(app.state.schedule.cursor.selected == a.aptNum)
        // Confirmed first, so the reset shows.
        let confirmed = try #require(app.state.confirmDefs.first { $0.itemName == "Appointment Confirmed" })
        _ = try await client.send(Endpoints.confirmAppointment(a.aptNum, .defNum(confirmed.defNum)))
        app.press([.char("r")])
        _ = await app.run(for: 60) { s in s.visibleAppointments.first { $0.aptNum == a.aptNum }?.confirmed == confirmed.defNum }
        app.press([.char("M")])
        _ = await app.run(for: 60) { $0.booking?.facts != nil && $0.booking?.loading == false }
        let target = try #require(rows(app).first { $0.date != a.aptDateTime?.date })
        let index = try #require(rows(app).firstIndex(of: target))
        app.press(Array(repeating: .down, count: index) + [.enter])
        let opening = try #require(rows(app).first)
        app.press([.enter])
        let dialog = try #require(app.state.dialog)
        #expect(dialog.title == "Move this appointment?")
        #expect(dialog.lines.contains { $0.contains("reset the confirmation") })
        app.press([.char("y")])
        await actions.settle(app)
        #expect(app.state.message?.hasPrefix("Moved:") == true, "\(app.state.message ?? "")")
        let after = try await client.send(Endpoints.appointment(a.aptNum))
        #expect(after.aptDateTime == opening.dateTime && after.op == opening.op)
        #expect(after.confirmed == app.state.confirmDefs.first?.defNum)
        #expect(after.pattern == a.pattern && after.aptStatus == .scheduled)
    }

    /// The Lists tab on `kind`, loaded.
    func showList(_ app: HeadlessRuntime, _ kind: ListKind) async {
        app.press([.char("3")])
        for _ in 0..<ListKind.allCases.count where app.state.lists.kind != kind { app.press([.char("]")]) }
        _ = await app.run(for: 60) { s in s.lists.kind == kind && s.lists.load != .loading && !s.lists.rows.isEmpty }
    }

    @Test func aRecallStatusSetOnThreeMarkedPatientsMakesThreeCommlogs() async throws {
        let (office, app, client) = try await actions.dashboard()
        defer { Task { await office.sandbox.stop() } }
        await showList(app, .recall)
        let rows = Array(app.state.visibleListRows.prefix(3))
        try #require(rows.count == 3 && Set(rows.map(\.patNum)).count == 3)
        let before = try await actions.commlogCounts(client, rows.map(\.patNum))
        app.press([.home, .char(" "), .char(" "), .char(" "), .char("c")])
        _ = await app.run(for: 60) { $0.picker != nil }
        let picker = try #require(app.state.picker)
        let left = try #require(picker.items.first { $0.label == "Left Message" })
        app.press([.char(left.key)])
        await actions.settle(app)
        let after = try await actions.commlogCounts(client, rows.map(\.patNum))
        for r in rows { #expect(after[r.patNum] == (before[r.patNum] ?? 0) + 1, "one commlog for \(r.patNum)") }
        for r in rows {
            let recalls = try await client.collectAll(Endpoints.recalls(patNum: r.patNum))
            #expect(recalls.contains { $0.recallStatus == left.value }, "status for \(r.patNum)")
        }
    }

    @Test func aRecallIsBookedWithItsPatternForTheHygienistOrRefusedWhenScheduled() async throws {
        let (office, app, client) = try await actions.dashboard()
        defer { Task { await office.sandbox.stop() } }
        await showList(app, .recall)
        // A Prophy recall not yet scheduled.
        var chosen: ListRow?
        for r in app.state.visibleListRows where RecallFlow.target(r)?.type == "Prophy" {
            let recalls = try await client.collectAll(Endpoints.recalls(patNum: r.patNum))
            if !recalls.contains(where: { $0.isScheduled }) { chosen = r; break }
        }
        let row = try #require(chosen, "\(app.state.visibleListRows.prefix(8).map { "\($0.patNum) \($0.cells)" })")
        let index = try #require(app.state.visibleListRows.firstIndex(of: row))
        app.press([.home] + Array(repeating: .down, count: index) + [.char("B")])
        _ = await app.run(for: 60) { $0.booking?.facts != nil && $0.booking?.loading == false }
        let b = try #require(app.state.booking, "\(ActionTests.brief(app.state)) row \(row.patNum) \(row.cells)")
        #expect(b.pattern == "/XXXXXX/" && b.recallType == "Prophy")
        let patient = try await client.send(Endpoints.patient(row.patNum))
        #expect(b.provNum == (patient.secProv != 0 ? patient.secProv : patient.priProv))
        app.press([.enter])
        let opening = try #require(rows(app).first)
        app.press([.enter])
        #expect(app.state.dialog?.lines.contains("Recall:     Prophy") == true)
        app.press([.char("y")])
        await actions.settle(app)
        let theirs = try await client.collectAll(Endpoints.appointments(AppointmentFilter(patNum: row.patNum, date: opening.date)))
        #expect(theirs.contains { $0.aptDateTime == opening.dateTime && $0.pattern == "/XXXXXX/" })
        // A recall already scheduled is refused in the desktop's words. The generated practice
        // follows the clock and at some hours holds no scheduled Prophy recall (seen at 08:05):
        // then the booked patient's own, dated as the desktop's recall sync dates it once the
        // visit carries the recall's procedures.
        let recalls = try await client.collectAll(Endpoints.recalls())
        var scheduled = recalls.first { $0.isScheduled && $0.recallTypeNum == 1 }
        if scheduled == nil, var mine = recalls.first(where: { $0.patNum == row.patNum && $0.recallTypeNum == 1 }) {
            mine.dateScheduled = opening.date
            scheduled = mine
        }
        let recall = try #require(scheduled, "no Prophy recall to schedule")
        let scheduledPat = recall.patNum
        var s = app.state
        s.pendingRecall = .book(patNum: scheduledPat, type: "Prophy")
        let refused = update(&s, .recallLoaded(try await client.send(Endpoints.patient(scheduledPat)),
                                               [recall] + recalls.filter { $0.patNum == scheduledPat && $0.recallNum != recall.recallNum }))
        // Refused before anything is read: no finder, no request.
        #expect(refused.isEmpty)
        #expect(s.message == "Recall has already been scheduled." && s.booking == nil)
    }

    @Test func aPlannedAppointmentIsScheduledAndStaysPlanned() async throws {
        let (office, app, client) = try await actions.dashboard()
        defer { Task { await office.sandbox.stop() } }
        await showList(app, .planned)
        let row = try #require(app.state.visibleListRows.first)
        let plannedNum = try #require(row.aptNum)
        app.press([.home, .char("M")])
        _ = await app.run(for: 60) { $0.booking?.facts != nil && $0.booking?.loading == false }
        // The planned visits are long: the first provider, then the first two weeks, with an opening.
        for _ in 0..<4 where rows(app).isEmpty {
            for _ in 0..<6 where rows(app).isEmpty {
                app.press([.char("p")])
                _ = await app.run(for: 90) { $0.booking?.loading == false }
            }
            if rows(app).isEmpty {
                app.press([.right])
                _ = await app.run(for: 90) { $0.booking?.loading == false }
            }
        }
        app.press([.enter])
        let opening = try #require(rows(app).first)
        app.press([.enter])
        #expect(app.state.dialog?.title == "Schedule the planned appointment?")
        app.press([.char("y")])
        await actions.settle(app)
        let theirs = try await client.collectAll(Endpoints.appointments(AppointmentFilter(patNum: row.patNum, date: opening.date)))
        #expect(theirs.contains { $0.nextAptNum == plannedNum && $0.aptDateTime == opening.dateTime && $0.aptStatus == .scheduled })
        #expect(try await client.send(Endpoints.appointment(plannedNum)).aptStatus == .planned)
    }

    @Test func aHoleLeftByABreakIsFilledFromTheListsAndTheOfferNoted() async throws {
        let (office, app, client) = try await actions.dashboard()
        defer { Task { await office.sandbox.stop() } }
        // Which appointment waits first depends on the hour the practice was generated at, and
        // the hole it leaves may rightly be filled by nobody: at 07:55 the first left 08:30-10:00
        // on a dentist who works two operatories and was busy in the other all that time. So the
        // appointments waiting are sent away in turn until a hole someone on the lists fits; each
        // that nobody fits is said so.
        var tried = Set<Int>()
        var found: (gone: Appointment, hole: FreeTime, fill: FillHole)?
        for _ in 0..<8 where found == nil {
            let a = try #require(actions.selectWaiting(app, skipping: tried))
            tried.insert(a.patNum)
            app.press([.char("b"), .char("u")])
            await actions.settle(app)
            #expect(app.state.message?.contains("H fills") == true, "\(app.state.message ?? "")")
            let hole = try #require(app.state.schedule.lastHole)
            app.press([.char("H")])
            _ = await app.run(for: 60) { $0.fill?.loading == false }
            let fill = try #require(app.state.fill)
            if fill.candidates.isEmpty {
                #expect(fill.problem == nil, "\(fill.problem ?? "")")
                app.press([.escape])
                continue
            }
            found = (a, hole, fill)
        }
        let (gone, hole, fill) = try #require(found, "no hole of eight that someone on the lists fits")
        let candidates = fill.candidates
        #expect(!candidates.contains { $0.appointment?.aptNum == gone.aptNum })
        #expect(candidates.allSatisfy { $0.pattern.count <= hole.endBlock - hole.startBlock })
        // The offer noted as a call, once.
        let chosen = candidates[0]
        let before = try await actions.commlogCounts(client, [chosen.patNum])
        app.press([.char("m")])
        await actions.settle(app)
        let logs = try await client.collectAll(Endpoints.commlogs(patNum: chosen.patNum))
        #expect(logs.count == (before[chosen.patNum] ?? 0) + 1)
        #expect(logs.contains { $0.note.hasPrefix("Offered ") && $0.note.hasSuffix(" by phone") })
        // Enter, then yes: they are in the hole.
        app.press([.enter])
        let yes: Character = app.state.dialog?.choices["y"] != nil ? "y" : "k"
        app.press([.char(yes)])
        await actions.settle(app)
        #expect(app.state.message?.hasPrefix("Moved:") == true || app.state.message?.hasPrefix("Booked:") == true, "\(app.state.message ?? "")")
        let there = try await client.collectAll(Endpoints.appointments(AppointmentFilter(op: hole.op, date: hole.date)))
        #expect(there.contains { $0.patNum == chosen.patNum && $0.aptDateTime == hole.dateTime && $0.aptStatus == .scheduled })
    }

    @Test func archivedPatientsAreRefusedInTheDesktopsWords() {
        var s = AppState(today: LocalDate(year: 2026, month: 12, day: 1), now: LocalDateTime(date: LocalDate(year: 2026, month: 12, day: 1), time: LocalTime(hour: 9, minute: 0)))
        s.connection = .online
        let p: Patient = try! JSONDecoder().decode(Patient.self, from: Data(#"{"PatNum":5,"LName":"A","FName":"B","PatStatus":"Archived"}"#.utf8))
        s.patient = PatientState(patNum: 5)
        s.patient.detail = PatientDetail(patient: p)
        #expect(BookingFlow.bookRefusal(s, s.patient.detail) == "Appointments cannot be scheduled for archived patients.")
        // B on the patient screen says so, and asks for nothing.
        #expect(update(&s, .key(.char("B"))).isEmpty)
        #expect(s.booking == nil && s.message == "Appointments cannot be scheduled for archived patients.")
    }
}
