import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing
import TerminalUI

@Suite struct UpdateTests {
    @Test func arrowsMoveTheSelectionByRecordId() {
        var s = fixtureState()
        _ = update(&s, .key(.down))
        #expect(s.schedule.cursor.selected == 104)
        _ = update(&s, .key(.char("k")))
        _ = update(&s, .key(.char("k")))
        #expect(s.schedule.cursor.selected == 102)
        _ = update(&s, .key(.char("G")))
        #expect(s.schedule.cursor.selected == 107)
        _ = update(&s, .key(.home))
        #expect(s.schedule.cursor.selected == 101)
    }

    @Test func selectionSurvivesARefreshThatReordersRows() {
        var s = fixtureState()
        s.schedule.cursor.selected = 105
        var reordered = s.schedule.appointments.reversed().map { $0 }
        reordered.removeAll { $0.aptNum == 101 }
        _ = update(&s, .dayLoaded(fixtureToday, reordered))
        #expect(s.schedule.cursor.selected == 105)
    }

    @Test func dayKeysLoadTheRightDay() {
        var s = fixtureState()
        #expect(update(&s, .key(.right)) == [.loadDay(fixtureToday.adding(days: 1))])
        #expect(s.schedule.load == .loading && s.schedule.appointments.isEmpty)
        #expect(update(&s, .key(.char("t"))) == [.loadDay(fixtureToday)])
        #expect(update(&s, .key(.char("h"))) == [.loadDay(fixtureToday.adding(days: -1))])
    }

    @Test func writeKeysEmitTheRightEffectsAndMarkTheRowSaving() {
        var s = fixtureState()
        // c: the office's statuses, "Appointment Confirmed" preselected; Enter sends it.
        #expect(update(&s, .key(.char("c"))).isEmpty && s.picker?.items[s.picker!.selected].label == "Appointment Confirmed")
        #expect(update(&s, .key(.enter)) == [.confirm(aptNum: 103, .defNum(21))])
        #expect(s.saving[103] == "saving…")
        _ = update(&s, .key(.escape)) // no call note
        #expect(update(&s, .key(.char("L"))) == [.confirm(aptNum: 103, .defNum(20))])
        #expect(update(&s, .key(.char("a"))) == [.setTime(aptNum: 103, .arrived, fixtureNow.time)])
        #expect(update(&s, .key(.char("s"))) == [.setTime(aptNum: 103, .seated, fixtureNow.time)])
        #expect(update(&s, .key(.char("x"))) == [.setTime(aptNum: 103, .dismissed, fixtureNow.time)])
        _ = update(&s, .writeDone(aptNum: 103, "Saved"))
        #expect(s.saving[103] == nil)
    }

    @Test func aConfirmationChangeCanBeUndone() {
        var s = fixtureState()
        s.schedule.cursor.selected = 104 // Left Msg (20)
        _ = update(&s, .key(.char("c")))
        _ = update(&s, .key(.enter))
        _ = update(&s, .key(.escape)) // no call note
        _ = update(&s, .writeDone(aptNum: 104, "Saved"))
        #expect(update(&s, .key(.char("u"))) == [.confirm(aptNum: 104, .defNum(20))])
        #expect(s.message == "Undoing: back to Left Msg")
        // Only once.
        #expect(update(&s, .key(.char("u"))).isEmpty && s.messageIsError)
    }

    @Test func breakAsksFirstAndEscapeKeepsTheAppointment() {
        var s = fixtureState()
        #expect(update(&s, .key(.char("b"))).isEmpty)
        #expect(s.dialog != nil)
        #expect(update(&s, .key(.escape)).isEmpty)
        #expect(s.dialog == nil)
        _ = update(&s, .key(.char("b")))
        #expect(update(&s, .key(.char("m"))) == [.breakAppointment(aptNum: 103, toUnscheduledList: false, .missed)])
        s.schedule.cursor.selected = 106 // already broken
        #expect(update(&s, .key(.char("b"))).isEmpty)
        #expect(s.messageIsError)
    }

    @Test func noteIsTypedThenAppendedWithTheOperatorsInitials() {
        var s = fixtureState()
        s.operatorInitials = "JS"
        _ = update(&s, .key(.char("n")))
        for c in "Running late" { _ = update(&s, .key(.char(c))) }
        #expect(s.prompt?.text == "Running late")
        // Letters are text while typing: q does not quit.
        _ = update(&s, .key(.char("q")))
        #expect(!s.quitting)
        _ = update(&s, .key(.backspace))
        #expect(update(&s, .key(.enter)) == [.appendNote(aptNum: 103, "Running late (JS)")])
    }

