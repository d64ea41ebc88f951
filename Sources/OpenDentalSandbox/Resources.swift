import Foundation
import GRDB

extension SandboxAPI {
    // MARK: procedurelogs

    func writeProcedure(_ w: inout JSONWriter, _ r: Row, serverDateTime: String) {
        WireFields.procedure.write(&w, r, lookups, serverDateTime: serverDateTime)
    }

    func procedureLogs(_ c: Call, _ one: Int?) async throws -> Reply {
        let stamp = now()
        if let procNum = one {
            return try await db.read { db in
                guard let r = try Row.fetchOne(db, sql: "SELECT \(WireFields.procedure.columns) FROM procedurelog WHERE ProcNum = ?", arguments: [procNum]) else {
                    throw APIFailure.notFound("Procedure not found.")
                }
                var w = JSONWriter()
                self.writeProcedure(&w, r, serverDateTime: stamp)
                return .json(w)
            }
        }
        var filter = Where()
        for key in ["PatNum", "AptNum", "PlannedAptNum", "ClinicNum", "CodeNum"] { filter.equal(key, try c.int(key)) }
        if let s = c.q("ProcStatus") {
            guard ["TP", "C", "EC", "EO", "R", "D", "Cn", "TPi"].contains(s) else { throw APIFailure.bad("ProcStatus is invalid.") }
            filter.equal("ProcStatus", s)
        }
        if let t = try c.dateTime("DateTStamp") { filter.add("DateTStamp >= ?", t) }
        let (limit, offset) = try paging(c)
        return try await db.read { [filter] db in
            var w = JSONWriter(capacity: limit * 900)
            w.beginArray()
            let rows = try Row.fetchCursor(db, sql: "SELECT \(WireFields.procedure.columns) FROM procedurelog \(filter.sql) ORDER BY ProcNum LIMIT ? OFFSET ?",
                                           arguments: filter.arguments + [limit, offset])
            while let r = try rows.next() { self.writeProcedure(&w, r, serverDateTime: stamp) }
            w.endArray()
            return .json(w)
        }
    }

    // MARK: definitions, providers, operatories, clinics

    static let defCategoryNames: [Int: String] = [
        0: "AccountColors", 1: "AdjTypes", 2: "ApptConfirmed", 3: "ApptProcsQuickAdd", 4: "BillingTypes", 10: "PaymentTypes",
        11: "ProcCodeCats", 12: "ProgNoteColors", 13: "RecallUnschedStatus", 16: "Diagnosis", 17: "AppointmentColors",
        18: "ImageCats", 20: "TxPriorities", 21: "MiscColors", 22: "ChartGraphicColors", 23: "ContactCategories",
        25: "BlockoutTypes", 27: "CommLogTypes", 30: "Prognosis", 35: "ProviderSpecialties", 42: "WebSchedNewPatApptTypes",
        51: "WebSchedExistingApptTypes", 55: "OperatoryTypes",
    ]

