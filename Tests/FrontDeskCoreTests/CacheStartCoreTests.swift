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
        var s = fresh()
        let effects = startEffects(&s, cache: nil)
        #expect(effects == [.loadPermissions, .loadReference, .loadDay(fixtureToday), .loadDaySchedules(fixtureNow.date, background: true)])
        #expect(s.schedule.load == .loading)
    }

    @Test func aWarmStartAsksOnlyForTheDayAndTheDirectorysChanges() {
        var s = fresh()
        var c = CacheSnapshot()
        c.confirmDefs = [def(19, "Not Called", order: 0)]
        c.referenceFresh = true
        c.queriesAllowed = true
        c.directoryComplete = true
        c.day = [appt(1, pat: 5, time: "09:00")]
        c.dayFrom = LocalDateTime(date: fixtureToday, time: LocalTime(hour: 8, minute: 14))
        c.names = [5: "Okafor, Grace"]
        let effects = startEffects(&s, cache: c)
        #expect(effects == [.crawlDirectory, .loadDay(fixtureToday), .loadDaySchedules(fixtureNow.date, background: true)])
        #expect(s.visibleAppointments.map(\.aptNum) == [1])
        #expect(render(s).text.contains("Okafor, Grace"))
        #expect(render(s).lines[22].contains("data from 08:14"), "\(render(s).lines[22])")
        // The office answers: the day is its own again, and names come from the cache, not a query.
        let after = update(&s, .dayLoaded(fixtureToday, [appt(1, pat: 5, time: "09:00"), appt(2, pat: 6, time: "10:00")]))
        #expect(s.schedule.from == nil)
        #expect(after == [.resolvePatients([6])])
    }

    @Test func staleReferenceIsShownButAskedForAgain() {
        var s = fresh()
        var c = CacheSnapshot()
        c.confirmDefs = [def(19, "Not Called", order: 0)]
        c.referenceFresh = false
        c.queriesAllowed = false
        let effects = startEffects(&s, cache: c)
        #expect(effects == [.loadReference, .crawlDirectory, .loadDay(fixtureToday), .loadDaySchedules(fixtureNow.date, background: true)])
        #expect(!s.confirmDefs.isEmpty)
    }

    @Test func midnightMovesTodayAlongAndNeverShowsYesterdayAsToday() {
        var s = fixtureState()
        #expect(s.schedule.day == fixtureToday)
        let next = LocalDateTime(date: fixtureToday.adding(days: 1), time: LocalTime(hour: 0, minute: 0, second: 1))
        let effects = update(&s, .tick(now: next, clock: 100))
        #expect(s.schedule.day == next.date)
        #expect(s.schedule.appointments.isEmpty)
        #expect(effects == [.loadDay(next.date)])
        // Someone looking at another day keeps it.
        var other = fixtureState()
        _ = update(&other, .key(.left))
        let day = other.schedule.day
        #expect(day == fixtureToday.adding(days: -1))
        _ = update(&other, .tick(now: next, clock: 100))
        #expect(other.schedule.day == day)
    }

    @Test func writesAreRefusedWithTheReasonWhileTheOfficeIsUnreachable() {
        var s = fixtureState()
        s.schedule.from = LocalDateTime(date: fixtureToday, time: LocalTime(hour: 8, minute: 14))
        _ = update(&s, .failed("Office unreachable", offline: true))
        for key: Key in [.char("c"), .char("a"), .char("n"), .char("b"), .char("L")] {
            s.message = nil
            let effects = update(&s, .key(key))
            #expect(effects.isEmpty)
            #expect(s.prompt == nil && s.dialog == nil)
            #expect(s.message == "Cannot save: office unreachable")
        }
        // When it answers, writes go again.
        _ = update(&s, .dayLoaded(fixtureToday, s.schedule.appointments))
        _ = update(&s, .key(.char("c")))
        #expect(s.picker != nil)
        #expect(!update(&s, .key(.enter)).isEmpty)
    }

    @Test func anUnreachableOfficeShowsTheListAsLastSeen() {
        var s = fixtureState()
        // What the office answered last time: the rows are built from it when shown.
        let source = ListSource.confirmations([appt(9, pat: 5, time: "09:00")],
                                              contacts: [5: ContactCard(name: "Okafor, Grace", phone: "(503)555-0101", confirmMethod: "TextMessage")])
        s.lists.cached[.confirmations] = CachedList(source: source, from: LocalDateTime(date: fixtureToday, time: LocalTime(hour: 7, minute: 5)))
        _ = update(&s, .key(.char("3")))
        #expect(s.lists.load == .loading)
        _ = update(&s, .failed("Office unreachable", offline: true))
        #expect(s.lists.rows == [ListRow(id: 9, patNum: 5, aptNum: 9, cells: ["2026-12-01", "09:00", "Okafor, Grace", "Not Called", "(503)555-0101", "TextMessage"],
                                       status: "Not Called")])
        #expect(render(s).lines[22].contains("data from 07:05"))
    }

    @Test func theCrawlsProgressIsOnTheStatusLine() {
        var s = fixtureState()
        _ = update(&s, .directoryProgress(DirectoryProgress(count: 1200, total: 5000)))
        #expect(render(s).lines[22].contains("names 1,200 / 5,000"))
        let effects = update(&s, .directoryProgress(nil))
        #expect(s.directoryComplete)
        #expect(!render(s).lines[22].contains("names"))
        #expect(effects.contains { if case .namesFromCache = $0 { return true } else { return false } })
    }
}

/// A failure lands on the screen that asked: a list that fails does not mark the schedule failed.
@Suite struct FailureOriginTests {
    @Test func aFailureEndsOnlyTheLoadingOfTheScreenThatAsked() {
        var s = fixtureState()
        s.schedule.load = .loading
        s.lists.load = .loading
        _ = update(&s, .loadFailed(.lists, "Server error (500)", offline: false))
        #expect(s.lists.load == .failed("Server error (500)"))
        #expect(s.schedule.load == .loading)
        // Reference data or names failing: nobody on screen asked; the user is told, nothing stops.
        _ = update(&s, .loadFailed(.background, "Network problem", offline: true))
        #expect(s.schedule.load == .loading)
        #expect(s.connection == .offline("Network problem"))
        _ = update(&s, .loadFailed(.schedule, "Network problem", offline: true))
        #expect(s.schedule.load == .failed("Network problem"))
        #expect(Origin(.loadDay(fixtureToday)) == .schedule && Origin(.loadReference) == .background)
    }

    @Test func clicksLandOnTheRowsAndTabsThatWereDrawn() {
        var s = fixtureState()
        let grid = render(s)
        // The third drawn row.
        let third = grid.lines[Layout.firstRow + 2]
        _ = update(&s, .click(x: 10, y: Layout.firstRow + 2, double: false))
        let selected = s.visibleAppointments.first { $0.aptNum == s.schedule.cursor.selected }
        #expect(selected.map { third.contains(s.name($0.patNum)) } == true, "\(third)")
        // The tab drawn where "3 Lists" is.
        let x = grid.lines[Layout.tabRow].range(of: "3 Lists").map { grid.lines[Layout.tabRow].distance(from: grid.lines[Layout.tabRow].startIndex, to: $0.lowerBound) } ?? -1
        _ = update(&s, .click(x: x, y: Layout.tabRow, double: false))
        #expect(s.screen == .lists)
    }
}
