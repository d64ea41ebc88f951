import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing

/// The huddle and the Offices view are child features: their reducers are handed their own state
/// and the shared view only, and everything they want of the rest of the app comes back as a
/// request the app carries out. These tests drive the reducers alone, with no `AppState` to write.
struct FeatureTests {
    @Test func theHuddleReducerChangesItsOwnStateAndAsksTheAppForTheRest() {
        let app = huddleState()
        let shared = Shared(app)
        var h = HuddleState()
        // Entered the first time: today, loading, one read.
        #expect(HuddleScreen.reduce(&h, .entered, shared) == .run(.loadHuddle(fixtureToday)))
        #expect(h.day == fixtureToday && h.load == .loading)
        // What the read brought: shown, the office said to answer, the names asked for.
        let step = HuddleScreen.reduce(&h, .loaded(huddleFacts(), from: nil, done: true), shared)
        #expect(h.facts == huddleFacts() && h.load == .loaded(at: app.clock))
        #expect(step.effects.isEmpty)
        #expect(step.requests.first == .online)
        guard case .names(let names)? = step.requests.last else { Issue.record("no names asked: \(step)"); return }
        #expect(Set(names) == Set(huddleFacts().patNums))
        // A copy from the cache says nothing of the office.
        var cached = HuddleState()
        cached.day = fixtureToday
        let fromCache = HuddleScreen.reduce(&cached, .loaded(huddleFacts(), from: fixtureNow, done: false), shared)
        #expect(!fromCache.requests.contains(.online) && cached.load == .idle)
        // Enter on a figure opens its rows; Enter on a row asks the app for the patient.
        h.cursor.selected = HuddleFigureKind.unconfirmed.rawValue
        #expect(HuddleScreen.reduce(&h, .open, shared) == .none)
        #expect(h.open == .unconfirmed)
        let row = try! #require(h.selectedRow(shared))
        #expect(HuddleScreen.reduce(&h, .open, shared) == .ask(.openPatient(row.patNum)))
        // `m` asks for the typing line; Esc goes back to the figure it came from.
        #expect(HuddleScreen.reduce(&h, .noteCall, shared)
            == .ask(.open(.prompt(.callNote(patNum: row.patNum, label: "Note a call with \(app.name(row.patNum))")))))
        #expect(HuddleScreen.reduce(&h, .back, shared) == .none)
        #expect(h.open == nil && h.cursor.selected == HuddleFigureKind.unconfirmed.rawValue)
        // Another day: the old figures leave, its read is asked for.
        #expect(HuddleScreen.reduce(&h, .nextDay, shared) == .run(.loadHuddle(fixtureToday.adding(days: 1))))
        #expect(h.facts == nil && h.load == .loading && h.cursor.selected == HuddleFigureKind.unconfirmed.rawValue)
        // A read of a day no longer shown changes nothing.
        let stale = h
        #expect(HuddleScreen.reduce(&h, .loaded(huddleFacts(), from: nil, done: true), shared) == .none)
        #expect(h == stale)
    }

    @Test func aFigureThatCannotBeHadIsSaidNotOpened() {
        var facts = huddleFacts()
        for k in facts.patients!.keys { facts.patients![k]!.premed = nil }
        let app = huddleState(facts: facts)
        var h = app.huddle
        h.cursor.selected = HuddleFigureKind.premed.rawValue
        let step = HuddleScreen.reduce(&h, .open, Shared(app))
        guard case .say(let text)? = step.requests.first else { Issue.record("\(step)"); return }
        #expect(text.contains("25.2.30") && h.open == nil, "\(text)")
    }

    @Test func theOfficesReducerAsksForTheSwitchAndTheRowsComeAsItsMessage() {
        let app = officesState()
        let shared = Shared(app)
        var o = app.offices
        #expect(OfficesScreen.reduce(&o, .show(o.current), shared) == .none)
        #expect(OfficesScreen.reduce(&o, .show(2), shared) == .ask(.showOffice(2)))
        #expect(OfficesScreen.reduce(&o, .show(9), shared) == .none)
        let rows = [OfficeRow(name: "A"), OfficeRow(name: "B")]
        #expect(OfficesScreen.reduce(&o, .rows(rows, current: 1), shared) == .none)
        #expect(o.rows == rows && o.current == 1)
        // `O`: the picker goes on the app's overlay stack, the office after this one preselected.
        guard case .open(.picker(let p))? = OfficesScreen.reduce(&o, .pick, shared).requests.first else { Issue.record("no picker"); return }
        #expect(p.items.map(\.label) == ["A", "B"] && p.selected == 0)
    }
}

