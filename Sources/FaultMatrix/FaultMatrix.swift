import Foundation
import FrontDeskApp
import FrontDeskCore
import OpenDentalAPI
import OpenDentalSandbox

/// Every write the dashboard can make, against every fault an office produces, judged by the
/// sandbox's own database: was it saved once, and was the user told the truth?
///
/// Each write goes through `WriteRunner`, the same code a key press runs (requests, retries, the
/// re-read when the outcome is unknown). Each fault hits only that write's request (by method and
/// path, a burst of one), so the re-read sees the office as it is.
public enum FaultMatrix {
    public enum Write: String, CaseIterable, Sendable {
        case confirm = "confirm", leftMessage = "left msg", arrived = "arrived", seated = "seated",
             dismissed = "dismissed", note = "note", breakAppt = "break", callNote = "call note",
             arrivedStatus = "arr+stat.", asap = "ASAP", newPatient = "new pat.", editContact = "contact",
             book = "book", move = "move", schedulePlanned = "planned", recallStatus = "recall"

        /// Writes judged by how many times their mark is there (a note's text, a commlog, a new
        /// patient); the others set a state, judged by whether the record moved into it.
        var counts: Bool { [.note, .callNote, .newPatient, .book, .schedulePlanned, .recallStatus].contains(self) }
    }

    public struct Case: Sendable {
        public var name: String
        public var faults: [Fault]
    }

    /// The faults of the matrix. `latencyMs` is the slow office's delay (10 s in the report).
    public static func cases(latencyMs: Int) -> [Case] {
        [
            Case(name: "no fault", faults: []),
            Case(name: "answer lost before the first byte", faults: [Fault(kind: .lost)]),
            Case(name: "connection dropped mid-answer", faults: [Fault(kind: .drop)]),
            Case(name: "500", faults: [Fault(kind: .serverError)]),
            Case(name: "504", faults: [Fault(kind: .gatewayTimeout)]),
            Case(name: "429 with Retry-After", faults: [Fault(kind: .throttle, retryAfter: 1)]),
            Case(name: "429 without Retry-After", faults: [Fault(kind: .throttle, retryAfter: nil)]),
            Case(name: "latency \(latencyMs / 1000) s", faults: [Fault(kind: .latency, latencyMs: latencyMs)]),
            Case(name: "eConnector down", faults: [Fault(kind: .econnector)]),
            Case(name: "malformed JSON", faults: [Fault(kind: .malformed)]),
            // The answer is lost and the office is gone before the re-read: the user is told it
            // is unknown, and R asks again later.
            Case(name: "answer lost, then office unreachable", faults: [Fault(kind: .lost), Fault(kind: .econnector, method: "GET")]),
        ]
    }

    /// What happened to one write.
    public enum Outcome: String, Sendable, CaseIterable {
        /// Saved once, and the user was told so.
        case saved = "saved"
        /// The answer was in doubt; a re-read found it saved, and the user was told so.
        case savedAfterReread = "saved (re-read)"
        /// Not saved, and the user was told so (with R to send again).
        case notSavedTold = "not saved, told"
        /// In doubt; a re-read found it not saved, and the user was told so.
        case notSavedAfterReread = "not saved (re-read)"
        /// In doubt and the re-read failed too: the user was told it is unknown.
        case unknownTold = "unknown, told"
        /// Applied twice.
        case doubled = "DOUBLED"
        /// The user was told the opposite of what the database holds.
        case silentLoss = "LOST SILENTLY"

        public var isFailure: Bool { self == .doubled || self == .silentLoss }
        var code: String {
            switch self {
            case .saved: return "S"
            case .savedAfterReread: return "S*"
            case .notSavedTold: return "N"
            case .notSavedAfterReread: return "N*"
            case .unknownTold: return "U"
            case .doubled: return "D!"
            case .silentLoss: return "L!"
            }
        }
    }

    public struct Cell: Sendable {
        public var fault: String
        public var write: Write
        public var outcome: Outcome
        /// Times the change is in the database (0, 1, or 2 for a doubled note or call note).
        public var applied: Int
        public var told: String
    }

