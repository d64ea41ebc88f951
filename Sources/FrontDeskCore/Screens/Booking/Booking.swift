import Foundation
import OpenDentalAPI
import TerminalUI

/// What a booking sends: `POST /appointments` into an opening.
public struct BookRequest: Equatable, Sendable {
    public var patNum: Int
    public var at: LocalDateTime
    public var op: Int
    public var pattern: String
    public var provNum: Int
    public var provHyg: Int
    public var isHygiene: Bool
    public var clinicNum: Int
    public var appointmentTypeNum: Int?
    public var isNewPatient: Bool

    public init(patNum: Int, at: LocalDateTime, op: Int, pattern: String, provNum: Int, provHyg: Int, isHygiene: Bool, clinicNum: Int,
                appointmentTypeNum: Int?, isNewPatient: Bool) {
        self.patNum = patNum
        self.at = at
        self.op = op
        self.pattern = pattern
        self.provNum = provNum
        self.provHyg = provHyg
        self.isHygiene = isHygiene
        self.clinicNum = clinicNum
        self.appointmentTypeNum = appointmentTypeNum
        self.isNewPatient = isNewPatient
    }

    public var fields: AppointmentFields {
        AppointmentFields(patNum: patNum, op: op, aptDateTime: at, aptStatus: .scheduled, pattern: pattern, provNum: provNum,
                          provHyg: provHyg, clinicNum: clinicNum, isHygiene: isHygiene, isNewPatient: isNewPatient,
                          appointmentTypeNum: appointmentTypeNum)
    }
}

/// What a move sends: `PUT /appointments/{n}` with the new time, operatory and providers; a
/// Broken or Unscheduled-list appointment becomes Scheduled, a move to another day may reset the
/// confirmation (the desktop asks), and an ASAP appointment loses its mark.
public struct MoveRequest: Equatable, Sendable {
    public var aptNum: Int
    public var patNum: Int
    public var at: LocalDateTime
    public var op: Int
    public var pattern: String
    public var provNum: Int
    public var provHyg: Int
    public var status: ApptStatus?
    public var confirmed: Int?
    public var clearASAP: Bool

    public init(aptNum: Int, patNum: Int, at: LocalDateTime, op: Int, pattern: String, provNum: Int, provHyg: Int, status: ApptStatus?,
                confirmed: Int?, clearASAP: Bool) {
        self.aptNum = aptNum
        self.patNum = patNum
        self.at = at
        self.op = op
        self.pattern = pattern
        self.provNum = provNum
        self.provHyg = provHyg
        self.status = status
        self.confirmed = confirmed
        self.clearASAP = clearASAP
    }

    public var fields: AppointmentFields {
        AppointmentFields(op: op, aptDateTime: at, aptStatus: status, confirmed: confirmed, provNum: provNum, provHyg: provHyg,
                          priority: clearASAP ? .normal : nil)
    }
}

/// The opening finder over the screen: choose a length, then an opening, then say yes. Used by
/// `B` (book the patient shown) and `M` (move the selected appointment).
public struct Booking: Equatable, Sendable {
    public enum Step: Equatable, Sendable { case length, openings }
    public struct Length: Equatable, Sendable {
        public var label: String
        public var pattern: String
        public var typeNum: Int?
    }

    public var patNum: Int
    /// The appointment being moved; nil when booking a new one.
    public var moving: Appointment?
    public var step: Step
    public var lengths: [Length] = []
    public var lengthIndex = 0
    public var pattern = ""
    public var typeNum: Int?
    public var provNum: Int
    /// The patient's providers and clinic, for a new appointment's defaults.
    public var patientProv: Int
    public var patientHyg: Int
    public var patientClinic: Int
    public var isNewPatient: Bool
    /// The first day searched; `day` set: every opening of that day, else the first of each of `days`.
    public var from: LocalDate
    public var day: LocalDate?
    public static let days = 14
    /// What the office answered for the range `factsFrom` ..< `factsFrom + days`.
    public var facts: OpeningFinder.Facts?
    public var factsFrom: LocalDate?
    public var factsDays = 0
    /// The facts are one provider's (the search reads only what that provider's openings need).
    public var factsProv: Int?
    public var loading = false
    public var problem: String?
    public var selected = 0
    /// Five-minute steps after the opening's first start (`+`/`-` on a day's openings).
    public var nudge = 0
    /// A recall: hygiene operatories are offered first.
    public var preferHygiene = false
    public var recallType: String?

