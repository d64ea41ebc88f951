import Testing
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI

/// The Lists screen on its own: rows built by named column, its keys, its rows drawn at 80x24.
@Suite struct ListsScreenTests {
    /// `3` with `kind` chosen, then the office's answer: every change and request stated.
    func onLists(_ kind: ListKind, _ source: ListSource) -> TestStore {
        var start = fixtureState()
        start.lists.kind = kind
        let store = TestStore(start)
        store.send(.key(.char("3"))) {
            $0.screen = .lists
            $0.lists.load = .loading
        }
        store.effects([.loadList(kind, today: fixtureToday)])
        store.send(.lists(.data(kind, source, from: nil))) { s in
            let (rows, appts) = ListsScreen.listRows(source, Shared(s))
            s.lists.show(rows, appts, from: nil)
            s.lists.load = .loaded(at: s.clock)
            s.lists.cursor.selected = s.visibleListRows.first?.id
            // Names the rows take from the directory and the app does not know are asked for.
            let unknown = rows.filter(\.namedFromDirectory).map(\.patNum).filter { s.patientNames[$0] == nil }
            s.requestedNames.formUnion(unknown)
        }
        store.ignoreEffects()
        return store
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
                                                     appt(202, pat: 3, time: "09:00", status: "Broken", confirmed: 24)])).state
        #expect(Array(render(s).lines[1...5]) == [
            " Confirmations   Waiting room  [Unscheduled]  ASAP   Planned   Recall     2 rows",
            "  Date       Patient                      Status      Procedures           Prov ",
            "▶ 2026-12-01 山田, 太郎                   Broken      PerEx, Pro, 4BW      DOC1 ",
            "  2026-12-01 Núñez, José                  Unsched     PerEx, Pro, 4BW      DOC1 ",
            "                                                                                ",
        ])
    }

    @Test func theNextListIsAskedForAndStartsAtTheTop() {
        let store = onLists(.unscheduled, .appointments([appt(201, pat: 1, time: "08:00", status: "UnschedList")]))
        store.send(.key(.char("]"))) {
            $0.lists.kind = .asap
            $0.lists.rows = []
            $0.lists.cursor = ListCursor()
            $0.lists.load = .loading
        }
        store.effects([.loadList(.asap, today: fixtureToday)])
        // A late answer for the list left behind is not shown.
        store.send(.lists(.data(.unscheduled, .appointments([appt(201, pat: 1, time: "08:00", status: "UnschedList")]), from: nil)))
        store.effects([])
        store.send(.key(.char("["))) { $0.lists.kind = .unscheduled }
        store.effects([.loadList(.unscheduled, today: fixtureToday)])
    }

    @Test func oneStatusAtATime() {
        let store = onLists(.unscheduled, .appointments([appt(201, pat: 1, time: "08:00", status: "UnschedList"),
                                                         appt(202, pat: 3, time: "09:00", status: "Broken", confirmed: 24)]))
        store.send(.key(.char("f"))) {
            $0.lists.statusFilter = "Broken"
            $0.message = "Only: Broken"
            $0.messageAt = $0.clock
        }
        store.effects([])
        #expect(store.state.visibleListRows.map(\.id) == [202])
        store.send(.key(.char("f"))) {
            $0.lists.statusFilter = "Unsched"
            $0.lists.cursor.selected = 201
            $0.message = "Only: Unsched"
        }
        store.effects([])
        store.send(.key(.char("f"))) {
            $0.lists.statusFilter = nil
            $0.message = "All statuses"
        }
        store.effects([])
        #expect(store.state.visibleListRows.count == 2)
    }

    @Test func confirmingFromAListWritesThatAppointment() {
        let store = onLists(.confirmations, .confirmations([appt(301, pat: 4, time: "09:30", confirmed: 19)],
                                                           contacts: [4: ContactCard(name: "W, M", phone: "555", confirmMethod: "Text")]))
        store.send(.key(.down))
        store.effects([])
        // `c`: the office's statuses for this appointment, "Appointment Confirmed" preselected.
        store.send(.key(.char("c"))) { s in
            s.picker = Picker(title: "Confirm: \(s.name(4)) · Tue 12/1 09:30", ConfirmFlow.statuses(s).map { ($0.itemName, $0.defNum) },
                              current: 19, preselect: 21, reply: ConfirmFlow.reply([301]))
        }
        store.effects([])
        // Enter: sent, the row marked saving, undo kept, and the call note offered.
        store.send(.key(.enter)) { s in
            s.overlays = [.prompt(ConfirmFlow.callNotes(label: "Call note", text: "Confirmed by phone for Tue 12/1 09:30", patNums: [4], suffixes: [:]))]
            s.saving[301] = "saving…"
            s.message = "Saving…"
            s.messageAt = s.clock
            s.undo = Undo(aptNum: 301, restore: .confirm(aptNum: 301, .defNum(19)), previousName: "Not Called")
        }
        store.effects([.confirm(aptNum: 301, .defNum(21))])
        store.send(.key(.escape)) { $0.overlays = [] } // no call note
        store.effects([])
        #expect(render(store.state).lines[3].contains("saving…"))
    }

    @Test func aListThatFailsLeavesTheScheduleAlone() {
        var s = onLists(.asap, .appointments([])).state
        s.schedule.load = .loading
        let store = TestStore(s)
        store.send(.key(.char("r"))) {
            $0.lists.load = .loading
            $0.message = "Refreshing…"
            $0.messageAt = $0.clock
        }
        store.effects([.loadList(.asap, today: fixtureToday)])
        store.send(.loadFailed(.lists, "HTTP 500", offline: false)) {
            $0.lists.load = .failed("HTTP 500")
            $0.message = "HTTP 500"
            $0.messageIsError = true
        }
        store.effects([])
        #expect(store.state.schedule.load == .loading)
    }
}
