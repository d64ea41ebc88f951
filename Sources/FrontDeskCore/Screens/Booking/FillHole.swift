import Foundation
import OpenDentalAPI
import TerminalUI

/// What the office answered for "who could fill this hole".
public struct HoleSources: Equatable, Sendable {
    public var asap: [Appointment]
    /// Unscheduled-list and Broken appointments.
    public var unscheduled: [Appointment]
    public var planned: [Appointment]
    public var recall: [RecallListRow]
    /// Phones and preferred contact methods the app knows (the cache, or one short query).
    public var contacts: [Int: ContactCard]
    /// The hole's day's schedules, when the screen did not have them.
    public var schedules: [Schedule]?

    public init(asap: [Appointment], unscheduled: [Appointment], planned: [Appointment], recall: [RecallListRow], contacts: [Int: ContactCard],
                schedules: [Schedule]?) {
        self.asap = asap
        self.unscheduled = unscheduled
        self.planned = planned
        self.recall = recall
        self.contacts = contacts
        self.schedules = schedules
    }
}

/// Someone who could take the hole.
public struct HoleCandidate: Equatable, Sendable {
    public enum Kind: String, Sendable { case asap = "ASAP", unscheduled = "Unsched", broken = "Broken", planned = "Planned", recall = "Recall" }
    public var kind: Kind
    public var patNum: Int
    public var appointment: Appointment?
    public var recallType: String?
    public var pattern: String
    public var provNum: Int
    public var phone: String
    public var method: String
}

/// Filling a hole (`H` on free time, or after an appointment went to the Unscheduled list): who
/// fits, the hole's provider first then the longest; `m` notes the offer as a call, Enter books
/// or moves them in through the same question and the same checked write as the finder.
public struct FillHole: Equatable, Sendable {
    public var hole: FreeTime
    /// What the schedule knew of the hole's day when the fill opened; the day's schedules are
    /// filled in when they arrive.
    public var facts: HoleFacts
    /// The lists' answer, kept until the day's schedules are in too.
    public var sources: HoleSources?
    public var candidates: [HoleCandidate] = []
    public var loading = true
    public var problem: String?
    public var selected = 0
    /// Patients whose offer was noted, marked in the list.
    public var offered: Set<Int> = []
}

enum FillFlow {
    static let refusal: @Sendable (AppState) -> String? = { s in
        if let why = s.writeRefusal { return why }
        return ScheduleScreen.holeToFill(s) == nil ? ScheduleScreen.noHoleReason(s) : nil
    }

    /// `H` on the schedule (or `B` on a free row): the schedule hands over the hole and what it
    /// knows of its day.
    static func open(_ s: inout AppState) -> [Effect] {
        guard let h = ScheduleScreen.holeToFill(s) else { return [] }
        let facts = ScheduleScreen.holeFacts(s, h)
        s.fill = FillHole(hole: h, facts: facts)
        var effects: [Effect] = [.loadHoleCandidates(provNum: h.provNum)]
        if s.recallTypes == nil { effects.append(.loadRecallReference) }
        if s.appointmentTypes == nil { effects.append(.loadSchedulingReference) }
        if facts.schedules == nil { effects.append(.loadDaySchedules(h.date)) }
        return effects
    }

    /// A day's schedules arrived: the hole's, if the fill was waiting for them.
    static func schedulesArrived(_ s: inout AppState, _ day: LocalDate, _ schedules: [Schedule]) {
        guard var f = s.fill, f.hole.date == day, f.facts.schedules == nil else { return }
        f.facts.schedules = schedules
        s.fill = f
        judge(&s)
    }

    /// A single appointment sent to the Unscheduled list: its time is the hole to fill.
    static func breakStarted(_ s: inout AppState, _ effect: Effect) {
        guard case .breakAppointment(let apt, true, _) = effect, s.bulk == nil, let a = s.appointment(apt), let t = a.aptDateTime else { return }
        let first = t.time.secondsOfDay / (OpeningFinder.blockMinutes * 60)
        let hole = FreeTime(date: t.date, op: a.op, startBlock: first, endBlock: first + max(1, a.pattern.count),
                            provNum: a.isHygiene && a.provHyg != 0 ? a.provHyg : a.provNum)
        _ = ScheduleScreen.send(&s, .holePending(hole, source: apt))
    }

