import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing
import TerminalUI

/// Grid goldens: `render(state)` as text, compared byte for byte with
/// Tests/FrontDeskCoreTests/Golden/*.txt (Swift `String` equality would treat composed and
/// decomposed Vietnamese as equal, and the golden holds both on purpose).
/// `UPDATE_GOLDEN=1 swift test` rewrites a golden that changed and fails, so a rewrite is never
/// silent: review the diff and run again. Under CI it refuses to rewrite at all.
func assertGolden(_ name: String, _ grid: Grid, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    let file = dir.appendingPathComponent(name + ".txt")
    try compareOrRewrite(file, Data((grid.text + "\n").utf8), what: "golden \(name)", sourceLocation: sourceLocation)
}

/// The one rule for every golden file (grids and docs/keys.md).
func compareOrRewrite(_ file: URL, _ actual: Data, what: String, sourceLocation: SourceLocation) throws {
    let env = ProcessInfo.processInfo.environment
    let expected = try? Data(contentsOf: file)
    if env["UPDATE_GOLDEN"] == "1" {
        if env["CI"] != nil {
            Issue.record("UPDATE_GOLDEN is set under CI: goldens are never rewritten there", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: file)
            Issue.record("rewrote \(what): review the diff, then run the tests without UPDATE_GOLDEN", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected else {
        Issue.record("missing \(what): run UPDATE_GOLDEN=1 swift test", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let e = String(decoding: expected, as: UTF8.self).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        let a = String(decoding: actual, as: UTF8.self).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(e, a).enumerated().first { !$0.element.0.elementsEqual($0.element.1) }
        let show = { (s: Substring.UnicodeScalarView.SubSequence?) in s.map { String(String.UnicodeScalarView($0)) } ?? "" }
        Issue.record("\(what) differs (bytes) at line \((first?.offset ?? min(e.count, a.count)) + 1):\n expected: \(show(first?.element.0))\n actual:   \(show(first?.element.1))",
                     sourceLocation: sourceLocation)
    }
}

@Suite struct GoldenTests {
    static let sizes = [(80, 24), (120, 40)]

    @Test(arguments: sizes) func schedule(w: Int, h: Int) throws {
        try assertGolden("schedule-\(w)x\(h)", render(fixtureState(width: w, height: h)))
    }

    @Test(arguments: sizes) func patients(w: Int, h: Int) throws {
        let s = TestStore(fixtureState(width: w, height: h), exhaustive: false)
        s.screen = .patients
        s.patients.query = "ng"
        s.patients.results = hardNames.sorted { $0.key < $1.key }.map { k, v in
            let parts = v.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return selectRow(k, parts[0], parts.count > 1 ? parts[1] : "", status: k == 6 ? "Inactive" : "Patient")
        }
        s.patients.more = true
        s.patients.load = .loaded(at: 90)
        s.patients.cursor.selected = 2
        try assertGolden("patients-\(w)x\(h)", render(s))
    }

    @Test(arguments: sizes) func lists(w: Int, h: Int) throws {
        let s = TestStore(fixtureState(width: w, height: h), exhaustive: false)
        s.screen = .lists
        s.lists.kind = .waitingRoom
        s.lists.rows = [ListRow(id: 102, patNum: 2, aptNum: 102, cells: ["08:30", "08:25", "55 min", "Nguyễn, Thị Minh Khai", "3", "HYG1"], status: "Arrived"),
                      ListRow(id: 105, patNum: 5, aptNum: 105, cells: ["10:00", "09:10", "10 min", "Tables\u{1B}[2J, Bobby", "3", "DOC1"], status: "Arrived")]
        s.lists.load = .loaded(at: 99)
        s.lists.cursor.selected = 105
        try assertGolden("lists-\(w)x\(h)", render(s))
    }

    @Test(arguments: sizes) func helpOverlay(w: Int, h: Int) throws {
        let s = TestStore(fixtureState(width: w, height: h), exhaustive: false)
        s.help = true
        try assertGolden("help-\(w)x\(h)", render(s))
    }

    @Test func tooSmall() throws {
        try assertGolden("too-small-70x20", render(fixtureState(width: 70, height: 20)))
    }

    @Test func emptyAndOfflineStates() throws {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.schedule.appointments = []
        s.schedule.load = .failed("The office is not reachable (eConnector): Connection to the eConnector failed.")
        s.connection = .offline("x")
        try assertGolden("schedule-offline-80x24", render(s))
    }

    @Test func selectionVisibleWithoutColour() {
        // The selected row carries a marker as well as the selected role.
        let g = render(fixtureState())
        let row = g.lines.first { $0.contains("山田") }!
        #expect(row.hasPrefix("▶"))
    }
}

@Suite struct GridViewTests {
    @Test(arguments: GoldenTests.sizes) func gridGolden(w: Int, h: Int) throws {
        let s = TestStore(fixtureState(width: w, height: h), exhaustive: false)
        s.opOrder = [1, 2, 3]
        s.send(.key(.char("v")))
        s.effects([])
        #expect(s.schedule.gridView)
        try assertGolden("schedule-grid-\(w)x\(h)", render(s))
    }

    @Test func filtersCycleAndNarrowTheDay() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.opOrder = [1, 2, 3]
        s.send(.key(.char("o")))
        s.effects([])
        #expect(s.schedule.opFilter == 1 && s.visibleAppointments.allSatisfy { $0.op == 1 })
        #expect(render(s).text.contains("·  OP-1"))
        s.send(.key(.char("o")))
        s.effects([])
        s.send(.key(.char("o")))
        s.effects([])
        s.send(.key(.char("o")))
        s.effects([])
        #expect(s.schedule.opFilter == nil && s.visibleAppointments.count == 7)
        s.send(.key(.char("C")))
        s.effects([])
        #expect(s.schedule.clinicFilter == nil && s.message == "This office does not use clinics")
        s.send(.key(.char("p")))
        s.effects([])
        #expect(s.schedule.providerFilter == 1)
    }

    @Test func listNamesComeFromTheSharedDirectory() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.screen = .lists
        s.lists.kind = .unscheduled
        let rows = [ListRow(id: 1, patNum: 1, aptNum: 1, cells: ["2026-11-20", "", "Broken", "PerEx", "DOC1"], status: "Broken", nameColumn: 1),
                    ListRow(id: 2, patNum: 77, aptNum: 2, cells: ["2026-11-21", "", "Unsched", "PA", "DOC2"], status: "Unsched", nameColumn: 1)]
        // Only the unknown patient is looked up; the known one is drawn from the directory.
        s.send(.lists(.loaded(.unscheduled, rows, [])))
        s.effects([.resolvePatients([77])])
        var text = render(s).text
        #expect(text.contains("Núñez, José") && text.contains("#77"))
        s.send(.patientsResolved([77: "Okafor, Grace"]))
        s.effects([])
        text = render(s).text
        #expect(text.contains("Okafor, Grace"))
        // The local filter sees the names too.
        s.filter = "okafor"
        #expect(s.visibleListRows.map(\.id) == [2])
        // Asked once only.
        s.send(.lists(.loaded(.unscheduled, rows, [])))
        s.effects([])
    }

    @Test func statusFilterOnLists() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.screen = .lists
        s.lists.rows = [ListRow(id: 1, patNum: 1, aptNum: 1, cells: ["a"], status: "Not Called"),
                      ListRow(id: 2, patNum: 2, aptNum: 2, cells: ["b"], status: "Left Msg")]
        s.send(.key(.char("f")))
        s.effects([])
        #expect(s.visibleListRows.map(\.id) == [2])
        s.send(.key(.char("f")))
        s.effects([])
        #expect(s.visibleListRows.map(\.id) == [1])
        s.send(.key(.char("f")))
        s.effects([])
        #expect(s.visibleListRows.count == 2)
    }
}

@Suite struct KeysDocTests {
    @Test func docsKeysMatchesTheTables() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/keys.md")
        try compareOrRewrite(file, Data(KeyTables.markdown().utf8), what: "docs/keys.md", sourceLocation: #_sourceLocation)
    }
}
