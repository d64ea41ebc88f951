import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing
import TerminalUI

/// What the core does with the cache: which requests a start makes, the day at midnight, and
/// writes while the screen shows old data from an unreachable office.
@Suite struct CacheStartCoreTests {
    func fresh() -> AppState {
        var s = AppState(today: fixtureToday, now: fixtureNow)
        s.width = 80
        s.height = 24
        return s
    }

    @Test func aColdStartAsksForPermissionDayAndReference() {
        let s = TestStore(fresh(), exhaustive: false)
        let effects = s.start(cache: nil)
        #expect(effects == [.loadPermissions, .loadReference, .loadDay(fixtureToday), .loadDaySchedules(fixtureNow.date, background: true)])
        #expect(s.schedule.load == .loading)
    }

    @Test func aWarmStartAsksOnlyForTheDayAndTheDirectorysChanges() {
        let s = TestStore(fresh(), exhaustive: false)
        var c = CacheSnapshot()
        c.confirmDefs = [def(19, "Not Called", order: 0)]
        c.referenceFresh = true
        c.queriesAllowed = true
        c.directoryComplete = true
        c.day = [appt(1, pat: 5, time: "09:00")]
        c.dayFrom = LocalDateTime(date: fixtureToday, time: LocalTime(hour: 8, minute: 14))
        c.names = [5: "Okafor, Grace"]
        let effects = s.start(cache: c)
        #expect(effects == [.crawlDirectory, .loadDay(fixtureToday), .loadDaySchedules(fixtureNow.date, background: true)])
        #expect(s.visibleAppointments.map(\.aptNum) == [1])
        #expect(render(s).text.contains("Okafor, Grace"))
        #expect(render(s).lines[22].contains("data from 08:14"), "\(render(s).lines[22])")
        // The office answers: the day is its own again, and names come from the cache, not a query.
        s.send(.dayLoaded(fixtureToday, [appt(1, pat: 5, time: "09:00"), appt(2, pat: 6, time: "10:00")]))
        let after = s.takeEffects()
        #expect(s.schedule.from == nil)
        #expect(after == [.resolvePatients([6])])
    }

    @Test func staleReferenceIsShownButAskedForAgain() {
        let s = TestStore(fresh(), exhaustive: false)
        var c = CacheSnapshot()
        c.confirmDefs = [def(19, "Not Called", order: 0)]
        c.referenceFresh = false
        c.queriesAllowed = false
        let effects = s.start(cache: c)
        #expect(effects == [.loadReference, .crawlDirectory, .loadDay(fixtureToday), .loadDaySchedules(fixtureNow.date, background: true)])
        #expect(!s.confirmDefs.isEmpty)
    }

    @Test func midnightMovesTodayAlongAndNeverShowsYesterdayAsToday() {
        let s = TestStore(fixtureState(), exhaustive: false)
        #expect(s.schedule.day == fixtureToday)
        let next = LocalDateTime(date: fixtureToday.adding(days: 1), time: LocalTime(hour: 0, minute: 0, second: 1))
        s.send(.tick(now: next, clock: 100))
        let effects = s.takeEffects()
        #expect(s.schedule.day == next.date)
        #expect(s.schedule.appointments.isEmpty)
        #expect(effects == [.loadDay(next.date)])
        // Someone looking at another day keeps it.
        let other = TestStore(fixtureState(), exhaustive: false)
        other.send(.key(.left))
        other.effects([.loadDay(fixtureToday.adding(days: -1))])
        let day = other.schedule.day
        #expect(day == fixtureToday.adding(days: -1))
        other.send(.tick(now: next, clock: 100))
        other.effects([])
        #expect(other.schedule.day == day)
    }

