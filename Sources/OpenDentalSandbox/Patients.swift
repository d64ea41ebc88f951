import Foundation
import GRDB

extension SandboxAPI {
    static let patientStatuses = ["Patient", "NonPatient", "Inactive", "Archived", "Deceased", "Prospective"]
    static let contactMethods = ["None", "DoNotCall", "HmPhone", "WkPhone", "WirelessPh", "Email", "SeeNotes", "Mail", "TextMessage"]

    /// Full Patient object (digest §3.2) from a patient row, by column name. SiteNum is not sent:
    /// `siteDesc` (the site's name) is, and the sandbox has no sites.
    func writePatient(_ w: inout JSONWriter, _ r: Row, serverDateTime: String?) {
        WireFields.patient.write(&w, r, lookups, serverDateTime: serverDateTime)
    }

    /// The Patient-Select row of GET /patients.
    func writeSelectRow(_ w: inout JSONWriter, _ r: Row) {
        WireFields.selectRow.write(&w, r, lookups)
    }

    func fetchPatient(_ db: Database, _ patNum: Int) throws -> Row {
        guard let r = try Row.fetchOne(db, sql: "SELECT \(WireFields.patient.columns) FROM patient WHERE PatNum = ? AND PatStatus <> 'Deleted'", arguments: [patNum]) else {
            throw APIFailure.notFound("Patient not found.")
        }
        return r
    }

    /// GET /patients/{PatNum}.
    func patient(_ c: Call, _ patNum: Int) async throws -> Reply {
        try c.onlyParameters([])
        return try await db.read { db in
            var w = JSONWriter()
            self.writePatient(&w, try self.fetchPatient(db, patNum), serverDateTime: nil)
            return .json(w)
        }
    }

    /// GET /patients/Simple: partial, case-insensitive names; each row with serverDateTime.
    func patientsSimple(_ c: Call) async throws -> Reply {
        try c.onlyParameters(["LName", "FName", "Birthdate", "ClinicNum", "PatStatus", "DateTStamp", "PriProv", "Gender", "Position",
                              "Guarantor", "SuperFamily", "EmployerNum", "FeeSched", "Limit", "Offset"])
        var filter = Where("PatStatus <> 'Deleted'")
        if let v = c.q("LName") { filter.add("LNameFold LIKE ? ESCAPE '\\'", "%" + like(SandboxSchema.fold(v)) + "%") }
        if let v = c.q("FName") { filter.add("FNameFold LIKE ? ESCAPE '\\'", "%" + like(SandboxSchema.fold(v)) + "%") }
        filter.equal("Birthdate", try c.date("Birthdate"))
        filter.equal("ClinicNum", try c.int("ClinicNum"))
        filter.equal("PatStatus", try c.oneOf("PatStatus", Self.patientStatuses))
        if let t = try c.dateTime("DateTStamp") { filter.add("DateTStamp > ?", t) }
        filter.equal("PriProv", try c.int("PriProv"))
        filter.equal("Gender", try c.oneOf("Gender", ["Male", "Female", "Unknown", "Other"], message: "Gender is invalid."))
        filter.equal("Position", try c.oneOf("Position", ["Single", "Married", "Child", "Widowed", "Divorced"], message: "Position is invalid."))
        for key in ["Guarantor", "SuperFamily", "EmployerNum", "FeeSched"] { filter.equal(key, try c.int(key)) }
        let (limit, offset) = try paging(c)
        // With no filter (only the built-in "not deleted"), page from the ordered key list.
        return try await cachedPage(table: "patient", key: "PatNum", columns: WireFields.patient.columns, filter,
                                    limit: limit, offset: offset, cache: patientJSON, keyIndex: filter.isUnfiltered ? patientKeys : nil) { w, r in
            self.writePatient(&w, r, serverDateTime: nil)
        }
    }

