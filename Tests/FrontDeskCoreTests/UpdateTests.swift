import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing
import TerminalUI

@Suite struct UpdateTests {
    @Test func arrowsMoveTheSelectionByRecordId() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.down))
        s.effects([])
        #expect(s.schedule.cursor.selected == 104)
        s.send(.key(.char("k")))
        s.effects([])
        s.send(.key(.char("k")))
        s.effects([])
        #expect(s.schedule.cursor.selected == 102)
        s.send(.key(.char("G")))
        s.effects([])
        #expect(s.schedule.cursor.selected == 107)
        s.send(.key(.home))
        s.effects([])
        #expect(s.schedule.cursor.selected == 101)
    }

    @Test func selectionSurvivesARefreshThatReordersRows() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.schedule.cursor.selected = 105
        var reordered = s.schedule.appointments.reversed().map { $0 }
        reordered.removeAll { $0.aptNum == 101 }
        s.send(.dayLoaded(fixtureToday, reordered))
        s.effects([.resolvePatients([99])])
        #expect(s.schedule.cursor.selected == 105)
    }

    @Test func dayKeysLoadTheRightDay() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.right))
        s.effects([.loadDay(fixtureToday.adding(days: 1))])
        #expect(s.schedule.load == .loading && s.schedule.appointments.isEmpty)
        s.send(.key(.char("t")))
        s.effects([.loadDay(fixtureToday)])
        s.send(.key(.char("h")))
        s.effects([.loadDay(fixtureToday.adding(days: -1))])
    }

    @Test func writeKeysEmitTheRightEffectsAndMarkTheRowSaving() {
        let s = TestStore(fixtureState(), exhaustive: false)
        // c: the office's statuses, "Appointment Confirmed" preselected; Enter sends it.
        s.send(.key(.char("c")))
        s.effects([])
        #expect(s.picker?.items[s.picker!.selected].label == "Appointment Confirmed")
        s.send(.key(.enter))
        s.effects([.confirm(aptNum: 103, .defNum(21))])
        #expect(s.saving[103] == "saving…")
        s.send(.key(.escape))
        s.effects([]) // no call note
        s.send(.key(.char("L")))
        s.effects([.confirm(aptNum: 103, .defNum(20))])
        s.send(.key(.char("a")))
        s.effects([.setTime(aptNum: 103, .arrived, fixtureNow.time)])
        s.send(.key(.char("s")))
        s.effects([.setTime(aptNum: 103, .seated, fixtureNow.time)])
        s.send(.key(.char("x")))
        s.effects([.setTime(aptNum: 103, .dismissed, fixtureNow.time)])
        s.send(.writeDone(aptNum: 103, "Saved"))
        s.effects([.loadDay(fixtureToday)])
        #expect(s.saving[103] == nil)
    }

    @Test func aConfirmationChangeCanBeUndone() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.schedule.cursor.selected = 104 // Left Msg (20)
        s.send(.key(.char("c")))
        s.effects([])
        s.send(.key(.enter))
        s.effects([.confirm(aptNum: 104, .defNum(21))])
        s.send(.key(.escape))
        s.effects([]) // no call note
        s.send(.writeDone(aptNum: 104, "Saved"))
        s.effects([.loadDay(fixtureToday)])
        s.send(.key(.char("u")))
        s.effects([.confirm(aptNum: 104, .defNum(20))])
        #expect(s.message == "Undoing: back to Left Msg")
        // Only once.
        s.send(.key(.char("u")))
        s.effects([])
        #expect(s.messageIsError)
    }

    @Test func breakAsksFirstAndEscapeKeepsTheAppointment() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char("b")))
        s.effects([])
        #expect(s.dialog != nil)
        s.send(.key(.escape))
        s.effects([])
        #expect(s.dialog == nil)
        s.send(.key(.char("b")))
        s.effects([])
        s.send(.key(.char("m")))
        s.effects([.breakAppointment(aptNum: 103, toUnscheduledList: false, .missed)])
        s.schedule.cursor.selected = 106 // already broken
        s.send(.key(.char("b")))
        s.effects([])
        #expect(s.messageIsError)
    }

    @Test func noteIsTypedThenAppendedWithTheOperatorsInitials() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.operatorInitials = "JS"
        s.send(.key(.char("n")))
        s.effects([])
        for c in "Running late" { s.send(.key(.char(c))); s.effects([]) }
        #expect(s.prompt?.text == "Running late")
        // Letters are text while typing: q does not quit.
        s.send(.key(.char("q")))
        s.effects([])
        #expect(!s.quitting)
        s.send(.key(.backspace))
        s.effects([])
        s.send(.key(.enter))
        s.effects([.appendNote(aptNum: 103, "Running late (JS)")])
    }

    @Test func filterNarrowsRowsAsYouTypeAndEscClears() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char("/")))
        s.effects([])
        for c in "nguy" { s.send(.key(.char(c))); s.effects([]) }
        // Both spellings of Nguyễn match: precomposed and with combining marks.
        #expect(s.visibleAppointments.map(\.aptNum) == [102, 106])
        #expect(s.schedule.cursor.selected == 106)
        s.send(.key(.enter))
        s.effects([])
        #expect(s.filter == "nguy")
        s.send(.key(.escape))
        s.effects([])
        #expect(s.filter.isEmpty && s.visibleAppointments.count == 7)
    }

    @Test func readOnlyModeStripsWrites() {
        // Without read-only the same keys act: the picker opens, arrival is sent.
        let open = TestStore(fixtureState(), exhaustive: false)
        open.send(.key(.char("c")))
        open.effects([])
        #expect(open.picker != nil)
        var writing = fixtureState()
        #expect(!update(&writing, .key(.char("a"))).isEmpty)
        let s = TestStore(fixtureState(), exhaustive: false)
        s.readOnly = true
        s.send(.key(.char("c")))
        s.effects([])
        #expect(s.picker == nil)
        s.send(.key(.char("a")))
        s.effects([])
        #expect(s.saving.isEmpty)
        s.send(.key(.char("M")))
        s.effects([])
        #expect(s.booking == nil)
        #expect(!KeyTables.table(for: .schedule, detail: false, readOnly: true).contains { $0.writes })
    }

    /// An error is said whole at 80 columns, however long the status line is.
    @Test func anErrorIsReadableWhateverTheStatusLineHolds() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.connection = .offline("no route")
        // The day shown from the cache, with its age, and requests waiting.
        s.schedule.from = LocalDateTime(date: fixtureToday.adding(days: -1), time: LocalTime(hour: 17, minute: 55))
        s.queued = 12
        s.send(.key(.char("c")))
        s.effects([])
        let line = render(s).lines[22]
        #expect(line.contains("Cannot save: office unreachable") && line.contains("data from"), "\(line)")
    }

    /// The typing line owns the bottom line: at 80 columns, with the directory crawl's progress
    /// on the status line, a long label and the typed text stay visible.
    @Test func theTypedTextIsVisibleWhateverTheStatusLineHolds() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.directoryProgress = DirectoryProgress(count: 1_200, total: 5_000)
        s.queued = 3
        s.prompt = ConfirmFlow.callNotes(label: "Note for 3 (+ their time), sent as a Phone commlog with your initials", text: "Left Msg by phone, will call back", patNums: [1, 2, 3], suffixes: [:])
        let line = render(s).lines[22]
        #expect(line.contains("will call back▏"), "\(line)")
        #expect(line.contains("Note for 3"))
    }

    @Test func patientSearchParsesWhatPeopleType() {
        #expect(search(for: "smith", hideInactive: true).lName == "smith")
        let both = search(for: "Núñez, Jo", hideInactive: false)
        #expect(both.lName == "Núñez" && both.fName == "Jo" && both.hideInactive == nil)
        #expect(search(for: "(503) 555-1234", hideInactive: true).phone == "5035551234")
        #expect(search(for: "3/14/1980", hideInactive: true).birthdate == LocalDate(year: 1980, month: 3, day: 14))
        #expect(search(for: "1980-03-14", hideInactive: true).birthdate == LocalDate(year: 1980, month: 3, day: 14))
        #expect(search(for: "03141980", hideInactive: true).birthdate == LocalDate(year: 1980, month: 3, day: 14))
        #expect(search(for: "3/14/80", hideInactive: true).birthdate == LocalDate(year: 1980, month: 3, day: 14))
        #expect(search(for: "#1234", hideInactive: true).chartNumber == "1234")
        #expect(parseDate("+3", today: fixtureToday, current: fixtureToday) == fixtureToday.adding(days: 3))
        #expect(parseDate("12/24", today: fixtureToday, current: fixtureToday) == LocalDate(year: 2026, month: 12, day: 24))
    }

    @Test func searchRunsWhenTypingPauses() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char("2")))
        s.effects([])
        s.send(.key(.char("n")))
        s.effects([.debounce(generation: 1, seconds: 0.35)])
        s.send(.key(.char("g")))
        s.effects([.debounce(generation: 2, seconds: 0.35)])
        // The pause after the first key is stale: the user kept typing.
        s.send(.patients(.searchPause(generation: 1)))
        s.effects([])
        s.send(.patients(.searchPause(generation: 2)))
        s.effects([.searchPatients(query: "ng", search(for: "ng", hideInactive: true), offset: 0)])
        #expect(s.prompt != nil) // still typing
        s.send(.patients(.loaded(query: "ng", offset: 0, rows: [selectRow(2, "Nguyễn", "Anh")], pageSize: 100)))
        s.effects([])
        #expect(render(s).text.contains("Nguyễn, Anh"))
        // Enter on the same text does not search again: it closes the prompt, keeps the results
        // and opens the patient chosen (↑/↓ choose while typing).
        s.send(.key(.enter))
        s.effects([.loadDetail(2)])
        #expect(s.prompt == nil && s.patients.results.count == 1)
        s.send(.key(.escape))
        s.effects([])
        // One letter is not enough to search.
        s.send(.key(.char("/")))
        s.effects([])
        s.send(.key(.ctrl("u")))
        s.effects([.debounce(generation: 3, seconds: 0.35)])
        s.send(.key(.char("x")))
        let e = s.takeEffects()
        s.send(.patients(.searchPause(generation: s.patients.typingGeneration)))
        s.effects([])
        #expect(e.count == 1)
    }

    @Test func searchResultsPageAsYouScroll() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char("2")))
        s.effects([])
        #expect(s.prompt?.isSearch == true)
        // Each letter waits (debounced) to see whether another follows.
        for (i, c) in "smi".enumerated() {
            s.send(.key(.char(c)))
            s.effects([.debounce(generation: i + 1, seconds: 0.35)])
        }
        s.send(.key(.enter))
        let effects = s.takeEffects()
        #expect(effects == [.searchPatients(query: "smi", search(for: "smi", hideInactive: true), offset: 0)])
        let page = (1...100).map { selectRow($0, "Smith", "P\($0)") }
        s.send(.patients(.loaded(query: "smi", offset: 0, rows: page, pageSize: 100)))
        s.effects([])
        #expect(s.patients.results.count == 100 && s.patients.more && s.patients.cursor.selected == 1)
        #expect(PatientsScreen.wantsMore(s.state) == nil)
        // The key that reaches the last rows asks for the next page itself (every runtime alike).
        s.send(.key(.char("G")))
        s.effects { $0.contains(.searchPatients(query: "smi", search(for: "smi", hideInactive: true), offset: 100)) }
        // A stale answer for an older query is ignored.
        s.send(.patients(.loaded(query: "old", offset: 0, rows: [], pageSize: 100)))
        s.effects([])
        #expect(s.patients.results.count == 100)
    }

    @Test func enterOpensThePatientAndEscGoesBack() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.enter))
        s.effects([.loadDetail(3)])
        #expect(s.patient.patNum == 3)
        s.send(.key(.escape))
        s.effects([])
        #expect(s.patient.patNum == nil && s.screen == .schedule)
    }

    @Test func clicksSelectRowsAndTabs() {
        let s = TestStore(fixtureState(), exhaustive: false)
        // Row 3 on screen is the first appointment.
        s.send(.click(x: 10, y: 3, double: false))
        s.effects([])
        #expect(s.schedule.cursor.selected == 101)
        s.send(.click(x: 10, y: 5, double: true))
        s.effects([.loadDetail(3)])
        s.patient.patNum = nil
        s.send(.click(x: 14, y: 0, double: false))
        s.effects([])
        #expect(s.screen == .patients)
    }

    @Test func theDirectoryIsCrawledOnceAfterReferenceData() {
        let s = TestStore(AppState(today: fixtureToday, now: fixtureNow), exhaustive: false)
        s.send(.reference(confirmDefs: [], providers: [], operatories: []))
        s.effects([.crawlDirectory])
        s.send(.reference(confirmDefs: [], providers: [], operatories: []))
        s.effects([])
        // Names arriving from the crawl fill rows that showed a record number.
        s.schedule.appointments = [appt(1, pat: 42, time: "09:00")]
        s.schedule.load = .loaded(at: 0)
        #expect(render(s).text.contains("#42"))
        s.send(.patientsResolved([42: "Okafor, Grace"]))
        s.effects([])
        #expect(render(s).text.contains("Okafor, Grace"))
    }

    @Test func refreshKeepsOldRowsAndSaysSo() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char("r")))
        s.effects([.loadDay(fixtureToday)])
        let text = render(s).text
        #expect(text.contains("refreshing…") && text.contains("山田"))
        s.send(.dayLoaded(fixtureToday, s.schedule.appointments))
        s.effects([.resolvePatients([99])])
        #expect(!render(s).text.contains("refreshing…"))
    }

    @Test func offlineIsShownInWords() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.failed("The office is not reachable (eConnector)", offline: true))
        s.effects([])
        #expect(s.connection == .offline("The office is not reachable (eConnector)"))
        #expect(render(s).text.contains("OFFICE UNREACHABLE"))
        s.send(.dayLoaded(fixtureToday, s.schedule.appointments))
        s.effects([.resolvePatients([99])])
        #expect(s.connection == .online && s.message == "Connected to the office again" && !s.messageIsError)
    }

    /// The first attempt that does not reach the office turns the status line at once, while the
    /// request is retried: the screen keeps loading. An answer after it turns it back.
    @Test func anAttemptThatDidNotReachTheOfficeIsSaidAtOnce() {
        var start = fixtureState()
        start.connection = .online
        start.schedule.load = .loading
        let s = TestStore(start)
        let text = "Network problem: could not connect (connection refused)"
        s.send(.officeNotReached(text)) {
            $0.connection = .offline(text)
            $0.message = text
            $0.messageIsError = true
            $0.messageAt = 100
        }
        s.effects([])
        #expect(render(s).text.contains("OFFICE UNREACHABLE") && render(s).text.contains("could not connect"))
        // Said once: the retries' own failures change nothing.
        s.send(.officeNotReached(text))
        s.effects([])
        s.send(.officeAnswered) {
            $0.connection = .online
            $0.message = "Connected to the office again"
            $0.messageIsError = false
        }
        s.effects([])
    }

    @Test func tooSmallOnlyQuits() {
        let s = TestStore(fixtureState(width: 70, height: 20), exhaustive: false)
        s.send(.key(.char("c")))
        s.effects([])
        #expect(render(s).text.contains("Terminal too small"))
        s.send(.key(.char("q")))
        s.effects([.quit])
        let t = TestStore(fixtureState(width: 70, height: 20), exhaustive: false)
        t.send(.resize(width: 80, height: 24))
        t.effects([])
        #expect(!render(t).text.contains("too small"))
    }

    @Test func everyBindingHasHelpAndNoKeyIsBoundTwicePerScreen() {
        for (name, table) in [("schedule", KeyTables.schedule), ("patients", KeyTables.patients), ("lists", KeyTables.lists), ("detail", KeyTables.detail)] {
            var seen = Set<Key>()
            for b in table {
                #expect(!b.help.isEmpty)
                for k in b.keys { #expect(seen.insert(k).inserted, "\(name): \(k.label) bound twice") }
            }
        }
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char("?")))
        s.effects([])
        let text = render(s).text
        #expect(text.contains("Keys: Schedule") && text.contains("confirm") && text.contains("(saves to the office)"))
        // At 80x24 the list is taller than the screen: it scrolls, and the last key comes into view.
        #expect(text.contains("more below") && !text.contains("next colour theme"))
        for _ in 0..<40 { s.send(.key(.down)); s.effects([]) }
        #expect(s.help && render(s).text.contains("next colour theme"))
        s.send(.key(.char("x")))
        s.effects([])
        #expect(!s.help)
    }
}

@Suite struct SafeTextTests {
    @Test func escapeSequencesNeverReachTheTerminal() {
        #expect(SafeText.clean("Tables\u{1B}[2J\u{1B}[31m") == "Tables")
        #expect(SafeText.clean("Call\u{1B}]0;pwned\u{07} first") == "Call first")
        #expect(SafeText.clean("Bobby\u{07}") == "Bobby?")
        #expect(SafeText.clean("a\u{9B}31mb") == "ab")
        #expect(SafeText.clean("line1\r\nline2") == "line1  line2")
        #expect(SafeText.clean("José Núñez 山田") == "José Núñez 山田")
        #expect(SafeText.clean("\u{202E}evil") == "?evil")
        let grid = render(fixtureState()).text
        #expect(!grid.contains("\u{1B}") && !grid.contains("\u{07}"))
    }
}
