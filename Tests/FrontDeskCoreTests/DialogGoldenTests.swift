import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing
import TerminalUI

/// Goldens at 80x24 for every dialog the front-desk actions add.
@Suite struct DialogGoldenTests {
    @Test func confirmationPicker() throws {
        var s = fixtureState()
        s.schedule.cursor.selected = 104
        _ = update(&s, .key(.char("c")))
        try assertGolden("picker-80x24", render(s))
    }

    @Test func markedRowsAndTheBulkProgress() throws {
        var s = fixtureState()
        for apt in [103, 104, 105] { s.schedule.marked.insert(apt) }
        try assertGolden("marked-80x24", render(s))
        _ = update(&s, .key(.char("c")))
        _ = update(&s, .key(.char("4")))
        try assertGolden("callnote-bulk-80x24", render(s))
    }

    @Test func newPatientForm() throws {
        var s = fixtureState()
        _ = update(&s, .key(.char("2")))
        _ = update(&s, .key(.escape))
        _ = update(&s, .key(.char("N")))
        for c in "Okafor" { _ = update(&s, .key(.char(c))) }
        _ = update(&s, .key(.tab))
        _ = update(&s, .key(.enter))
        try assertGolden("newpatient-80x24", render(s))
        for c in "Grace" { _ = update(&s, .key(.char(c))) }
        _ = update(&s, .key(.enter))
        _ = update(&s, .duplicates([selectRow(41, "Okafor", "Grace", birth: "1980-03-14"), selectRow(42, "Okafor", "Gracie")]))
        try assertGolden("duplicates-80x24", render(s))
    }

    @Test func conflictDialog() throws {
        var s = fixtureState()
        let shown = s.schedule.appointments.first { $0.aptNum == 103 }!
        var current = shown
        current.confirmed = 20
        current.confirmedName = "Left Msg"
        _ = update(&s, .conflict(write: .confirm(aptNum: 103, .defNum(24)), shown: shown, current: current))
        try assertGolden("conflict-80x24", render(s))
    }

    @Test func maskedAndLocked() throws {
        var s = fixtureState()
        _ = update(&s, .key(.char("P")))
        try assertGolden("masked-80x24", render(s))
        s.privacy = PrivacySettings(idleLockSeconds: 60, lockRequiresInitials: true)
        s.operatorInitials = "JS"
        _ = update(&s, .tick(now: fixtureNow, clock: 400))
        try assertGolden("locked-80x24", render(s))
    }

    @Test func readOnlyReachesNoWrite() {
        // Every key of every screen, in read-only mode, from a state where writes would go.
        for screen in ScreenID.allCases {
            for patient in [false, true] {
                var base = fixtureState()
                base.readOnly = true
                base.screen = screen
                if patient { base.patient = PatientState(patNum: 3) }
                let table = KeyTables.table(for: screen, detail: patient, readOnly: true)
                #expect(!table.contains { $0.writes })
                let keys: [Key] = "cLasxnbuARNemP ".map { .char($0) } + [.enter]
                for key in keys {
                    var s = base
                    let effects = update(&s, .key(key)) + (s.picker != nil ? update(&s, .key(.enter)) : [])
                    #expect(!effects.contains(where: WriteCheck.isWrite), "\(screen) \(key)")
                }
            }
        }
    }
}
