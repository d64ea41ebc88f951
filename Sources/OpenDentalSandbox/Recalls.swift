import Foundation
import GRDB

/// Recalls, recall types and the recall status write (digest §3.13), and planned appointments
/// (§3.1 POST Planned, POST SchedulePlanned).
extension SandboxAPI {
    // MARK: recalls

    /// GET /recalls?PatNum=: the patient's recalls with RecallNum and DateScheduled (the List
    /// rows carry neither).
    func recalls(_ c: Call) async throws -> Reply {
        try c.onlyParameters(["PatNum", "Limit", "Offset"])
        var filter = Where()
        filter.equal("PatNum", try c.int("PatNum"))
        let (limit, offset) = try paging(c)
        return try await db.read { [filter] db in
            var w = JSONWriter()
            w.beginArray()
            for r in try Row.fetchAll(db, sql: "SELECT \(WireFields.recall.columns) FROM recall \(filter.sql) ORDER BY RecallNum LIMIT ? OFFSET ?",
                                      arguments: filter.arguments + [limit, offset]) {
                WireFields.recall.write(&w, r, self.lookups)
            }
            w.endArray()
            return .json(w)
        }
    }

    /// GET /recalltypes and GET /recalltypes/{n}.
    func recallTypes(_ one: Int?) async throws -> Reply {
        try await db.read { db in
            var filter = Where()
            filter.equal("RecallTypeNum", one)
            let rows = try Row.fetchAll(db, sql: "SELECT \(WireFields.recallType.columns) FROM recalltype \(filter.sql) ORDER BY RecallTypeNum",
                                        arguments: filter.arguments)
            var w = JSONWriter()
            if let one {
                guard let r = rows.first else { throw APIFailure.notFound("RecallType not found: \(one)") }
                WireFields.recallType.write(&w, r, self.lookups)
                return .json(w)
            }
            w.beginArray()
            for r in rows { WireFields.recallType.write(&w, r, self.lookups) }
            w.endArray()
            return .json(w)
        }
    }

    /// PUT /recalls/Status: sets the status of the patient's recall of that type and adds its
    /// commlog (type Recall, the mode asked for, "Recall reminder." and the status), as the
    /// desktop's recall list does; the reminder count is the distinct days of such commlogs since
    /// the last visit (how the desktop counts #Remind).
    func setRecallStatus(_ c: Call) async throws -> Reply {
        let b = BodyReader(fields: c.body)
        guard let patNum = try b.int("PatNum") else { throw APIFailure.bad("PatNum is required.") }
        guard let type = try b.string("recallType"), !type.isEmpty else { throw APIFailure.bad("recallType is required.") }
        let status = try b.int("RecallStatus") ?? 0
        guard status == 0 || lookups.defCategory[status] == 13 else { throw APIFailure.bad("RecallStatus is invalid.") }
        var mode = "None"
        if let m = try b.string("commlogMode") {
            let modes = ["None", "Email", "Mail", "Phone", "InPerson", "Text", "EmailAndText", "PhoneAndText"]
            guard let match = modes.first(where: { $0.lowercased() == m.lowercased() }) else { throw APIFailure.bad("commlogMode is invalid.") }
            mode = match
        }
        let note = try b.string("commlogNote") ?? ("Recall reminder." + (status == 0 ? "" : "  " + lookups.name(status)))
        let commType = lookups.defNum(named: "Recall", category: 27) ?? lookups.firstDef(27)
        let stamp = now()
        try await db.write { [mode] db in
            guard let recall = try Row.fetchOne(db, sql: """
                SELECT r.RecallNum, r.DatePrevious FROM recall r JOIN recalltype t ON t.RecallTypeNum = r.RecallTypeNum
                WHERE r.PatNum = ? AND t.Description = ? ORDER BY r.RecallNum LIMIT 1
                """, arguments: [patNum, type]) else {
                throw APIFailure.bad("No recall of type \(type) found for this patient.")
            }
            let recallNum: Int = recall[0]
            let previous: String = recall[1]
            try db.execute(sql: "INSERT INTO commlog(PatNum, CommDateTime, CommType, Note, Mode_, SentOrReceived, DateTStamp, CommSource, DateTEntry) VALUES (?,?,?,?,?,'Sent',?,'FHIR',?)",
                           arguments: [patNum, stamp, commType, note, mode, stamp, stamp])
            let days = try String.fetchAll(db, sql: "SELECT DISTINCT substr(CommDateTime, 1, 10) FROM commlog WHERE PatNum = ? AND CommType = ? AND CommDateTime > ? ORDER BY 1",
                                           arguments: [patNum, commType, previous])
            try db.execute(sql: "UPDATE recall SET RecallStatus = ?, NumRemind = ?, LastRemind = ?, DateTStamp = ? WHERE RecallNum = ?",
                           arguments: [status, days.count, days.last ?? SandboxCalendar.noDate, stamp, recallNum])
        }
        return .empty
    }

