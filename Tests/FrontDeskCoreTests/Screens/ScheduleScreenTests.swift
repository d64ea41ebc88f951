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

    @Test func oneProviderOperatoryOrClinicAtATime() {
        var s = fixtureState()
        _ = update(&s, .key(.char("o")))
        #expect(s.schedule.opFilter == 1 && s.message == "Operatory: OP-1")
        #expect(s.visibleAppointments.map(\.aptNum) == [101, 104, 107])
        // The selection was not among them: the nearest one shown takes it.
        #expect(s.schedule.cursor.selected.map { [101, 104, 107].contains($0) } == true)
        _ = update(&s, .key(.char("o")))
        _ = update(&s, .key(.char("o")))
        _ = update(&s, .key(.char("o")))
        #expect(s.schedule.opFilter == nil && s.message == "All operatories")
        _ = update(&s, .key(.char("C")))
        #expect(s.message == "This office does not use clinics")
        _ = update(&s, .key(.char("p")))
        #expect(s.schedule.providerFilter == 1 && s.message == "Provider: DOC1")
    }

    @Test func theGridScrollsSidewaysAndIgnoresRowClicks() {
        var s = fixtureState()
        s.opOrder = [1, 2, 3]
        _ = update(&s, .key(.char("v")))
        #expect(s.schedule.gridView && s.message?.hasPrefix("Grid") == true)
        _ = update(&s, .key(.char("]")))
        _ = update(&s, .key(.char("]")))
        _ = update(&s, .key(.char("]")))
        #expect(s.schedule.gridFirstOp == 2)
        _ = update(&s, .key(.char("[")))
        #expect(s.schedule.gridFirstOp == 1)
        let before = s.schedule.cursor.selected
        #expect(update(&s, .click(x: 10, y: 3, double: true)).isEmpty)
        #expect(s.schedule.cursor.selected == before)
    }

    @Test func aDateTypedLoadsThatDayAndANewDayStartsUnselected() {
        let store = TestStore(fixtureState())
        let field = Prompt.goToDate
        func type(_ text: String) {
            store.send(.key(.char("d"))) { $0.prompt = field }
            store.effects([])
            var typed = ""
            for c in text {
                typed.append(c)
                store.send(.key(.char(c))) { [typed] in $0.prompt?.text = typed }
                store.effects([])
            }
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
        var s = fixtureState()
        let tomorrow = fixtureToday.adding(days: 1)
        #expect(update(&s, .tick(now: LocalDateTime(date: tomorrow, time: LocalTime(hour: 0, minute: 0)), clock: 200)) == [.loadDay(tomorrow)])
        #expect(s.schedule.day == tomorrow)
        // The user looks back at yesterday: the next midnight leaves it there.
        _ = update(&s, .key(.char("h")))
        #expect(update(&s, .tick(now: LocalDateTime(date: tomorrow.adding(days: 1), time: LocalTime(hour: 0, minute: 0)), clock: 300)).isEmpty)
        #expect(s.schedule.day == fixtureToday)
    }

    @Test func anotherDashboardsDayIsShownWithItsAgeAndAsksWhetherTheOfficeAnswers() {
        var s = AppState(today: fixtureToday, now: fixtureNow)
        let from = LocalDateTime(date: fixtureToday, time: LocalTime(hour: 9, minute: 5))
        let effects = update(&s, .dayShared(fixtureToday, [appt(1, pat: 1, time: "10:00")], from: from))
        #expect(effects.first == .loadPermissions)
        #expect(s.schedule.from == from && s.schedule.cursor.selected == 1)
        #expect(render(s).lines[22].contains("data from"))
    }

    @Test func aPlainWordFadesAnErrorStays() {
        var s = fixtureState()
        _ = update(&s, .writeDone(aptNum: 103, "Saved: Confirmed"))
        _ = update(&s, .tick(now: fixtureNow, clock: 103))
        #expect(s.message == "Saved: Confirmed")
        _ = update(&s, .tick(now: fixtureNow, clock: 107))
        #expect(s.message == nil)
        _ = update(&s, .writeNotSaved(aptNum: 103, "Not saved: confirmation (Server error (500))", resend: .confirm(aptNum: 103, .defNum(21))))
        _ = update(&s, .tick(now: fixtureNow, clock: 200))
        #expect(s.message?.hasPrefix("Not saved") == true)
    }
}
