import Foundation
import OpenDentalAPI

/// What the app knows of a write, from one switch: the records it touches (by number), its name
/// on the status line, its action-log word and change (old → new in the office's words, from the
/// state before it), and the words the user is told when it saved. Elsewhere, each in one place:
/// the request (the effect, carried out by `EffectRunner.perform`), whether it may be repeated
/// (the request's `APIRequest.safety`), and how it is recognised after a lost answer
/// (`WriteCheck.landed`).
public struct Write: Equatable, Sendable {
    public var effect: Effect
    /// The appointment it changes (its row shows "saving…").
    public var aptNum: Int?
    public var patNum: Int?
    /// The planned appointment a new one is scheduled from (not itself changed).
    public var plannedAptNum: Int?
    /// "confirmation", "arrived time": for "Not saved: …" and "Saving…".
    public var noun: String
    /// The action log's word: "confirm", "arrived", "book".
    public var action: String
    /// "Left Msg → Appointment Confirmed", "time → 09:41": "?" where the state before is not known.
    public var change: String

    /// It can take a row out of what a cached read selects (a day, scheduled appointments of a
    /// range): its time or status changes. Only after such a write must a cached set be read
    /// whole again; any other write's row comes back in the next read of what changed.
    public var movesRows: Bool {
        switch effect {
        case .move, .breakAppointment: return true
        case .checked(let w, _): return Write.of(w)?.movesRows ?? false
        default: return false
        }
    }

    /// The write `effect` is, or nil for a read. `s` is the state before it: without it the
    /// change has no old values.
    public static func of(_ effect: Effect, in s: AppState? = nil) -> Write? {
        let defs = s?.confirmDefs ?? []
        func status(_ d: Int?) -> String { d.map { statusName($0, defs) } ?? "?" }
        func write(_ apt: Int?, _ pat: Int?, _ noun: String, _ action: String, _ change: String) -> Write {
            Write(effect: effect, aptNum: apt, patNum: pat, noun: noun, action: action, change: change)
        }
        let before: Appointment? = { () -> Int? in
            switch effect {
            case .confirm(let a, _), .setTime(let a, _, _), .checkIn(let a, _, _, _), .setPriority(let a, _), .appendNote(let a, _),
                 .breakAppointment(let a, _, _): return a
            case .move(let m): return m.aptNum
            default: return nil
            }
        }().flatMap { s?.appointment($0) }
        switch effect {
        case .checked(let w, _):
            return of(w, in: s).map { var o = $0; o.effect = effect; return o }
        case .confirm(let apt, let c):
            return write(apt, before?.patNum, "confirmation", "confirm", "\(status(before?.confirmed)) → \(confirmationName(c, defs))")
        case .setTime(let apt, let field, let time):
            return write(apt, before?.patNum, field.rawValue.lowercased() + " time", field.rawValue.lowercased(), "time → \(hhmm(time))")
        case .checkIn(let apt, let field, let time, let d):
            return write(apt, before?.patNum, field.rawValue.lowercased() + " time and status", field.rawValue.lowercased(),
                         "time → \(hhmm(time)); \(status(before?.confirmed)) → \(status(d))")
        case .setPriority(let apt, let p):
            return write(apt, before?.patNum, "ASAP", "priority", "\((before?.priority ?? .normal).rawValue) → \(p.rawValue)")
        case .appendNote(let apt, let text):
            return write(apt, before?.patNum, "appointment note", "note", "note +\(text.count) chars")
        case .breakAppointment(let apt, let toList, let type):
            return write(apt, before?.patNum, "break", "break",
                         "\(before?.aptStatus.rawValue ?? "?") → \(toList ? "UnschedList" : "Broken")\(type.map { " (\($0.rawValue))" } ?? "")")
        case .addCommlog(let pat, let text):
            return write(nil, pat, "call note", "call note", "commlog +\(text.count) chars")
        case .createPatient(let fields, _):
            return write(nil, nil, "new patient", "new patient", "fields: " + PatientValues.keys(of: fields).joined(separator: ", "))
        case .updatePatient(let pat, let fields, _):
            return write(nil, pat, "contact details", "contact", "changed: " + PatientValues.keys(of: fields).joined(separator: ", "))
        case .book(let b):
            return write(nil, b.patNum, "booking", "book", "→ \(b.at.date) \(hhmm(b.at.time)) op #\(b.op) prov #\(b.provNum) \(b.pattern.count * 5) min")
        case .schedulePlanned(let m):
            var w = write(nil, m.patNum, "planned appointment", "schedule planned", "→ \(m.at.date) \(hhmm(m.at.time)) op #\(m.op) prov #\(m.provNum)")
            w.plannedAptNum = m.aptNum
            return w
        case .move(let m):
            var change = "\(before?.aptDateTime.map { "\($0.date) \(hhmm($0.time))" } ?? "?") op #\(before?.op ?? 0) → \(m.at.date) \(hhmm(m.at.time)) op #\(m.op)"
            if let st = m.status { change += "; \(before?.aptStatus.rawValue ?? "?") → \(st.rawValue)" }
            if let c = m.confirmed { change += "; \(status(before?.confirmed)) → \(status(c))" }
            if m.clearASAP { change += "; ASAP → Normal" }
            return write(m.aptNum, m.patNum, "move", "move", change)
        case .setRecallStatus(let pat, let type, let st):
            let name = st == 0 ? "None" : s?.recallStatuses?.first { $0.defNum == st }?.itemName ?? "#\(st)"
            return write(nil, pat, "recall status", "recall status", "\(type) → \(name)")
        default:
            return nil
        }
    }

