import Foundation
import GRDB

extension SandboxAPI {
    static let aptColumns = WireFields.appointment.columns
    static let aptStatuses = ["Scheduled", "Complete", "UnschedList", "ASAP", "Broken", "Planned", "PtNote", "PtNoteCompleted"]

    /// Appointment object in the digest's field order (§3.1); `serverDateTime` first on GETs.
    func writeAppointment(_ w: inout JSONWriter, _ r: Row, serverDateTime: String?) {
        WireFields.appointment.write(&w, r, lookups, serverDateTime: serverDateTime)
    }

    func appointmentList(_ filter: Where, limit: Int, offset: Int) async throws -> Reply {
        try await cachedPage(table: "appointment", key: "AptNum", columns: Self.aptColumns, filter, limit: limit, offset: offset,
                             cache: appointmentJSON) { w, r in self.writeAppointment(&w, r, serverDateTime: nil) }
    }

    func fetchAppointment(_ db: Database, _ aptNum: Int) throws -> Row {
        guard let r = try Row.fetchOne(db, sql: "SELECT \(Self.aptColumns) FROM appointment WHERE AptNum = ?", arguments: [aptNum]) else {
            throw APIFailure.notFound("Appointment not found.")
        }
        return r
    }

    /// GET /appointments: filtered by patient, status, operatory, dates, clinic, type or DateTStamp.
    func appointmentSearch(_ c: Call) async throws -> Reply {
        try c.onlyParameters(["PatNum", "AptStatus", "Op", "date", "dateStart", "dateEnd", "ClinicNum", "DateTStamp",
                              "AppointmentTypeNum", "Limit", "Offset"])
        var filter = Where()
        filter.equal("PatNum", try c.int("PatNum"))
        if let m = try c.oneOf("AptStatus", Self.aptStatuses) {
            if m == "ASAP" { filter.add("Priority = 'ASAP'") } else { filter.equal("AptStatus", m) }
        }
        filter.equal("Op", try c.int("Op"))
        if let d = try c.date("date") { filter.add("AptDateTime >= ? AND AptDateTime < ?", d, SandboxCalendar.date(day: SandboxCalendar.day(d)! + 1)) }
        if let d = try c.date("dateStart") { filter.add("AptDateTime >= ?", d) }
        if let d = try c.date("dateEnd") { filter.add("AptDateTime < ?", SandboxCalendar.date(day: SandboxCalendar.day(d)! + 1)) }
        filter.equal("ClinicNum", try c.int("ClinicNum"))
        if let t = try c.dateTime("DateTStamp") { filter.add("DateTStamp > ?", t) }
        filter.equal("AppointmentTypeNum", try c.int("AppointmentTypeNum"))
        let (limit, offset) = try paging(c)
        return try await appointmentList(filter, limit: limit, offset: offset)
    }

    /// GET /appointments/ASAP: the ASAP list.
    func asapList(_ c: Call) async throws -> Reply {
        try c.onlyParameters(["ClinicNum", "ProvNum", "Limit", "Offset"])
        var filter = Where("Priority = 'ASAP'", "AptStatus IN ('Scheduled','UnschedList','Planned')")
        filter.equal("ClinicNum", try c.int("ClinicNum"))
        if let v = try c.int("ProvNum") { filter.add("(ProvNum = ? OR ProvHyg = ?)", v, v) }
        let (limit, offset) = try paging(c)
        return try await appointmentList(filter, limit: limit, offset: offset)
    }

    /// GET /appointments/{AptNum}.
    func appointment(_ c: Call, _ aptNum: Int) async throws -> Reply {
        try c.onlyParameters([])
        let stamp = now()
        return try await db.read { db in
            var w = JSONWriter()
            self.writeAppointment(&w, try self.fetchAppointment(db, aptNum), serverDateTime: stamp)
            return .json(w)
        }
    }

    // MARK: writes

