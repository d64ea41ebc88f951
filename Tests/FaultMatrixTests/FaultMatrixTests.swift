import FaultMatrix
import Foundation
import OpenDentalAPI
import TestSupport
import Testing

/// The fault matrix over real HTTP against the sandbox: every write the dashboard makes, under
/// every fault, judged by the sandbox's own database. Nothing doubled, nothing lost silently.
@Suite(.sharesTurns) struct FaultMatrixTests {
    @Test(.sharesLongTurns) func everyWriteUnderEveryFaultIsSavedOnceOrTheUserIsTold() async throws {
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

    /// The verdicts do not depend on the day: the draw of appointments is made relative to
    /// today, and on 2026-12-02 an ASAP write under eConnector down was once judged "lost" because
    /// the appointment was ASAP before. Here the office's date is set to several days (a Monday,
    /// a Saturday, month and year ends) and the cases that never need a re-read must give the
    /// same outcome for every write each time.
    @Test(arguments: [LocalDate(year: 2026, month: 12, day: 2), LocalDate(year: 2026, month: 12, day: 5),
                      LocalDate(year: 2026, month: 12, day: 31), LocalDate(year: 2027, month: 2, day: 28)])
    func theSameVerdictsWhateverTheDate(_ day: LocalDate) async throws {
        let report = try await FaultMatrix.run(latencyMs: 2_000, today: day, only: ["no fault", "eConnector down", "429 without Retry-After"])
        #expect(report.doubled == 0 && report.silentLosses == 0, "\(report.text)")
        for cell in report.cells {
            let expected: FaultMatrix.Outcome = cell.fault == "eConnector down" ? .notSavedTold : .saved
            #expect(cell.outcome == expected, "\(day) \(cell.fault) \(cell.write)")
        }
        #expect(report.cells.count == FaultMatrix.Write.allCases.count * 3)
    }
}
