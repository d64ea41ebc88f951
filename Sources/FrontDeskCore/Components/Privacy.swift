import Foundation
import OpenDentalAPI
import TerminalUI

/// A screen that faces the waiting room: `P` masks protected details on every screen and dialog
/// (names become initials; phones, birthdates, e-mail, notes hidden) until pressed again, and
/// after an idle time the whole screen gives way to a lock notice until a key (or, when the
/// office asks for it, the operator's initials) is typed. Nothing typed before is lost.
public struct PrivacySettings: Equatable, Sendable {
    /// Seconds without a key before the lock (0: never).
    public var idleLockSeconds: Double = 0
    public var lockRequiresInitials = false
    public init(idleLockSeconds: Double = 0, lockRequiresInitials: Bool = false) {
        self.idleLockSeconds = idleLockSeconds
        self.lockRequiresInitials = lockRequiresInitials
    }
}

enum Privacy {
    static let hidden = "•••"

    /// "Okafor, Grace" → "O. G."; a record number stays as it is.
    static func initials(_ name: String) -> String {
        guard !name.hasPrefix("#") else { return name }
        let parts = name.split(whereSeparator: { $0 == "," || $0 == " " }).filter { !$0.isEmpty }
        let letters = parts.prefix(2).compactMap { $0.first.map { String($0).uppercased() + "." } }
        return letters.isEmpty ? hidden : letters.joined(separator: " ")
    }

    /// A contact detail (phone, birthdate, e-mail, note) as shown: hidden while masked.
    static func detail(_ text: String, _ s: AppState) -> String { s.masked && !text.isEmpty ? hidden : text }
    static func detail(_ text: String, _ s: Shared) -> String { s.masked && !text.isEmpty ? hidden : text }

    static let binding = Binding([.char("P")], .privacy, "privacy: names as initials, details hidden (P again shows them)") { s in
        s.masked.toggle()
        say(&s, s.masked ? "Masked: names as initials, contact details and notes hidden (P shows them)" : "Details shown")
        return []
    }

    /// A second passed: lock when nobody typed for the idle time.
    static func tick(_ s: inout AppState) {
        let idle = s.privacy.idleLockSeconds
        if !s.locked, idle > 0, s.clock - s.lastInput >= idle {
            s.locked = true
            s.lockTyped = ""
        }
    }

    /// A key on the lock: any key opens it, or the operator's initials and Enter when required.
    static func lockKey(_ s: inout AppState, _ key: Key) {
        guard s.privacy.lockRequiresInitials, !s.operatorInitials.isEmpty else {
            unlock(&s)
            return
        }
        switch key {
        case .enter:
            if s.lockTyped.uppercased() == s.operatorInitials.uppercased() { unlock(&s) } else {
                s.lockTyped = ""
                s.lockMessage = "Not the initials of this session's operator"
            }
        case .backspace, .delete: if !s.lockTyped.isEmpty { s.lockTyped.removeLast() }
        case .escape: s.lockTyped = ""
        case .char(let c) where c.isLetter && s.lockTyped.count < 4: s.lockTyped.append(c)
        default: break
        }
    }

    static func unlock(_ s: inout AppState) {
        s.locked = false
        s.lockTyped = ""
        s.lockMessage = nil
        s.lastInput = s.clock
    }

    /// The whole screen while locked: no data, only how to open it.
    static func drawLock(_ s: AppState) -> Grid {
        var g = Grid(width: s.width, height: s.height)
        let needInitials = s.privacy.lockRequiresInitials && !s.operatorInitials.isEmpty
        var lines = ["Locked", "", needInitials ? "Type your initials and press Enter." : "Press any key."]
        if needInitials { lines.append(String(repeating: "•", count: s.lockTyped.count) + "▏") }
        if let m = s.lockMessage { lines += ["", m] }
        for (i, l) in lines.enumerated() {
            g.put(max(0, (s.width - TextWidth.width(l)) / 2), s.height / 2 - 2 + i, l, i == 0 ? .title : (i >= 4 ? .error : .normal))
        }
        return g
    }
}