    /// After that write saved: the hole is offered on the status line.
    static func afterWrite(_ s: inout AppState, aptNum: Int?) {
        _ = ScheduleScreen.send(&s, .writeSaved(aptNum: aptNum))
    }

    static func loaded(_ s: inout AppState, _ sources: HoleSources) -> [Effect] {
        markOnline(&s)
        guard var f = s.fill else { return [] }
        if let sch = sources.schedules { f.facts.schedules = f.facts.schedules ?? sch }
        // Names the lists brought, for patients the app had not named yet.
        for (n, c) in sources.contacts where s.patientNames[n] == nil && !c.name.isEmpty { s.patientNames[n] = c.name }
        for r in sources.recall where s.patientNames[r.patNum] == nil && !r.patient.isEmpty { s.patientNames[r.patNum] = r.patient }
        f.sources = sources
        s.fill = f
        judge(&s)
        return []
    }

    /// Who fits, once both the lists and the hole's day's schedules are in (whichever came
    /// last): with the lists alone, everybody would seem not to fit a day without schedules.
    static func judge(_ s: inout AppState) {
        guard var f = s.fill, f.loading, let sources = f.sources, f.facts.schedules != nil else { return }
        f.candidates = candidates(f.hole, f.facts, sources, s)
        f.loading = false
        s.fill = f
    }

    static func failed(_ s: inout AppState, _ text: String) {
        guard s.fill?.loading == true else { return }
        s.fill?.loading = false
        s.fill?.problem = text
    }

    /// Who fits: their own length fits the hole and the finder would offer the hole's start for
    /// them with the hole's provider (on the schedule, free where their pattern has an X).
    static func candidates(_ hole: FreeTime, _ day: HoleFacts, _ src: HoleSources, _ s: AppState) -> [HoleCandidate] {
        var out: [HoleCandidate] = []
        var seen = Set<Int>()
        func card(_ p: Int) -> ContactCard? { src.contacts[p] }
        func add(_ a: Appointment, _ kind: HoleCandidate.Kind) {
            guard seen.insert(a.aptNum).inserted, a.aptNum != day.source else { return }
            out.append(HoleCandidate(kind: a.aptStatus == .broken ? .broken : kind, patNum: a.patNum, appointment: a, recallType: nil,
                                     pattern: OpeningFinder.normalized(a.pattern.isEmpty ? "/XX/" : a.pattern),
                                     provNum: a.isHygiene && a.provHyg != 0 ? a.provHyg : a.provNum,
                                     phone: card(a.patNum)?.phone ?? "", method: card(a.patNum)?.confirmMethod ?? ""))
        }
        src.asap.filter { $0.aptDateTime.map { $0 > hole.dateTime } ?? true }.forEach { add($0, .asap) }
        src.unscheduled.forEach { add($0, .unscheduled) }
        src.planned.forEach { add($0, .planned) }
        for r in src.recall {
            let pattern = s.recallTypes?.first { $0.description == r.type }?.timePattern ?? ""
            guard !pattern.isEmpty, !out.contains(where: { $0.patNum == r.patNum }) else { continue }
            out.append(HoleCandidate(kind: .recall, patNum: r.patNum, appointment: nil, recallType: r.type, pattern: OpeningFinder.normalized(pattern),
                                     provNum: 0, phone: r.contact, method: card(r.patNum)?.confirmMethod ?? ""))
        }
        let facts = OpeningFinder.Facts(schedules: day.schedules ?? src.schedules ?? [], booked: day.booked, noScheduling: s.noSchedulingBlockouts,
                                        operatories: s.operatories)
        let fits = out.filter { c in
            guard c.pattern.count <= hole.endBlock - hole.startBlock else { return false }
            var f = facts
            if let a = c.appointment { f.booked.removeAll { $0.aptNum == a.aptNum } }
            let q = OpeningFinder.Query(pattern: c.pattern, provNum: hole.provNum, op: hole.op)
            return OpeningFinder.openings(on: hole.date, q, f, now: s.now).contains { $0.startBlock <= hole.startBlock && hole.startBlock <= $0.latestBlock }
        }
        let order: [HoleCandidate.Kind] = [.asap, .unscheduled, .broken, .planned, .recall]
        return fits.enumerated().sorted { x, y in
            let a = x.element, b = y.element
            let ka = (a.provNum == hole.provNum ? 0 : 1, -a.pattern.count, order.firstIndex(of: a.kind) ?? 9, x.offset)
            let kb = (b.provNum == hole.provNum ? 0 : 1, -b.pattern.count, order.firstIndex(of: b.kind) ?? 9, y.offset)
            return ka < kb
        }.map(\.element)
    }

