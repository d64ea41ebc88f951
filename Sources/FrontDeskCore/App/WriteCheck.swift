import Foundation
import OpenDentalAPI

/// After a write whose answer never came (or came as a 5xx), the app re-reads the record and asks
/// these pure questions: is the change there? Then it can say "saved" or "not saved", instead of
/// leaving the user to guess (and type the note a second time).
public enum WriteCheck {
    /// Open Dental's `confirmVal` words and the confirmation statuses they set (digest §PUT Confirm).
    static let confirmValNames: [ConfirmValue: String] = [
        .sent: "eConfirmSent", .confirmed: "Appointment Confirmed", .notAccepted: "eConfirmCallBack", .failed: "eConfirmFailure",
    ]

    /// Whether an appointment write shows in the appointment as it is now; nil for writes that are
    /// not about one appointment.
    public static func landed(_ effect: Effect, in a: Appointment, confirmDefs: [Definition]) -> Bool? {
        switch effect {
        case .confirm(_, .defNum(let d)):
            return a.confirmed == d
        case .confirm(_, .value(let v)):
            if v == .none { return confirmDefs.first.map { a.confirmed == $0.defNum } }
            guard let name = confirmValNames[v] else { return nil }
            if let def = confirmDefs.first(where: { $0.itemName == name }) { return a.confirmed == def.defNum }
            return a.confirmedName == name
        case .checkIn(let apt, let field, let time, let status):
            return a.confirmed == status && landed(.setTime(aptNum: apt, field, time), in: a, confirmDefs: confirmDefs) == true
        case .setTime(_, let field, let time):
            let stamp: LocalDateTime?
            switch field {
            case .arrived: stamp = a.dateTimeArrived
            case .seated: stamp = a.dateTimeSeated
            case .dismissed: stamp = a.dateTimeDismissed
            }
            guard let t = stamp?.time else { return false }
            return t.hour == time.hour && t.minute == time.minute
        case .setPriority(_, let p):
            return a.priority == p
        case .appendNote(_, let text):
            return a.note.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix(text.trimmingCharacters(in: .whitespacesAndNewlines))
        case .breakAppointment(_, let toList, _):
            return toList ? a.aptStatus == .unschedList : a.aptStatus == .broken
        case .move(let m):
            return a.aptDateTime == m.at && a.op == m.op && a.aptStatus == (m.status ?? a.aptStatus)
                && (m.confirmed.map { a.confirmed == $0 } ?? true)
        default:
            return nil
        }
    }

    /// Whether a patient edit shows in the patient as the office has it now.
    public static func landed(_ effect: Effect, in p: Patient) -> Bool? {
        guard case .updatePatient(_, let fields, _) = effect else { return nil }
        let now = PatientValues.values(p)
        return PatientValues.keys(of: fields).allSatisfy { now[$0] == PatientValues.value($0, in: fields) }
    }

    /// Whether a recall status write shows: the recall holds the status and the office's commlog
    /// of today is there.
    public static func landed(_ effect: Effect, recalls: [Recall], commlogs: [Commlog], today: LocalDate) -> Bool? {
        guard case .setRecallStatus(let patNum, _, let status) = effect else { return nil }
        return recalls.contains { $0.patNum == patNum && $0.recallStatus == status }
            && commlogs.contains { $0.patNum == patNum && $0.note.hasPrefix("Recall reminder") && $0.commDateTime?.date == today }
    }

    /// Whether a call note is among the patient's commlogs.
    public static func landed(_ effect: Effect, in commlogs: [Commlog]) -> Bool? {
        guard case .addCommlog(let patNum, let text) = effect else { return nil }
        let want = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return commlogs.contains { $0.patNum == patNum && $0.note.trimmingCharacters(in: .whitespacesAndNewlines) == want }
    }

    /// The record a write is about, by number (never a name): "appointment #1234", "patient #56".
    static func target(_ effect: Effect) -> String { Write.of(effect)?.target ?? "record" }

    /// The appointment a write changes, if any.
    public static func aptNum(_ effect: Effect) -> Int? { Write.of(effect)?.aptNum }

    public static func isWrite(_ effect: Effect) -> Bool { Write.of(effect) != nil }

    /// What the user is told, the same words for every write.
    public static func notSaved(_ what: String, _ cause: String) -> String { "Not saved: \(what) (\(cause)). Press R to send again" }
    public static func unknown(_ what: String) -> String {
        "Not sure it saved: \(what); the office did not answer and could not be asked. Press R to check again"
    }

    /// A short name for the write, for the status line (no patient data beyond what is on screen).
    public static func describe(_ effect: Effect) -> String { Write.of(effect)?.noun ?? "change" }
}

/// A write that did not save, or whose outcome is not known: `R` sends it again, or asks again.
public struct PendingWrite: Equatable, Sendable {
    public var effect: Effect
    /// True when the outcome is unknown: `R` re-reads instead of re-sending.
    public var recheck: Bool
    public init(effect: Effect, recheck: Bool) {
        self.effect = effect
        self.recheck = recheck
    }
}