/// The Patients screen as a child feature: the search line's pauses, its pages, and the names
/// it learns go to the app as a request, never written into another state by the screen.
struct PatientsFeatureTests {
    @Test func aPauseSearchesWhatTheLineHoldsAndThePageTeachesTheAppItsNames() {
        var app = fixtureState()
        app.prompt = .search("ng")
        let shared = Shared(app)
        var p = PatientsState()
        #expect(PatientsScreen.reduce(&p, .searchTyped, shared) == .run(.debounce(generation: 1, seconds: 0.35)))
        #expect(PatientsScreen.reduce(&p, .searchTyped, shared) == .run(.debounce(generation: 2, seconds: 0.35)))
        // A pause of a keystroke since overtaken asks nothing; the last one searches.
        #expect(PatientsScreen.reduce(&p, .searchPause(generation: 1), shared) == .none)
        #expect(PatientsScreen.reduce(&p, .searchPause(generation: 2), shared)
            == .run(.searchPatients(query: "ng", search(for: "ng", hideInactive: true), offset: 0)))
        #expect(p.load == .loading && p.query == "ng")
        // The line closed before the pause: nothing is searched.
        var closed = PatientsState()
        closed.typingGeneration = 1
        #expect(PatientsScreen.reduce(&closed, .searchPause(generation: 1), Shared(fixtureState())) == .none)
        let rows = [selectRow(2, "Nguyễn", "Anh")]
        #expect(PatientsScreen.reduce(&p, .loaded(query: "ng", offset: 0, rows: rows, pageSize: 100), shared)
            == .ask(.online, .learnNames([2: "Nguyễn, Anh"])))
        #expect(p.results == rows && p.cursor.selected == 2 && !p.more)
        // Enter on what was searched opens the chosen patient, through the app.
        #expect(PatientsScreen.reduce(&p, .searchEntered("ng"), shared) == .ask(.openPatient(2)))
        // An answer for an older query changes nothing.
        let before = p
        #expect(PatientsScreen.reduce(&p, .loaded(query: "n", offset: 0, rows: [], pageSize: 100), shared) == .none)
        #expect(p == before)
    }
}

/// The Lists screen as a child feature: a list's rows are built from what the office answered,
/// an unreachable office shows the list as last seen, and `]` asks for the next one.
struct ListsFeatureTests {
    @Test func aListIsBuiltFromTheAnswerAndTheLastSeenOneStandsInOffline() {
        let app = fixtureState()
        let shared = Shared(app)
        var l = ListsState()
        l.kind = .unscheduled
        #expect(ListsScreen.reduce(&l, .entered, shared) == .run(.loadList(.unscheduled, today: fixtureToday)))
        let source = ListSource.appointments([appt(201, pat: 1, time: "08:00", status: "UnschedList"), appt(202, pat: 77, time: "09:00", status: "UnschedList")])
        let step = ListsScreen.reduce(&l, .data(.unscheduled, source, from: nil), shared)
        #expect(Set(l.rows.compactMap(\.aptNum)) == [201, 202] && l.appointments[201] != nil && l.load == .loaded(at: app.clock), "\(l.rows.map(\.aptNum)) \(l.load)")
        #expect(l.cursor.selected == l.rows.first?.id)
        // The office answered; names not known are asked of the app.
        #expect(step.requests.first == .online)
        guard case .names(let wanted)? = step.requests.last else { Issue.record("\(step)"); return }
        #expect(wanted.contains(77))
        // Another list's answer is not this one's.
        let before = l
        #expect(ListsScreen.reduce(&l, .data(.asap, source, from: nil), shared) == .none)
        #expect(l == before)
        // `]`: the next list, asked for, the old rows and marks gone.
        l.marked = [l.rows[0].id]
        #expect(ListsScreen.reduce(&l, .nextList, shared) == .run(.loadList(ListKind(rawValue: ListKind.unscheduled.rawValue + 1) ?? .confirmations, today: fixtureToday)))
        #expect(l.rows.isEmpty && l.marked.isEmpty && l.load == .loading)
        // Unreachable: the list as last seen, with its age.
        var offline = ListsState()
        offline.kind = .unscheduled
        offline.load = .loading
        let seen = LocalDateTime(date: fixtureToday, time: LocalTime(hour: 7, minute: 30))
        offline.cached[.unscheduled] = CachedList(source: source, from: seen)
        #expect(ListsScreen.reduce(&offline, .failed("Network problem", offline: true), shared) == .none)
        #expect(offline.rows.count == 2 && offline.from == seen && offline.load == .failed("Network problem"))
    }
}