    func definitions(_ c: Call, _ one: Int?) async throws -> Reply {
        var filter = Where()
        filter.equal("DefNum", one)
        if let cat = c.q("Category") {
            guard let n = Int(cat) else { throw APIFailure.bad("Category is invalid.") }
            filter.equal("Category", n)
        } else if let name = c.q("category") {
            let bare = name.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard let n = Self.defCategoryNames.first(where: { $0.value.lowercased() == bare.lowercased() })?.key else {
                throw APIFailure.bad("category is invalid.")
            }
            filter.equal("Category", n)
        }
        if try c.bool("includeHidden") != true { filter.add("IsHidden = 0") }
        let (limit, offset) = try paging(c)
        let single = one != nil
        return try await db.read { [filter] db in
            var w = JSONWriter()
            if !single { w.beginArray() }
            let rows = try Row.fetchAll(db, sql: "SELECT DefNum, Category, ItemOrder, ItemName, ItemValue, IsHidden FROM definition \(filter.sql) ORDER BY Category, ItemOrder LIMIT ? OFFSET ?",
                                        arguments: filter.arguments + [limit, offset])
            if single && rows.isEmpty { throw APIFailure.notFound("Definition not found.") }
            for r in rows {
                // The 26.2.1 shape (digest §3.4).
                w.beginObject()
                w.field("DefNum", r["DefNum"] as Int)
                let cat: Int = r["Category"]
                w.field("Category", cat)
                w.field("category", Self.defCategoryNames[cat] ?? "")
                w.field("ItemOrder", r["ItemOrder"] as Int)
                w.field("ItemName", r["ItemName"] as String)
                w.field("ItemValue", r["ItemValue"] as String)
                // The docs' example spells it isHidden (26.2.1's own page says IsHidden; clients read both).
                w.field("isHidden", bool: r["IsHidden"])
                w.field("Supp", "")
                w.endObject()
            }
            if !single { w.endArray() }
            return .json(w)
        }
    }

    func providers(_ c: Call, _ one: Int?) async throws -> Reply {
        let stamp = now()
        var filter = Where()
        var serverStamp = stamp
        filter.equal("ProvNum", one)
        if let clinic = try c.int("ClinicNum") {
            guard clinic == 0 || lookups.clinicAbbr[clinic] != nil else { throw APIFailure.notFound("Clinic not found") }
            filter.add("IsHidden = 0 AND (ClinicNum = 0 OR ClinicNum = ?)", clinic)
            serverStamp = ""
        }
        if let t = try c.dateTime("DateTStamp") { filter.add("DateTStamp > ?", t) }
        let single = one != nil
        return try await db.read { [filter, serverStamp] db in
            let rows = try Row.fetchAll(db, sql: "SELECT \(WireFields.provider.columns) FROM provider \(filter.sql) ORDER BY ProvNum", arguments: filter.arguments)
            return try self.oneOrMany(rows, single: single, notFound: "Provider not found.") { w, r in
                WireFields.provider.write(&w, r, self.lookups, serverDateTime: serverStamp)
            }
        }
    }

    func operatories(_ c: Call, _ one: Int?) async throws -> Reply {
        var filter = Where()
        filter.equal("OperatoryNum", one)
        filter.equal("ClinicNum", try c.int("ClinicNum"))
        let single = one != nil
        let opType = lookups
        return try await db.read { [filter] db in
            let rows = try Row.fetchAll(db, sql: "SELECT \(WireFields.operatory.columns) FROM operatory \(filter.sql) ORDER BY ItemOrder", arguments: filter.arguments)
            return try self.oneOrMany(rows, single: single, notFound: "Operatory not found.") { w, r in
                WireFields.operatory.write(&w, r, opType)
            }
        }
    }

    func clinics(_ c: Call) async throws -> Reply {
        try await db.read { db in
            var w = JSONWriter()
            w.beginArray()
            for r in try Row.fetchAll(db, sql: "SELECT \(WireFields.clinic.columns) FROM clinic WHERE IsHidden = 0 ORDER BY ClinicNum") {
                WireFields.clinic.write(&w, r, self.lookups)
            }
            w.endArray()
            return .json(w)
        }
    }

    // MARK: commlogs

    static let commModes = ["None", "Email", "Mail", "Phone", "InPerson", "Text", "EmailAndText", "PhoneAndText", "Fax"]

    func writeCommlog(_ w: inout JSONWriter, _ r: Row) {
        WireFields.commlog.write(&w, r, lookups)
    }

