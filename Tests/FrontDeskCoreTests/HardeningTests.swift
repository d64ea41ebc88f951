import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing
import TerminalUI

/// An appointment as the server might send it: `date` nil means no AptDateTime at all.
func rawAppt(_ num: Int, pat: Int, date: String?, status: String = "Scheduled", confirmedName: String = "Not Called",
             arrived: String? = nil, seated: String? = nil) -> Appointment {
    var fields = [#""AptNum":\#(num)"#, #""PatNum":\#(pat)"#, #""AptStatus":"\#(status)""#, #""confirmed":"\#(confirmedName)""#, #""Op":1"#]
    if let date { fields.append(#""AptDateTime":"\#(date)""#) }
    if let arrived { fields.append(#""DateTimeArrived":"\#(arrived)""#) }
    if let seated { fields.append(#""DateTimeSeated":"\#(seated)""#) }
    return try! JSONDecoder().decode(Appointment.self, from: Data(("{" + fields.joined(separator: ",") + "}").utf8))
}

@Suite struct ServerDataTests {
    /// A row without a date once crashed the Lists screen (`aptDateTime!` in the row builder).
    @Test func rowsWithoutADateAreLeftOutAndCounted() {
        let appts = [rawAppt(1, pat: 1, date: "2026-12-02 09:00:00"), rawAppt(2, pat: 2, date: nil),
                     rawAppt(3, pat: 3, date: "2026-12-02 08:00:00", confirmedName: "Appointment Confirmed"),
                     rawAppt(4, pat: 4, date: "2026-12-02 07:30:00")]
        let pending = ListRows.pendingConfirmation(appts)
        #expect(pending.appointments.map(\.aptNum) == [4, 1])
        #expect(pending.undated == 1)
        let rows = ListRows.confirmations(appts, patients: [:], confirmDefs: [])
        #expect(rows.map(\.id) == [1, 3, 4])
        #expect(rows.first?.cells[0] == "2026-12-02" && rows.first?.cells[2] == "#1")
    }

    @Test func theWaitingRoomIsArrivedNotSeatedScheduledLongestFirst() {
        let appts = [
            rawAppt(1, pat: 1, date: "2026-12-01 09:00:00", arrived: "2026-12-01 08:50:00"),
            rawAppt(2, pat: 2, date: "2026-12-01 09:00:00", arrived: "2026-12-01 08:40:00"),
            rawAppt(3, pat: 3, date: "2026-12-01 09:00:00", arrived: "2026-12-01 08:30:00", seated: "2026-12-01 08:45:00"),
            rawAppt(4, pat: 4, date: "2026-12-01 09:00:00"),
            rawAppt(5, pat: 5, date: nil, arrived: "2026-12-01 08:55:00"),
            rawAppt(6, pat: 6, date: "2026-12-01 09:00:00", status: "Complete", arrived: "2026-12-01 08:10:00"),
        ]
        let (rows, kept) = ListRows.waitingRoom(appts, now: fixtureNow, opNames: [1: "OP-1"])
        #expect(kept.map(\.aptNum) == [2, 1, 5])
        #expect(rows.map { $0.cells[2] } == ["40 min", "30 min", "25 min"])
        #expect(rows[2].cells[0] == "")
    }

    @Test func listsOfUndatedAppointmentsSortWithoutUnwrapping() {
        let (rows, _) = ListRows.appointmentList([rawAppt(1, pat: 1, date: nil, status: "Planned"), rawAppt(2, pat: 2, date: "2026-11-02 09:00:00", status: "Planned")],
                                                 confirmDefs: [])
        #expect(rows.map(\.id) == [2, 1])
    }

    @Test func theScheduleAndThePatientScreenTakeUndatedRows() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.schedule.appointments.append(rawAppt(200, pat: 1, date: nil))
        #expect(s.visibleAppointments.first?.aptNum == 200)
        s.patient.patNum = 1
        s.patient.detail = PatientDetail(patient: try! JSONDecoder().decode(Patient.self, from: Data(#"{"PatNum":1,"LName":"A","FName":"B"}"#.utf8)),
                                 appointments: [rawAppt(1, pat: 1, date: nil), rawAppt(2, pat: 1, date: "2026-12-09 10:00:00")])
        #expect(render(s).text.contains("Upcoming appointments"))
    }
}

@Suite struct EscapeFilterTests {
    @Test func invisibleFormatCharactersAreRemovedAndTakeNoColumn() {
        for mark in ["\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00AD}", "\u{180E}", "\u{2064}"] {
            #expect(SafeText.clean("Ann\(mark)a") == "Anna", "U+\(String(mark.unicodeScalars.first!.value, radix: 16))")
            #expect(TextWidth.width(Character(mark)) == 0)
        }
        for bidi in ["\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{200E}", "\u{200F}", "\u{061C}"] {
            #expect(SafeText.clean("a\(bidi)b") == "a?b")
        }
    }

    /// The filter ran after fields were joined: `ESC [` at the end of a last name ate the first
    /// letter of the first name, and an unterminated OSC hid the rest of the line.
    @Test func eachFieldIsCleanedOnItsOwnAndSequencesEndAtTheirGrammar() {
        #expect(personName("Smith\u{1B}[", "John") == "Smith, John")
        #expect(personName("Smith\u{1B}]0;title", "John") == "Smith0;title, John")
        #expect(SafeText.clean("a\u{1B}[31;1mb") == "ab")
        #expect(SafeText.clean("a\u{1B}[31;é") == "aé")
        #expect(SafeText.clean("x\u{1B}]8;;http://evil\u{1B}\\link\u{1B}]8;;\u{1B}\\y") == "xlinky")
        #expect(SafeText.clean("x\u{1B}]0;no end, and the rest") == "x0;no end, and the rest")
        #expect(SafeText.clean("x\u{1B}(By") == "xy")
        #expect(SafeText.clean("x\u{1B}cy") == "xy")
        #expect(SafeText.clean("x\u{9D}0;t\u{9C}y") == "xy")
        #expect(SafeText.clean("x\u{90}q\u{1B}\\y") == "xy")
        #expect(SafeText.clean("x\u{9F}apc\u{9C}y") == "xy")
        // A sequence longer than the cap ends there: the rest is text.
        let long = "x\u{1B}[" + String(repeating: "1;", count: 400) + "my"
        let cleaned = SafeText.clean(long)
        #expect(!cleaned.unicodeScalars.contains { $0.value == 0x1B || (0x80...0x9F).contains($0.value) })
        #expect(cleaned.hasSuffix("my"))
    }

    @Test func theGridFiltersEverythingItDraws() {
        var g = Grid(width: 30, height: 1)
        g.put(0, 0, "A\u{1B}[2J\u{1B}]0;t\u{07}\u{202E}B\u{200B}C")
        #expect(g.lines[0].hasPrefix("A?BC "))
        #expect(!g.cells.contains { $0.text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E || $0.value == 0x200B } })
    }

    /// Zero-width marks once pushed the Birthdate column to 32/33/36 instead of 38 on their rows.
    @Test func columnsLineUpWhateverTheNameHolds() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.screen = .patients
        s.patients.query = "x"
        s.patients.load = .loaded(at: 99)
        s.patients.results = [selectRow(1, "Plain", "Anna"), selectRow(2, "Zero\u{200B}\u{200B}Width", "A\u{FEFF}n\u{00AD}n"),
                     selectRow(3, "Bi\u{202E}di", "\u{2066}Anna\u{2069}"), selectRow(4, "Esc\u{1B}[", "Anna")]
        s.patients.cursor.selected = 1
        let g = render(s)
        var columns: [Int] = []
        for y in 0..<g.height {
            let row = (0..<g.width).map { g[$0, y].text }
            if let x = (0..<(g.width - 10)).first(where: { row[$0..<($0 + 10)].joined() == "1980-03-14" }) { columns.append(x) }
        }
        #expect(columns.count == 4)
        #expect(Set(columns).count == 1, "Birthdate starts at \(columns)")
        #expect(g.lines.contains { $0.contains("Esc, Anna") })
    }

    /// The patient title while details load, and the prompt labels, printed names unfiltered.
    @Test func titlesAndPromptsCarryNoEscapes() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.patientNames[5] = "Evil\u{1B}]0;pwned\u{07}\u{202E}, Eve\u{1B}[31m"
        s.patient.patNum = 5
        s.patient.load = .loading
        var text = render(s).cells.map(\.text).joined()
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        s.patient.patNum = nil
        s.schedule.cursor.selected = 105
        s.send(.key(.char("n")))
        s.effects([])
        #expect(s.prompt != nil)
        text = render(s).cells.map(\.text).joined()
        #expect(text.contains("Add to note for Evil"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
    }
}

@Suite struct WriteOutcomeTests {
    @Test func aWriteIsFoundInTheRecordAsItIsNow() {
        let defs = [def(19, "Not Called", order: 0), def(21, "Appointment Confirmed", order: 1), def(20, "Left Msg", order: 2)]
        let a = appt(1, pat: 1, time: "09:00", confirmed: 21, confirmedName: "Appointment Confirmed", note: "Prefers mornings\ncalled (JS)",
                     arrived: "2026-12-01 09:02:41")
        #expect(WriteCheck.landed(.confirm(aptNum: 1, .value(.confirmed)), in: a, confirmDefs: defs) == true)
        #expect(WriteCheck.landed(.confirm(aptNum: 1, .defNum(20)), in: a, confirmDefs: defs) == false)
        #expect(WriteCheck.landed(.setTime(aptNum: 1, .arrived, LocalTime(hour: 9, minute: 2)), in: a, confirmDefs: defs) == true)
        #expect(WriteCheck.landed(.setTime(aptNum: 1, .seated, LocalTime(hour: 9, minute: 2)), in: a, confirmDefs: defs) == false)
        #expect(WriteCheck.landed(.appendNote(aptNum: 1, "called (JS)"), in: a, confirmDefs: defs) == true)
        #expect(WriteCheck.landed(.appendNote(aptNum: 1, "left msg (JS)"), in: a, confirmDefs: defs) == false)
        #expect(WriteCheck.landed(.breakAppointment(aptNum: 1, toUnscheduledList: false, .missed), in: a, confirmDefs: defs) == false)
        let broken = appt(1, pat: 1, time: "09:00", status: "Broken")
        #expect(WriteCheck.landed(.breakAppointment(aptNum: 1, toUnscheduledList: false, .missed), in: broken, confirmDefs: defs) == true)
    }

    /// "Not sure it saved" once said it reloaded while nothing was fetched, and invited typing
    /// the call note again. Now: a re-read at once, then saved, or not saved with R to resend.
    @Test func notSavedOffersRToSendAgainAndUnknownOffersRToCheckAgain() {
        let s = TestStore(fixtureState(), exhaustive: false)
        let note = Effect.appendNote(aptNum: 103, "called (JS)")
        s.send(.writeNotSaved(aptNum: 103, WriteCheck.notSaved("appointment note", "Server error (500)"), resend: note))
        s.effects([])
        #expect(s.message?.contains("Press R to send again") == true && s.messageIsError)
        s.send(.key(.char("R")))
        s.effects([note])
        #expect(s.saving[103] == "saving…")
        s.send(.writeUnknown(aptNum: 103, WriteCheck.unknown("appointment note"), recheck: note))
        s.effects([])
        #expect(s.message?.contains("Press R to check again") == true)
        s.send(.key(.char("R")))
        s.effects([.verifyWrite(note)])
        s.send(.writeDone(aptNum: 103, "Saved: appointment note (checked with the office)"))
        s.effects([.loadDay(fixtureToday)])
        #expect(s.pendingWrite == nil)
        s.send(.key(.char("R")))
        s.effects([])
        #expect(s.message == "Nothing to send again")
    }

    /// A write the office refused keeps the row's old value on screen and says so.
    @Test func aFailedWriteKeepsTheOldValueAndSaysSo() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.schedule.cursor.selected = 104
        s.send(.key(.char("c")))
        s.effects([])
        #expect(s.picker != nil)
        s.send(.key(.enter))
        s.effects([.confirm(aptNum: 104, .defNum(21))])
        s.send(.key(.escape))
        s.effects([]) // no call note
        #expect(render(s).text.contains("saving…"))
        s.send(.writeNotSaved(aptNum: 104, WriteCheck.notSaved("confirmation", "Bad request (400): no such status"), resend: .confirm(aptNum: 104, .defNum(21))))
        s.effects([])
        let text = render(s).text
        #expect(!text.contains("saving…"))
        #expect(text.contains("Left Msg"), "the row still shows its old status")
        #expect(text.contains("Not saved: confirmation"))
        #expect(s.undo == nil, "nothing to undo after a refused write")
    }

    /// Reference data now comes after the day: L before the statuses arrive says so.
    @Test func leftMessageBeforeTheStatusesArriveSaysSo() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.confirmDefs = []
        s.send(.key(.char("L")))
        s.effects([])
        #expect(s.message?.contains("still loading") == true)
    }

    @Test func readOnlyHasNoR() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.readOnly = true
        s.pendingWrite = PendingWrite(effect: .appendNote(aptNum: 103, "x"), recheck: false)
        s.send(.key(.char("R")))
        s.effects([])
    }
}

@Suite struct PatientKeysTests {
    /// `i` shows or hides inactive patients and searches again; `m` notes a call on the patient
    /// screen, stamped with the operator's initials.
    @Test func iTogglesInactiveAndMNotesACall() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.screen = .patients
        s.patients.query = "ng"
        s.send(.key(.char("i")))
        let effects = s.takeEffects()
        #expect(!s.patients.hideInactive && s.message == "Showing inactive patients")
        #expect(effects == [.searchPatients(query: "ng", search(for: "ng", hideInactive: false), offset: 0)])
        s.send(.key(.char("i")))
        s.effects([.searchPatients(query: "ng", search(for: "ng", hideInactive: true), offset: 0)])
        #expect(s.patients.hideInactive)
        s.operatorInitials = "JS"
        s.patient.patNum = 1
        s.send(.key(.char("m")))
        s.effects([])
        #expect(s.prompt == .callNote(patNum: 1, label: "Note a call with Núñez, José"))
        for c in "Called, left VM" { s.send(.key(.char(c))); s.effects([]) }
        s.send(.key(.enter))
        s.effects([.addCommlog(patNum: 1, "Called, left VM (JS)")])
        s.readOnly = true
        s.send(.key(.char("m")))
        s.effects([])
        #expect(s.prompt == nil)
    }
}

@Suite struct StatusLineTests {
    /// A refused key once read "Office unreachable:" on an empty schedule.
    @Test func aRefusedKeyIsNotCalledAnUnreachableOffice() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.connection = .unknown
        s.schedule.appointments = []
        s.schedule.load = .loading
        s.send(.failed("Not authorised (401): check the developer and customer keys", offline: false))
        s.effects([])
        var text = render(s).text
        #expect(text.contains("Could not load:") && !text.contains("Office unreachable"))
        // The status line says so, not "connecting" (it said that for as long as the dashboard ran).
        #expect(render(s).lines[22].hasPrefix(" REFUSED ") && !text.contains("connecting"), "\(render(s).lines[22])")
        s.send(.failed("Network problem: could not connect to the server", offline: true))
        s.effects([])
        s.schedule.load = .failed("Network problem")
        text = render(s).text
        #expect(text.contains("Office unreachable:") && text.contains("OFFICE UNREACHABLE"))
    }

    /// The reason a load failed is said whole on an empty screen at 80 columns, over two lines
    /// (the office's own words after a refused key were cut at "Invalid develop").
    @Test func aLongReasonIsSaidWholeOnTheEmptyScreen() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.connection = .unknown
        s.schedule.appointments = []
        s.schedule.load = .loading
        let reason = "Not authorised (401): check the developer and customer keys: Invalid developer or customer key."
        s.send(.failed(reason, offline: false))
        s.effects([])
        let lines = render(s).lines
        let at = lines.firstIndex { $0.contains("Could not load:") } ?? 0
        let said = (lines[at + 1] + " " + lines[at + 2]).split(separator: " ").joined(separator: " ")
        #expect(said == reason, "\(lines[at + 1])\n\(lines[at + 2])")
        #expect(lines[at + 3].contains("Press r to try again."))
    }

    /// Before anything is loaded there is no age: the status line has no empty place between
    /// two dots (it read "0/0 ·  · 2 queued" on Patients while a slow office answered).
    @Test func nothingLoadedLeavesNoEmptyPlace() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.screen = .patients
        s.queued = 2
        let line = render(s).lines[22]
        #expect(line.contains(" 0/0 · 2 queued ") && !line.contains("·  ·"), "\(line)")
    }

    @Test func plainHttpToAnotherHostIsAlwaysShown() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.unencrypted = true
        s.message = "Saved: Confirmed"
        #expect(render(s).text.contains("NOT ENCRYPTED"))
    }

    @Test func theOfficesWaitIsShownInsteadOfOnline() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.officeWait(42))
        s.effects([])
        let text = render(s).text
        #expect(text.contains("office asked us to wait 42 s"))
        #expect(!text.contains(" online "))
        s.send(.officeWait(0))
        s.effects([])
        #expect(render(s).text.contains(" online "))
    }

    @Test func undoIsOfferedOnlyWhileThereIsSomethingToUndo() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char("c")))
        s.effects([])
        s.send(.key(.enter))
        s.effects([.confirm(aptNum: 103, .defNum(21))])
        s.send(.key(.escape))
        s.effects([]) // no call note
        s.send(.writeDone(aptNum: 103, "Saved: Confirmed"))
        s.effects([.loadDay(fixtureToday)])
        #expect(s.message == "Saved: Confirmed (u undoes)")
        s.send(.key(.char("u")))
        s.effects([.confirm(aptNum: 103, .defNum(21))])
        s.send(.writeDone(aptNum: 103, "Saved: Not Called"))
        s.effects([.loadDay(fixtureToday)])
        #expect(s.message == "Saved: Not Called")
    }

    @Test func readOnlyPatientTitleOffersNoWrite() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.readOnly = true
        s.patient.patNum = 1
        s.patient.detail = PatientDetail(patient: try! JSONDecoder().decode(Patient.self, from: Data(#"{"PatNum":1,"LName":"A","FName":"B"}"#.utf8)))
        let text = render(s).text
        #expect(text.contains("Esc back"))
        #expect(!text.contains("note a call"))
        s.readOnly = false
        #expect(render(s).text.contains("m note a call"))
    }
}

/// The day's names in one short query when the office grants ApiQueries; one by one otherwise.
@Suite struct DayNamesTests {
    @Test func withQueriesTheDaysNamesAreOneRequest() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.patientNames = [:]
        s.schedule.load = .loading
        // The permission comes first (it is asked at interactive priority): the query goes at once.
        s.send(.permissions(queries: true))
        s.effects([.loadDayNames(fixtureToday)])
        // The day arrives: no single look-ups, no second query.
        s.send(.dayLoaded(fixtureToday, s.schedule.appointments))
        s.effects([])
        // The query's answer covers all but one patient booked since: that one alone.
        let names = Dictionary(uniqueKeysWithValues: s.schedule.appointments.map(\.patNum).filter { $0 != 99 }.map { ($0, "N\($0)") })
        s.send(.dayNamesLoaded(fixtureToday, names))
        s.effects([.resolvePatients([99])])
        // A refresh brings a patient booked since the query: looked up alone, no second query.
        s.send(.patientsResolved([99: "Late, Booker"]))
        s.effects([])
        var refreshed = s.schedule.appointments
        refreshed.append(appt(301, pat: 777, time: "15:00"))
        s.send(.dayLoaded(fixtureToday, refreshed))
        s.effects([.resolvePatients([777])])
        // Another day: one query for it when it loads.
        s.send(.key(.right))
        s.effects([.loadDay(fixtureToday.adding(days: 1))])
        s.send(.dayLoaded(fixtureToday.adding(days: 1), [appt(300, pat: 500, time: "09:00")]))
        s.effects([.loadDayNames(fixtureToday.adding(days: 1))])
    }

    @Test func withoutQueriesNamesComeOneByOne() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.patientNames = [:]
        s.schedule.load = .loading
        s.send(.permissions(queries: false))
        s.effects([])
        s.send(.dayLoaded(fixtureToday, s.schedule.appointments))
        let effects = s.takeEffects()
        guard case .resolvePatients(let nums)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(Set(nums) == Set(s.schedule.appointments.map(\.patNum)))
        // A query that fails falls back the same way.
        let q = TestStore(fixtureState(), exhaustive: false)
        q.patientNames = [:]
        q.send(.permissions(queries: true))
        q.effects([.loadDayNames(fixtureToday)])
        q.send(.queriesUnavailable)
        guard case .resolvePatients? = q.takeEffects().first else { Issue.record("no fallback"); return }
        #expect(q.queriesAllowed == false)
    }
}
