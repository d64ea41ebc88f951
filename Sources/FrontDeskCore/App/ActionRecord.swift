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
        func status(_ d: Int?) -> String { d.flatMap { d in s.confirmDefs.first { $0.defNum == d }?.itemName } ?? d.map { "#\($0)" } ?? "?" }
        switch effect {
        case .confirm(let apt, let c):
            let before = s.appointment(apt)
            let new: String
            switch c {
            case .defNum(let d): new = status(d)
            case .value(let v): new = v.rawValue
            }
            return ActionRecord(action: "confirm", aptNum: apt, patNum: before?.patNum, change: "\(status(before?.confirmed)) → \(new)")
        case .setTime(let apt, let field, let time):
            return ActionRecord(action: field.rawValue.lowercased(), aptNum: apt, patNum: s.appointment(apt)?.patNum, change: "time → \(hhmm(time))")
        case .checkIn(let apt, let field, let time, let d):
            let before = s.appointment(apt)
            return ActionRecord(action: field.rawValue.lowercased(), aptNum: apt, patNum: before?.patNum,
                                change: "time → \(hhmm(time)); \(status(before?.confirmed)) → \(status(d))")
        case .setPriority(let apt, let p):
            let before = s.appointment(apt)
            return ActionRecord(action: "priority", aptNum: apt, patNum: before?.patNum,
                                change: "\((before?.priority ?? .normal).rawValue) → \(p.rawValue)")
        case .appendNote(let apt, let text):
            return ActionRecord(action: "note", aptNum: apt, patNum: s.appointment(apt)?.patNum, change: "note +\(text.count) chars")
        case .breakAppointment(let apt, let toList, let type):
            let before = s.appointment(apt)
            return ActionRecord(action: "break", aptNum: apt, patNum: before?.patNum,
                                change: "\(before?.aptStatus.rawValue ?? "?") → \(toList ? "UnschedList" : "Broken")\(type.map { " (\($0.rawValue))" } ?? "")")
        case .addCommlog(let pat, let text):
            return ActionRecord(action: "call note", aptNum: nil, patNum: pat, change: "commlog +\(text.count) chars")
        case .book(let b):
            return ActionRecord(action: "book", aptNum: nil, patNum: b.patNum,
                                change: "→ \(b.at.date) \(hhmm(b.at.time)) op #\(b.op) prov #\(b.provNum) \(b.pattern.count * 5) min")
        case .setRecallStatus(let pat, let type, let status):
            let name = status == 0 ? "None" : s.recallStatuses?.first { $0.defNum == status }?.itemName ?? "#\(status)"
            return ActionRecord(action: "recall status", aptNum: nil, patNum: pat, change: "\(type) → \(name)")
        case .schedulePlanned(let m):
            return ActionRecord(action: "schedule planned", aptNum: m.aptNum, patNum: m.patNum,
                                change: "→ \(m.at.date) \(hhmm(m.at.time)) op #\(m.op) prov #\(m.provNum)")
        case .move(let m):
            let before = s.appointment(m.aptNum)
            var change = "\(before?.aptDateTime.map { "\($0.date) \(hhmm($0.time))" } ?? "?") op #\(before?.op ?? 0) → \(m.at.date) \(hhmm(m.at.time)) op #\(m.op)"
            if let st = m.status { change += "; \(before?.aptStatus.rawValue ?? "?") → \(st.rawValue)" }
            if let c = m.confirmed { change += "; \(status(before?.confirmed)) → \(status(c))" }
            if m.clearASAP { change += "; ASAP → Normal" }
            return ActionRecord(action: "move", aptNum: m.aptNum, patNum: m.patNum, change: change)
        case .checked(let w, _):
            return of(w, in: s)
        case .createPatient(let fields, _):
            return ActionRecord(action: "new patient", aptNum: nil, patNum: nil, change: "fields: " + PatientValues.keys(of: fields).joined(separator: ", "))
        case .updatePatient(let pat, let fields, _):
            return ActionRecord(action: "contact", aptNum: nil, patNum: pat, change: "changed: " + PatientValues.keys(of: fields).joined(separator: ", "))
        case .verifyWrite(let w):
            guard var r = of(w, in: s) else { return nil }
            r.action = "check " + r.action
            return r
        default:
            return nil
        }
    }

    /// "apt #1234 pat #56".
    public var records: String {
        [aptNum.map { "apt #\($0)" }, patNum.map { "pat #\($0)" }].compactMap { $0 }.joined(separator: " ")
    }

    /// What the answer said happened to the write.
    public static func outcome(_ msg: Msg?, checking: Bool) -> String {
        switch msg {
        case .writeDone(_, let text)?: return checking || text.contains("checked with the office") ? "resolved: saved" : "saved"
        case .patientCreated?, .booked?: return checking ? "resolved: saved" : "saved"
        case .writeNotSaved?, .writeRefused?, .writeFailed?: return checking ? "resolved: not saved" : "failed"
        case .writeUnknown?: return "unknown"
        case .conflict?: return "not sent: changed at the office"
        default: return "no answer"
        }
    }
}