    public var query: OpeningFinder.Query { OpeningFinder.Query(pattern: pattern, provNum: provNum) }

    /// Whether the facts loaded cover `first`..<`first + count`.
    func covers(_ first: LocalDate, _ count: Int) -> Bool {
        guard let f = factsFrom, facts != nil, factsProv == provNum else { return false }
        return first >= f && first.adding(days: count) <= f.adding(days: factsDays)
    }
}

enum BookingFlow {
    /// Minutes offered when no appointment type fits.
    static let presetMinutes = [30, 45, 60, 90]

    // MARK: opening

    /// Why `B` cannot book the patient on show, in the desktop's words where it has them.
    static func bookRefusal(_ s: AppState) -> String? {
        if let why = s.writeRefusal { return why }
        guard let d = s.patient.detail else { return "The patient is still loading" }
        if d.patient.patStatus == .archived { return "Appointments cannot be scheduled for archived patients." }
        if d.patient.patStatus == .deceased { return "Appointments cannot be scheduled for deceased patients." }
        return nil
    }

    /// `B` on the patient screen: the length first.
    static func openBook(_ s: inout AppState) -> [Effect] {
        guard let d = s.patient.detail else { return [] }
        let p = d.patient
        let everSeen = d.appointments.contains { $0.aptStatus == .complete } || d.procedures.contains { $0.procStatus == .complete }
        var b = Booking(patNum: p.patNum, moving: nil, step: .length, provNum: p.priProv, patientProv: p.priProv, patientHyg: p.secProv,
                        patientClinic: p.clinicNum, isNewPatient: !everSeen, from: s.now.date)
        b.lengths = lengths(s)
        s.booking = b
        return s.appointmentTypes == nil ? [.loadSchedulingReference] : []
    }

    static func moveRefusal(_ s: AppState) -> String? {
        if let why = AppointmentKeys.refusal(s) { return why }
        let a = s.active.selectedAppointment(s)!
        let movable: [ApptStatus] = [.scheduled, .broken, .unschedList, .planned]
        return movable.contains(a.aptStatus) ? nil : "Only scheduled, broken, unscheduled or planned appointments can be moved"
    }

    /// `M` on a schedule or list row: the same finder for that appointment's length and provider.
    static func openMove(_ s: inout AppState) -> [Effect] {
        guard let a = s.active.selectedAppointment(s) else { return [] }
        let prov = a.isHygiene && a.provHyg != 0 ? a.provHyg : a.provNum
        var b = Booking(patNum: a.patNum, moving: a, step: .openings, provNum: prov, patientProv: a.provNum, patientHyg: a.provHyg,
                        patientClinic: a.clinicNum, isNewPatient: a.isNewPatient, from: s.now.date)
        b.pattern = OpeningFinder.normalized(a.pattern.isEmpty ? "/XX/" : a.pattern)
        s.booking = b
        return (s.appointmentTypes == nil ? [.loadSchedulingReference] : []) + search(&s)
    }

    /// The lengths offered: the office's appointment types that have a pattern, then plain minutes.
    static func lengths(_ s: AppState) -> [Booking.Length] {
        let types = (s.appointmentTypes ?? []).filter { !$0.isHidden && !OpeningFinder.normalized($0.pattern).isEmpty }
        return types.map { Booking.Length(label: "\($0.appointmentTypeName) (\($0.pattern.count * 5) min)", pattern: OpeningFinder.normalized($0.pattern),
                                          typeNum: $0.appointmentTypeNum) }
            + presetMinutes.map { Booking.Length(label: "\($0) minutes", pattern: OpeningFinder.pattern(minutes: $0), typeNum: nil) }
    }

    // MARK: answers

    static func schedulingReference(_ s: inout AppState, types: [AppointmentType], blockoutDefs: [Definition]) -> [Effect] {
        s.appointmentTypes = types
        s.noSchedulingBlockouts = OpeningFinder.noSchedulingTypes(blockoutDefs)
        guard var b = s.booking else { return [] }
        // The types come in above the minutes: the length chosen stays chosen.
        let chosen = b.lengths.indices.contains(b.lengthIndex) ? b.lengths[b.lengthIndex] : nil
        b.lengths = lengths(s)
        b.lengthIndex = chosen.flatMap { c in b.lengths.firstIndex(of: c) } ?? 0
        if var f = b.facts {
            f.noScheduling = s.noSchedulingBlockouts
            b.facts = f
        }
        s.booking = b
        return []
    }