    func createAppointment(_ c: Call) async throws -> Reply {
        let b = BodyReader(fields: c.body)
        guard let patNum = try b.int("PatNum") else { throw APIFailure.bad("PatNum is required.") }
        guard let op = try b.int("Op") else { throw APIFailure.bad("Op is required.") }
        guard let when = try b.dateTime("AptDateTime") else { throw APIFailure.bad("AptDateTime is required.") }
        let status = try b.oneOf("AptStatus", ["Scheduled", "Complete", "UnschedList", "PtNote", "PtNoteCompleted"]) ?? "Scheduled"
        var pattern = try b.string("Pattern") ?? "/XX/"
        guard !pattern.isEmpty, pattern.allSatisfy({ $0 == "X" || $0 == "/" }) else { throw APIFailure.bad("Pattern is invalid. It may contain only 'X' and '/'.") }
        if pattern.count > 108 { pattern = String(pattern.prefix(108)) }
        let confirmed = try b.int("Confirmed") ?? lookups.firstDef(2)
        guard lookups.defCategory[confirmed] == 2 else { throw APIFailure.bad("Confirmed is invalid.") }
        guard lookups.opExists.contains(op) else { throw APIFailure.notFound("Operatory not found.") }
        let stamp = now()
        let priority = try b.oneOf("Priority", ["Normal", "ASAP"]) ?? "Normal"
        let arrived = try arrivalTime(b, "DateTimeArrived", date: String(when.prefix(10)))
        let seated = try arrivalTime(b, "DateTimeSeated", date: String(when.prefix(10)))
        let dismissed = try arrivalTime(b, "DateTimeDismissed", date: String(when.prefix(10)))
        let reply: Reply = try await db.write { [pattern] db in
            guard let pat = try Row.fetchOne(db, sql: "SELECT PriProv, ClinicNum FROM patient WHERE PatNum = ?", arguments: [patNum]) else {
                throw APIFailure.notFound("Patient not found.")
            }
            let prov = try b.int("ProvNum") ?? ((pat[0] as Int) != 0 ? pat[0] : 1)
            guard self.lookups.provAbbr[prov] != nil else { throw APIFailure.notFound("Provider not found.") }
            let clinic = try b.int("ClinicNum") ?? (self.lookups.opClinic[op] ?? 0 != 0 ? self.lookups.opClinic[op]! : pat[1])
            try db.execute(sql: """
                INSERT INTO appointment(PatNum, AptStatus, Pattern, Confirmed, Op, Note, ProvNum, ProvHyg, AptDateTime, IsNewPatient,
                  ClinicNum, IsHygiene, DateTStamp, DateTimeArrived, DateTimeSeated, DateTimeDismissed, SecDateTEntry, Priority,
                  PatternSecondary, AppointmentTypeNum, ColorOverride, SecUserNumEntry)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """, arguments: [patNum, status, pattern, confirmed, op, try b.string("Note") ?? "", prov, try b.int("ProvHyg") ?? 0, when,
                                 try b.bool("IsNewPatient") ?? false, clinic, try b.bool("IsHygiene") ?? false, stamp,
                                 arrived ?? SandboxCalendar.noDateTime, seated ?? SandboxCalendar.noDateTime, dismissed ?? SandboxCalendar.noDateTime,
                                 stamp, priority, try b.string("PatternSecondary") ?? String(repeating: "/", count: pattern.count),
                                 try b.int("AppointmentTypeNum") ?? 0, try b.string("colorOverride") ?? "0,0,0", try b.int("SecUserNumEntry") ?? 0])
            let aptNum = Int(db.lastInsertedRowID)
            var w = JSONWriter()
            self.writeAppointment(&w, try self.fetchAppointment(db, aptNum), serverDateTime: nil)
            var r = Reply.json(w, status: 201)
            r.headers["Location"] = "\(self.publicBase)/appointments/\(aptNum)"
            return r
        }
        return reply
    }

    /// The base URL clients use, with the port the server listens on (known once it listens).
    var publicBase: String {
        let host = options.usableHost
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(port.get())/api/v1"
    }

    /// "HH:mm:ss" (25.2.10) takes the appointment's date; a full date-time is accepted too.
    func arrivalTime(_ b: BodyReader, _ key: String, date: String) throws -> String? {
        guard let s = try b.string(key) else { return nil }
        if s.isEmpty || s == "00:00:00" { return SandboxCalendar.noDateTime }
        if SandboxCalendar.isTime(s) { return date + " " + s }
        if SandboxCalendar.isDateTime(s) { return s }
        throw APIFailure.bad("\(key) format must be HH:mm:ss.")
    }

