import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI
import Testing

/// Each screen's view drawn into a small area of its own (not the whole app, then sliced), its
/// text and its roles checked cell by cell, as ratatui's rendering tests check a small buffer.
@Suite struct AreaTests {
    /// The roles along a row, one per cell.
    func roles(_ g: Grid, row: Int) -> [Role] { (0..<g.width).map { g[$0, row].role } }
    /// The role of the first cell of `text` in `row`.
    func role(of text: String, in g: Grid, row: Int) -> Role? {
        guard let r = g.lines[row].range(of: text) else { return nil }
        let x = TextWidth.width(String(g.lines[row][..<r.lowerBound]))
        return g[x, row].role
    }

    @Test func theScheduleInASmallArea() {
        var s = fixtureState()
        s.schedule.cursor.selected = 104
        var g = Grid(width: 80, height: 6)
        ScheduleScreen.draw(&g, s)
        #expect(g.lines[0].hasPrefix("Today 2026-12-01  ·  7 appointments") && roles(g, row: 0).first == .title)
        #expect(g.lines[1].contains("Time") && roles(g, row: 1).allSatisfy { $0 == .header })
        // Four rows fit; the selection is kept on screen, marked in words and in role.
        let selected = g.lines.firstIndex { $0.contains("09:30") } ?? 0
        #expect(g.lines[selected].hasPrefix("▶") && g[0, selected].role == .selected)
        // The columns that name the row are highlighted; its status keeps its own role.
        #expect(role(of: "09:30", in: g, row: selected) == .selected && role(of: "Left Msg", in: g, row: selected) == .apptLeftMessage)
        // A status word carries its own role beside the words (never colour alone).
        #expect(role(of: "Arrived", in: g, row: 3) == .apptArrived, "\(g.lines[3])")
        #expect(role(of: "Complete", in: g, row: 2) == .apptComplete, "\(g.lines[2])")
    }

    @Test func thePatientsScreenInASmallArea() {
        var s = fixtureState()
        s.patients.query = "smi"
        s.patients.results = [selectRow(1, "Smith", "Ann"), selectRow(2, "Smithers", "Bo", status: "Inactive")]
        s.patients.load = .loaded(at: 100)
        s.patients.cursor.selected = 1
        var g = Grid(width: 80, height: 4)
        PatientsScreen.draw(&g, s)
        #expect(g.lines[0].hasPrefix("Patients matching \"smi\""))
        #expect(g.lines[2].hasPrefix("▶ Smith, Ann") && roles(g, row: 2).allSatisfy { $0 == .selected })
        // An inactive patient's status is dimmed, and said in words.
        #expect(role(of: "Inactive", in: g, row: 3) == .dim)
        #expect(role(of: "Smithers", in: g, row: 3) == .normal)
    }

    @Test func aFailedLoadInASmallAreaSaysWhyInItsRole() {
        var s = fixtureState()
        s.schedule.appointments = []
        s.schedule.load = .failed("Not authorised (401): check the developer and customer keys")
        s.connection = .unknown
        var g = Grid(width: 40, height: 7)
        ScheduleScreen.draw(&g, s)
        #expect(g.lines[3].hasPrefix("  Could not load:") && role(of: "Could not load:", in: g, row: 3) == .error)
        // Wrapped to the area's width, whole.
        #expect((g.lines[4] + " " + g.lines[5]).split(separator: " ").joined(separator: " ")
                    == "Not authorised (401): check the developer and customer keys")
        #expect(role(of: "Not", in: g, row: 4) == .error)
        #expect(g.lines[6].contains("Press r to try again."))
    }

    @Test func thePatientScreenScrollsWithinItsArea() {
        var s = fixtureState()
        s.patient.patNum = 3
        var g = Grid(width: 60, height: 3)
        PatientScreen.draw(&g, s)
        // No detail yet: the title names the patient and nothing is drawn past the area.
        #expect(g.lines[0].hasPrefix("Patient 山田, 太郎") && roles(g, row: 0).first == .title)
        #expect(g.height == 3)
    }
    @Test func theHuddleInASmallArea() {
        var s = huddleState()
        s.huddle.cursor.selected = HuddleFigureKind.unconfirmed.rawValue
        var g = Grid(width: 80, height: 16)
        HuddleScreen.draw(&g, s)
        #expect(g.lines[0].hasPrefix("Huddle · Tuesday 2026-12-01 (today)") && roles(g, row: 0).first == .title)
        #expect(g.lines[1].contains("Provider") && role(of: "Provider", in: g, row: 1) == .header)
        // The office's line is set apart in its role, and its figures are the providers' sums.
        let office = g.lines.firstIndex { $0.contains("Office") } ?? 0
        #expect(role(of: "Office", in: g, row: office) == .title && g.lines[office].contains("$2,770"))
        // The figure selected: marked in words and in role, only its name highlighted.
        let unconf = g.lines.firstIndex { $0.contains("Unconfirmed") && $0.hasPrefix("▶") } ?? 0
        #expect(unconf > office && role(of: "Unconfirmed", in: g, row: unconf) == .selected)
        #expect(role(of: "Wolfeschlegel", in: g, row: unconf) == .normal)
    }

    @Test func aHuddleFigureThatCannotBeHadIsDimmedAndSaysWhy() {
        var f = huddleFacts(patients: false)
        f.why[HuddlePart.patients.rawValue] = Huddle.needsQueries
        let s = huddleState(facts: f)
        var g = Grid(width: 80, height: 18)
        HuddleScreen.draw(&g, s)
        let row = g.lines.firstIndex { $0.contains("Birthdays") } ?? 0
        #expect(g.lines[row].contains("— needs the ApiQueries permission"), "\(g.lines[row])")
        #expect(role(of: "needs the ApiQueries", in: g, row: row) == .dim)
    }

    @Test func theOfficesViewInASmallArea() {
        var g = Grid(width: 80, height: 6)
        OfficesScreen.draw(&g, officesState())
        #expect(g.lines[2].hasPrefix("▶ ● Main Street") && role(of: "Main Street", in: g, row: 2) == .selected)
        // An office that does not answer says so in words, in the error role; never a key.
        #expect(role(of: "unreachable", in: g, row: 3) == .error && role(of: "refused", in: g, row: 4) == .error)
        #expect(role(of: "answers", in: g, row: 2) == .normal)
        #expect(!g.lines.joined().contains("\u{1B}"))
    }
}
