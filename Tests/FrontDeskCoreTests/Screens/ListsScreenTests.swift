import Testing
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI

/// The Lists screen on its own: rows built by named column, its keys, its rows drawn at 80x24.
@Suite struct ListsScreenTests {
    func onLists(_ kind: ListKind, _ source: ListSource) -> AppState {
        var s = fixtureState()
        _ = update(&s, .key(.char("3")))
        s.lists.kind = kind
        _ = update(&s, .lists(.data(kind, source, from: nil)))
        return s
    }

    @Test func everyListHasOnePatientColumnAndRowsFitItsColumns() {
        for kind in ListKind.allCases {
            #expect(kind.columns.filter { $0 == .patient }.count == 1, "\(kind)")
            #expect(kind.columns.filter { $0.header.width == 0 }.count == 1, "\(kind): one column takes the room left")
        }
        let row = ListRow(.waitingRoom, id: 1, patNum: 2, aptNum: 1, [.arrived: "08:25", .operatory: "OP-1"], nameFromDirectory: true)
        #expect(row.cells == ["", "08:25", "", "", "OP-1", ""] && row.nameColumn == 3)
    }

    @Test func unscheduledRowsAreDrawnNewestFirstWithNamesFromTheDirectory() {
        let s = onLists(.unscheduled, .appointments([appt(201, pat: 1, time: "08:00", status: "UnschedList"),
                                                     appt(202, pat: 3, time: "09:00", status: "Broken", confirmed: 24)]))
        #expect(Array(render(s).lines[1...5]) == [
            " Confirmations   Waiting room  [Unscheduled]  ASAP   Planned   Recall     2 rows",
            "  Date       Patient                      Status      Procedures           Prov ",
            "▶ 2026-12-01 山田, 太郎                   Broken      PerEx, Pro, 4BW      DOC1 ",
            "  2026-12-01 Núñez, José                  Unsched     PerEx, Pro, 4BW      DOC1 ",
            "                                                                                ",
        ])
    }

    @Test func theNextListIsAskedForAndStartsAtTheTop() {
        var s = onLists(.unscheduled, .appointments([appt(201, pat: 1, time: "08:00", status: "UnschedList")]))
        #expect(update(&s, .key(.char("]"))) == [.loadList(.asap, today: fixtureToday)])
        #expect(s.lists.kind == .asap && s.lists.rows.isEmpty && s.lists.cursor.selected == nil && s.lists.load == .loading)
        // A late answer for the list left behind is not shown.
        _ = update(&s, .lists(.data(.unscheduled, .appointments([appt(201, pat: 1, time: "08:00", status: "UnschedList")]), from: nil)))
        #expect(s.lists.rows.isEmpty)
        #expect(update(&s, .key(.char("["))) == [.loadList(.unscheduled, today: fixtureToday)])
    }

    @Test func oneStatusAtATime() {
        var s = onLists(.unscheduled, .appointments([appt(201, pat: 1, time: "08:00", status: "UnschedList"),
                                                     appt(202, pat: 3, time: "09:00", status: "Broken", confirmed: 24)]))
        _ = update(&s, .key(.char("f")))
        #expect(s.message == "Only: Broken" && s.visibleListRows.map(\.id) == [202])
        _ = update(&s, .key(.char("f")))
        _ = update(&s, .key(.char("f")))
        #expect(s.message == "All statuses" && s.visibleListRows.count == 2)
    }

    @Test func confirmingFromAListWritesThatAppointment() {
        var s = onLists(.confirmations, .confirmations([appt(301, pat: 4, time: "09:30", confirmed: 19)],
                                                       contacts: [4: ContactCard(name: "W, M", phone: "555", confirmMethod: "Text")]))
        _ = update(&s, .key(.down))
        _ = update(&s, .key(.char("c")))
        #expect(update(&s, .key(.enter)) == [.confirm(aptNum: 301, .defNum(21))])
        _ = update(&s, .key(.escape)) // no call note
        #expect(s.saving[301] == "saving…")
        #expect(render(s).lines[3].contains("saving…"))
    }

    @Test func aListThatFailsLeavesTheScheduleAlone() {
        var s = onLists(.asap, .appointments([]))
        _ = update(&s, .key(.char("r")))
        s.schedule.load = .loading
        _ = update(&s, .loadFailed(.lists, "HTTP 500", offline: false))
        #expect(s.lists.load == .failed("HTTP 500") && s.schedule.load == .loading)
    }
}
