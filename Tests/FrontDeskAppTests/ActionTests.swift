import Foundation
@testable import FrontDeskApp
import FrontDeskCore
import FrontDeskStore
import OpenDentalAPI
import OpenDentalSandbox
import TestSupport
import Testing

/// The front desk's actions end to end: keys into the real core, the real effects and client,
/// the real sandbox over HTTP; each change read back through the API.
@Suite(.sharesTurns) struct ActionTests {
    /// A dashboard on the next working day's schedule with reference data, names and check-in links loaded.
    func dashboard(log: ActionLog? = nil, checkAfter: Double = 30) async throws -> (CacheStartTests.Office, HeadlessRuntime, OpenDentalClient) {
        let office = try await CacheStartTests.office()
        let client = office.client()
        return (office, await dashboard(on: office, client: client, log: log, checkAfter: checkAfter), client)
    }

    /// Another dashboard on the same office (its own client and cache, as another terminal has).
    func dashboard(on office: CacheStartTests.Office, client: OpenDentalClient? = nil, store: OfficeStore? = nil, log: ActionLog? = nil,
                   checkAfter: Double = 30) async -> HeadlessRuntime {
        var state = CacheStartTests.state()
        // The next working day, not today: today's rows move through the day with the clock (by
        // the evening every one is done), so the rows these tests act on would depend on the hour.
        var day = state.now.date.adding(days: 1)
        while !(1...5).contains(day.weekday) { day = day.adding(days: 1) }
        state.schedule = ScheduleState(day: day)
        state.operatorInitials = "JS"
        state.officeName = "main"
        state.checkAfterSeconds = checkAfter
        let app = HeadlessRuntime(client: client ?? office.client(), state: state, store: store, actionLog: log)
        _ = await app.run(for: 20) { s in
            s.checkInTriggers != nil && !s.confirmDefs.isEmpty && s.schedule.load != .loading && !s.visibleAppointments.isEmpty
        }
        return app
    }

    /// What is on top and what was said, for a failure's message (the whole state is pages long).
    static func brief(_ s: AppState) -> String {
        var parts = ["screen \(s.screen)", "connection \(s.connection)", "message \(s.message ?? "-")"]
        if let p = s.patient.patNum { parts.append("patient \(p) \(s.patient.load) detail \(s.patient.detail != nil)") }
        if let d = s.dialog { parts.append("dialog \(d.title)") }
        if let p = s.prompt { parts.append("prompt \(p.label)") }
        if let p = s.picker { parts.append("picker \(p.title)") }
        if s.form != nil { parts.append("form") }
        if s.help { parts.append("help") }
        if let b = s.booking { parts.append("booking \(b.step) loading \(b.loading) problem \(b.problem ?? "-")") }
        return parts.joined(separator: "; ")
    }

    /// Moves the selection down until it is on a scheduled appointment nobody has checked in.
    /// `maxMinutes`: only an appointment that short (a long one may find no opening in a busy
    /// generated fortnight, and which one is waiting depends on the hour).
    func selectWaiting(_ app: HeadlessRuntime, skipping: Set<Int> = [], maxMinutes: Int? = nil) -> Appointment? {
        app.press([.home])
        for _ in 0..<200 {
            let s = app.state
            if let a = s.visibleAppointments.first(where: { $0.aptNum == s.schedule.cursor.selected }),
               a.aptStatus == .scheduled, a.dateTimeArrived == nil, !skipping.contains(a.patNum),
               maxMinutes.map({ a.lengthMinutes <= $0 }) ?? true,
               a.confirmedName != "Appointment Confirmed" { return a }
            app.press([.down])
        }
        return nil
    }

    /// Marks three waiting appointments of three patients (Space), as a user would.
    func markThree(_ app: HeadlessRuntime) throws -> [Appointment] {
        var chosen: [Appointment] = []
        for _ in 0..<3 {
            let a = try #require(selectWaiting(app, skipping: Set(chosen.map(\.patNum))))
            chosen.append(a)
            app.press([.char(" ")])
        }
        return chosen
    }

    func settle(_ app: HeadlessRuntime) async {
        // A patient write marks no row: its answer replaces "Saving…".
        _ = await app.run(for: 20) { [app] s in app.idle && s.bulk == nil && s.saving.isEmpty && s.prompt == nil && s.message != "Saving…" }
    }

