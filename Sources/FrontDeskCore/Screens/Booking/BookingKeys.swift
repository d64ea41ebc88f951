import Foundation
import OpenDentalAPI
import TerminalUI

/// The finder's keys: the length step, the days, a day's openings.
extension BookingFlow {
    static func key(_ s: inout AppState, _ key: Key) -> [Effect] {
        guard var b = s.booking else { return [] }
        switch b.step {
        case .length:
            switch key {
            case .escape: s.booking = nil
            case .up, .char("k"): b.lengthIndex = max(0, b.lengthIndex - 1); s.booking = b
            case .down, .char("j"): b.lengthIndex = min(max(0, b.lengths.count - 1), b.lengthIndex + 1); s.booking = b
            case .char(let c) where c.isASCII && c.isNumber:
                if b.typedMinutes.count < 3 { b.typedMinutes.append(c) }
                s.booking = b
            case .backspace, .delete:
                if !b.typedMinutes.isEmpty { b.typedMinutes.removeLast() }
                s.booking = b
            case .enter:
                let typed = Int(b.typedMinutes).flatMap { $0 >= 5 && $0 <= 540 ? $0 : nil }
                if !b.typedMinutes.isEmpty && typed == nil {
                    s.message = "Type 5 to 540 minutes (or clear them with Backspace and choose from the list)"
                    s.messageIsError = true
                    return []
                }
                guard typed != nil || b.lengths.indices.contains(b.lengthIndex) else { return [] }
                let l = typed.map { Booking.Length(label: "\($0) minutes", pattern: OpeningFinder.pattern(minutes: $0), typeNum: nil) }
                    ?? b.lengths[b.lengthIndex]
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
            case .char("r"):
                // Read again (after the office failed to answer, or to see it as it is now).
                b.factsProv = nil
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
}