    public struct Report: Sendable {
        public var cells: [Cell]
        public var faults: [String]

        public func count(_ o: Outcome) -> Int { cells.filter { $0.outcome == o }.count }
        public var doubled: Int { count(.doubled) }
        public var silentLosses: Int { count(.silentLoss) }

        /// The matrix as text: faults down, writes across, a code per cell, then the totals.
        public var text: String {
            let width = max(34, (faults.map(\.count).max() ?? 0) + 2)
            var out = "fault".padding(toLength: width, withPad: " ", startingAt: 0)
            out += Write.allCases.map { $0.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) }.joined() + "\n"
            for f in faults {
                out += f.padding(toLength: width, withPad: " ", startingAt: 0)
                for w in Write.allCases {
                    let code = cells.first { $0.fault == f && $0.write == w }?.outcome.code ?? "-"
                    out += code.padding(toLength: 10, withPad: " ", startingAt: 0)
                }
                out += "\n"
            }
            out += "\nS saved · S* in doubt, re-read found it saved · N not saved, told (R sends again) · N* in doubt, re-read found it not saved · U unknown, told (R checks again)\n"
            out += "writes: \(cells.count) · saved once: \(count(.saved) + count(.savedAfterReread)) · not saved and told: \(count(.notSavedTold) + count(.notSavedAfterReread))"
            out += " · unknown, told: \(count(.unknownTold)) · resolved by a re-read: \(count(.savedAfterReread) + count(.notSavedAfterReread))\n"
            out += "doubled: \(doubled) · crashes: 0 (the run completed) · lost without telling the user: \(silentLosses)\n"
            for c in cells where c.outcome.isFailure {
                out += "  \(c.outcome.rawValue): \(c.write.rawValue) under \(c.fault): told \"\(c.told)\", in the database \(c.applied)x\n"
            }
            return out
        }
    }

    /// Starts a sandbox (local profile, in memory), runs every write under every fault, stops it.
    /// `today` pins the office's date (the practice is generated around it), so a test can show
    /// that the verdicts do not depend on the day; `only` runs those cases alone.
    public static func run(latencyMs: Int = 10_000, patients: Int = 300, today pinned: LocalDate? = nil,
                           only: Set<String>? = nil) async throws -> Report {
        var o = SandboxOptions()
        o.port = 0
        o.patients = patients
        o.profile = .local
        if let pinned {
            o.today = pinned.dayNumber
            o.timeOfDay = 9 * 3600 + 41 * 60
        }
        let sandbox = try await SandboxServer.start(o)
        defer { Task { await sandbox.stop() } }
        @Sendable func dashboard() -> OpenDentalClient {
            OpenDentalClient(configuration: ClientConfiguration(
                baseURL: sandbox.baseURL, credentials: Credentials(developerKey: sandbox.developerKey, customerKey: sandbox.customerKey),
                mode: .local, retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.1)))
        }
        // The matrix's own reads (the draw, the judge) on a client of their own.
        let client = dashboard()
        let defs = try await client.collectAll(Endpoints.definitions(category: 2))
        guard let leftMsg = defs.first(where: { $0.itemName == "Left Msg" })?.defNum,
              let confirmedDef = defs.first(where: { $0.itemName == "Appointment Confirmed" })?.defNum else {
            throw OpenDentalError.invalidRequest("the sandbox has no Left Msg / Appointment Confirmed statuses")
        }
        // The status the sandbox office links to the arrival time (as a dashboard reads it).
        let arrivedStatus = try await client.collectAll(Endpoints.preference(CheckInTriggers.prefNames[0])).first.flatMap { Int($0.valueString) } ?? 0
        // Scheduled appointments ahead, not confirmed, not arrived: one per cell.
        let today = pinned ?? AppRuntime.localNow().date
        var pool = try await client.collectAll(Endpoints.appointments(AppointmentFilter(aptStatus: .scheduled, dateStart: today.adding(days: 1),
                                                                                        dateEnd: today.adding(days: 40))))
            .filter { $0.dateTimeArrived == nil && $0.confirmed != confirmedDef && $0.confirmed != leftMsg && $0.priority != .asap }
        // Patients with a Prophy recall (the recall status cells) and the status they are given.
        let recallStatus = try await client.collectAll(Endpoints.definitions(category: 13)).first?.defNum ?? 0
        // Only those whose recall the write would change: not already in that status, and each
        // patient once (a status one cell saved is already there for the next; the re-read,
        // which finds the status and the day's reminder, could not tell the two writes apart).
        var prophy = Set(try await client.collectAll(Endpoints.recalls()).filter { $0.recallTypeNum == 1 && $0.recallStatus != recallStatus }.map(\.patNum))
        let recallNote = "Recall reminder.  " + (try await client.collectAll(Endpoints.definitions(category: 13)).first?.itemName ?? "")
        let cases = cases(latencyMs: latencyMs).filter { only?.contains($0.name) ?? true }
        guard pool.count >= cases.count * Write.allCases.count else {
            throw OpenDentalError.invalidRequest("the sandbox practice has too few appointments for the matrix")
        }
        let now = LocalDateTime(date: today, time: LocalTime(hour: 9, minute: 41))
        var cells: [Cell] = []
        for (caseIndex, c) in cases.enumerated() {
            // The writes of one fault run side by side, each on its own appointment. Each cell is
            // judged by the change between before and after, on a record the write would change:
            // a record already in the written state (ASAP already, say) is passed over, so no
            // verdict depends on what the day's draw happened to hold.
            var assigned: [(Write, Appointment, Int)] = []
            for w in Write.allCases {
                while true {
                    guard !pool.isEmpty else {
                        throw OpenDentalError.invalidRequest("the sandbox practice has too few appointments for the matrix")
                    }
                    let a = pool.removeFirst()
                    if w == .recallStatus, prophy.remove(a.patNum) == nil { continue }
                    let before = try await appliedCount(w, a, token: "matrix \(caseIndex)-\(w.rawValue) (FM)", sandbox: sandbox, confirmed: confirmedDef,
                                                        leftMsg: leftMsg, arrivedStatus: arrivedStatus, caseIndex: caseIndex, today: today, recallNote: recallNote)
                    if w.counts || before == 0 {
                        assigned.append((w, a, before))
                        break
                    }
                }
            }
            // The planned appointment each planned cell schedules, made before any fault is set.
            let plannedFor = assigned.first { $0.0 == .schedulePlanned }?.1
            let planned: Int? = plannedFor == nil ? nil
                : try await client.send(Endpoints.createPlannedAppointment(patNum: plannedFor!.patNum, appointmentTypeNum: 1)).aptNum
            var faults: [Fault] = []
            for (w, a, _) in assigned {
                for var f in c.faults {
                    f.remaining = 1
                    f.method = f.method ?? ([.callNote, .newPatient, .book, .schedulePlanned].contains(w) ? "POST" : "PUT")
                    switch w {
                    case .callNote:
                        f.path = "/commlogs"
                        // The re-read is this patient's commlogs; a recall status's re-read reads
                        // another patient's at the same moment and must not take the fault.
                        if f.method == "GET" { f.patNum = a.patNum }
                    case .newPatient: f.path = "/patients"
                    case .book:
                        f.path = "/appointments"
                        f.exactPath = true
                    case .schedulePlanned: f.path = "/appointments/SchedulePlanned"
                    case .recallStatus: f.path = "/recalls/Status"
                    case .editContact: f.path = "/patients/\(a.patNum)"
                    default: f.path = "/appointments/\(a.aptNum)"
                    }
                    faults.append(f)
                }
            }
            sandbox.faults.set(faults)
            let results = await withTaskGroup(of: Cell?.self) { group -> [Cell] in
                for (w, a, before) in assigned {
                    group.addTask {
                        let token = "matrix \(caseIndex)-\(w.rawValue) (FM)"
                        let effect: Effect
                        switch w {
                        case .confirm: effect = .confirm(aptNum: a.aptNum, .value(.confirmed))
                        case .leftMessage: effect = .confirm(aptNum: a.aptNum, .defNum(leftMsg))
                        case .arrived: effect = .setTime(aptNum: a.aptNum, .arrived, now.time)
                        case .seated: effect = .setTime(aptNum: a.aptNum, .seated, now.time)
                        case .dismissed: effect = .setTime(aptNum: a.aptNum, .dismissed, now.time)
                        case .note: effect = .appendNote(aptNum: a.aptNum, token)
                        case .breakAppt: effect = .breakAppointment(aptNum: a.aptNum, toUnscheduledList: false, .missed)
                        case .callNote: effect = .addCommlog(patNum: a.patNum, token)
                        case .arrivedStatus: effect = .checkIn(aptNum: a.aptNum, .arrived, now.time, status: arrivedStatus)
                        case .asap: effect = .setPriority(aptNum: a.aptNum, .asap)
                        case .newPatient:
                            effect = .createPatient(PatientFields(lName: "Matrix", fName: "Case\(caseIndex)", birthdate: LocalDate(year: 1990, month: 1, day: 2)),
                                                    knownMatches: [])
                        case .book:
                            let b = bookTarget(a, caseIndex: caseIndex, today: today)
                            effect = .book(BookRequest(patNum: a.patNum, at: b.at, op: b.op, pattern: "/X", provNum: a.provNum, provHyg: 0,
                                                       isHygiene: false, clinicNum: a.clinicNum, appointmentTypeNum: nil, isNewPatient: false))
                        case .move:
                            let m = moveTarget(a, caseIndex: caseIndex, today: today)
                            effect = .move(MoveRequest(aptNum: a.aptNum, patNum: a.patNum, at: m.at, op: m.op, pattern: a.pattern, provNum: a.provNum,
                                                       provHyg: a.provHyg, status: nil, confirmed: nil, clearASAP: false))
                        case .schedulePlanned:
                            let t = plannedTarget(a, caseIndex: caseIndex, today: today)
                            effect = .schedulePlanned(MoveRequest(aptNum: planned ?? 0, patNum: a.patNum, at: t.at, op: t.op, pattern: "/XXXXXX/",
                                                                  provNum: a.provNum, provHyg: 0, status: nil, confirmed: nil, clearASAP: false))
                        case .recallStatus:
                            effect = .setRecallStatus(patNum: a.patNum, recallType: "Prophy", status: recallStatus)
                        case .editContact:
                            var f = PatientFields()
                            f.email = "matrix\(caseIndex)@example.com"
                            let email = (try? await client.send(Endpoints.patient(a.patNum)))?.email ?? ""
                            effect = .updatePatient(patNum: a.patNum, f, shown: ["Email": email])
                        }
                        // Each cell is one dashboard's write, on a client of its own: one client
                        // sends one request at a time per key, so sixteen writes through one
                        // waited on each other's slow answers (32 s of the 2 s latency case)
                        // without changing any verdict.
                        let (msg, reread) = await WriteRunner(client: dashboard()).write(effect, confirmDefs: defs, now: now)
                        let after = (try? await appliedCount(w, a, token: token, sandbox: sandbox, confirmed: confirmedDef, leftMsg: leftMsg,
                                               arrivedStatus: arrivedStatus, caseIndex: caseIndex, today: today, recallNote: recallNote)) ?? -1
                        let applied = after < 0 ? -1 : after - before
                        return judge(fault: c.name, write: w, msg: msg, reread: reread, applied: applied)
                    }
                }
                var out: [Cell] = []
                for await cell in group { if let cell { out.append(cell) } }
                return out
            }
            cells += results
        }
        sandbox.faults.clear()
        return Report(cells: cells, faults: cases.map(\.name))
    }

    /// Where a cell books or moves to: a day of its own far ahead, before the office opens, so no
    /// other cell and no generated appointment is in the way (the client's own check would refuse).
    static func bookTarget(_ a: Appointment, caseIndex: Int, today: LocalDate) -> (at: LocalDateTime, op: Int) {
        (LocalDateTime(date: today.adding(days: 46 + caseIndex), time: LocalTime(hour: 4, minute: 0)), a.op)
    }

    static func plannedTarget(_ a: Appointment, caseIndex: Int, today: LocalDate) -> (at: LocalDateTime, op: Int) {
        (LocalDateTime(date: today.adding(days: 46 + caseIndex), time: LocalTime(hour: 6, minute: 30)), a.op)
    }

    static func moveTarget(_ a: Appointment, caseIndex: Int, today: LocalDate) -> (at: LocalDateTime, op: Int) {
        (LocalDateTime(date: today.adding(days: 46 + caseIndex), time: LocalTime(hour: 5, minute: 0)), a.op)
    }

    static func appliedCount(_ w: Write, _ a: Appointment, token: String, sandbox: SandboxServer, confirmed: Int, leftMsg: Int,
                             arrivedStatus: Int, caseIndex: Int, today: LocalDate, recallNote: String) async throws -> Int {
        if w == .book || w == .schedulePlanned {
            let t = w == .book ? bookTarget(a, caseIndex: caseIndex, today: today) : plannedTarget(a, caseIndex: caseIndex, today: today)
            return try await sandbox.storedAppointments(patNum: a.patNum, at: t.at.description, op: t.op)
        }
        if w == .recallStatus { return try await sandbox.storedCommlogs(patNum: a.patNum, note: recallNote) }
        if w == .callNote { return try await sandbox.storedCommlogs(patNum: a.patNum, note: token) }
        if w == .newPatient { return try await sandbox.storedPatients(lName: "Matrix", fName: "Case\(caseIndex)") }
        if w == .editContact { return try await sandbox.storedPatientEmail(a.patNum) == "matrix\(caseIndex)@example.com" ? 1 : 0 }
        guard let row = try await sandbox.storedAppointment(a.aptNum) else { return 0 }
        let noTime = "0001-01-01 00:00:00"
        switch w {
        case .confirm: return row.confirmed == confirmed ? 1 : 0
        case .leftMessage: return row.confirmed == leftMsg ? 1 : 0
        case .arrived: return row.arrived != noTime ? 1 : 0
        case .seated: return row.seated != noTime ? 1 : 0
        case .dismissed: return row.dismissed != noTime ? 1 : 0
        case .note: return row.note.components(separatedBy: token).count - 1
        case .breakAppt: return row.status == "Broken" ? 1 : 0
        case .callNote: return 0
        case .arrivedStatus: return row.arrived != noTime && row.confirmed == arrivedStatus ? 1 : 0
        case .asap: return row.priority == "ASAP" ? 1 : 0
        case .move:
            let t = moveTarget(a, caseIndex: caseIndex, today: today)
            return row.dateTime == t.at.description && row.op == t.op ? 1 : 0
        case .newPatient, .editContact, .book, .schedulePlanned, .recallStatus: return 0
        }
    }

    static func judge(fault: String, write: Write, msg: Msg?, reread: Bool, applied: Int) -> Cell {
        let told: String
        let outcome: Outcome
        switch msg {
        case .booked(let a, _, _)?:
            told = "Saved: appointment #\(a.aptNum)"
            outcome = applied == 1 ? (reread ? .savedAfterReread : .saved) : (applied > 1 ? .doubled : .silentLoss)
        case .patientCreated(let p)?:
            told = "Saved: new patient #\(p.patNum)"
            outcome = applied == 1 ? (reread ? .savedAfterReread : .saved) : (applied > 1 ? .doubled : .silentLoss)
        case .writeDone(_, let text, _)?:
            told = text
            outcome = applied == 1 ? (reread ? .savedAfterReread : .saved) : (applied > 1 ? .doubled : .silentLoss)
        case .writeNotSaved(_, let text, _)?, .writeRefused(_, let text, _)?, .writeFailed(_, let text)?:
            told = text
            outcome = applied == 0 ? (reread ? .notSavedAfterReread : .notSavedTold) : (applied > 1 ? .doubled : .silentLoss)
        case .writeUnknown(_, let text, _)?:
            told = text
            outcome = applied > 1 ? .doubled : .unknownTold
        default:
            told = "nothing"
            outcome = applied > 1 ? .doubled : .silentLoss
        }
        return Cell(fault: fault, write: write, outcome: outcome, applied: applied, told: told)
    }
}
