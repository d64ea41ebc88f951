import Foundation
import OpenDentalAPI
import TerminalUI

/// The recall list's calls: `c` sets a recall status for the selected or every marked patient
/// (`PUT /recalls/Status` with commlogMode Phone: the office writes the commlog itself, one per
/// patient, so FrontDesk never adds a second), `B` books the recall through the opening finder.
enum RecallFlow {
    /// A patient's recall of a type, as the list row shows it.
    struct Target: Equatable, Sendable {
        var patNum: Int
        var type: String
    }

    static func target(_ r: ListRow) -> Target? {
        guard let i = ListKind.recall.columns.firstIndex(of: .recallType), i < r.cells.count else { return nil }
        return Target(patNum: r.patNum, type: r.cells[i])
    }

    /// The marked recall rows, else the selected one.
    static func targets(_ s: AppState) -> [Target] {
        guard s.lists.kind == .recall, s.patient.patNum == nil else { return [] }
        let rows = s.visibleListRows
        let marked = rows.filter { s.lists.marked.contains($0.id) }
        if !marked.isEmpty { return marked.compactMap(target) }
        return rows.first { $0.id == s.lists.cursor.selected }.flatMap(target).map { [$0] } ?? []
    }

    static let refusal: @Sendable (AppState) -> String? = { s in
        if let why = s.writeRefusal { return why }
        return targets(s).isEmpty ? "Select a patient first" : nil
    }

    /// `c` on the recall list: the office's recall statuses (DefCat 13), read once.
    static func open(_ s: inout AppState) -> [Effect] {
        guard let statuses = s.recallStatuses else {
            s.pendingRecall = .picker
            say(&s, "Reading the office's recall statuses…")
            return [.loadRecallReference]
        }
        let t = targets(s)
        let title = t.count == 1 ? "Recall: \(s.name(t[0].patNum)) · \(t[0].type)" : "Recall status for \(t.count) marked patients"
        s.picker = Picker(title: title, statuses.map { ($0.itemName, $0.defNum) } + [("None (clear the status)", 0)], current: nil,
                          preselect: statuses.first?.defNum, reply: Reply("recall status \(t.map(\.patNum)) \(t.map(\.type))") { [patients = t.map(\.patNum), types = t.map(\.type)] in
                              .recallStatusChosen(status: $0, patients: patients, types: types)
                          })
        return []
    }

    /// The status chosen, sent for each patient one at a time (a run when several are marked).
    static func apply(_ s: inout AppState, status: Int, patients: [Int], types: [String]) -> [Effect] {
        let effects = zip(patients, types).map { Effect.setRecallStatus(patNum: $0, recallType: $1, status: status) }
        s.clearMarks()
        if effects.count == 1 { return start(&s, effects[0]) }
        return Bulk.start(&s, verb: "Setting recall status", noun: "Recall statuses", effects)
    }

    // MARK: booking a recall

    static let bookRefusal: @Sendable (AppState) -> String? = { s in
        if let why = s.writeRefusal { return why }
        let t = targets(s)
        if t.isEmpty { return "Select a patient first" }
        return t.count > 1 ? "Book one recall at a time (Esc clears the marks)" : nil
    }

    /// `B` on the recall list: the patient and their recalls first (whether it is scheduled
    /// already, and their providers), then the finder with the recall type's pattern.
    static func openBook(_ s: inout AppState) -> [Effect] {
        guard let t = targets(s).first else { return [] }
        s.pendingRecall = .book(patNum: t.patNum, type: t.type)
        say(&s, "Reading the recall…")
        return (s.recallTypes == nil ? [.loadRecallReference] : []) + [.loadRecall(patNum: t.patNum)]
    }

    static func reference(_ s: inout AppState, statuses: [Definition], types: [RecallType]) -> [Effect] {
        s.recallStatuses = statuses.filter { !$0.isHidden }.sorted { ($0.itemOrder ?? 0, $0.defNum) < ($1.itemOrder ?? 0, $1.defNum) }
        s.recallTypes = types
        markOnline(&s)
        if s.pendingRecall == .picker {
            s.pendingRecall = nil
            s.message = nil
            return targets(s).isEmpty ? [] : open(&s)
        }
        // The patient's recalls were read first (the two reads race): the booking goes on now.
        if case .bookRead(let type, let patient, let recalls)? = s.pendingRecall {
            s.pendingRecall = .book(patNum: patient.patNum, type: type)
            return loaded(&s, patient: patient, recalls: recalls)
        }
        return []
    }

    /// The patient and their recalls came: refused in the desktop's words, or the finder opens.
    static func loaded(_ s: inout AppState, patient p: Patient, recalls: [Recall]) -> [Effect] {
        markOnline(&s)
        guard case .book(let patNum, let typeName)? = s.pendingRecall, patNum == p.patNum else { return [] }
        guard let types = s.recallTypes else {
            s.pendingRecall = .bookRead(type: typeName, patient: p, recalls: recalls)
            return []
        }
        s.pendingRecall = nil
        let type = types.first { $0.description == typeName }
        // The desktop schedules only the special types (Prophy, Perio) from the recall list.
        guard let type, ["prophy", "perio"].contains(where: { typeName.lowercased().contains($0) }) else {
            return refuse(&s, "No special type recall is due.")
        }
        if recalls.contains(where: { $0.recallTypeNum == type.recallTypeNum && $0.isScheduled }) {
            return refuse(&s, "Recall has already been scheduled.")
        }
        if p.patStatus == .archived || p.patStatus == .deceased {
            return refuse(&s, "Appointments cannot be scheduled for \(p.patStatus == .archived ? "archived" : "deceased") patients.")
        }
        s.message = nil
        let match = appointmentType(for: type, s)
        let hyg = p.secProv != 0 ? p.secProv : p.priProv
        var b = Booking(patNum: p.patNum, moving: nil, step: .openings, provNum: hyg, patientProv: p.priProv, patientHyg: p.secProv,
                        patientClinic: p.clinicNum, isNewPatient: false, from: s.now.date)
        b.pattern = OpeningFinder.normalized(type.timePattern.isEmpty ? (match?.pattern ?? "/XXXXXX/") : type.timePattern)
        b.typeNum = match?.appointmentTypeNum
        b.preferHygiene = true
        b.recallType = typeName
        s.booking = b
        return (s.appointmentTypes == nil ? [.loadSchedulingReference] : []) + BookingFlow.search(&s)
    }

    /// The appointment type with the recall type's procedures: booked with it, the appointment
    /// brings them (the API attaches a type's procedures, not a recall type's).
    static func appointmentType(for recall: RecallType, _ s: AppState) -> AppointmentType? {
        func codes(_ text: String) -> Set<String> { Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }) }
        let wanted = codes(recall.procedures)
        return wanted.isEmpty ? nil : s.appointmentTypes?.first { codes($0.codeStr) == wanted }
    }

    static func refuse(_ s: inout AppState, _ why: String) -> [Effect] {
        s.message = why
        s.messageIsError = true
        return []
    }
}