    /// The record by number, never by name: "appointment #1234", "patient #56".
    public var target: String {
        if let plannedAptNum { return "planned appointment #\(plannedAptNum)" }
        if let aptNum { return "appointment #\(aptNum)" }
        if let patNum { return "patient #\(patNum)" }
        return "record"
    }

    /// What the user is told when the office said it saved.
    public func saved(confirmDefs defs: [Definition]) -> String {
        switch effect.written {
        case .confirm(_, let c):
            if case .value(let v) = c { return "Saved: \(v == .confirmed ? "Confirmed" : v.rawValue)" }
            return "Saved: \(confirmationName(c, defs))"
        case .setTime(_, let field, let time):
            return "Saved: \(field.rawValue.lowercased()) at \(hhmm(time))"
        case .checkIn(_, let field, let time, let status):
            return "Saved: \(field.rawValue.lowercased()) at \(hhmm(time)), status \(statusName(status, defs))"
        case .setPriority(_, let p): return p == .asap ? "Saved: ASAP" : "Saved: no longer ASAP"
        case .appendNote: return "Note added"
        case .breakAppointment(_, let toList, let type):
            return toList ? "Moved to the Unscheduled list" : "Marked broken (\(type?.rawValue.lowercased() ?? ""))"
        case .addCommlog: return "Call noted"
        default: return "Saved: \(noun)"
        }
    }

    /// What the user is told when a re-read after a lost answer found it saved.
    public var savedOnCheck: String { "Saved: \(noun) (checked with the office)" }
}

extension Effect {
    /// The write inside a `.checked` one.
    var written: Effect {
        if case .checked(let w, _) = self { return w.written }
        return self
    }
}

/// A confirmation status by its office's name ("#21" when the office's list lacks it).
func statusName(_ defNum: Int, _ defs: [Definition]) -> String {
    defs.first { $0.defNum == defNum }?.itemName ?? "#\(defNum)"
}

/// What a confirmation sets, in the office's words.
func confirmationName(_ c: Confirmation, _ defs: [Definition]) -> String {
    switch c {
    case .defNum(let d): return statusName(d, defs)
    case .value(let v): return v.rawValue
    }
}