    /// GET /patients: the Patient Select search (names start-with, the rest contains).
    func patientSearch(_ c: Call) async throws -> Reply {
        try c.onlyParameters(["LName", "FName", "Phone", "Address", "hideInactive", "City", "State", "SSN", "ChartNumber", "guarOnly",
                              "showArchived", "Birthdate", "SiteNum", "SubscriberId", "Email", "Country", "clinicNums", "clinicAbbr",
                              "invoiceNumber", "Limit", "Offset"])
        if c.q("DateTStamp") != nil { throw APIFailure.bad("'DateTStamp' is not a valid parameter.") }
        var filter = Where("PatStatus <> 'Deleted'")
        if let v = c.q("LName"), !v.isEmpty { filter.add("LNameFold LIKE ? ESCAPE '\\'", like(SandboxSchema.fold(v)) + "%") }
        if let v = c.q("FName"), !v.isEmpty { filter.add("FNameFold LIKE ? ESCAPE '\\'", like(SandboxSchema.fold(v)) + "%") }
        if let v = c.q("Phone") {
            let digits = SandboxSchema.digits(v)
            if !digits.isEmpty { filter.add("PhoneDigits LIKE ?", "%" + digits + "%") }
        }
        for column in ["Address", "City", "Email", "ChartNumber", "SSN"] {
            if let v = c.q(column), !v.isEmpty { filter.add("\(column) LIKE ? ESCAPE '\\'", "%" + like(v) + "%") }
        }
        if let v = c.q("State"), !v.isEmpty { filter.add("State LIKE ?", like(v)) }
        filter.equal("Birthdate", try c.date("Birthdate"))
        if try c.bool("hideInactive") == true { filter.add("PatStatus <> 'Inactive'") }
        if try c.bool("showArchived") != true { filter.add("PatStatus <> 'Archived'") }
        if try c.bool("guarOnly") == true { filter.add("Guarantor = PatNum") }
        if let list = c.q("clinicNums"), !list.isEmpty {
            let nums = try list.split(separator: ",").map { s -> Int in
                guard let i = Int(s.trimmingCharacters(in: .whitespaces)) else { throw APIFailure.bad("clinicNums is invalid.") }
                return i
            }
            filter.add("ClinicNum IN (\(nums.map(String.init).joined(separator: ",")))")
        }
        filter.equal("SiteNum", try c.int("SiteNum"))
        let (limit, offset) = try paging(c)
        return try await db.read { [filter] db in
            var w = JSONWriter(capacity: limit * 500)
            w.beginArray()
            let rows = try Row.fetchCursor(db, sql: "SELECT \(WireFields.selectRow.columns) FROM patient \(filter.sql) ORDER BY PatNum LIMIT ? OFFSET ?",
                                           arguments: filter.arguments + [limit, offset])
            while let r = try rows.next() { self.writeSelectRow(&w, r) }
            w.endArray()
            return .json(w)
        }
    }