    func updateAppointment(_ c: Call, _ aptNum: Int) async throws -> Reply {
        let b = BodyReader(fields: c.body)
        let known: Set<String> = ["AptStatus", "Pattern", "Confirmed", "Op", "Note", "ProvNum", "ProvHyg", "AptDateTime", "ClinicNum",
                                  "IsHygiene", "DateTimeArrived", "DateTimeSeated", "DateTimeDismissed", "IsNewPatient", "Priority",
                                  "AppointmentTypeNum", "UnschedStatus", "colorOverride", "PatternSecondary"]
        if let unknown = c.body.keys.sorted().first(where: { !known.contains($0) }) {
            throw APIFailure.bad("\(unknown) is not a field that can be updated.")
        }
        let stamp = now()
        return try await db.write { db in
            let current = try self.fetchAppointment(db, aptNum)
            // The digest: a Broken or Unscheduled-list appointment goes back on the book only with
            // its status, a time and an operatory in the same request.
            if ["Broken", "UnschedList"].contains(current["AptStatus"] as String), try b.string("AptStatus") == "Scheduled",
               try b.dateTime("AptDateTime") == nil || (try b.int("Op")) == nil {
                throw APIFailure.bad("AptDateTime and Op are required to schedule a \(current["AptStatus"] as String) appointment.")
            }
            let aptDate = String(((try b.dateTime("AptDateTime")) ?? (current["AptDateTime"] as String)).prefix(10))
            var sets: [String] = []
            var args: StatementArguments = []
            func set(_ col: String, _ v: (any DatabaseValueConvertible)?) {
                if let v { sets.append("\(col) = ?"); args += [v] }
            }
            set("AptStatus", try b.oneOf("AptStatus", ["Scheduled", "Complete", "UnschedList", "Broken", "Planned", "PtNote", "PtNoteCompleted"]))
            if let p = try b.string("Pattern") {
                guard !p.isEmpty, p.allSatisfy({ $0 == "X" || $0 == "/" }) else { throw APIFailure.bad("Pattern is invalid. It may contain only 'X' and '/'.") }
                set("Pattern", p)
            }
            if let conf = try b.int("Confirmed") {
                guard self.lookups.defCategory[conf] == 2 else { throw APIFailure.bad("Confirmed is invalid.") }
                set("Confirmed", conf)
            }
            if let op = try b.int("Op") {
                guard self.lookups.opExists.contains(op) else { throw APIFailure.notFound("Operatory not found.") }
                set("Op", op)
            }
            set("Note", try b.string("Note"))
            if let p = try b.int("ProvNum") {
                guard self.lookups.provAbbr[p] != nil else { throw APIFailure.notFound("Provider not found.") }
                set("ProvNum", p)
            }
            set("ProvHyg", try b.int("ProvHyg"))
            set("AptDateTime", try b.dateTime("AptDateTime"))
            set("ClinicNum", try b.int("ClinicNum"))
            set("IsHygiene", try b.bool("IsHygiene"))
            set("DateTimeArrived", try self.arrivalTime(b, "DateTimeArrived", date: aptDate))
            set("DateTimeSeated", try self.arrivalTime(b, "DateTimeSeated", date: aptDate))
            set("DateTimeDismissed", try self.arrivalTime(b, "DateTimeDismissed", date: aptDate))
            set("IsNewPatient", try b.bool("IsNewPatient"))
            set("Priority", try b.oneOf("Priority", ["Normal", "ASAP"]))
            set("AppointmentTypeNum", try b.int("AppointmentTypeNum"))
            if let u = try b.int("UnschedStatus") {
                guard u == 0 || self.lookups.defCategory[u] == 13 else { throw APIFailure.bad("UnschedStatus is invalid.") }
                set("UnschedStatus", u)
            }
            set("ColorOverride", try b.string("colorOverride"))
            set("PatternSecondary", try b.string("PatternSecondary"))
            set("DateTStamp", stamp)
            try db.execute(sql: "UPDATE appointment SET \(sets.joined(separator: ", ")) WHERE AptNum = ?", arguments: args + [aptNum])
            self.appointmentJSON.remove(aptNum)
            var w = JSONWriter()
            self.writeAppointment(&w, try self.fetchAppointment(db, aptNum), serverDateTime: nil)
            return .json(w)
        }
    }