/// The schedule as a child feature: the day's answer, a copy from the cache, the hole a send to
/// the Unscheduled list leaves, and a booking shown, all as its own messages.
struct ScheduleFeatureTests {
    @Test func theDayTheHoleAndTheBookingAreTheSchedulesOwnMessages() {
        let app = fixtureState()
        let shared = Shared(app)
        var sc = ScheduleState(day: fixtureToday)
        let appts = app.schedule.appointments
        // From the office: shown, the office said to answer, the names asked for.
        #expect(ScheduleScreen.reduce(&sc, .dayLoaded(fixtureToday, appts, from: nil), shared) == .ask(.online, .dayNames))
        #expect(sc.appointments.count == appts.count && sc.from == nil && sc.load == .loaded(at: app.clock))
        // From the cache: its age kept, and one small request asked to learn whether the office answers.
        var cached = ScheduleState(day: fixtureToday)
        let seen = LocalDateTime(date: fixtureToday, time: LocalTime(hour: 8, minute: 14))
        #expect(ScheduleScreen.reduce(&cached, .dayLoaded(fixtureToday, appts, from: seen), shared) == .ask(.probe, .dayNames))
        #expect(cached.from == seen)
        // Another day's answer is not this one's.
        #expect(ScheduleScreen.reduce(&cached, .dayLoaded(fixtureToday.adding(days: 1), [], from: nil), shared) == .none)
        #expect(cached.appointments.count == appts.count)
        // A send to Unscheduled on its way, then saved: its hole is the one H fills, said after the word already there.
        let hole = FreeTime(date: fixtureToday, op: 1, startBlock: 120, endBlock: 126, provNum: 1)
        #expect(ScheduleScreen.reduce(&sc, .holePending(hole, source: 101), shared) == .none)
        #expect(ScheduleScreen.reduce(&sc, .writeSaved(aptNum: 999), shared) == .none)
        guard case .sayMore(let more)? = ScheduleScreen.reduce(&sc, .writeSaved(aptNum: 101), shared).requests.first else {
            Issue.record("no hole offered"); return
        }
        #expect(more.contains("H fills") && sc.lastHole == hole && sc.lastHoleSource == 101 && sc.pendingHole == nil)
        // A booking on another day: the schedule goes there with the new row selected.
        let day = fixtureToday.adding(days: 2)
        #expect(ScheduleScreen.reduce(&sc, .booked(aptNum: 555, day: day, goTo: true), shared) == .run(.loadDay(day)))
        #expect(sc.day == day && sc.cursor.selected == 555 && sc.load == .loading)
        // The office's answer to a write replaces the row.
        var changed = appts[0]
        changed.note = "changed"
        var today = ScheduleState(day: fixtureToday)
        _ = ScheduleScreen.reduce(&today, .dayLoaded(fixtureToday, appts, from: nil), shared)
        _ = ScheduleScreen.reduce(&today, .appointmentChanged(changed), shared)
        #expect(today.appointments.first { $0.aptNum == changed.aptNum }?.note == "changed")
    }
}

/// The patient screen as a child feature: opened and closed by messages, its detail shown only
/// for the patient it holds, and the booked appointment chosen once the detail shows it.
struct PatientFeatureTests {
    func detail(_ patNum: Int, appointments: [Appointment] = []) -> PatientDetail {
        let json = #"{"PatNum":\#(patNum),"LName":"Okafor","FName":"Grace","PatStatus":"Patient"}"#
        return PatientDetail(patient: try! JSONDecoder().decode(Patient.self, from: Data(json.utf8)), appointments: appointments)
    }

    @Test func openLoadFocusAndClose() {
        let app = fixtureState()
        let shared = Shared(app)
        var p = PatientState()
        #expect(PatientScreen.reduce(&p, .open(5), shared) == .run(.loadDetail(5)))
        #expect(p.patNum == 5 && p.load == .loading)
        // Another patient's detail (an answer for a screen since closed) is not this one's.
        #expect(PatientScreen.reduce(&p, .loaded(detail(6)), shared) == .none)
        #expect(p.detail == nil)
        // Booked for this patient: the new appointment is the one `c` acts on once it shows.
        #expect(PatientScreen.reduce(&p, .focus(aptNum: 999, patNum: 6), shared) == .none)
        #expect(p.focusAptNum == nil, "another patient's booking is not this screen's")
        #expect(PatientScreen.reduce(&p, .focus(aptNum: 302, patNum: 5), shared) == .none)
        let soon = [appt(301, pat: 5, time: "09:00"), appt(302, pat: 5, time: "11:00")].map { a -> Appointment in
            var a = a
            a.aptDateTime = LocalDateTime(date: fixtureToday.adding(days: 2), time: a.aptDateTime!.time)
            return a
        }
        #expect(PatientScreen.reduce(&p, .loaded(detail(5, appointments: soon)), shared)
            == .ask(.online, .learnNames([5: "Okafor, Grace"]), .unsay(PatientScreen.stillLoading)))
        #expect(p.chosen(shared)?.aptNum == 302 && p.focusAptNum == nil)
        #expect(PatientScreen.reduce(&p, .previousAppointment, shared) == .none)
        #expect(p.chosen(shared)?.aptNum == 301)
        #expect(PatientScreen.reduce(&p, .close, shared) == .none)
        #expect(p == PatientState())
    }
}