    // MARK: keys

    static func key(_ s: inout AppState, _ key: Key) -> [Effect] {
        guard var f = s.fill else { return [] }
        switch key {
        case .escape:
            s.fill = nil
            return []
        case .up, .char("k"): f.selected = max(0, f.selected - 1)
        case .down, .char("j"): f.selected = min(max(0, f.candidates.count - 1), f.selected + 1)
        case .char("m"):
            guard f.candidates.indices.contains(f.selected) else { return [] }
            let c = f.candidates[f.selected]
            f.offered.insert(c.patNum)
            s.fill = f
            let text = "Offered \(BookingFlow.when(f.hole.date, f.hole.start)) by phone"
            return start(&s, .addCommlog(patNum: c.patNum, text))
        case .enter:
            guard f.candidates.indices.contains(f.selected) else { return [] }
            s.fill = f
            choose(&s, f.hole, f.candidates[f.selected])
            return []
        default: return []
        }
        s.fill = f
        return []
    }

    /// The same question as the finder's, for the hole's start in its operatory.
    static func choose(_ s: inout AppState, _ hole: FreeTime, _ c: HoleCandidate) {
        var b = Booking(patNum: c.patNum, moving: c.appointment, step: .openings, provNum: hole.provNum, patientProv: hole.provNum,
                        patientHyg: 0, patientClinic: s.opClinic[hole.op] ?? 0, isNewPatient: false, from: hole.date)
        b.pattern = c.pattern
        b.recallType = c.recallType
        if let type = c.recallType, let rt = s.recallTypes?.first(where: { $0.description == type }) {
            b.typeNum = RecallFlow.appointmentType(for: rt, s)?.appointmentTypeNum
        }
        let opening = Opening(date: hole.date, start: hole.startBlock, latestStart: hole.startBlock, op: hole.op, provNum: hole.provNum, blocks: c.pattern.count)
        BookingFlow.confirm(&s, b, opening)
    }

    // MARK: view

    static func draw(_ g: inout Grid, _ s: AppState, _ f: FillHole) {
        let marker = s.ascii ? ">" : "▶"
        let h = f.hole
        let title = "Fill \(BookingFlow.weekdayName(h.date)) \(h.date.month)/\(h.date.day) \(h.span) \(s.opAbbr[h.op] ?? "") (\(s.providerAbbr[h.provNum] ?? ""))"
        var lines: [(String, Role)] = [("Who fits: ASAP, Unscheduled, Planned, recall due · its provider's first", .dim), ("", .normal)]
        if f.loading {
            lines.append(("Reading the lists…", .dim))
        } else if let p = f.problem {
            lines.append((p, .error))
        } else if f.candidates.isEmpty {
            lines.append(("Nobody on the lists fits this hole.", .dim))
        } else {
            let room = max(3, g.height - 8)
            let first = max(0, min(f.selected - room / 2, f.candidates.count - room))
            for (i, c) in f.candidates.enumerated().dropFirst(first).prefix(room) {
                let name = TextWidth.pad(TextWidth.truncate(clean(s.name(c.patNum)), to: 20), to: 20)
                let phone = Privacy.detail(c.phone, s)
                let offered = f.offered.contains(c.patNum) ? " offered" : ""
                let text = "\(i == f.selected ? marker : " ") \(c.kind.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(name) "
                    + "\(c.pattern.count * 5) min  \(phone) \(c.method)\(offered)"
                lines.append((text, i == f.selected ? .selected : .normal))
            }
        }
        lines.append(("", .normal))
        lines.append(("Enter books or moves into the hole · m notes the offer (call) · Esc", .dim))
        Widgets.box(&g, title: clean(title), lines: lines.map { (clean($0.0), $0.1) }, minWidth: 60)
    }
}
