import Foundation
import OpenDentalAPI

/// One line of the action log, made from a write and what the screen showed before it: record
/// numbers and the office's own status names only, never a patient's name or a note's text.
public struct ActionRecord: Equatable, Sendable {
    public var action: String
    public var aptNum: Int?
    public var patNum: Int?
    /// "Left Msg → Appointment Confirmed", "arrived → 09:41", "note +24 chars".
    public var change: String

    /// The record of `effect` given the state before it; nil for what is not a write.
    public static func of(_ effect: Effect, in s: AppState) -> ActionRecord? {
        // A re-read after a lost answer is logged as the write it checks.
        if case .verifyWrite(let w) = effect {
            return of(w, in: s).map { var r = $0; r.action = "check " + r.action; return r }
        }
        return Write.of(effect, in: s).map { ActionRecord(action: $0.action, aptNum: $0.aptNum ?? $0.plannedAptNum, patNum: $0.patNum, change: $0.change) }
    }

    /// "apt #1234 pat #56".
    public var records: String {
        [aptNum.map { "apt #\($0)" }, patNum.map { "pat #\($0)" }].compactMap { $0 }.joined(separator: " ")
    }

    /// What the answer said happened to the write.
    public static func outcome(_ msg: Msg?, checking: Bool) -> String {
        switch msg {
        case .writeDone(_, let text, _)?: return checking || text.contains("checked with the office") ? "resolved: saved" : "saved"
        case .patientCreated?, .booked?: return checking ? "resolved: saved" : "saved"
        case .writeNotSaved?, .writeRefused?, .writeFailed?: return checking ? "resolved: not saved" : "failed"
        case .writeUnknown?: return "unknown"
        case .conflict?: return "not sent: changed at the office"
        default: return "no answer"
        }
    }
}
