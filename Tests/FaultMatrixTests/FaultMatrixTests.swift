import FaultMatrix
import Foundation
import TestSupport
import Testing

/// The fault matrix over real HTTP against the sandbox: every write the dashboard makes, under
/// every fault, judged by the sandbox's own database. Nothing doubled, nothing lost silently.
@Suite(.takesTurns) struct FaultMatrixTests {
    @Test func everyWriteUnderEveryFaultIsSavedOnceOrTheUserIsTold() async throws {
        // 2 s stands in for the report's 10 s slow office: the client waits either out the same way.
        let report = try await FaultMatrix.run(latencyMs: 2_000)
        print(report.text)
        #expect(report.cells.count == FaultMatrix.Write.allCases.count * FaultMatrix.cases(latencyMs: 2_000).count)
        #expect(report.doubled == 0, "\(report.text)")
        #expect(report.silentLosses == 0, "\(report.text)")
        func outcome(_ fault: String, _ w: FaultMatrix.Write) -> FaultMatrix.Outcome? {
            report.cells.first { $0.fault == fault && $0.write == w }?.outcome
        }
        // Without a fault everything saves plainly.
        for w in FaultMatrix.Write.allCases { #expect(outcome("no fault", w) == .saved, "\(w)") }
        // A lost answer is never guessed: the one-shot writes are re-read and found saved.
        for w in [FaultMatrix.Write.note, .breakAppt, .callNote, .book, .schedulePlanned, .recallStatus] {
            #expect(outcome("answer lost before the first byte", w) == .savedAfterReread, "\(w)")
        }
        // A 500 before the office acted: a one-shot write is re-read and found not saved.
        #expect(outcome("500", .note) == .notSavedAfterReread)
        // Throttled writes were never carried out, so they are sent again and saved.
        for w in FaultMatrix.Write.allCases { #expect(outcome("429 without Retry-After", w) == .saved, "\(w)") }
        // Lost, and the office gone for the re-read: unknown, and said so (R checks again).
        for w in [FaultMatrix.Write.note, .breakAppt, .callNote] {
            #expect(outcome("answer lost, then office unreachable", w) == .unknownTold, "\(w)")
        }
        // The office unreachable: nothing saved, and said.
        for w in FaultMatrix.Write.allCases { #expect(outcome("eConnector down", w) == .notSavedTold, "\(w)") }
    }
}