    func breakAppointment(_ c: Call, _ aptNum: Int) async throws -> Reply {
        let b = BodyReader(fields: c.body)
        guard let toUnsched = try b.bool("sendToUnscheduledList") else { throw APIFailure.bad("sendToUnscheduledList is required.") }
        let breakType = try b.oneOf("breakType", ["Missed", "Cancelled"])
        if !toUnsched && breakType == nil {
            throw APIFailure.bad("breakType is required when sendToUnscheduledList is false.")
        }
        let stamp = now()
        try await db.write { db in
            let apt = try self.fetchAppointment(db, aptNum)
            guard (apt[2] as String) == "Scheduled" else {
                throw APIFailure.bad("Only appointments with an AptStatus of Scheduled can be broken.")
            }
            try db.execute(sql: "UPDATE appointment SET AptStatus = ?, DateTStamp = ? WHERE AptNum = ?",
                           arguments: [toUnsched ? "UnschedList" : "Broken", stamp, aptNum])
            self.appointmentJSON.remove(aptNum)
            if let breakType {
                let code = breakType == "Missed" ? "D9986" : "D9987"
                let codeNum = self.lookups.codeNumByCode[code]!
                try db.execute(sql: """
                    INSERT INTO procedurelog(PatNum, AptNum, ProcDate, ProcFee, ProcStatus, ProvNum, ClinicNum, CodeNum, DateEntryC, DateTStamp, SecDateEntry)
                    VALUES (?, 0, ?, ?, 'C', ?, ?, ?, ?, ?, ?)
                    """, arguments: [apt[1] as Int, String(stamp.prefix(10)), self.lookups.codeByNum[codeNum]!.fee, apt[8] as Int,
                                     apt[15] as Int, codeNum, String(stamp.prefix(10)), stamp, stamp])
            }
        }
        return .empty
    }

    func appendNote(_ c: Call, _ aptNum: Int) async throws -> Reply {
        guard let note = try BodyReader(fields: c.body).string("Note") else { throw APIFailure.bad("Note is required.") }
        let stamp = now()
        try await db.write { db in
            let apt = try self.fetchAppointment(db, aptNum)
            let old: String = apt[7]
            try db.execute(sql: "UPDATE appointment SET Note = ?, DateTStamp = ? WHERE AptNum = ?",
                           arguments: [old.isEmpty ? note : old + "\r\n" + note, stamp, aptNum])
            self.appointmentJSON.remove(aptNum)
        }
        return .empty
    }

    /// confirmVal words map to the office's eServices choices (digest §3.4 seed suggestion).
    static let confirmValMap: [String: String] = [
        "Sent": "eConfirmSent", "Confirmed": "Appointment Confirmed", "Not Accepted": "eConfirmCallBack", "Failed": "eConfirmFailure",
    ]

    func confirm(_ c: Call, _ aptNum: Int) async throws -> Reply {
        let b = BodyReader(fields: c.body)
        let hasVal = b.has("confirmVal"), hasDef = b.has("defNum")
        guard hasVal != hasDef else { throw APIFailure.bad("Either confirmVal or defNum must be specified, but not both.") }
        let defNum: Int
        if hasVal {
            guard let v = try b.oneOf("confirmVal", ["None", "Sent", "Confirmed", "Not Accepted", "Failed"]) else {
                throw APIFailure.bad("confirmVal is invalid.")
            }
            if v == "None" {
                defNum = lookups.firstDef(2)
            } else {
                guard let d = lookups.defNum(named: Self.confirmValMap[v]!, category: 2) else { throw APIFailure.bad("No confirmation status is set up for \(v).") }
                defNum = d
            }
        } else {
            guard let d = try b.int("defNum"), lookups.defCategory[d] == 2 else {
                throw APIFailure.bad("defNum is invalid. It must be a definition in the ApptConfirmed category.")
            }
            defNum = d
        }
        let stamp = now()
        try await db.write { db in
            _ = try self.fetchAppointment(db, aptNum)
            try db.execute(sql: "UPDATE appointment SET Confirmed = ?, DateTStamp = ? WHERE AptNum = ?", arguments: [defNum, stamp, aptNum])
            self.appointmentJSON.remove(aptNum)
        }
        return .empty
    }

