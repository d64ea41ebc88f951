import Foundation
import OpenDentalAPI
import TerminalUI

/// Confirmation calls: `c` opens the office's own confirmation statuses (its visible ones, in its
/// order) for the selected appointment or every marked one, the common choice preselected so the
/// fast path is `c` Enter. The choice goes as `PUT /appointments/{n}/Confirm` with its DefNum.
/// After a status set on the phone the app offers a one-line call note, posted as a commlog, one
/// per patient however many of their rows were marked.
enum ConfirmFlow {
    /// The statuses offered.
    static func statuses(_ s: AppState) -> [Definition] { s.confirmDefs.filter { !$0.isHidden } }

    /// The choice made most often: "Appointment Confirmed" (or the first status called confirmed).
    static func commonChoice(_ defs: [Definition]) -> Int? {
        defs.first { $0.itemName == "Appointment Confirmed" }?.defNum
            ?? defs.first { $0.itemName.lowercased().hasPrefix("confirm") }?.defNum
    }

    /// Statuses set without a call: the office's default, the electronic ones, the ones the
    /// practice sets when the patient is in the building (and any linked to a check-in time).
    static let notByPhone: Set<String> = [
        "Not Called", "Unconfirmed", "E-mailed", "Texted", "eConfirmSent", "eConfirmCallBack", "eConfirmFailure",
        "Created from Web Sched", "Arrived", "Ready to go back", "In Treatment Room", "Front Desk",
    ]

    static func isPhoneOutcome(_ defNum: Int, _ s: AppState) -> Bool {
        guard let d = s.confirmDefs.first(where: { $0.defNum == defNum }), defNum != s.confirmDefs.first?.defNum else { return false }
        let linked = [s.checkInTriggers?.arrived, s.checkInTriggers?.seated, s.checkInTriggers?.dismissed].contains(defNum)
        return !linked && !notByPhone.contains(d.itemName)
    }

    /// The appointments `c` acts on: the marked ones of the screen on show, else the selected one.
    static func targets(_ s: AppState) -> [Appointment] {
        let marked = s.markedAppointments
        if !marked.isEmpty { return marked }
        return s.active.selectedAppointment(s).map { [$0] } ?? []
    }

    /// Said while the office's confirmation statuses are not in yet. Short: it shares the status
    /// line with "OFFICE UNREACHABLE" and the data's age at 80 columns.
    static let statusesLoading = "Statuses still loading; try again soon"

    static let refusal: @Sendable (AppState) -> String? = { s in
        if let why = s.writeRefusal { return why }
        if targets(s).isEmpty { return "Select an appointment first" }
        return statuses(s).isEmpty ? statusesLoading : nil
    }

    /// The picker's choice, as the message that applies it to these appointments.
    static func reply(_ aptNums: [Int]) -> Reply<Int> {
        Reply("confirm \(aptNums)") { .confirmationChosen(status: $0, aptNums: aptNums) }
    }

    static func open(_ s: inout AppState) -> [Effect] {
        let appts = targets(s)
        let title: String
        if appts.count == 1, let a = appts.first {
            title = "Confirm: \(s.name(a.patNum))" + (a.aptDateTime.map { " · " + shortWhen($0) } ?? "")
        } else {
            title = "Confirm \(appts.count) marked appointments"
        }
        s.picker = Picker(title: title, statuses(s).map { ($0.itemName, $0.defNum) }, current: appts.count == 1 ? appts[0].confirmed : nil,
                          preselect: commonChoice(statuses(s)), reply: reply(appts.map(\.aptNum)))
        return []
    }

    /// The chosen status, sent for each appointment; then a call note offered when it was a call.
    static func apply(_ s: inout AppState, status: Int, to aptNums: [Int]) -> [Effect] {
        let appts = aptNums.compactMap { s.appointment($0) }
        let effects: [Effect]
        if aptNums.count == 1, let apt = aptNums.first {
            if let a = appts.first {
                s.undo = .confirmation(a, s)
            }
            effects = start(&s, .confirm(aptNum: apt, .defNum(status)))
        } else {
            s.undo = nil
            effects = Bulk.start(&s, verb: "Confirming", noun: "Confirmations", aptNums.map { .confirm(aptNum: $0, .defNum(status)) })
            s.clearMarks()
        }
        if !effects.isEmpty, isPhoneOutcome(status, s), !appts.isEmpty { offerCallNote(&s, status: status, appts) }
        return effects
    }

    /// "Confirmed by phone for Tue 12/1 09:20": one per patient (the first of their rows), edited
    /// or skipped with Esc.
    static func offerCallNote(_ s: inout AppState, status: Int, _ appts: [Appointment]) {
        let name = s.confirmDefs.first { $0.defNum == status }?.itemName ?? "Status"
        let word = name == "Appointment Confirmed" ? "Confirmed" : name
        var suffixes: [Int: String] = [:]
        var patNums: [Int] = []
        for a in appts.sorted(by: { $0.sortTime < $1.sortTime }) where suffixes[a.patNum] == nil {
            suffixes[a.patNum] = a.aptDateTime.map { " for " + shortWhen($0) } ?? ""
            patNums.append(a.patNum)
        }
        if patNums.count == 1, let p = patNums.first {
            s.prompt = callNotes(label: "Call note", text: "\(word) by phone" + (suffixes[p] ?? ""), patNums: [p], suffixes: [:])
        } else {
            s.prompt = callNotes(label: "Note for \(patNums.count) (+ their time)", text: "\(word) by phone", patNums: patNums, suffixes: suffixes)
        }
    }

    /// The call-note line, offered after a status set on the phone.
    static func callNotes(label: String, text: String, patNums: [Int], suffixes: [Int: String]) -> Prompt {
        Prompt(label: label, text: text, reply: Reply("call note \(patNums) \(suffixes.sorted { $0.key < $1.key })") {
            .callNoteEntered($0, patNums: patNums, suffixes: suffixes)
        })
    }

    /// The notes typed for a call, one per patient.
    static func notes(_ s: inout AppState, _ text: String, patNums: [Int], suffixes: [Int: String]) -> [Effect] {
        let effects = patNums.map { Effect.addCommlog(patNum: $0, stamp(text + (suffixes[$0] ?? ""), s)) }
        if effects.count == 1 { return start(&s, effects[0]) }
        return Bulk.start(&s, verb: "Noting calls", noun: "Call notes", effects)
    }

    /// "Tue 12/1 09:20".
    static func shortWhen(_ t: LocalDateTime) -> String {
        "\(String(weekdayName(t.date).prefix(3))) \(t.date.month)/\(t.date.day) \(hhmm(t.time))"
    }
}
