import Foundation
import OpenDentalAPI
import TerminalUI

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
    /// Minutes typed on the length step (digits), used instead of the list when given.
    public var typedMinutes = ""
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
    /// The patient's treatment-planned procedures not yet on an appointment, as the patient screen
    /// showed them when `B` was pressed (a new booking only).
    public var plan: [ProcedureLog] = []

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

    /// Why `B` cannot book the patient the patient screen shows (`d`, nil while it loads), in the
    /// desktop's words where it has them.
    static func bookRefusal(_ s: AppState, _ d: PatientDetail?) -> String? {
        if let why = s.writeRefusal { return why }
        guard let d else { return PatientScreen.stillLoading }
        if d.patient.patStatus == .archived { return "Appointments cannot be scheduled for archived patients." }
        if d.patient.patStatus == .deceased { return "Appointments cannot be scheduled for deceased patients." }
        return nil
    }

    /// `B` on the patient screen, which hands over the patient it shows: the length first.
    static func openBook(_ s: inout AppState, _ d: PatientDetail) -> [Effect] {
        let p = d.patient
        let everSeen = d.appointments.contains { $0.aptStatus == .complete } || d.procedures.contains { $0.procStatus == .complete }
        var b = Booking(patNum: p.patNum, moving: nil, step: .length, provNum: p.priProv, patientProv: p.priProv, patientHyg: p.secProv,
                        patientClinic: p.clinicNum, isNewPatient: !everSeen, from: s.now.date)
        b.plan = d.procedures.filter { $0.procStatus == .treatmentPlanned && $0.aptNum == 0 && $0.plannedAptNum == 0 }
        s.booking = b
        b.lengths = lengths(s)
        s.booking = b
        // The treatment plan's length needs its codes' patterns: one short query where allowed.
        let missing = Array(Set(planned(s).map(\.codeNum)).subtracting(s.procedurePatterns.keys)).sorted()
        let patterns: [Effect] = !missing.isEmpty && s.queriesAllowed == true ? [.loadProcedurePatterns(missing)] : []
        return (s.appointmentTypes == nil ? [.loadSchedulingReference] : []) + patterns
    }

    /// The booking patient's treatment-planned procedures not yet on an appointment.
    static func planned(_ s: AppState) -> [ProcedureLog] {
        guard let b = s.booking, b.moving == nil else { return [] }
        return b.plan
    }

    /// The treatment plan as a length, once every one of its codes' patterns is known.
    static func planLength(_ s: AppState) -> Booking.Length? {
        let procs = planned(s)
        guard !procs.isEmpty, procs.allSatisfy({ s.procedurePatterns[$0.codeNum] != nil }) else { return nil }
        let pattern = OpeningFinder.combined(procs.map { s.procedurePatterns[$0.codeNum] ?? "" })
        guard pattern.contains("X") else { return nil }
        let codes = procs.map { $0.procCode.isEmpty ? $0.descript : $0.procCode }
        let shown = codes.prefix(3).joined(separator: ", ") + (codes.count > 3 ? " +\(codes.count - 3)" : "")
        return Booking.Length(label: "Treatment plan: \(shown) (\(pattern.count * 5) min)", pattern: pattern, typeNum: nil)
    }

    static func moveRefusal(_ s: AppState) -> String? {
        if let why = AppointmentKeys.refusal(s) { return why }
        return moveRefusal(s, s.active.selectedAppointment(s)!)
    }

    static func moveRefusal(_ s: AppState, _ a: Appointment) -> String? {
        if let why = s.writeRefusal { return why }
        let movable: [ApptStatus] = [.scheduled, .broken, .unschedList, .planned]
        return movable.contains(a.aptStatus) ? nil : "Only scheduled, broken, unscheduled or planned appointments can be moved"
    }

    /// `M` on a schedule or list row (or a choice after an overlap): the same finder for that
    /// appointment's length and provider.
    static func openMove(_ s: inout AppState, _ chosen: Appointment? = nil) -> [Effect] {
        guard let a = chosen ?? s.active.selectedAppointment(s) else { return [] }
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
        return (planLength(s).map { [$0] } ?? []) + types.map { Booking.Length(label: "\($0.appointmentTypeName) (\($0.pattern.count * 5) min)", pattern: OpeningFinder.normalized($0.pattern),
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

    /// Procedure codes' patterns came: the treatment plan's length goes first, and is chosen
    /// while nothing else was.
    static func procedurePatterns(_ s: inout AppState, _ patterns: [Int: String]) -> [Effect] {
        s.procedurePatterns.merge(patterns) { _, new in new }
        // Codes the office has no pattern for count as none (asked once).
        guard var b = s.booking, b.step == .length else { return [] }
        let chosen = b.lengths.indices.contains(b.lengthIndex) && b.lengthIndex != 0 ? b.lengths[b.lengthIndex] : nil
        b.lengths = lengths(s)
        b.lengthIndex = chosen.flatMap { c in b.lengths.firstIndex(of: c) } ?? 0
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
}

extension AppState {
    /// The openings the finder shows now (none when it is closed).
    public var bookingRows: [Opening] { booking.map { BookingFlow.rows($0, self) } ?? [] }
}