    // MARK: slots

    /// Provider schedule blocks in an operatory, minus the provider's own appointments (digest §Scheduling).
    func slots(_ c: Call) async throws -> Reply {
        try c.onlyParameters(["date", "dateStart", "dateEnd", "lengthMinutes", "ProvNum", "OpNum"])
        let today = clock.today()
        var first = today, last = today + 13
        if let d = try c.date("date") { first = SandboxCalendar.day(d)!; last = first }
        if let d = try c.date("dateStart") { first = SandboxCalendar.day(d)! }
        if let d = try c.date("dateEnd") { last = SandboxCalendar.day(d)! }
        guard first >= today else { throw APIFailure.bad("Date must be today or in the future.") }
        let minLength = try c.int("lengthMinutes") ?? 0
        let prov = try c.int("ProvNum") ?? 1
        let opFilter = try c.int("OpNum")
        let nowMinutes = SandboxCalendar.minutes(ofTime: Substring(now().suffix(8)))
        return try await db.read { [first, last] db in
            var w = JSONWriter()
            w.beginArray()
            guard first <= last else { w.endArray(); return .json(w) }
            let scheds = try Row.fetchAll(db, sql: """
                SELECT SchedDate, StartTime, StopTime, Operatories FROM schedule
                WHERE SchedType = 'Provider' AND ProvNum = ? AND SchedDate >= ? AND SchedDate <= ? ORDER BY SchedDate, StartTime
                """, arguments: [prov, SandboxCalendar.date(day: first), SandboxCalendar.date(day: last)])
            for s in scheds {
                let date: String = s[0]
                var start = SandboxCalendar.minutes(ofTime: Substring(s[1] as String))
                let stop = SandboxCalendar.minutes(ofTime: Substring(s[2] as String))
                if SandboxCalendar.day(date) == today { start = max(start, (nowMinutes + 4) / 5 * 5) }
                for opText in (s[3] as String).split(separator: ",") {
                    guard let op = Int(opText) else { continue }
                    if let f = opFilter, f != op { continue }
                    // As documented: the provider's own appointments (every status but UnschedList
                    // and Planned, in any operatory) are taken out; blockouts and other providers'
                    // appointments in the operatory are not (why the client never uses Slots).
                    let busy = try Row.fetchAll(db, sql: """
                        SELECT AptDateTime, LENGTH(Pattern) FROM appointment WHERE (ProvNum = ? OR ProvHyg = ?)
                        AND AptStatus NOT IN ('UnschedList','Planned') AND AptDateTime >= ? AND AptDateTime < ? ORDER BY AptDateTime
                        """, arguments: [prov, prov, date, SandboxCalendar.date(day: SandboxCalendar.day(date)! + 1)])
                    var cursor = start
                    func emit(_ a: Int, _ b: Int) {
                        guard b - a >= max(minLength, 5) else { return }
                        w.beginObject()
                        w.field("DateTimeStart", date + " " + SandboxCalendar.time(minutes: a))
                        w.field("DateTimeEnd", date + " " + SandboxCalendar.time(minutes: b))
                        w.field("ProvNum", prov)
                        w.field("OpNum", op)
                        w.endObject()
                    }
                    for a in busy {
                        let aStart = SandboxCalendar.minutes(ofTime: (a[0] as String).suffix(8))
                        let aEnd = aStart + (a[1] as Int) * 5
                        if aEnd <= cursor || aStart >= stop { continue }
                        if aStart > cursor { emit(cursor, min(aStart, stop)) }
                        cursor = max(cursor, aEnd)
                    }
                    if cursor < stop { emit(cursor, stop) }
                }
            }
            w.endArray()
            return .json(w)
        }
    }
}
