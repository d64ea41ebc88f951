import Foundation
import Testing
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI

/// The confirmation picker, marked rows in bulk, call notes and check-in statuses, through `update`.
@Suite struct ConfirmationTests {
    @Test func thePickerOffersTheOfficesStatusesInItsOrderWithTheCurrentOneMarked() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.schedule.cursor.selected = 104 // Left Msg
        s.send(.key(.char("c")))
        s.effects([])
        let p = try! #require(s.picker)
        #expect(p.items.map(\.label) == ["Not Called", "Unconfirmed", "Appointment Confirmed", "Left Msg", "Arrived"])
        #expect(p.items.map(\.key) == ["1", "2", "3", "4", "5"])
        #expect(p.items.filter(\.current).map(\.label) == ["Left Msg"])
        #expect(p.items[p.selected].label == "Appointment Confirmed")
        let box = render(s).text
        #expect(box.contains("Confirm: Wolfeschlegelsteinhausenbergerdorff") && box.contains("▶ 3  Appointment Confirmed") && box.contains("4  Left Msg  (now)"))
        // Its own key picks one; the screen's keys do nothing meanwhile.
        s.send(.key(.char("q")))
        s.effects([])
        #expect(s.picker != nil && !s.quitting)
        s.send(.key(.char("2")))
        s.effects([.confirm(aptNum: 104, .defNum(24))])
        #expect(s.picker == nil && s.saving[104] == "saving…")
        // "Unconfirmed" is not a call's outcome: no call note offered.
        #expect(s.prompt == nil)
    }

    @Test func arrowsMoveThePreselectionAndEscCancels() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char("c")))
        s.effects([])
        s.send(.key(.down))
        s.effects([])
        s.send(.key(.enter))
        s.effects([.confirm(aptNum: 103, .defNum(20))])
        s.send(.key(.escape))
        s.effects([])
        s.send(.writeDone(aptNum: 103, "Saved"))
        s.effects([.loadDay(fixtureToday)])
        s.send(.key(.char("c")))
        s.effects([])
        s.send(.key(.escape))
        s.effects([])
        #expect(s.picker == nil && s.saving.isEmpty)
        // A second c (a double press) chooses nothing; neither does q.
        s.confirmDefs = (0..<14).map { def(400 + $0, "Status \($0)", order: $0) }
        s.send(.key(.char("c")))
        s.effects([])
        #expect(s.picker?.items.map(\.key).contains("c") == false && s.picker?.items.count == 14)
        s.send(.key(.char("c")))
        s.effects([])
        s.send(.key(.char("q")))
        s.effects([])
        #expect(s.picker != nil && !s.quitting)
    }

    @Test func aCallOutcomeOffersANotePrefilledAndPostedWithInitials() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.operatorInitials = "JS"
        s.send(.key(.char("c")))
        s.effects([])
        s.send(.key(.enter))
        s.effects([.confirm(aptNum: 103, .defNum(21))])
        let prompt = try! #require(s.prompt)
        #expect(prompt.text == "Confirmed by phone for Tue 12/1 09:00")
        // The confirmation is on its way; the note goes when Enter saves it.
        s.send(.key(.enter))
        s.effects([.addCommlog(patNum: 3, "Confirmed by phone for Tue 12/1 09:00 (JS)")])
    }

    @Test func markedRowsAreConfirmedOneAtATimeWithOneNotePerPatient() {
        let s = TestStore(fixtureState(), exhaustive: false)
        // Patient 4 has two rows today: mark 104, 105 and a second row of patient 4.
        s.schedule.appointments.append(appt(108, pat: 4, time: "14:00", op: 2))
        for apt in [104, 105, 108] { s.schedule.marked.insert(apt) }
        #expect(render(s).lines[22].contains("3 marked"))
        #expect(render(s).text.contains("▶*09:00") == false && render(s).text.contains(" *09:30"))
        s.send(.key(.char("c")))
        s.effects([])
        #expect(s.picker?.title == "Confirm 3 marked appointments")
        // Left Msg: one request now, the next after its answer.
        s.send(.key(.char("4")))
        s.effects([.confirm(aptNum: 104, .defNum(20))])
        #expect(s.schedule.marked.isEmpty)
        #expect(s.prompt?.label == "Note for 2 (+ their time)" && s.prompt?.text == "Left Msg by phone")
        // The note typed while the run goes on joins its queue: one per patient, with their time.
        s.send(.key(.enter))
        s.effects([])
        #expect(s.bulk?.total == 5 && s.message == "Confirming 1 of 5 · Esc stops")
        s.send(.writeDone(aptNum: 104, "Saved: Left Msg"))
        s.effects([.confirm(aptNum: 105, .defNum(20))])
        s.send(.writeRefused(aptNum: 105, "Not saved: confirmation (Not found (404))", resend: .confirm(aptNum: 105, .defNum(20))))
        s.effects([.confirm(aptNum: 108, .defNum(20))])
        let before105 = s.state.appointment(105)?.confirmed
        s.send(.writeDone(aptNum: 108, "Saved"))
        s.effects([.addCommlog(patNum: 4, "Left Msg by phone for Tue 12/1 09:30")])
        // A saved row shows its new status at once (the office answers with no record and the day
        // is read once, at the run's end); the refused one keeps its own.
        #expect(s.state.appointment(108)?.confirmed == 20 && s.state.appointment(108)?.confirmedName == "Left Msg")
        #expect(render(s).lines.first { $0.contains("14:00") }?.contains("Left Msg") == true)
        #expect(s.state.appointment(105)?.confirmed == before105)
        s.send(.writeDone(aptNum: nil, "Call noted"))
        s.effects([.addCommlog(patNum: 5, "Left Msg by phone for Tue 12/1 10:00")])
        // The end: what saved, what did not in the office's words, one refresh for the whole run.
        s.send(.writeDone(aptNum: nil, "Call noted"))
        s.effects([.loadDay(fixtureToday)])
        #expect(s.bulk == nil && s.messageIsError)
        #expect(s.message == "Confirmations: 4 of 5 saved; 1 not saved (appointment #105: Not saved: confirmation (Not found (404))). R sends those again")
        s.send(.key(.char("R")))
        s.effects([.confirm(aptNum: 105, .defNum(20))])
    }

    /// Rows 103-105 marked, `c`, Enter (Confirmed) with no call note: the run has sent its first.
    func confirmingThreeMarkedRows() -> TestStore {
        let s = TestStore(fixtureState(), exhaustive: false)
        for apt in [103, 104, 105] { s.schedule.marked.insert(apt) }
        s.send(.key(.char("c")))
        s.effects([])
        s.send(.key(.enter))
        s.effects([.confirm(aptNum: 103, .defNum(21))])
        s.send(.key(.escape))
        s.effects([]) // no note
        return s
    }

    @Test func aFaultStopsTheRunAndNothingIsResentUntilAsked() {
        let s = confirmingThreeMarkedRows()
        s.send(.writeNotSaved(aptNum: 103, "Not saved: confirmation (Server error (500))", resend: .confirm(aptNum: 103, .defNum(21))))
        s.effects([.loadDay(fixtureToday)])
        #expect(s.message?.contains("0 of 3 saved") == true && s.message?.contains("2 not sent") == true)
        #expect(s.saving.isEmpty)
        s.send(.key(.char("R")))
        let again = s.takeEffects()
        #expect(again == [.confirm(aptNum: 103, .defNum(21))] && s.bulk?.total == 3)
    }

    @Test func escStopsARunBeforeTheNextRequestAndOtherWritesWait() {
        let s = confirmingThreeMarkedRows()
        s.send(.key(.char("n")))
        s.effects([])
        #expect(s.prompt == nil && s.message?.hasPrefix("Wait: confirming") == true)
        s.send(.key(.escape))
        s.effects([])
        #expect(s.message == "Stopping after this one…")
        s.send(.writeDone(aptNum: 103, "Saved"))
        s.effects([.loadDay(fixtureToday)])
        #expect(s.message?.hasPrefix("Confirmations: 1 of 3 saved; 2 not sent (you stopped it)") == true)
    }

    @Test func spaceMarksAndMovesEscClearsAndAWrongRowIsNotBroken() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char(" ")))
        s.effects([])
        #expect(s.schedule.marked == [103] && s.schedule.cursor.selected == 104)
        s.send(.key(.char(" ")))
        s.effects([])
        s.send(.key(.up))
        s.effects([])
        s.send(.key(.char(" ")))
        s.effects([])
        #expect(s.schedule.marked == [103])
        s.schedule.marked.insert(106) // Broken
        s.send(.key(.char("b")))
        s.effects([])
        #expect(s.dialog?.title == "Break 1 marked appointment")
        #expect(s.dialog?.lines.first == "One request each; 1 not scheduled, left alone")
        #expect(s.dialog?.choices["m"] == [.breakAppointment(aptNum: 103, toUnscheduledList: false, .missed)])
        s.send(.key(.escape))
        s.effects([])
        s.send(.key(.escape))
        s.effects([])
        #expect(s.schedule.marked.isEmpty && s.message == "Marks cleared")
    }

    @Test func checkInSetsTheStatusTheOfficeLinksToTheTime() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.checkInTriggers(CheckInTriggers(arrived: 22, seated: 0, dismissed: 0)))
        s.effects([])
        s.send(.key(.char("a")))
        s.effects([.checkIn(aptNum: 103, .arrived, fixtureNow.time, status: 22)])
        // Not linked, or linked to a status this office does not have: the time alone.
        s.send(.key(.char("s")))
        s.effects([.setTime(aptNum: 103, .seated, fixtureNow.time)])
        s.send(.checkInTriggers(CheckInTriggers(arrived: 0, seated: 999, dismissed: 0)))
        s.effects([])
        s.send(.key(.char("s")))
        s.effects([.setTime(aptNum: 103, .seated, fixtureNow.time)])
    }

    @Test func thePatientScreenConfirmsTheNextAppointment() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.enter))
        s.effects([.loadDetail(3)])
        var d = PatientDetail(patient: try! JSONDecoder().decode(Patient.self, from: #"{"PatNum":3,"LName":"Y","FName":"T"}"#.data(using: .utf8)!))
        d.appointments = [appt(103, pat: 3, time: "09:00"), appt(900, pat: 3, time: "08:00", status: "Complete")]
        s.send(.patient(.loaded(d)))
        s.effects([])
        s.send(.key(.char("c")))
        s.effects([])
        #expect(s.picker?.reply == ConfirmFlow.reply([103]))
        s.send(.key(.escape))
        s.effects([])
        // With two ahead, ] chooses the later one, marked on screen.
        var later = appt(120, pat: 3, time: "09:00")
        later.aptDateTime = LocalDateTime(date: fixtureToday.adding(days: 7), time: LocalTime(hour: 14, minute: 0))
        d.appointments.append(later)
        s.send(.patient(.loaded(d)))
        s.effects([])
        s.send(.key(.char("]")))
        s.effects([])
        #expect(render(s).text.contains("▶ 2026-12-08 14:00"))
        s.send(.key(.char("c")))
        s.effects([])
        #expect(s.picker?.reply == ConfirmFlow.reply([120]))
    }

    @Test func asapTogglesIsShownInTheRowAndUndoTakesItBack() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char("A")))
        s.effects([.setPriority(aptNum: 103, .asap)])
        s.send(.writeDone(aptNum: 103, "Saved: ASAP"))
        s.effects([.loadDay(fixtureToday)])
        #expect(s.message == "Saved: ASAP (u undoes)")
        s.schedule.appointments = s.schedule.appointments.map { a in
            guard a.aptNum == 103 else { return a }
            var b = a
            b.priority = .asap
            return b
        }
        #expect(render(s).lines[5].contains("ASAP PerEx"))
        s.send(.key(.char("u")))
        s.effects([.setPriority(aptNum: 103, .normal)])
        #expect(s.message == "Undoing: back to not ASAP")
    }

    @Test func theFirstWriteAsksForInitialsOnceThenGoesOn() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.askInitials = true
        s.send(.key(.char("A")))
        s.effects([])
        #expect(s.prompt == .initials(then: .asap))
        for c in "j5" { s.send(.key(.char(c))); s.effects([]) }
        s.send(.key(.enter))
        s.effects([])
        #expect(s.message == "Initials are 1 to 4 letters (A-Z)" && s.prompt != nil)
        s.send(.key(.backspace))
        s.effects([])
        s.send(.key(.enter))
        s.effects([.setPriority(aptNum: 103, .asap)])
        #expect(s.operatorInitials == "J")
        // Reading keys never ask.
        s.operatorInitials = ""
        s.send(.key(.down))
        s.effects([])
        #expect(s.prompt == nil)
    }

    @Test func aStaleRowIsComparedWithTheOfficeBeforeTheWriteAndAChangeIsShown() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.tick(now: fixtureNow, clock: 200))
        s.effects([]) // read at 95: older than 30 s
        let shown = s.schedule.appointments.first { $0.aptNum == 103 }!
        s.send(.key(.char("c")))
        s.effects([])
        s.send(.key(.char("4")))
        s.effects([.checked(.confirm(aptNum: 103, .defNum(20)), shown: shown)])
        s.send(.key(.escape))
        s.effects([]) // no note
        var current = shown
        current.confirmed = 24
        current.confirmedName = "Unconfirmed"
        current.op = 1
        s.send(.conflict(write: .confirm(aptNum: 103, .defNum(20)), shown: shown, current: current))
        s.effects([.loadDay(fixtureToday)])
        let d = try! #require(s.dialog)
        #expect(d.lines.contains("Status: Confirmed → Unconfirmed") && d.lines.contains("Operatory: OP-2 → OP-1"))
        #expect(s.saving[103] == nil && s.undo == nil)
        #expect(render(s).text.contains("Changed at the office since you looked"))
        // The user decides: y sends it as it is (no second check), n keeps the office's version.
        s.send(.key(.char("y")))
        s.effects([.confirm(aptNum: 103, .defNum(20))])
        s.send(.conflict(write: .confirm(aptNum: 103, .defNum(20)), shown: shown, current: current))
        s.effects([.loadDay(fixtureToday)])
        s.send(.key(.char("n")))
        s.effects([])
        #expect(s.dialog == nil)
    }

    @Test func aFreshRowIsWrittenWithoutACheck() {
        let s = TestStore(fixtureState(), exhaustive: false)
        s.send(.key(.char("c")))
        s.effects([])
        s.send(.key(.char("4")))
        s.effects([.confirm(aptNum: 103, .defNum(20))])
    }
}