    static func factsLoaded(_ s: inout AppState, from: LocalDate, days: Int, provNum: Int, _ facts: OpeningFinder.Facts) -> [Effect] {
        markOnline(&s)
        // An answer for a provider no longer on show is dropped.
        guard var b = s.booking, provNum == b.provNum else { return [] }
        var f = facts
        f.noScheduling = s.noSchedulingBlockouts
        f.operatories = s.operatories
        b.facts = f
        b.factsFrom = from
        b.factsDays = days
        b.factsProv = provNum
        b.loading = false
        b.problem = nil
        b.selected = min(b.selected, max(0, rows(b, s).count - 1))
        s.booking = b
        return []
    }

    static func failed(_ s: inout AppState, _ text: String) {
        guard s.booking?.loading == true else { return }
        s.booking?.loading = false
        s.booking?.problem = text
    }

    // MARK: rows

    /// The openings on show: every one of the chosen day, else the first of each day.
    static func rows(_ b: Booking, _ s: AppState) -> [Opening] {
        guard let facts = b.facts, b.factsProv == b.provNum, !b.pattern.isEmpty else { return [] }
        func day(_ d: LocalDate) -> [Opening] {
            let all = OpeningFinder.openings(on: d, b.query, facts, now: s.now)
            guard b.preferHygiene else { return all }
            // A recall: hygiene operatories first (a stable sort keeps the time order inside each).
            let hygiene = Set(s.operatories.filter(\.isHygiene).map(\.operatoryNum))
            return all.filter { hygiene.contains($0.op) } + all.filter { !hygiene.contains($0.op) }
        }
        if let d = b.day { return day(d) }
        return (0..<Booking.days).compactMap { day(b.from.adding(days: $0)).first }
    }

    /// The providers `p` steps through: the office's (not hidden, people), in its order, with
    /// the one on show kept in the cycle.
    static func providers(_ b: Booking, _ s: AppState) -> [Int] {
        let order = s.providers.filter { !$0.isHidden && !$0.isNotPerson }.map(\.provNum)
        return order.contains(b.provNum) ? order : [b.provNum] + order
    }

    /// Reads the facts for the range on show unless they are already here.
    static func search(_ s: inout AppState) -> [Effect] {
        guard var b = s.booking else { return [] }
        let first = b.day ?? b.from
        let count = b.day == nil ? Booking.days : 1
        if b.covers(first, count) { return [] }
        b.loading = true
        b.problem = nil
        // A single day outside the range read: read the two weeks from it (one read, not one per day).
        let from = b.day ?? b.from
        s.booking = b
        return [.loadOpenings(from: from, days: Booking.days, provNum: b.provNum)]
    }

    // MARK: keys

