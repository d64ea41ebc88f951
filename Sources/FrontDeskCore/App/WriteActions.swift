import Foundation
import OpenDentalAPI
import TerminalUI

/// Taking back the last confirmation change, sending a write again.
func writeAction(_ s: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .undo:
        guard let u = s.undoConfirm else {
            s.message = "Nothing to undo (only confirmation changes can be taken back)"
            s.messageIsError = true
            return []
        }
        s.undoConfirm = nil
        let effects = start(&s, .confirm(aptNum: u.aptNum, .defNum(u.previousDefNum)))
        if !effects.isEmpty { s.message = "Undoing: back to \(u.previousName)" }
        return effects
    case .resendWrite:
        guard let p = s.pendingWrite else {
            s.message = "Nothing to send again"
            s.messageIsError = false
            return []
        }
        if p.recheck {
            s.message = "Checking whether the \(WriteCheck.describe(p.effect)) saved…"
            s.messageIsError = false
            return [.verifyWrite(p.effect)]
        }
        s.pendingWrite = nil
        return start(&s, p.effect)
    default: break
    }
    return []
}