    @Test func filterNarrowsRowsAsYouTypeAndEscClears() {
        var s = fixtureState()
        _ = update(&s, .key(.char("/")))
        for c in "nguy" { _ = update(&s, .key(.char(c))) }
        // Both spellings of Nguyễn match: precomposed and with combining marks.
        #expect(s.visibleAppointments.map(\.aptNum) == [102, 106])
        #expect(s.schedule.cursor.selected == 106)
        _ = update(&s, .key(.enter))
        #expect(s.filter == "nguy")
        _ = update(&s, .key(.escape))
        #expect(s.filter.isEmpty && s.visibleAppointments.count == 7)
    }

    @Test func readOnlyModeStripsWrites() {
        // Without read-only the same keys act: the picker opens, arrival is sent.
        var open = fixtureState()
        _ = update(&open, .key(.char("c")))
        #expect(open.picker != nil)
        var writing = fixtureState()
        #expect(!update(&writing, .key(.char("a"))).isEmpty)
        var s = fixtureState()
        s.readOnly = true
        #expect(update(&s, .key(.char("c"))).isEmpty && s.picker == nil)
        #expect(update(&s, .key(.char("a"))).isEmpty && s.saving.isEmpty)
        #expect(update(&s, .key(.char("M"))).isEmpty && s.booking == nil)
        #expect(!KeyTables.table(for: .schedule, detail: false, readOnly: true).contains { $0.writes })
    }

    /// An error is said whole at 80 columns, however long the status line is.
    @Test func anErrorIsReadableWhateverTheStatusLineHolds() {
        var s = fixtureState()
        s.connection = .offline("no route")
        // The day shown from the cache, with its age, and requests waiting.
        s.schedule.from = LocalDateTime(date: fixtureToday.adding(days: -1), time: LocalTime(hour: 17, minute: 55))
        s.queued = 12
        _ = update(&s, .key(.char("c")))
        let line = render(s).lines[22]
        #expect(line.contains("Cannot save: office unreachable") && line.contains("data from"), "\(line)")
    }

    /// The typing line owns the bottom line: at 80 columns, with the directory crawl's progress
    /// on the status line, a long label and the typed text stay visible.
    @Test func theTypedTextIsVisibleWhateverTheStatusLineHolds() {
        var s = fixtureState()
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
        var s = fixtureState()
        _ = update(&s, .key(.char("2")))
        #expect(update(&s, .key(.char("n"))) == [.debounce(generation: 1, seconds: 0.35)])
        #expect(update(&s, .key(.char("g"))) == [.debounce(generation: 2, seconds: 0.35)])
        // The pause after the first key is stale: the user kept typing.
        #expect(update(&s, .patients(.searchPause(generation: 1))).isEmpty)
        #expect(update(&s, .patients(.searchPause(generation: 2))) == [.searchPatients(query: "ng", search(for: "ng", hideInactive: true), offset: 0)])
        #expect(s.prompt != nil) // still typing
        _ = update(&s, .patients(.loaded(query: "ng", offset: 0, rows: [selectRow(2, "Nguyễn", "Anh")], pageSize: 100)))
        #expect(render(s).text.contains("Nguyễn, Anh"))
        // Enter on the same text does not search again: it closes the prompt, keeps the results
        // and opens the patient chosen (↑/↓ choose while typing).
        #expect(update(&s, .key(.enter)) == [.loadDetail(2)])
        #expect(s.prompt == nil && s.patients.results.count == 1)
        _ = update(&s, .key(.escape))
        // One letter is not enough to search.
        _ = update(&s, .key(.char("/")))
        _ = update(&s, .key(.ctrl("u")))
        let e = update(&s, .key(.char("x")))
        #expect(update(&s, .patients(.searchPause(generation: s.patients.typingGeneration))).isEmpty && e.count == 1)
    }