    static func key(_ s: inout AppState, _ key: Key) -> [Effect] {
        guard var b = s.booking else { return [] }
        switch b.step {
        case .length:
            switch key {
            case .escape: s.booking = nil
            case .up, .char("k"): b.lengthIndex = max(0, b.lengthIndex - 1); s.booking = b
            case .down, .char("j"): b.lengthIndex = min(max(0, b.lengths.count - 1), b.lengthIndex + 1); s.booking = b
            case .enter:
                guard b.lengths.indices.contains(b.lengthIndex) else { return [] }
                let l = b.lengths[b.lengthIndex]
                b.pattern = l.pattern
                b.typeNum = l.typeNum
                // The desktop's rule: a recall visit is the patient's secondary provider's (the
                // hygienist), else the primary's. Recall types are known by their stock names.
                let recall = ["recare", "prophy", "perio", "hygiene", "cleaning"].contains { l.label.lowercased().contains($0) }
                b.provNum = recall && b.patientHyg != 0 ? b.patientHyg : b.patientProv
                b.step = .openings
                b.selected = 0
                s.booking = b
                return search(&s)
            default: break
            }
            return []
        case .openings:
            let rows = rows(b, s)
            switch key {
            case .escape:
                // Back one step: a day's openings to the two weeks, the two weeks to the lengths.
                if b.day != nil {
                    b.day = nil
                    b.selected = 0
                    b.nudge = 0
                } else if b.moving == nil {
                    b.step = .length
                } else {
                    s.booking = nil
                    return []
                }
            case .up, .char("k"): b.selected = max(0, b.selected - 1); b.nudge = 0
            case .down, .char("j"): b.selected = min(max(0, rows.count - 1), b.selected + 1); b.nudge = 0
            case .home: b.selected = 0; b.nudge = 0
            case .end: b.selected = max(0, rows.count - 1); b.nudge = 0
            case .left, .char("h"), .right, .char("l"):
                let delta = key == .left || key == .char("h") ? -1 : 1
                if let day = b.day {
                    b.day = max(s.now.date, day.adding(days: delta))
                } else {
                    b.from = max(s.now.date, b.from.adding(days: delta * Booking.days))
                }
                b.selected = 0
                b.nudge = 0
                s.booking = b
                return search(&s)
            case .char("p"):
                let all = providers(b, s)
                if let i = all.firstIndex(of: b.provNum), all.count > 1 { b.provNum = all[(i + 1) % all.count] }
                b.selected = 0
                b.nudge = 0
                s.booking = b
                return search(&s)
            case .char("+"), .char("="), .char("-"):
                guard b.day != nil, rows.indices.contains(b.selected) else { return [] }
                let o = rows[b.selected]
                b.nudge = max(0, min(o.latestBlock - o.startBlock, b.nudge + (key == .char("-") ? -1 : 1)))
            case .enter:
                guard rows.indices.contains(b.selected) else { return [] }
                if b.day == nil {
                    b.day = rows[b.selected].date
                    b.selected = 0
                    s.booking = b
                    return search(&s)
                }
                var o = rows[b.selected]
                o.startBlock += b.nudge
                s.booking = b
                confirm(&s, b, o)
                return []
            default: return []
            }
            s.booking = b
            return []
        }
    }

    // MARK: the question

    /// The providers of a new appointment in `op`: the operatory's assigned dentist and
    /// hygienist when it has them, else the patient's (the desktop's rule).
    static func providers(for op: Int, _ b: Booking, _ s: AppState) -> (prov: Int, hyg: Int, hygiene: Bool, clinic: Int) {
        let o = s.operatories.first { $0.operatoryNum == op }
        let isHyg = o?.isHygiene ?? false
        var prov = o.map(\.provDentist).flatMap { $0 == 0 ? nil : $0 } ?? b.patientProv
        var hyg = o.map(\.provHygienist).flatMap { $0 == 0 ? nil : $0 } ?? b.patientHyg
        // The provider chosen in the finder is the one whose time was found free.
        if isHyg { hyg = b.provNum } else { prov = b.provNum }
        let clinic = o.map(\.clinicNum).flatMap { $0 == 0 ? nil : $0 } ?? b.patientClinic
        return (prov, hyg, isHyg, clinic)
    }

    /// "Thu 12/3 10:40".
    static func when(_ d: LocalDate, _ t: LocalTime) -> String {
        "\(weekdayName(d)) \(d.month)/\(d.day) \(LocalDate.pad(t.hour, 2)):\(LocalDate.pad(t.minute, 2))"
    }