    // MARK: planned appointments

    /// POST /appointments/Planned: AptStatus Planned, Op 0, no date; the procedures given (or the
    /// type's) are attached as planned.
    func createPlanned(_ c: Call) async throws -> Reply {
        let b = BodyReader(fields: c.body)
        guard let patNum = try b.int("PatNum") else { throw APIFailure.bad("PatNum is required.") }
        let typeNum = try b.int("AppointmentTypeNum")
        var procNums: [Int] = []
        if case .array(let items)? = c.body["procNums"] {
            for item in items {
                guard case .number(let n) = item, let i = Int(exactly: n) else { throw APIFailure.bad("procNums is invalid.") }
                if !procNums.contains(i) { procNums.append(i) }
            }
        }
        guard typeNum != nil || !procNums.isEmpty else { throw APIFailure.bad("AppointmentTypeNum or procNums is required.") }
        let stamp = now()
        return try await db.write { [procNums] db in
            guard let pat = try Row.fetchOne(db, sql: "SELECT PriProv, ClinicNum FROM patient WHERE PatNum = ?", arguments: [patNum]) else {
                throw APIFailure.notFound("Patient not found.")
            }
            var pattern = try b.string("Pattern")
            if pattern == nil, let typeNum {
                pattern = try String.fetchOne(db, sql: "SELECT Pattern FROM appointmenttype WHERE AppointmentTypeNum = ?", arguments: [typeNum])
            }
            let p = pattern ?? "/XX/"
            guard !p.isEmpty, p.allSatisfy({ $0 == "X" || $0 == "/" }) else { throw APIFailure.bad("Pattern is invalid. It may contain only 'X' and '/'.") }
            let prov = try b.int("ProvNum") ?? ((pat[0] as Int) != 0 ? pat[0] : 1)
            try db.execute(sql: """
                INSERT INTO appointment(PatNum, AptStatus, Pattern, Confirmed, Op, Note, ProvNum, ProvHyg, AptDateTime, IsNewPatient,
                  ClinicNum, IsHygiene, DateTStamp, DateTimeArrived, DateTimeSeated, DateTimeDismissed, SecDateTEntry, Priority,
                  PatternSecondary, AppointmentTypeNum, ColorOverride, SecUserNumEntry)
                VALUES (?,'Planned',?,?,0,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'0,0,0',0)
                """, arguments: [patNum, p, try b.int("Confirmed") ?? self.lookups.firstDef(2), try b.string("Note") ?? "", prov,
                                 try b.int("ProvHyg") ?? 0, SandboxCalendar.noDateTime, try b.bool("IsNewPatient") ?? false,
                                 try b.int("ClinicNum") ?? (pat[1] as Int), try b.bool("IsHygiene") ?? false, stamp,
                                 SandboxCalendar.noDateTime, SandboxCalendar.noDateTime, SandboxCalendar.noDateTime, stamp,
                                 try b.oneOf("Priority", ["Normal", "ASAP"]) ?? "Normal", String(repeating: "/", count: p.count), typeNum ?? 0])
            let aptNum = Int(db.lastInsertedRowID)
            if !procNums.isEmpty {
                try db.execute(sql: "UPDATE procedurelog SET PlannedAptNum = ? WHERE PatNum = ? AND ProcNum IN (\(procNums.map { _ in "?" }.joined(separator: ",")))",
                               arguments: StatementArguments([aptNum, patNum] + procNums))
            }
            var w = JSONWriter()
            self.writeAppointment(&w, try self.fetchAppointment(db, aptNum), serverDateTime: nil)
            var r = Reply.json(w, status: 201)
            r.headers["Location"] = "\(self.publicBase)/appointments/\(aptNum)"
            return r
        }
    }