    @Test func searchResultsPageAsYouScroll() {
        var s = fixtureState()
        _ = update(&s, .key(.char("2")))
        #expect(s.prompt?.isSearch == true)
        for c in "smi" { _ = update(&s, .key(.char(c))) }
        let effects = update(&s, .key(.enter))
        #expect(effects == [.searchPatients(query: "smi", search(for: "smi", hideInactive: true), offset: 0)])
        let page = (1...100).map { selectRow($0, "Smith", "P\($0)") }
        _ = update(&s, .patients(.loaded(query: "smi", offset: 0, rows: page, pageSize: 100)))
        #expect(s.patients.results.count == 100 && s.patients.more && s.patients.cursor.selected == 1)
        #expect(PatientsScreen.wantsMore(s) == nil)
        // The key that reaches the last rows asks for the next page itself (every runtime alike).
        #expect(update(&s, .key(.char("G"))).contains(.searchPatients(query: "smi", search(for: "smi", hideInactive: true), offset: 100)))
        // A stale answer for an older query is ignored.
        _ = update(&s, .patients(.loaded(query: "old", offset: 0, rows: [], pageSize: 100)))
        #expect(s.patients.results.count == 100)
    }

    @Test func enterOpensThePatientAndEscGoesBack() {
        var s = fixtureState()
        #expect(update(&s, .key(.enter)) == [.loadDetail(3)])
        #expect(s.patient.patNum == 3)
        _ = update(&s, .key(.escape))
        #expect(s.patient.patNum == nil && s.screen == .schedule)
    }

    @Test func clicksSelectRowsAndTabs() {
        var s = fixtureState()
        // Row 3 on screen is the first appointment.
        #expect(update(&s, .click(x: 10, y: 3, double: false)).isEmpty)
        #expect(s.schedule.cursor.selected == 101)
        #expect(update(&s, .click(x: 10, y: 5, double: true)) == [.loadDetail(3)])
        s.patient.patNum = nil
        _ = update(&s, .click(x: 14, y: 0, double: false))
        #expect(s.screen == .patients)
    }

    @Test func theDirectoryIsCrawledOnceAfterReferenceData() {
        var s = AppState(today: fixtureToday, now: fixtureNow)
        #expect(update(&s, .reference(confirmDefs: [], providers: [], operatories: [])) == [.crawlDirectory])
        #expect(update(&s, .reference(confirmDefs: [], providers: [], operatories: [])).isEmpty)
        // Names arriving from the crawl fill rows that showed a record number.
        s.schedule.appointments = [appt(1, pat: 42, time: "09:00")]
        s.schedule.load = .loaded(at: 0)
        #expect(render(s).text.contains("#42"))
        _ = update(&s, .patientsResolved([42: "Okafor, Grace"]))
        #expect(render(s).text.contains("Okafor, Grace"))
    }

    @Test func refreshKeepsOldRowsAndSaysSo() {
        var s = fixtureState()
        #expect(update(&s, .key(.char("r"))) == [.loadDay(fixtureToday)])
        let text = render(s).text
        #expect(text.contains("refreshing…") && text.contains("山田"))
        _ = update(&s, .dayLoaded(fixtureToday, s.schedule.appointments))
        #expect(!render(s).text.contains("refreshing…"))
    }

    @Test func offlineIsShownInWords() {
        var s = fixtureState()
        _ = update(&s, .failed("The office is not reachable (eConnector)", offline: true))
        #expect(s.connection == .offline("The office is not reachable (eConnector)"))
        #expect(render(s).text.contains("OFFICE UNREACHABLE"))
        _ = update(&s, .dayLoaded(fixtureToday, s.schedule.appointments))
        #expect(s.connection == .online && s.message == "Connected to the office again" && !s.messageIsError)
    }

    @Test func tooSmallOnlyQuits() {
        var s = fixtureState(width: 70, height: 20)
        #expect(update(&s, .key(.char("c"))).isEmpty)
        #expect(render(s).text.contains("Terminal too small"))
        #expect(update(&s, .key(.char("q"))) == [.quit])
        var t = fixtureState(width: 70, height: 20)
        _ = update(&t, .resize(width: 80, height: 24))
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
        var s = fixtureState()
        _ = update(&s, .key(.char("?")))
        let text = render(s).text
        #expect(text.contains("Keys: Schedule") && text.contains("confirm") && text.contains("(saves to the office)"))
        // At 80x24 the list is taller than the screen: it scrolls, and the last key comes into view.
        #expect(text.contains("more below") && !text.contains("next colour theme"))
        for _ in 0..<40 { _ = update(&s, .key(.down)) }
        #expect(s.help && render(s).text.contains("next colour theme"))
        _ = update(&s, .key(.char("x")))
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
