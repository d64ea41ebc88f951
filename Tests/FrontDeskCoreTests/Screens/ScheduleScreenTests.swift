import Testing
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI

/// The schedule on its own: its keys one by one, and its rows drawn at 80x24 compared with literal text.
@Suite struct ScheduleScreenTests {
    @Test func itsRowsAreDrawnWithStatusInWordsAndTheSelectionMarked() {
        let lines = render(fixtureState()).lines
        #expect(Array(lines[1...5]) == [
            "Today 2026-12-01  ·  7 appointments                                3/7 confirmed",
            "  Time  Min Op    Patient                    Status      Prov  Procedures      N",
            "  08:00  30 OP-1  Núñez, José                Complete    DOC1  #14-MO-C2        ",
            "  08:30  30 HYG-1 Nguyễn, Thị Minh Khai      Arrived     DOC1  PerEx, Pro, 4BW  ",
            // 09:20 and not arrived: "Late" in words, and the note marker.
            "▶ 09:00  30 OP-2  山田, 太郎                 Late        DOC1  PerEx, Pro, 4BW *",
        ])
        #expect(lines[22].hasPrefix(" online  3/7 · updated 5s ago"))
    }

    /// A write on its way shows on its row, a late one too (where "Late" used to hide it).
    @Test func aLateRowBeingSavedSaysSo() {
        let store = TestStore(fixtureState())
        store.send(.key(.char("A"))) {
            $0.saving[103] = "saving…"
            $0.undo = Undo(aptNum: 103, restore: .setPriority(aptNum: 103, .normal), previousName: "not ASAP")
            $0.message = "Saving…"
            $0.messageAt = $0.clock
        }
        store.effects([.setPriority(aptNum: 103, .asap)])
        let row = render(store.state).lines[5]
        #expect(row.contains("saving…") && !row.contains("Late"), "\(row)")
    }

    @Test func oneProviderOperatoryOrClinicAtATime() {
        let store = TestStore(fixtureState())
        // One operatory: the selection was not among its rows, so the nearest one shown takes it.
        store.send(.key(.char("o"))) {
            $0.schedule.opFilter = 1
            $0.schedule.cursor.selected = 104
            $0.message = "Operatory: OP-1"
            $0.messageAt = $0.clock
        }
        store.effects([])
        #expect(store.state.visibleAppointments.map(\.aptNum) == [101, 104, 107])
        store.send(.key(.char("o"))) {
            $0.schedule.opFilter = 2
            $0.schedule.cursor.selected = 103
            $0.message = "Operatory: OP-2"
        }
        store.effects([])
        store.send(.key(.char("o"))) {
            $0.schedule.opFilter = 3
            // 102 (08:30) has ended by 09:20: today the first one not yet over is taken.
            $0.schedule.cursor.selected = 105
            $0.message = "Operatory: HYG-1"
        }
        store.effects([])
        store.send(.key(.char("o"))) {
            $0.schedule.opFilter = nil
            $0.message = "All operatories"
        }
        store.effects([])
        store.send(.key(.char("C"))) { $0.message = "This office does not use clinics" }
        store.effects([])
        store.send(.key(.char("p"))) {
            $0.schedule.providerFilter = 1
            $0.message = "Provider: DOC1"
        }
        store.effects([])
    }

    @Test func theGridScrollsSidewaysAndIgnoresRowClicks() {
        var s = fixtureState()
        s.opOrder = [1, 2, 3]
        let store = TestStore(s)
        store.send(.key(.char("v"))) {
            $0.schedule.gridView = true
            $0.message = "Grid: operatories as columns ([ ] to scroll sideways)"
            $0.messageAt = $0.clock
        }
        store.effects([])
        store.send(.key(.char("]"))) { $0.schedule.gridFirstOp = 1 }
        store.effects([])
        store.send(.key(.char("]"))) { $0.schedule.gridFirstOp = 2 }
        store.effects([])
        // Past the last operatory: it stays.
        store.send(.key(.char("]")))
        store.effects([])
        store.send(.key(.char("["))) { $0.schedule.gridFirstOp = 1 }
        store.effects([])
        // The grid is not a list of rows: a double click there selects and opens nothing.
        store.send(.click(x: 10, y: 3, double: true))
        store.effects([])
    }

    @Test func aDateTypedLoadsThatDayAndANewDayStartsUnselected() {
        let store = TestStore(fixtureState())
        let field = Prompt.goToDate
        func type(_ text: String) {
            store.send(.key(.char("d"))) { $0.prompt = field }
            store.effects([])
            store.type(text)
        }
        type("12/24")
        let day = LocalDate(year: 2026, month: 12, day: 24)
        store.send(.key(.enter)) {
            $0.prompt = nil
            $0.schedule.day = day
            $0.schedule.appointments = []
            $0.schedule.cursor = ListCursor()
            $0.schedule.load = .loading
        }
        store.effects([.loadDay(day)])
        type("soon")
        store.send(.key(.enter)) {
            $0.prompt = nil
            $0.message = "Not a date: soon"
            $0.messageIsError = true
            $0.messageAt = $0.clock
        }
        store.effects([])
    }

    @Test func midnightMovesTodayButNotADayTheUserChose() {
        let store = TestStore(fixtureState())
        let tomorrow = fixtureToday.adding(days: 1)
        let midnight = LocalDateTime(date: tomorrow, time: LocalTime(hour: 0, minute: 0))
        store.send(.tick(now: midnight, clock: 200)) {
            $0.now = midnight
            $0.clock = 200
            $0.schedule.day = tomorrow
            $0.schedule.appointments = []
            $0.schedule.cursor = ListCursor()
            $0.schedule.load = .loading
        }
        store.effects([.loadDay(tomorrow)])
        // The user looks back at yesterday: the next midnight leaves it there.
        store.send(.key(.char("h"))) { $0.schedule.day = fixtureToday }
        store.effects([.loadDay(fixtureToday)])
        let next = LocalDateTime(date: tomorrow.adding(days: 1), time: LocalTime(hour: 0, minute: 0))
        store.send(.tick(now: next, clock: 300)) {
            $0.now = next
            $0.clock = 300
        }
        store.effects([])
    }

    @Test func anotherDashboardsDayIsShownWithItsAgeAndAsksWhetherTheOfficeAnswers() {
        let store = TestStore(AppState(today: fixtureToday, now: fixtureNow))
        let from = LocalDateTime(date: fixtureToday, time: LocalTime(hour: 9, minute: 5))
        let day = [appt(1, pat: 1, time: "10:00")]
        store.send(.dayShared(fixtureToday, day, from: from)) {
            $0.schedule.appointments = day
            $0.schedule.from = from
            $0.schedule.load = .loaded(at: 0)
            $0.schedule.cursor.selected = 1
            $0.probed = true
            $0.today.appointments = day
            $0.today.readAt = from
            $0.requestedNames = [1]
        }
        store.effects([.loadPermissions, .resolvePatients([1])])
        #expect(render(store.state).lines[22].contains("data from"))
    }

    @Test func aPlainWordFadesAnErrorStays() {
        let store = TestStore(fixtureState())
        store.send(.writeDone(aptNum: 103, "Saved: Confirmed")) {
            $0.message = "Saved: Confirmed"
            $0.messageAt = $0.clock
        }
        store.effects([.loadDay(fixtureToday)])
        store.send(.tick(now: fixtureNow, clock: 103)) { $0.clock = 103 }
        store.effects([])
        store.send(.tick(now: fixtureNow, clock: 107)) {
            $0.clock = 107
            $0.message = nil
            $0.messageAt = 107
        }
        store.effects([])
        let resend = Effect.confirm(aptNum: 103, .defNum(21))
        store.send(.writeNotSaved(aptNum: 103, "Not saved: confirmation (Server error (500))", resend: resend)) {
            $0.message = "Not saved: confirmation (Server error (500))"
            $0.messageIsError = true
            $0.pendingWrite = PendingWrite(effect: resend, recheck: false)
        }
        store.effects([])
        store.send(.tick(now: fixtureNow, clock: 200)) { $0.clock = 200 }
        store.effects([])
    }
}
