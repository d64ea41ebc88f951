import Foundation
import OpenDentalAPI

/// A question before an irreversible write.
public struct Dialog: Equatable, Sendable {
    public var title: String
    public var lines: [String]
    /// Key -> the writes to run (one row, or every marked row one after another).
    public var choices: [Character: [Effect]]
    /// The writes were checked against the office's copy already (a conflict the user settled).
    public var checked = false
    /// Key -> an appointment whose move (the finder) the key opens, instead of a write.
    public var moves: [Character: Appointment] = [:]

    public init(title: String, lines: [String], choices: [Character: [Effect]], checked: Bool = false) {
        self.title = title
        self.lines = lines
        self.choices = choices
        self.checked = checked
    }
}


/// A dialog takes every key first: one of its choices runs its effect, Esc (or `n` when that is
/// not a choice) closes it, anything else is ignored.
func handleDialogKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    guard let dialog = s.dialog else { return [] }
    if key == .escape || key == .char("n") && dialog.choices["n"] == nil { s.dialog = nil; return [] }
    if case .char(let c) = key, let a = dialog.moves[c] {
        s.dialog = nil
        if let why = BookingFlow.moveRefusal(s, a) {
            s.message = why
            s.messageIsError = true
            return []
        }
        return BookingFlow.openMove(&s, a)
    }
    if case .char(let c) = key, let effects = dialog.choices[c] {
        s.dialog = nil
        if effects.isEmpty { return [] }
        // The finder that asked (book, move) has done its job.
        s.booking = nil
        s.fill = nil
        if effects.count == 1 { return start(&s, effects[0], check: !dialog.checked) }
        s.clearMarks()
        return Bulk.start(&s, verb: "Breaking", noun: "Breaks", effects)
    }
    return []
}