    static func weekdayName(_ d: LocalDate) -> String { ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][max(0, min(6, d.weekday))] }

    static func confirm(_ s: inout AppState, _ b: Booking, _ o: Opening) {
        let at = LocalDateTime(date: o.date, time: o.start)
        let who = s.name(b.patNum)
        let opName = s.opAbbr[o.op] ?? "op \(o.op)"
        let assigned = providers(for: o.op, b, s)
        let provName = s.providerAbbr[b.provNum] ?? "#\(b.provNum)"
        var lines = ["Patient:    \(who)", "When:       \(when(o.date, o.start)) (\(o.minutes) min)", "Operatory:  \(opName)",
                     "Provider:   \(provName)"]
        if let a = b.moving, a.aptStatus == .planned {
            // A planned appointment is scheduled as a new one that points at it; it stays planned.
            lines.insert("Planned:    \(a.procDescript.isEmpty ? "#\(a.aptNum)" : a.procDescript)", at: 1)
            lines.append("")
            lines.append("y schedules it (the planned one stays) · n cancels")
            let req = MoveRequest(aptNum: a.aptNum, patNum: a.patNum, at: at, op: o.op, pattern: b.pattern, provNum: assigned.prov,
                                  provHyg: assigned.hyg, status: nil, confirmed: nil, clearASAP: false)
            s.dialog = Dialog(title: "Schedule the planned appointment?", lines: lines, choices: ["y": [.schedulePlanned(req)]])
            return
        }
        if let a = b.moving {
            let was = a.aptDateTime.map { when($0.date, $0.time) } ?? "unscheduled"
            lines.insert("From:       \(was) \(s.opAbbr[a.op] ?? "")", at: 1)
            var move = MoveRequest(aptNum: a.aptNum, patNum: a.patNum, at: at, op: o.op, pattern: b.pattern, provNum: assigned.prov,
                                   provHyg: assigned.hyg, status: a.aptStatus == .scheduled ? nil : .scheduled, confirmed: nil,
                                   clearASAP: a.priority == .asap)
            if a.aptStatus != .scheduled { lines.append("Status:     \(a.aptStatus.rawValue) → Scheduled") }
            if a.priority == .asap { lines.append("ASAP:       taken off (the hole is filled)") }
            let otherDay = a.aptDateTime?.date != o.date
            if otherDay, let first = s.confirmDefs.first, first.defNum != a.confirmed {
                // As the desktop asks: "Reset Confirmation Status?"
                lines.append("")
                lines.append("Another day: reset the confirmation to \"\(first.itemName)\"?")
                lines.append("y moves and resets · k moves and keeps it · n cancels")
                var reset = move
                reset.confirmed = first.defNum
                s.dialog = Dialog(title: "Move this appointment?", lines: lines, choices: ["y": [.move(reset)], "k": [.move(move)]])
            } else {
                lines.append("")
                lines.append("y moves · n cancels")
                move.confirmed = nil
                s.dialog = Dialog(title: "Move this appointment?", lines: lines, choices: ["y": [.move(move)]])
            }
            return
        }
        let typeName = b.typeNum.flatMap { t in s.appointmentTypes?.first { $0.appointmentTypeNum == t }?.appointmentTypeName }
        if let typeName { lines.append("Type:       \(typeName)") }
        if let recall = b.recallType { lines.append("Recall:     \(recall)") }
        if b.isNewPatient { lines.append("New patient: yes (no completed visit)") }
        lines.append("")
        lines.append("y books · n cancels")
        let req = BookRequest(patNum: b.patNum, at: at, op: o.op, pattern: b.pattern, provNum: assigned.prov, provHyg: assigned.hyg,
                              isHygiene: assigned.hygiene, clinicNum: assigned.clinic, appointmentTypeNum: b.typeNum, isNewPatient: b.isNewPatient)
        s.dialog = Dialog(title: "Book this appointment?", lines: lines, choices: ["y": [.book(req)]])
    }

    // MARK: saved

    static func booked(_ s: inout AppState, _ a: Appointment, overlaps: [Int], moved: Bool) -> [Effect] {
        markOnline(&s)
        s.saving[a.aptNum] = nil
        if let p = s.pendingWrite, case .book = p.effect { s.pendingWrite = nil }
        if let p = s.pendingWrite, WriteCheck.aptNum(p.effect) == a.aptNum { s.pendingWrite = nil }
        let at = a.aptDateTime.map { when($0.date, $0.time) } ?? "?"
        let word = moved ? "Moved" : "Booked"
        if overlaps.isEmpty {
            s.message = "\(word): \(at) \(s.opAbbr[a.op] ?? "") (\(a.lengthMinutes) min)"
            s.messageIsError = false
        } else {
            // Someone (the desktop, another terminal) booked into the same time meanwhile.
            s.message = "\(word) \(at), but appointment \(overlaps.map { "#\($0)" }.joined(separator: ", ")) was booked into the same time meanwhile: M moves one"
            s.messageIsError = true
        }
        // The new row is shown selected: the schedule goes to its day.
        if let d = a.aptDateTime?.date {
            if s.patient.patNum == nil, s.screen == .schedule, s.schedule.day != d {
                let effects = ScheduleScreen.go(&s, to: d)
                s.schedule.cursor.selected = a.aptNum
                return effects
            }
            if s.schedule.day == d { s.schedule.cursor.selected = a.aptNum }
            if s.patient.patNum == a.patNum { s.patient.focusAptNum = a.aptNum }
        }
        return refreshEffects(s, background: false)
    }
}

extension AppState {
    /// The openings the finder shows now (none when it is closed).
    public var bookingRows: [Opening] { booking.map { BookingFlow.rows($0, self) } ?? [] }
}
