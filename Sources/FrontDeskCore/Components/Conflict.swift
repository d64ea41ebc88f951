import Foundation
import OpenDentalAPI
import TerminalUI

/// Someone else may have changed a row since it was read. Before a write on a row older than
/// `AppState.checkAfterSeconds` (or one shown from the cache or another dashboard), the runtime
/// reads the office's copy (one GET, through the throttle) and sends the write only when status,
/// time, operatory and the field being written are as the screen showed them; otherwise the app
/// shows both and asks. A write never silently overwrites someone else's change.
public enum Conflict {
    /// The fields that differ between what was shown and the office's copy, for this write.
    public static func changed(_ shown: Appointment, _ now: Appointment, for write: Effect) -> [Field] {
        var out: [Field] = []
        if shown.aptStatus != now.aptStatus || shown.confirmed != now.confirmed { out.append(.status) }
        if shown.aptDateTime != now.aptDateTime { out.append(.time) }
        if shown.op != now.op { out.append(.operatory) }
        switch write {
        case .appendNote where shown.note != now.note: out.append(.note)
        case .setPriority where shown.priority != now.priority: out.append(.priority)
        case .setTime(_, let f, _), .checkIn(_, let f, _, _):
            if stamp(shown, f) != stamp(now, f) { out.append(.checkIn(f)) }
        default: break
        }
        return out
    }

    public enum Field: Equatable, Sendable {
        case status, time, operatory, note, priority, checkIn(TimeField)
    }

    static func stamp(_ a: Appointment, _ f: TimeField) -> LocalDateTime? {
        switch f {
        case .arrived: return a.dateTimeArrived
        case .seated: return a.dateTimeSeated
        case .dismissed: return a.dateTimeDismissed
        }
    }

    /// "Status: Left Msg → Appointment Confirmed" for each change, in the office's words.
    static func lines(_ shown: Appointment, _ now: Appointment, for write: Effect, _ s: AppState) -> [String] {
        func status(_ a: Appointment) -> String { s.status(a).word }
        func time(_ t: LocalDateTime?) -> String { t.map { "\($0.date) \(hhmm($0.time))" } ?? "none" }
        func op(_ n: Int) -> String { clean(s.opAbbr[n] ?? "#\(n)") }
        return changed(shown, now, for: write).map { field in
            switch field {
            case .status: return "Status: \(status(shown)) → \(status(now))"
            case .time: return "Time: \(time(shown.aptDateTime)) → \(time(now.aptDateTime))"
            case .operatory: return "Operatory: \(op(shown.op)) → \(op(now.op))"
            case .note: return "Note: changed (\(shown.note.count) → \(now.note.count) characters)"
            case .priority: return "ASAP: \(shown.priority == .asap ? "yes" : "no") → \(now.priority == .asap ? "yes" : "no")"
            case .checkIn(let f): return "\(f.rawValue): \(time(stamp(shown, f))) → \(time(stamp(now, f)))"
            }
        }
    }

    /// The office's copy differs: in a bulk run the row is left and said; alone, both are shown
    /// and the user decides.
    static func found(_ s: inout AppState, write: Effect, shown: Appointment, current: Appointment) -> [Effect] {
        let changes = lines(shown, current, for: write, s)
        if let next = Bulk.outcome(&s, aptNum: shown.aptNum, saved: false,
                                   reason: "changed at the office since shown (\(changes.joined(separator: "; ")))", fault: false) {
            return next
        }
        s.saving[shown.aptNum] = nil
        s.undo = s.undo?.aptNum == shown.aptNum ? nil : s.undo
        s.dialog = Dialog(title: "Changed at the office since you looked", lines: [
            "\(s.name(shown.patNum)), appointment #\(shown.aptNum)", "",
        ] + changes + [
            "",
            "y  save your \(WriteCheck.describe(write)) anyway",
            "n  keep the office's version (the row is read again)",
        ], choices: ["y": [write], "n": []], checked: true)
        say(&s, "Changed at the office: not saved yet")
        return [.loadDay(s.schedule.day)]
    }
}

extension AppState {
    /// The rows on show are old enough (or from the cache) that a write is checked first.
    var rowsNeedCheck: Bool {
        if active.dataFrom(self) != nil { return true }
        guard case .loaded(let at) = active.load(self) else { return false }
        return clock - at >= checkAfterSeconds
    }
}
