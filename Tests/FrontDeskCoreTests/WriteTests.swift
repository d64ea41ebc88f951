import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing

/// A write as the app describes it, from one place (`Write.of`), and the office's answer to one.
@Suite struct WriteTests {
    static let arrivedAt = LocalTime(hour: 9, minute: 41)

    /// When the office answers a write with the appointment, the row shows that copy at once.
    @Test func theOfficesAnswerShowsInTheRowAtOnce() {
        var s = fixtureState()
        s.saving[103] = "saving…"
        let answer = appt(103, pat: 3, time: "09:00", confirmed: 22, confirmedName: "Arrived", op: 2, note: "Prefers mornings",
                          arrived: "2026-12-01 09:41:00")
        let store = TestStore(s)
        store.send(.writeDone(aptNum: 103, "Saved: arrived at 09:41, status Arrived", updated: answer)) {
            $0.schedule.appointments[2] = answer
            $0.saving = [:]
            $0.message = "Saved: arrived at 09:41, status Arrived"
            $0.messageAt = $0.clock
        }
        // No read after it: the row is the office's copy (the regular refresh brings the rest).
        store.effects([])
        #expect(render(store.state).lines.contains { $0.contains("09:00") && $0.contains("Arrived") })
        // A write the office answers without the record (a confirmation) is read once after it:
        // what changed since the last read.
        store.send(.writeDone(aptNum: 104, "Saved: Confirmed", updated: nil)) {
            $0.message = "Saved: Confirmed"
        }
        store.effects([.loadDay(fixtureToday)])
    }

    /// Every write is described by the one switch: its records by number, its name, its log
    /// line's change from the state before it, and what the user is told when it saved.
    @Test func everyWriteIsDescribedInOnePlace() throws {
        let s = fixtureState()
        let cases: [(Effect, apt: Int?, pat: Int?, noun: String, action: String, change: String, saved: String)] = [
            (.confirm(aptNum: 104, .defNum(21)), 104, 4, "confirmation", "confirm", "Left Msg → Appointment Confirmed", "Saved: Appointment Confirmed"),
            (.confirm(aptNum: 104, .value(.confirmed)), 104, 4, "confirmation", "confirm", "Left Msg → Confirmed", "Saved: Confirmed"),
            (.checkIn(aptNum: 103, .arrived, Self.arrivedAt, status: 22), 103, 3, "arrived time and status", "arrived",
             "time → 09:41; Appointment Confirmed → Arrived", "Saved: arrived at 09:41, status Arrived"),
            (.setTime(aptNum: 103, .seated, Self.arrivedAt), 103, 3, "seated time", "seated", "time → 09:41", "Saved: seated at 09:41"),
            (.setPriority(aptNum: 105, .asap), 105, 5, "ASAP", "priority", "Normal → ASAP", "Saved: ASAP"),
            (.appendNote(aptNum: 105, "call back"), 105, 5, "appointment note", "note", "note +9 chars", "Note added"),
            (.breakAppointment(aptNum: 104, toUnscheduledList: true, nil), 104, 4, "break", "break",
             "Scheduled → UnschedList", "Moved to the Unscheduled list"),
            (.addCommlog(patNum: 7, "Left Msg"), nil, 7, "call note", "call note", "commlog +8 chars", "Call noted"),
        ]
        for c in cases {
            let w = try #require(Write.of(c.0, in: s), "\(c.0)")
            #expect(w.aptNum == c.apt && w.patNum == c.pat && w.noun == c.noun && w.action == c.action, "\(c.0)")
            #expect(w.change == c.change, "\(c.0)")
            #expect(w.saved(confirmDefs: s.confirmDefs) == c.saved, "\(c.0)")
            // A write checked against the office first is the same write.
            let checked = Write.of(.checked(c.0, shown: s.schedule.appointments[0]), in: s)
            #expect(checked?.noun == w.noun && checked?.aptNum == w.aptNum && checked?.change == w.change)
        }
        // Reads are not writes; a status the office's list lacks is named by number.
        #expect(Write.of(.loadDay(fixtureToday)) == nil && Write.of(.verifyWrite(.confirm(aptNum: 1, .defNum(21)))) == nil)
        #expect(Write.of(.confirm(aptNum: 104, .defNum(77)), in: s)?.saved(confirmDefs: s.confirmDefs) == "Saved: #77")
        #expect(Write.of(.addCommlog(patNum: 7, "x"))?.target == "patient #7" && Write.of(.appendNote(aptNum: 5, "x"))?.target == "appointment #5")
    }
}
