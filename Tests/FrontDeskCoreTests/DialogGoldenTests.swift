import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing
import TerminalUI

/// Goldens at 80x24 for every dialog the front-desk actions add.
@Suite struct DialogGoldenTests {
    @Test func confirmationPicker() throws {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.schedule.cursor.selected = 104
        s.send(.key(.char("c")))
        s.effects([])
        try assertGolden("picker-80x24", render(s))
    }

    @Test func markedRowsAndTheBulkProgress() throws {
        let s = TestStore(fixtureState(), exhaustive: false)
        for apt in [103, 104, 105] { s.schedule.marked.insert(apt) }
        try assertGolden("marked-80x24", render(s))
        s.send(.key(.char("c")))
        s.effects([])
        s.send(.key(.char("4")))
        s.effects([.confirm(aptNum: 103, .defNum(20))])
        try assertGolden("callnote-bulk-80x24", render(s))
    }

    @Test func newPatientForm() throws {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char("2")))
        s.effects([])
        s.send(.key(.escape))
        s.effects([])
        s.send(.key(.char("N")))
        s.effects([])
        for c in "Okafor" { s.send(.key(.char(c))); s.effects([]) }
        s.send(.key(.tab))
        s.effects([])
        s.send(.key(.enter))
        s.effects([])
        try assertGolden("newpatient-80x24", render(s))
        for c in "Grace" { s.send(.key(.char(c))); s.effects([]) }
        s.send(.key(.enter))
        s.effects([.findDuplicates(lName: "Okafor", fName: "Grace", birthdate: nil)])
        s.send(.duplicates([selectRow(41, "Okafor", "Grace", birth: "1980-03-14"), selectRow(42, "Okafor", "Gracie")]))
        s.effects([])
        try assertGolden("duplicates-80x24", render(s))
    }

    @Test func conflictDialog() throws {
        let s = TestStore(fixtureState(), exhaustive: false)
        let shown = s.schedule.appointments.first { $0.aptNum == 103 }!
        var current = shown
        current.confirmed = 20
        current.confirmedName = "Left Msg"
        s.send(.conflict(write: .confirm(aptNum: 103, .defNum(24)), shown: shown, current: current))
        s.effects([.loadDay(fixtureToday)])
        try assertGolden("conflict-80x24", render(s))
    }

    @Test func maskedAndLocked() throws {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char("P")))
        s.effects([])
        try assertGolden("masked-80x24", render(s))
        s.privacy = PrivacySettings(idleLockSeconds: 60, lockRequiresInitials: true)
        s.operatorInitials = "JS"
        s.send(.tick(now: fixtureNow, clock: 400))
        s.effects([])
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
                    let s = TestStore(base, exhaustive: false)
                    s.send(.key(key))
                    var effects = s.takeEffects()
                    if s.picker != nil {
                        s.send(.key(.enter))
                        effects += s.takeEffects()
                    }
                    #expect(!effects.contains(where: WriteCheck.isWrite), "\(screen) \(key)")
                }
            }
        }
    }
}