    /// GET /commlogs/{CommlogNum}.
    func commlog(_ c: Call, _ num: Int) async throws -> Reply {
        return try await db.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT \(WireFields.commlog.columns) FROM commlog WHERE CommlogNum = ?", arguments: [num]) else {
                throw APIFailure.notFound("Commlog not found.")
            }
            var w = JSONWriter()
            self.writeCommlog(&w, r)
            return .json(w)
        }
    }

    /// GET /commlogs: a patient's (or everyone's) call notes, newest first.
    func commlogList(_ c: Call) async throws -> Reply {
        var filter = Where()
        filter.equal("PatNum", try c.int("PatNum"))
        if let t = try c.dateTime("DateTStamp") { filter.add("DateTStamp > ?", t) }
        let (limit, offset) = try paging(c)
        return try await db.read { [filter] db in
            if let p = try c.int("PatNum"), try Bool.fetchOne(db, sql: "SELECT 1 FROM patient WHERE PatNum = ?", arguments: [p]) != true {
                throw APIFailure.notFound("Patient not found.")
            }
            var w = JSONWriter()
            w.beginArray()
            // Newest first, as the docs' examples look.
            for r in try Row.fetchAll(db, sql: "SELECT \(WireFields.commlog.columns) FROM commlog \(filter.sql) ORDER BY CommDateTime DESC, CommlogNum DESC LIMIT ? OFFSET ?",
                                      arguments: filter.arguments + [limit, offset]) {
                self.writeCommlog(&w, r)
            }
            w.endArray()
            return .json(w)
        }
    }

    /// POST /commlogs: a call note.
    func createCommlog(_ c: Call) async throws -> Reply {
        let b = BodyReader(fields: c.body)
        guard let patNum = try b.int("PatNum") else { throw APIFailure.bad("PatNum is required.") }
        guard let note = try b.string("Note"), !note.isEmpty else { throw APIFailure.bad("Note is required.") }
        var type = lookups.defNum(named: "Misc", category: 27) ?? lookups.firstDef(27)
        if let name = try b.string("commType") {
            guard let d = lookups.defNum(named: name, category: 27) else { throw APIFailure.bad("commType is invalid.") }
            type = d
        } else if let d = try b.int("CommType") {
            guard lookups.defCategory[d] == 27 else { throw APIFailure.bad("CommType is invalid.") }
            type = d
        }
        var mode = "Phone"
        if let m = try b.string("Mode_") {
            let folded = m.replacingOccurrences(of: " ", with: "").lowercased()
            guard let match = Self.commModes.first(where: { $0.lowercased() == folded }) else {
                throw APIFailure.bad("Mode_ is invalid.")
            }
            mode = match
        }
        let sent = try b.oneOf("SentOrReceived", ["Neither", "Sent", "Received"]) ?? "Sent"
        let stamp = now()
        let when = try b.dateTime("CommDateTime") ?? stamp
        return try await db.write { [mode, type] db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM patient WHERE PatNum = ?", arguments: [patNum]) == true else {
                throw APIFailure.notFound("Patient not found.")
            }
            try db.execute(sql: "INSERT INTO commlog(PatNum, CommDateTime, CommType, Note, Mode_, SentOrReceived, DateTStamp, CommSource, DateTEntry) VALUES (?,?,?,?,?,?,?,'FHIR',?)",
                           arguments: [patNum, when, type, note, mode, sent, stamp, stamp])
            let num = Int(db.lastInsertedRowID)
            var w = JSONWriter()
            self.writeCommlog(&w, try Row.fetchOne(db, sql: "SELECT \(WireFields.commlog.columns) FROM commlog WHERE CommlogNum = ?", arguments: [num])!)
            var r = Reply.json(w, status: 201)
            r.headers["Location"] = "\(self.publicBase)/commlogs/\(num)"
            return r
        }
    }

    // MARK: schedules (every value a string)

    func schedules(_ c: Call, _ one: Int?) async throws -> Reply {
        var filter = Where()
        if let one {
            filter.equal("ScheduleNum", one)
        } else {
            let start = try c.date("dateStart"), end = try c.date("dateEnd")
            if start != nil || end != nil {
                if let s = start { filter.add("SchedDate >= ?", s) }
                if let e = end { filter.add("SchedDate <= ?", e) }
            } else {
                filter.equal("SchedDate", try c.date("date") ?? SandboxCalendar.date(day: clock.today()))
            }
            filter.equal("SchedType", try c.oneOf("SchedType", ["Practice", "Provider", "Blockout", "Employee", "WebSchedASAP"], message: "SchedType is invalid."))
            filter.equal("BlockoutType", try c.int("BlockoutDefNum"))
            filter.equal("ProvNum", try c.int("ProvNum"))
            filter.equal("EmployeeNum", try c.int("EmployeeNum"))
        }
        let (limit, offset) = try paging(c)
        let single = one != nil
        return try await db.read { [filter] db in
            let rows = try Row.fetchAll(db, sql: "SELECT \(WireFields.schedule.columns) FROM schedule \(filter.sql) ORDER BY SchedDate, StartTime, ScheduleNum LIMIT ? OFFSET ?",
                                        arguments: filter.arguments + [limit, offset])
            return try self.oneOrMany(rows, single: single, notFound: "Schedule not found") { w, r in
                WireFields.schedule.write(&w, r, self.lookups)
            }
        }
    }

    // MARK: recalls/List (dates "M/d/yyyy")

    func recallList(_ c: Call) async throws -> Reply {
        let today = clock.today()
        let start = try c.date("DateStart") ?? SandboxCalendar.date(day: today - 365)
        let end = try c.date("DateEnd") ?? SandboxCalendar.date(day: today + 30)
        // As the desktop's recall list: a recall an appointment answers already (DateScheduled) is not listed.
        var filter = Where("r.IsDisabled = 0", "p.PatStatus = 'Patient'", "r.DateScheduled <= '1880-01-01'")
        filter.add("r.DateDue >= ? AND r.DateDue <= ?", start, end)
        if let v = try c.int("ProvNum") { filter.add("(p.PriProv = ? OR p.SecProv = ?)", v, v) }
        filter.equal("p.ClinicNum", try c.int("ClinicNum"))
        filter.equal("t.Description", c.q("RecallType"))
        if try c.bool("IncludeReminded") != true { filter.add("r.NumRemind = 0") }
        let (limit, offset) = try paging(c)
        @Sendable func us(_ d: String) -> String {
            guard d != SandboxCalendar.noDate else { return "" }
            let p = d.split(separator: "-").compactMap { Int($0) }
            return "\(p[1])/\(p[2])/\(p[0])"
        }
        return try await db.read { [filter] db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.DateDue, r.PatNum, p.LName, p.FName, p.Birthdate, t.Description, r.RecallInterval, r.NumRemind, r.LastRemind,
                       p.WirelessPhone, p.HmPhone, r.RecallStatus, p.ClinicNum, r.Note
                FROM recall r JOIN patient p ON p.PatNum = r.PatNum JOIN recalltype t ON t.RecallTypeNum = r.RecallTypeNum
                \(filter.sql) ORDER BY r.DateDue, r.RecallNum LIMIT ? OFFSET ?
                """, arguments: filter.arguments + [limit, offset])
            var w = JSONWriter()
            w.beginArray()
            for r in rows {
                w.beginObject()
                w.field("DueDate", us(r["DateDue"]))
                w.field("PatNum", r["PatNum"] as Int)
                w.field("Patient", "\(r["LName"] as String), \(r["FName"] as String)")
                let birth = SandboxCalendar.day(r["Birthdate"] as String) ?? today
                w.field("Age", String((today - birth) / 365))
                w.field("Type", r["Description"] as String)
                w.field("Interval", r["RecallInterval"] as String)
                w.field("NumRemind", String(r["NumRemind"] as Int))
                w.field("LastRemind", us(r["LastRemind"]))
                let cell: String = r["WirelessPhone"]
                w.field("Contact", cell.isEmpty ? r["HmPhone"] as String : cell)
                w.field("Status", self.lookups.name(r["RecallStatus"]))
                w.field("ClinicNum", r["ClinicNum"] as Int)
                w.field("Note", r["Note"] as String)
                w.endObject()
            }
            w.endArray()
            return .json(w)
        }
    }

    // MARK: patientnotes, popups, appointmenttypes

    /// GET /patientnotes/{PatNum}.
    func patientNote(_ c: Call, _ patNum: Int) async throws -> Reply {
        let stamp = now()
        return try await db.read { db in
            _ = try self.fetchPatient(db, patNum)
            let r = try Row.fetchOne(db, sql: "SELECT * FROM patientnote WHERE PatNum = ?", arguments: [patNum])
            var w = JSONWriter()
            w.beginObject()
            w.field("PatNum", patNum)
            w.field("FamFinancial", r?["FamFinancial"] as String? ?? "")
            w.field("Medical", r?["Medical"] as String? ?? "")
            w.field("Service", r?["Service"] as String? ?? "")
            w.field("MedicalComp", r?["MedicalComp"] as String? ?? "")
            w.field("Treatment", r?["Treatment"] as String? ?? "")
            w.field("ICEName", r?["ICEName"] as String? ?? "")
            w.field("ICEPhone", r?["ICEPhone"] as String? ?? "")
            w.field("SecDateTEntry", r?["SecDateTEntry"] as String? ?? stamp)
            w.field("SecDateTEdit", r?["SecDateTEdit"] as String? ?? stamp)
            w.endObject()
            return .json(w)
        }
    }

    /// GET /preferences: one setting by `PrefName` (exact, any case), or all of them by page.
    func preferences(_ c: Call) async throws -> Reply {
        try c.onlyParameters(["PrefName", "Limit", "Offset"])
        var filter = Where()
        if let name = c.q("PrefName") { filter.add("PrefName = ? COLLATE NOCASE", name) }
        let (limit, offset) = try paging(c)
        return try await db.read { [filter] db in
            var w = JSONWriter()
            w.beginArray()
            for r in try Row.fetchAll(db, sql: "SELECT \(WireFields.preference.columns) FROM preference \(filter.sql) ORDER BY PrefNum LIMIT ? OFFSET ?",
                                      arguments: filter.arguments + [limit, offset]) {
                WireFields.preference.write(&w, r, self.lookups)
            }
            w.endArray()
            return .json(w)
        }
    }

    func popups(_ c: Call) async throws -> Reply {
        guard let patNum = try c.int("PatNum") else { throw APIFailure.bad("PatNum is required.") }
        return try await db.read { db in
            guard let pat = try Row.fetchOne(db, sql: "SELECT Guarantor FROM patient WHERE PatNum = ?", arguments: [patNum]) else {
                throw APIFailure.notFound("Patient not found.")
            }
            let guarantor: Int = pat[0]
            var w = JSONWriter()
            w.beginArray()
            for r in try Row.fetchAll(db, sql: """
                SELECT \(WireFields.popup.columns.split(separator: ",").map { "p." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")) FROM popup p JOIN patient x ON x.PatNum = p.PatNum
                WHERE p.PatNum = ? OR (p.PopupLevel = 'Family' AND x.Guarantor = ?) ORDER BY p.DateTimeEntry DESC, p.PopupNum DESC
                """, arguments: [patNum, guarantor]) {
                WireFields.popup.write(&w, r, self.lookups)
            }
            w.endArray()
            return .json(w)
        }
    }

    func appointmentTypes() async throws -> Reply {
        try await db.read { db in
            var w = JSONWriter()
            w.beginArray()
            for r in try Row.fetchAll(db, sql: "SELECT \(WireFields.appointmentType.columns) FROM appointmenttype ORDER BY AppointmentTypeNum") {
                WireFields.appointmentType.write(&w, r, self.lookups)
            }
            w.endArray()
            return .json(w)
        }
    }
}