    func like(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    /// Validated patient fields from a POST/PUT body, as column → value.
    func patientFields(_ b: BodyReader, creating: Bool) throws -> [(String, DatabaseValue)] {
        var out: [(String, DatabaseValue)] = []
        func text(_ key: String, max: Int = 255) throws {
            if let v = try b.string(key) {
                guard v.count <= max else { throw APIFailure.bad("\(key) is too long (at most \(max) characters).") }
                out.append((key, v.databaseValue))
            }
        }
        for key in ["LName", "FName"] {
            if let v = try b.string(key) {
                guard !v.trimmingCharacters(in: .whitespaces).isEmpty else { throw APIFailure.bad("\(key) cannot be blank.") }
                out.append((key, v.databaseValue))
            } else if creating {
                throw APIFailure.bad("\(key) is required.")
            }
        }
        try text("MiddleI")
        try text("Preferred")
        if let v = try b.oneOf("PatStatus", Self.patientStatuses) { out.append(("PatStatus", v.databaseValue)) }
        if let v = try b.oneOf("Gender", ["Male", "Female", "Unknown"]) { out.append(("Gender", v.databaseValue)) }
        if let v = try b.oneOf("Position", ["Single", "Married", "Child", "Widowed", "Divorced"]) { out.append(("Position", v.databaseValue)) }
        if let v = try b.date("Birthdate") { out.append(("Birthdate", v.databaseValue)) }
        if let v = try b.string("SSN") {
            guard v.isEmpty || (v.count == 9 && v.allSatisfy(\.isASCII) && v.allSatisfy(\.isNumber)) else {
                throw APIFailure.bad("SSN must be 9 digits with no dashes.")
            }
            out.append(("SSN", v.databaseValue))
        }
        try text("Address")
        try text("Address2")
        try text("City")
        if let v = try b.string("State") {
            guard v.isEmpty || (v.count == 2 && v.allSatisfy { $0.isASCII && $0.isUppercase }) else {
                throw APIFailure.bad("State must be 2 capital letters.")
            }
            out.append(("State", v.databaseValue))
        }
        if let v = try b.string("Zip") {
            let us = v.range(of: #"^\d{5}(-?\d{4})?$"#, options: .regularExpression) != nil
            let canada = v.range(of: #"^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$"#, options: .regularExpression) != nil
            guard v.isEmpty || us || canada else {
                throw APIFailure.bad("Zip is invalid. Use 12345, 12345-1234, 123456789 or A0A 0A0.")
            }
            out.append(("Zip", v.databaseValue))
        }
        try text("HmPhone", max: 30)
        try text("WkPhone", max: 30)
        try text("WirelessPhone", max: 30)
        try text("Email")
        if let v = try b.int("PriProv") {
            guard lookups.provAbbr[v] != nil else { throw APIFailure.notFound("PriProv not found.") }
            out.append(("PriProv", v.databaseValue))
        }
        if let v = try b.int("SecProv") {
            guard v == 0 || lookups.provAbbr[v] != nil else { throw APIFailure.notFound("SecProv not found.") }
            out.append(("SecProv", v.databaseValue))
        }
        if let v = try b.string("BillingType") {
            guard lookups.defNum(named: v, category: 4) != nil else { throw APIFailure.bad("BillingType is invalid.") }
            out.append(("BillingType", v.databaseValue))
        }
        if let v = try b.string("ChartNumber") {
            guard v.count <= 15 else { throw APIFailure.bad("ChartNumber cannot be longer than 15 characters.") }
            out.append(("ChartNumber", v.databaseValue))
        }
        if let v = try b.int("ClinicNum") {
            guard v == 0 || lookups.clinicAbbr[v] != nil else { throw APIFailure.notFound("Clinic not found") }
            out.append(("ClinicNum", v.databaseValue))
        }
        for key in ["PreferConfirmMethod", "PreferContactMethod", "PreferRecallMethod"] {
            if let v = try b.oneOf(key, Self.contactMethods) { out.append((key, v.databaseValue)) }
        }
        if let v = try b.string("Language") { out.append(("Language", v.databaseValue)) }
        if let v = try b.oneOf("TxtMsgOk", ["Unknown", "Yes", "No"]) { out.append(("TxtMsgOk", v.databaseValue)) }
        if let v = try b.string("FamFinUrgNote") { out.append(("FamFinUrgNote", v.databaseValue)) }
        if let v = try b.bool("Premed") { out.append(("Premed", v.databaseValue)) }
        if let v = try b.date("DateFirstVisit") { out.append(("DateFirstVisit", v.databaseValue)) }
        if let v = try b.int("Guarantor") { out.append(("Guarantor", v.databaseValue)) }
        return out
    }

    func createPatient(_ c: Call) async throws -> Reply {
        let b = BodyReader(fields: c.body)
        let fields = try patientFields(b, creating: true)
        let stamp = now()
        let reply: Reply = try await db.write { db in
            var values = Dictionary(fields, uniquingKeysWith: { $1 })
            func text(_ k: String) -> String? { values[k].flatMap { String.fromDatabaseValue($0) } }
            let lName = text("LName")!, fName = text("FName")!
            let birth = text("Birthdate") ?? SandboxCalendar.noDate
            let email = text("Email") ?? ""
            let phones = ["HmPhone", "WkPhone", "WirelessPhone"].compactMap { text($0) }.map(SandboxSchema.digits).filter { !$0.isEmpty }
            // Duplicate check: same name and birthdate, and the same email or one of the phones.
            let candidates = try Row.fetchAll(db, sql: """
                SELECT Email, PhoneDigits, WkPhone FROM patient WHERE LNameFold = ? AND FNameFold = ? AND Birthdate = ? AND PatStatus <> 'Deleted'
                """, arguments: [SandboxSchema.fold(lName), SandboxSchema.fold(fName), birth])
            for r in candidates {
                let sameEmail = !email.isEmpty && (r["Email"] as String).lowercased() == email.lowercased()
                let known = (r["PhoneDigits"] as String) + " " + SandboxSchema.digits(r["WkPhone"] as String)
                if sameEmail || phones.contains(where: { known.contains($0) }) {
                    throw APIFailure.bad("A patient with the same name, birthdate and phone or email already exists.")
                }
            }
            if let g = values["Guarantor"].flatMap({ Int.fromDatabaseValue($0) }) {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM patient WHERE PatNum = ?", arguments: [g]) == true else {
                    throw APIFailure.notFound("Guarantor not found.")
                }
            }
            let defaults: [(String, any DatabaseValueConvertible)] = [
                ("MiddleI", ""), ("Preferred", ""), ("PatStatus", "Patient"), ("Gender", "Unknown"), ("Position", "Single"),
                ("Birthdate", SandboxCalendar.noDate), ("SSN", ""), ("Address", ""), ("Address2", ""), ("City", ""), ("State", ""),
                ("Zip", ""), ("HmPhone", ""), ("WkPhone", ""), ("WirelessPhone", ""), ("Email", ""), ("EstBalance", 0.0),
                ("PriProv", 1), ("SecProv", 0), ("FeeSched", 0), ("BillingType", self.lookups.name(self.lookups.firstDef(4))),
                ("ImageFolder", ""), ("FamFinUrgNote", ""), ("ChartNumber", ""), ("MedicaidID", ""), ("BalTotal", 0.0),
                ("EmployerNum", 0), ("DateFirstVisit", SandboxCalendar.noDate), ("ClinicNum", 0), ("Premed", false), ("Ward", ""),
                ("PreferConfirmMethod", "None"), ("PreferContactMethod", "None"), ("PreferRecallMethod", "None"), ("Language", ""),
                ("AdmitDate", SandboxCalendar.noDate), ("SuperFamily", 0), ("TxtMsgOk", "Unknown"),
            ]
            for (k, v) in defaults where values[k] == nil { values[k] = v.databaseValue }
            values["DateTStamp"] = stamp.databaseValue
            values["SecDateEntry"] = String(stamp.prefix(10)).databaseValue
            values["LNameFold"] = SandboxSchema.fold(lName).databaseValue
            values["FNameFold"] = SandboxSchema.fold(fName).databaseValue
            values["PhoneDigits"] = phones.joined(separator: " ").databaseValue
            let cols = values.keys.sorted()
            try db.execute(sql: "INSERT INTO patient(\(cols.joined(separator: ","))) VALUES (\(cols.map { _ in "?" }.joined(separator: ",")))",
                           arguments: StatementArguments(cols.map { values[$0]! }))
            let patNum = Int(db.lastInsertedRowID)
            if values["Guarantor"] == nil {
                try db.execute(sql: "UPDATE patient SET Guarantor = ?, ImageFolder = ? WHERE PatNum = ?",
                               arguments: [patNum, "\(SandboxSchema.fold(lName).filter(\.isLetter))\(SandboxSchema.fold(fName).filter(\.isLetter))\(patNum)", patNum])
            }
            var w = JSONWriter()
            self.writePatient(&w, try self.fetchPatient(db, patNum), serverDateTime: nil)
            var r = Reply.json(w, status: 201)
            r.headers["Location"] = "\(self.publicBase)/patients/\(patNum)"
            return r
        }
        patientKeys.invalidate()
        return reply
    }

    func updatePatient(_ c: Call, _ patNum: Int) async throws -> Reply {
        let b = BodyReader(fields: c.body)
        let fields = try patientFields(b, creating: false)
        let stamp = now()
        return try await db.write { db in
            let current = try self.fetchPatient(db, patNum)
            var sets = fields.map { "\($0.0) = ?" }
            var args = StatementArguments(fields.map(\.1))
            func field(_ k: String) -> String? { fields.first { $0.0 == k }.flatMap { String.fromDatabaseValue($0.1) } }
            if let g = fields.first(where: { $0.0 == "Guarantor" }).flatMap({ Int.fromDatabaseValue($0.1) }), g != (current["Guarantor"] as Int) {
                guard (current["Guarantor"] as Int) == patNum else {
                    throw APIFailure.bad("Guarantor can only be changed when the patient is the current guarantor.")
                }
            }
            let lName = field("LName") ?? current["LName"]
            let fName = field("FName") ?? current["FName"]
            let phones = ["HmPhone", "WkPhone", "WirelessPhone"].map { k in field(k) ?? (current[k] as String) }
            sets += ["DateTStamp = ?", "LNameFold = ?", "FNameFold = ?", "PhoneDigits = ?"]
            args += [stamp, SandboxSchema.fold(lName), SandboxSchema.fold(fName),
                     phones.map(SandboxSchema.digits).filter { !$0.isEmpty }.joined(separator: " ")]
            try db.execute(sql: "UPDATE patient SET \(sets.joined(separator: ", ")) WHERE PatNum = ?", arguments: args + [patNum])
            self.patientJSON.remove(patNum)
            var w = JSONWriter()
            self.writePatient(&w, try self.fetchPatient(db, patNum), serverDateTime: nil)
            return .json(w)
        }
    }
}
