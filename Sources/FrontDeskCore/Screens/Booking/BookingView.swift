import Foundation
import OpenDentalAPI
import TerminalUI

extension BookingFlow {
    /// The lines of the finder's box, fitted to a screen of `height` rows.
    static func lines(_ b: Booking, _ s: AppState, height: Int) -> (title: String, lines: [(String, Role)]) {
        let ascii = s.ascii
        let marker = ascii ? ">" : "▶"
        let who = s.name(b.patNum)
        let verb = b.moving == nil ? "Book" : "Move"
        switch b.step {
        case .length:
            var out: [(String, Role)] = [("How long? (the appointment type brings its procedures)", .dim), ("", .normal)]
            let room = max(3, height - 8)
            let first = max(0, min(b.lengthIndex - room / 2, b.lengths.count - room))
            for (i, l) in b.lengths.enumerated().dropFirst(first).prefix(room) {
                out.append(("\(i == b.lengthIndex ? marker : " ") \(l.label)", i == b.lengthIndex ? .selected : .normal))
            }
            if s.appointmentTypes == nil { out.append(("  (reading the office's appointment types…)", .dim)) }
            out.append(("", .normal))
            if !b.typedMinutes.isEmpty { out.append(("Minutes: \(b.typedMinutes)▏", .selected)) }
            out.append(("↑↓ choose · or type minutes · Enter finds openings · Esc", .dim))
            return ("\(verb): \(who)", out)
        case .openings:
            let prov = s.providerAbbr[b.provNum] ?? "#\(b.provNum)"
            let range = b.day.map { "every opening on \(when($0, LocalTime(hour: 0, minute: 0)).dropLast(6))" }
                ?? "first opening of each day from \(b.from.month)/\(b.from.day)"
            var out: [(String, Role)] = [("\(b.pattern.count * 5) min with \(prov) · \(range)", .dim), ("", .normal)]
            let rows = rows(b, s)
            if b.loading {
                out.append(("Reading the schedule…", .dim))
            } else if let problem = b.problem {
                out.append((problem, .error))
                out.append(("r reads again", .dim))
            } else if rows.isEmpty {
                out.append((b.day == nil ? "No opening with \(prov) in these \(Booking.days) days (→ the next two weeks)"
                            : "No opening with \(prov) this day (← → other days)", .dim))
                out.append(("p tries another provider", .dim))
            } else {
                let room = max(3, height - 8)
                let first = max(0, min(b.selected - room / 2, rows.count - room))
                for (i, o) in rows.enumerated().dropFirst(first).prefix(room) {
                    let start = i == b.selected && b.day != nil ? Opening.time(o.startBlock + b.nudge) : o.start
                    let op = TextWidth.pad(clean(s.opAbbr[o.op] ?? "op \(o.op)"), to: 6)
                    let free = o.latestBlock > o.startBlock ? "free until \(o.freeUntil)" : "exactly fits"
                    out.append(("\(i == b.selected ? marker : " ") \(when(o.date, start))  \(op) \(free)", i == b.selected ? .selected : .normal))
                }
            }
            out.append(("", .normal))
            out.append((b.day == nil ? "Enter: that day · ←→ two weeks · p provider · Esc back"
                        : "Enter: \(verb.lowercased()) · +- 5 min · ←→ day · p provider · Esc back", .dim))
            return ("\(verb): \(who)", out)
        }
    }

    static func draw(_ g: inout Grid, _ s: AppState, _ b: Booking) {
        let (title, lines) = lines(b, s, height: g.height)
        Widgets.box(&g, title: clean(title), lines: lines.map { (clean($0.0), $0.1) }, minWidth: 58)
    }
}