    /// POST /appointments/SchedulePlanned: a new Scheduled appointment from a Planned one, whose
    /// NextAptNum points at it; the planned one is left as it is (as Open Dental keeps it).
    func schedulePlanned(_ c: Call) async throws -> Reply {
        let b = BodyReader(fields: c.body)
        guard let planned = try b.int("AptNum") else { throw APIFailure.bad("AptNum is required.") }
        guard let when = try b.dateTime("AptDateTime") else { throw APIFailure.bad("AptDateTime is required.") }
        guard let prov = try b.int("ProvNum") else { throw APIFailure.bad("ProvNum is required.") }
        guard let op = try b.int("Op") else { throw APIFailure.bad("Op is required.") }
        guard lookups.opExists.contains(op) else { throw APIFailure.notFound("Operatory not found.") }
        guard lookups.provAbbr[prov] != nil else { throw APIFailure.notFound("Provider not found.") }
        let confirmed = try b.int("Confirmed") ?? lookups.firstDef(2)
        guard lookups.defCategory[confirmed] == 2 else { throw APIFailure.bad("Confirmed is invalid.") }
        let stamp = now()
        return try await db.write { db in
            guard let p = try Row.fetchOne(db, sql: "SELECT PatNum, AptStatus, Pattern, ProvHyg, IsHygiene, ProcDescript, Note, AppointmentTypeNum FROM appointment WHERE AptNum = ?",
                                           arguments: [planned]) else {
                throw APIFailure.notFound("Appointment not found.")
            }
            guard (p["AptStatus"] as String) == "Planned" else { throw APIFailure.bad("AptNum is not a Planned appointment.") }
            let pattern: String = p["Pattern"]
            try db.execute(sql: """
                INSERT INTO appointment(PatNum, AptStatus, Pattern, Confirmed, Op, Note, ProvNum, ProvHyg, AptDateTime, NextAptNum, IsNewPatient,
                  ProcDescript, ClinicNum, IsHygiene, DateTStamp, DateTimeArrived, DateTimeSeated, DateTimeDismissed, SecDateTEntry, Priority,
                  PatternSecondary, AppointmentTypeNum, ColorOverride, SecUserNumEntry)
                VALUES (?,'Scheduled',?,?,?,?,?,?,?,?,0,?,?,?,?,?,?,?,?,'Normal',?,?,'0,0,0',0)
                """, arguments: [p["PatNum"] as Int, pattern, confirmed, op, try b.string("Note") ?? (p["Note"] as String), prov, p["ProvHyg"] as Int,
                                 when, planned, p["ProcDescript"] as String, self.lookups.opClinic[op] ?? 0, p["IsHygiene"] as Bool, stamp,
                                 SandboxCalendar.noDateTime, SandboxCalendar.noDateTime, SandboxCalendar.noDateTime, stamp,
                                 String(repeating: "/", count: pattern.count), p["AppointmentTypeNum"] as Int])
            let aptNum = Int(db.lastInsertedRowID)
            try db.execute(sql: "UPDATE procedurelog SET AptNum = ?, DateTStamp = ? WHERE PlannedAptNum = ? AND AptNum = 0", arguments: [aptNum, stamp, planned])
            var w = JSONWriter()
            self.writeAppointment(&w, try self.fetchAppointment(db, aptNum), serverDateTime: nil)
            var r = Reply.json(w, status: 201)
            r.headers["Location"] = "\(self.publicBase)/appointments/\(aptNum)"
            return r
        }
    }
}