    @Test func writesAreRefusedWithTheReasonWhileTheOfficeIsUnreachable() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.schedule.from = LocalDateTime(date: fixtureToday, time: LocalTime(hour: 8, minute: 14))
        s.send(.failed("Office unreachable", offline: true))
        s.effects([])
        for key: Key in [.char("c"), .char("a"), .char("n"), .char("b"), .char("L")] {
            s.message = nil
            s.send(.key(key))
            let effects = s.takeEffects()
            #expect(effects.isEmpty)
            #expect(s.prompt == nil && s.dialog == nil)
            #expect(s.message == "Cannot save: office unreachable")
        }
        // When it answers, writes go again.
        s.send(.dayLoaded(fixtureToday, s.schedule.appointments))
        s.effects([.resolvePatients([99])])
        s.send(.key(.char("c")))
        s.effects([])
        #expect(s.picker != nil)
        s.send(.key(.enter))
        s.effects { !$0.isEmpty }
    }

    @Test func anUnreachableOfficeShowsTheListAsLastSeen() {
        let s = TestStore(fixtureState(), exhaustive: false)
        // What the office answered last time: the rows are built from it when shown.
        let source = ListSource.confirmations([appt(9, pat: 5, time: "09:00")],
                                              contacts: [5: ContactCard(name: "Okafor, Grace", phone: "(503)555-0101", confirmMethod: "TextMessage")])
        s.lists.cached[.confirmations] = CachedList(source: source, from: LocalDateTime(date: fixtureToday, time: LocalTime(hour: 7, minute: 5)))
        s.send(.key(.char("3")))
        s.effects([.loadList(.confirmations, today: fixtureToday)])
        #expect(s.lists.load == .loading)
        s.send(.failed("Office unreachable", offline: true))
        s.effects([])
        #expect(s.lists.rows == [ListRow(id: 9, patNum: 5, aptNum: 9, cells: ["2026-12-01", "09:00", "Okafor, Grace", "Not Called", "(503)555-0101", "TextMessage"],
                                       status: "Not Called")])
        #expect(render(s).lines[22].contains("data from 07:05"))
    }

    @Test func theCrawlsProgressIsOnTheStatusLine() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.directoryProgress(DirectoryProgress(count: 1200, total: 5000)))
        s.effects([])
        #expect(render(s).lines[22].contains("names 1,200 / 5,000"))
        s.send(.directoryProgress(nil))
        let effects = s.takeEffects()
        #expect(s.directoryComplete)
        #expect(!render(s).lines[22].contains("names"))
        #expect(effects.contains { if case .namesFromCache = $0 { return true } else { return false } })
    }
}

/// A failure lands on the screen that asked: a list that fails does not mark the schedule failed.
@Suite struct FailureOriginTests {
    @Test func aFailureEndsOnlyTheLoadingOfTheScreenThatAsked() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.schedule.load = .loading
        s.lists.load = .loading
        s.send(.loadFailed(.lists, "Server error (500)", offline: false))
        s.effects([])
        #expect(s.lists.load == .failed("Server error (500)"))
        #expect(s.schedule.load == .loading)
        // Reference data or names failing: nobody on screen asked; the user is told, nothing stops.
        s.send(.loadFailed(.background, "Network problem", offline: true))
        s.effects([])
        #expect(s.schedule.load == .loading)
        #expect(s.connection == .offline("Network problem"))
        s.send(.loadFailed(.schedule, "Network problem", offline: true))
        s.effects([])
        #expect(s.schedule.load == .failed("Network problem"))
        #expect(Origin(.loadDay(fixtureToday)) == .schedule && Origin(.loadReference) == .background)
    }

    @Test func clicksLandOnTheRowsAndTabsThatWereDrawn() {
        let s = TestStore(fixtureState(), exhaustive: false)
        let grid = render(s)
        // The third drawn row.
        let third = grid.lines[Layout.firstRow + 2]
        s.send(.click(x: 10, y: Layout.firstRow + 2, double: false))
        s.effects([])
        let selected = s.visibleAppointments.first { $0.aptNum == s.schedule.cursor.selected }
        #expect(selected.map { third.contains(s.state.name($0.patNum)) } == true, "\(third)")
        // The tab drawn where "3 Lists" is.
        let x = grid.lines[Layout.tabRow].range(of: "3 Lists").map { grid.lines[Layout.tabRow].distance(from: grid.lines[Layout.tabRow].startIndex, to: $0.lowerBound) } ?? -1
        s.send(.click(x: x, y: Layout.tabRow, double: false))
        s.effects([.loadList(.confirmations, today: fixtureToday)])
        #expect(s.screen == .lists)
    }
}
