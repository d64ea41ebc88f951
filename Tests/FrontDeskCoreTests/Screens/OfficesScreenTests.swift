import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing
import TerminalUI

/// Three offices as the runtime reports them: one answering, one down, one refusing its key.
func officesState(width: Int = 80, height: Int = 24) -> AppState {
    var s = fixtureState(width: width, height: height)
    s.demo = false
    s.officeName = "Main Street"
    s.screen = .offices
    s.offices.rows = [
        OfficeRow(name: "Main Street", appointments: 7, unconfirmed: 3, here: 1, openMinutes: 150, answer: "answers", answers: true,
                  readAt: LocalDateTime(date: fixtureToday, time: LocalTime(hour: 9, minute: 18))),
        OfficeRow(name: "Riverside", answer: "unreachable: Network problem: could not connect (connection refused)"),
        OfficeRow(name: "Hillcrest\u{1B}[31m", answer: "refused: Invalid developer key or customer key."),
    ]
    s.offices.current = 0
    s.offices.cursor.selected = 0
    return s
}

@Suite struct OfficesScreenTests {
    @Test func theRowOfAnOfficeComesFromItsToday() {
        var s = fixtureState()
        s.connection = .online
        s.today.appointments = s.schedule.appointments
        let row = OfficeRow.of(s, name: "Main Street")
        // Six booked (the broken one left out); three not confirmed; one arrived and not dismissed.
        #expect(row.appointments == 6)
        #expect(row.unconfirmed == 3)
        #expect(row.here == 1)
        #expect(row.openMinutes == nil, "no schedules read yet: not a guessed 0")
        #expect(row.answers && row.answer == "answers")
        s.connection = .unknown
        s.today.problem = "Invalid developer key or customer key."
        #expect(OfficeRow.of(s, name: "x").answer == "refused: Invalid developer key or customer key.")
        s.connection = .offline("Network problem")
        #expect(OfficeRow.of(s, name: "x").answer == "unreachable: Network problem")
    }

    @Test func oPicksAnotherOfficeAndEnterShowsTheSelectedOne() {
        let store = TestStore(officesState())
        store.send(.key(.char("O"))) { s in _ = OfficesScreen.send(&s, .pick) }
        // Names from the config are made safe: no escape sequence reaches the terminal.
        #expect(store.state.picker?.items.map(\.label) == ["Main Street", "Riverside", "Hillcrest"])
        store.send(.key(.enter)) { $0.overlays = [] }
        store.effects([.switchOffice(1)])
        store.send(.key(.down)) { $0.offices.cursor.selected = 1 }
        store.send(.key(.down)) { $0.offices.cursor.selected = 2 }
        store.send(.key(.enter))
        store.effects([.switchOffice(2)])
    }

    @Test func withOneOfficeOSaysHowToAddAnother() {
        var s = fixtureState()
        s.demo = false
        let store = TestStore(s)
        store.send(.key(.char("O"))) { s in
            s.message = "Only one office: add [profiles.NAME]"
            s.messageIsError = true
            s.messageAt = s.clock
        }
    }

    /// With several offices the status line names the one shown first; a long error then still
    /// leaves the marked rows' count on it (CI once lost "3 marked" behind the office's name).
    @Test func theStatusLineNamesTheOfficeAndKeepsTheMarks() {
        var s = officesState()
        s.screen = .schedule
        s.schedule.marked = [103, 104, 105]
        s.message = "The office's confirmation statuses are still loading; try again in a moment"
        s.messageIsError = true
        let status = render(s).lines[s.height - 2]
        #expect(status.hasPrefix(" Main Street "), "\(status)")
        #expect(status.contains("3 marked") && status.contains("The office's confirmation"), "\(status)")
    }

    /// The huddle's call-note line at 80x24 with everything on the status line at once (the
    /// office's name, requests queued, the directory crawl): what is typed stays visible.
    @Test func aCallNoteTypedOnTheHuddleStaysVisibleOnABusyStatusLine() {
        var s = officesState()
        s.screen = .huddle
        s.huddle = huddleState().huddle
        s.huddle.open = .balances
        s.huddle.cursor.selected = 4
        s.queued = 12
        s.directoryProgress = DirectoryProgress(count: 1_200, total: 5_000)
        s.prompt = .callNote(patNum: 4, label: "Note a call with \(s.name(4))")
        s.prompt?.text = "left a message about the balance"
        let status = render(s).lines[s.height - 2]
        #expect(status.contains("left a message about the balance▏"), "\(status)")
        #expect(status.contains("Note a call with"), "\(status)")
    }

    @Test(arguments: GoldenTests.sizes) func golden(w: Int, h: Int) throws {
        try assertGolden("offices-\(w)x\(h)", render(officesState(width: w, height: h)))
    }
}