    @Test func arrivalStampsTheTimeAndTheStatusTheOfficeLinksToIt() async throws {
        let (office, app, client) = try await dashboard()
        defer { Task { await office.sandbox.stop() } }
        #expect(app.state.checkInTriggers == CheckInTriggers(arrived: 22, seated: 25, dismissed: 0))
        let before = try #require(selectWaiting(app))
        app.press([.char("a")])
        await settle(app)
        let after = try await client.send(Endpoints.appointment(before.aptNum))
        #expect(after.dateTimeArrived != nil && after.confirmed == 22 && after.confirmedName == "Arrived")
        // Nothing else changed.
        #expect(after.aptStatus == before.aptStatus && after.op == before.op && after.note == before.note
                && after.aptDateTime == before.aptDateTime && after.dateTimeSeated == nil && after.priority == before.priority)
        #expect(app.state.message?.hasPrefix("Saved: arrived at") == true && app.state.message?.contains("status Arrived") == true)
    }

    @Test func markedRowsAreConfirmedWithOneCallNotePerPatient() async throws {
        let (office, app, client) = try await dashboard()
        defer { Task { await office.sandbox.stop() } }
        let chosen = try markThree(app)
        let notesBefore = try await commlogCounts(client, chosen.map(\.patNum))
        app.press([.char("c")])
        let picker = try #require(app.state.picker)
        let leftMsg = try #require(picker.items.first { $0.label == "Left Msg" })
        app.press([.char(leftMsg.key)])
        #expect(app.state.prompt?.text == "Left Msg by phone")
        app.press([.enter])
        await settle(app)
        #expect(app.state.message == "Confirmations: 6 of 6 saved")
        for a in chosen {
            let now = try await client.send(Endpoints.appointment(a.aptNum))
            #expect(now.confirmed == leftMsg.value && now.aptStatus == a.aptStatus && now.note == a.note)
        }
        let notesAfter = try await commlogCounts(client, chosen.map(\.patNum))
        for a in chosen {
            #expect(notesAfter[a.patNum] == (notesBefore[a.patNum] ?? 0) + 1, "one note for patient #\(a.patNum)")
            let logs = try await client.collectAll(Endpoints.commlogs(patNum: a.patNum))
            #expect(logs.contains { $0.note.hasPrefix("Left Msg by phone for ") && $0.note.hasSuffix("(JS)") && $0.mode == .phone })
        }
    }

    @Test func aFaultInTheMiddleStopsTheRunAndNothingIsResentUntilAsked() async throws {
        let (office, app, client) = try await dashboard()
        defer { Task { await office.sandbox.stop() } }
        _ = try markThree(app)
        // Row order is time order: the second one shown fails with a 500.
        let ordered = app.state.markedAppointments
        office.sandbox.faults.set([Fault(kind: .serverError, path: "/appointments/\(ordered[1].aptNum)/Confirm", method: "PUT")])
        app.press([.char("c"), .enter, .escape])
        await settle(app)
        let message = try #require(app.state.message)
        #expect(message.hasPrefix("Confirmations: 1 of 3 saved; 1 not saved (appointment #\(ordered[1].aptNum)"))
        #expect(message.contains("1 not sent") && message.hasSuffix("R sends those again"))
        let confirmed = try #require(app.state.confirmDefs.first { $0.itemName == "Appointment Confirmed" }?.defNum)
        #expect(try await client.send(Endpoints.appointment(ordered[0].aptNum)).confirmed == confirmed)
        let third = try await client.send(Endpoints.appointment(ordered[2].aptNum))
        #expect(third.confirmed == ordered[2].confirmed && third.dateTStamp == ordered[2].dateTStamp, "the run stopped before it")
        // Asked: the failed and the unsent go again, once each.
        office.sandbox.faults.clear()
        app.press([.char("R")])
        await settle(app)
        for a in ordered { #expect(try await client.send(Endpoints.appointment(a.aptNum)).confirmed == confirmed) }
        #expect(app.state.message == "Sent again: 2 of 2 saved")
    }

    @Test func asapIsSavedShownInTheASAPListAndUndone() async throws {
        let (office, app, client) = try await dashboard()
        defer { Task { await office.sandbox.stop() } }
        let a = try #require(selectWaiting(app))
        #expect(a.priority != .asap)
        app.press([.char("A")])
        await settle(app)
        #expect(try await client.send(Endpoints.appointment(a.aptNum)).priority == .asap)
        #expect(try await client.collectAll(Endpoints.asapAppointments()).contains { $0.aptNum == a.aptNum })
        // The refreshed day shows it in the row.
        _ = await app.run(for: 10) { $0.schedule.appointments.first { $0.aptNum == a.aptNum }?.priority == .asap }
        #expect(app.state.schedule.appointments.first { $0.aptNum == a.aptNum }?.priority == .asap)
        app.press([.char("u")])
        await settle(app)
        let back = try await client.send(Endpoints.appointment(a.aptNum))
        #expect(back.priority == .normal && back.confirmed == a.confirmed && back.note == a.note)
    }

    @Test func everyWriteIsLoggedWithRecordNumbersNeverNames() async throws {
        let dir = temporaryFolder("actions")
        let log = ActionLog(path: dir + "/state/frontdesk/actions.log")
        let (office, app, client) = try await dashboard(log: log)
        defer { Task { await office.sandbox.stop() } }
        let a = try #require(selectWaiting(app))
        let before = try #require(app.state.confirmDefs.first { $0.defNum == a.confirmed }?.itemName)
        app.press([.char("c"), .enter])
        #expect(app.state.prompt != nil) // the call note
        app.press([.enter])
        await settle(app)
        office.sandbox.faults.set([Fault(kind: .econnector, path: "/appointments/\(a.aptNum)", method: "PUT")])
        app.press([.char("A")])
        await settle(app)
        // A line is written when its answer comes: the note may finish before the confirmation.
        let lines = try ActionLog.read(path: log.path).sorted { ["confirm", "call note", "priority"].firstIndex(of: $0.action)! < ["confirm", "call note", "priority"].firstIndex(of: $1.action)! }
        #expect(lines.map(\.action) == ["confirm", "call note", "priority"])
        #expect(lines[0].operatorInitials == "JS" && lines[0].profile == "main" && lines[0].records == "apt #\(a.aptNum) pat #\(a.patNum)")
        #expect(lines[0].change == "\(before) → Appointment Confirmed" && lines[0].outcome == "saved")
        #expect(lines[1].records == "pat #\(a.patNum)" && lines[1].change.hasPrefix("commlog +") && lines[1].outcome == "saved")
        #expect(lines[2].change == "Normal → ASAP" && lines[2].outcome == "failed")
        // Record numbers only: no name, no note text.
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
        let p = try await client.send(Endpoints.patient(a.patNum))
        #expect(!text.contains(p.lName) && !text.contains("by phone"))
        let mode = try FileManager.default.attributesOfItem(atPath: log.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try ActionLog.read(path: log.path, operatorInitials: "xy").isEmpty)
        #expect(try ActionLog.read(path: log.path, day: String(lines[0].time.prefix(10)), operatorInitials: "js").count == 3)
        #expect(ActionLog.table(lines).split(separator: "\n").count == 4)
    }

    /// The dashboard ends (the ssh link dropped, a signal) while a write waits for the office: its
    /// line is in the action log at once, as unknown, and never twice when the answer comes after.
    @Test func aWriteOnItsWayWhenTheDashboardEndsIsLoggedAsUnknownOnce() async throws {
        let dir = temporaryFolder("actions")
        let log = ActionLog(path: dir + "/state/frontdesk/actions.log")
        let (office, app, _) = try await dashboard(log: log)
        defer { Task { await office.sandbox.stop() } }
        let a = try #require(selectWaiting(app))
        var slow = Fault(kind: .latency, path: "/appointments/\(a.aptNum)", latencyMs: 3000, remaining: 1, method: "PUT")
        slow.exactPath = true
        office.sandbox.faults.set([slow])
        app.press([.char("A")])
        _ = await app.run(for: 1, leaveRunning: true) { _ in false }
        #expect(try ActionLog.read(path: log.path).isEmpty)
        #expect(app.end() == 1)
        let lines = try ActionLog.read(path: log.path)
        #expect(lines.count == 1 && lines.first?.action == "priority" && lines.first?.outcome.hasPrefix("unknown: the dashboard ended") == true,
                "\(lines)")
        // The answer comes later (the write was not stopped): nothing more is written for it.
        _ = await app.run(for: 30, leaveRunning: true) { [app] _ in app.idle }
        #expect(try ActionLog.read(path: log.path).count == 1)
        #expect(app.end() == 0)
    }

    @Test func aChangeMadeElsewhereIsShownAndNeverSilentlyOverwritten() async throws {
        let (office, app, client) = try await dashboard(checkAfter: 0)
        defer { Task { await office.sandbox.stop() } }
        let a = try #require(selectWaiting(app))
        let leftMsg = try #require(app.state.confirmDefs.first { $0.itemName == "Left Msg" }?.defNum)
        let confirmed = try #require(app.state.confirmDefs.first { $0.itemName == "Appointment Confirmed" }?.defNum)
        // Another workstation confirms it while this screen still shows the old status.
        _ = try await client.send(Endpoints.confirmAppointment(a.aptNum, .defNum(confirmed)))
        app.press([.char("c")])
        let key = try #require(app.state.picker?.items.first { $0.value == leftMsg }?.key)
        app.press([.char(key), .escape])
        _ = await app.run(for: 10) { $0.dialog != nil }
        let dialog = try #require(app.state.dialog)
        #expect(dialog.lines.contains { $0.hasPrefix("Status: ") && $0.hasSuffix("→ Confirmed") })
        #expect(try await client.send(Endpoints.appointment(a.aptNum)).confirmed == confirmed, "nothing was overwritten")
        // Told, the user chooses to save theirs.
        app.press([.char("y")])
        await settle(app)
        #expect(try await client.send(Endpoints.appointment(a.aptNum)).confirmed == leftMsg)
    }

    func type(_ app: HeadlessRuntime, _ text: String) { app.press(text.map { Key.char($0) }) }

    @Test func aNewPatientIsCreatedAfterTheDuplicateSearchAndOpens() async throws {
        let (office, app, client) = try await dashboard()
        defer { Task { await office.sandbox.stop() } }
        app.press([.char("2"), .escape, .char("N")])
        type(app, "Quinterro")
        app.press([.tab])
        type(app, "Maribel")
        app.press([.tab])
        type(app, "7/4/1991")
        app.press([.tab, .right, .tab])
        type(app, "(503)555-0177")
        app.press([.enter])
        _ = await app.run(for: 15) { $0.patient.detail != nil }
        let pat = try #require(app.state.patient.patNum)
        let p = try await client.send(Endpoints.patient(pat))
        #expect(p.lName == "Quinterro" && p.fName == "Maribel" && p.birthdate == LocalDate(year: 1991, month: 7, day: 4))
        #expect(p.gender == .female && p.wirelessPhone == "(503)555-0177" && p.email.isEmpty)
        // The same person again: the search finds her, and choosing her creates nobody.
        app.press([.char("2"), .escape, .char("N")])
        type(app, "Quinterro")
        app.press([.tab])
        type(app, "Maribel")
        app.press([.enter])
        _ = await app.run(for: 10) { $0.picker != nil }
        #expect(app.state.picker?.items.first?.value == pat)
        app.press([.enter])
        _ = await app.run(for: 10) { $0.patient.detail?.patient.patNum == pat }
        let same = try await client.collectAll(Endpoints.searchPatients(PatientSearch(lName: "Quinterro")))
        #expect(same.count == 1)
    }

    @Test func contactDetailsAreEditedAndAChangeElsewhereIsNotOverwritten() async throws {
        let (office, app, client) = try await dashboard()
        defer { Task { await office.sandbox.stop() } }
        let a = try #require(selectWaiting(app))
        app.press([.enter])
        _ = await app.run(for: 10) { $0.patient.detail != nil }
        let before = try await client.send(Endpoints.patient(a.patNum))
        app.press([.char("e"), .ctrl("u")])
        type(app, "(503)555-0142")
        app.press([.enter])
        await settle(app)
        var now = try await client.send(Endpoints.patient(a.patNum))
        #expect(now.wirelessPhone == "(503)555-0142" && now.email == before.email && now.hmPhone == before.hmPhone && now.address == before.address)
        #expect(app.state.message == "Saved: contact details")
        // Someone else changes the e-mail while this form is open on the old one.
        _ = await app.run(for: 10) { $0.patient.detail?.patient.wirelessPhone == "(503)555-0142" }
        app.press([.char("e"), .tab, .tab, .tab, .ctrl("u")])
        type(app, "mine@example.com")
        var other = PatientFields()
        other.email = "theirs@example.com"
        _ = try await client.send(Endpoints.updatePatient(a.patNum, other))
        app.press([.enter])
        await settle(app)
        now = try await client.send(Endpoints.patient(a.patNum))
        #expect(now.email == "theirs@example.com")
        #expect(app.state.message?.hasPrefix("Not saved: Email changed at the office since the form opened") == true)
    }

    func commlogCounts(_ client: OpenDentalClient, _ pats: [Int]) async throws -> [Int: Int] {
        var out: [Int: Int] = [:]
        for p in pats { out[p] = try await client.collectAll(Endpoints.commlogs(patNum: p)).count }
        return out
    }
}
