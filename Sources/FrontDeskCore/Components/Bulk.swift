import Foundation
import OpenDentalAPI
import TerminalUI

/// Writes to many rows, one at a time through the throttle, with a progress line that Esc stops
/// before the next request. The office's "no" for one row is written down and the run goes on; a
/// fault (no answer, a 5xx, a 429 the client gave up on, the office unreachable) stops the run, and
/// nothing is sent again until the user asks (`R`).
public struct BulkRun: Equatable, Sendable {
    public struct Failure: Equatable, Sendable {
        public var effect: Effect
        public var reason: String
    }

    /// "Confirming", "Noting calls", "Breaking".
    public var verb: String
    /// What the end says was saved: "Confirmations", "Call notes".
    public var noun: String
    public var queue: [Effect]
    public var total: Int
    /// The write on its way; nil between writes.
    public var current: Effect?
    public var saved: [Effect] = []
    public var failed: [Failure] = []
    /// Stopped by a fault or by Esc: these were not sent.
    public var stopping = false
    public var stoppedBy: String?

    var done: Int { saved.count + failed.count }
    public var progress: String { "\(verb) \(min(total, done + 1)) of \(total) · Esc stops" }
}

enum Bulk {
    /// Starts a run (or, while one runs, adds to its queue: the call notes after the confirmations).
    static func start(_ s: inout AppState, verb: String, noun: String, _ effects: [Effect]) -> [Effect] {
        guard !effects.isEmpty else { return [] }
        if var b = s.bulk {
            b.queue += effects
            b.total += effects.count
            s.bulk = b
            say(&s, b.progress)
            return []
        }
        s.bulkRetry = []
        s.bulk = BulkRun(verb: verb, noun: noun, queue: effects, total: effects.count)
        return next(&s)
    }

    static func next(_ s: inout AppState) -> [Effect] {
        guard var b = s.bulk else { return [] }
        if b.stopping || b.queue.isEmpty { return finish(&s) }
        let e = b.queue.removeFirst()
        b.current = e
        s.bulk = b
        if let apt = WriteCheck.aptNum(e) { s.saving[apt] = "saving…" }
        say(&s, b.progress)
        return [checked(s, e)]
    }

    /// Esc: no further request; the one on its way finishes.
    static func stop(_ s: inout AppState) {
        guard var b = s.bulk else { return }
        b.stopping = true
        b.stoppedBy = b.stoppedBy ?? "you stopped it"
        s.bulk = b
        if b.current == nil { _ = finish(&s) } else { say(&s, "Stopping after this one…") }
    }

    /// A write's outcome while a run is on: nil when no run is on (the caller handles it alone).
    /// `saved` nil: not known (the run stops; `R` asks again).
    static func outcome(_ s: inout AppState, aptNum: Int?, saved: Bool?, reason: String, fault: Bool) -> [Effect]? {
        guard var b = s.bulk, let current = b.current else { return nil }
        if let apt = aptNum { s.saving[apt] = nil }
        b.current = nil
        switch saved {
        case true?:
            b.saved.append(current)
            showSaved(&s, current)
        case false?:
            b.failed.append(BulkRun.Failure(effect: current, reason: reason))
            if fault {
                b.stopping = true
                b.stoppedBy = reason
            }
        case nil:
            b.stopping = true
            b.stoppedBy = reason
            s.pendingWrite = PendingWrite(effect: current, recheck: true)
        }
        s.bulk = b
        return next(&s)
    }

    /// A confirmation the office took shows on its row at once. It answers with no record, and the
    /// run reads the day once at its end: until then the row went from "saving…" back to the status
    /// it had, as if the save had not taken.
    static func showSaved(_ s: inout AppState, _ e: Effect) {
        guard case .confirm(let apt, let c) = e, var a = s.appointment(apt) else { return }
        let name = confirmationName(c, s.confirmDefs)
        let num: Int?
        switch c {
        case .defNum(let d): num = d
        case .value: num = s.confirmDefs.first { $0.itemName == name }?.defNum
        }
        guard let num else { return }
        a.confirmed = num
        a.confirmedName = name
        s.replaceAppointment(a)
    }

    /// The run is over: what saved, what failed in the office's words, what was not sent; `R`
    /// sends the failed and unsent ones again. One refresh for the whole run.
    static func finish(_ s: inout AppState) -> [Effect] {
        guard let b = s.bulk else { return [] }
        s.bulk = nil
        var text = "\(b.noun): \(b.saved.count) of \(b.total) saved"
        if let f = b.failed.first {
            text += "; \(b.failed.count) not saved (\(WriteCheck.target(f.effect)): \(f.reason))"
        }
        let unsent = b.stopping ? b.queue : []
        if !unsent.isEmpty { text += "; \(unsent.count) not sent (\(b.stoppedBy ?? "stopped"))" }
        s.bulkRetry = b.failed.map(\.effect) + unsent
        if !s.bulkRetry.isEmpty, s.pendingWrite == nil { text += ". R sends those again" }
        s.message = text
        s.messageIsError = !b.failed.isEmpty || !unsent.isEmpty
        return refreshEffects(s, background: false)
    }
}
