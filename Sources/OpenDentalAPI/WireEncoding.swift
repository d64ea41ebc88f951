import Foundation

// Models written back as Open Dental writes them (same field names, dates as "yyyy-MM-dd HH:mm:ss",
// booleans as "true"/"false", enums as text), so that a row kept in the local cache is read back by
// the very decoder that read it from the office: one format, one set of tolerance rules.

/// Writes one JSON object in Open Dental's field spelling.
struct FieldWriter {
    var container: KeyedEncodingContainer<FieldKey>

    init(_ encoder: Encoder) {
        container = encoder.container(keyedBy: FieldKey.self)
    }

    mutating func int(_ name: String, _ v: Int?) throws {
        if let v { try container.encode(v, forKey: FieldKey(name)) }
    }

    mutating func string(_ name: String, _ v: String?) throws {
        if let v { try container.encode(v, forKey: FieldKey(name)) }
    }

    mutating func bool(_ name: String, _ v: Bool?) throws {
        if let v { try container.encode(v ? "true" : "false", forKey: FieldKey(name)) }
    }

    /// nil is Open Dental's "none" sentinel, which the decoder reads back as nil.
    mutating func dateTime(_ name: String, _ v: LocalDateTime?) throws {
        try container.encode(v?.description ?? "0001-01-01 00:00:00", forKey: FieldKey(name))
    }

    mutating func date(_ name: String, _ v: LocalDate?) throws {
        try container.encode(v?.description ?? "0001-01-01", forKey: FieldKey(name))
    }

    mutating func decimal(_ name: String, _ v: Decimal) throws {
        try container.encode(NSDecimalNumber(decimal: v).stringValue, forKey: FieldKey(name))
    }

    mutating func `enum`<E: OpenDentalEnum>(_ name: String, _ v: E?) throws {
        if let v { try container.encode(v.rawValue, forKey: FieldKey(name)) }
    }
}

extension Appointment: Encodable {
    public func encode(to encoder: Encoder) throws {
        var w = FieldWriter(encoder)
        if let s = serverDateTime { try w.dateTime("serverDateTime", s) }
        try w.int("AptNum", aptNum)
        try w.int("PatNum", patNum)
        try w.enum("AptStatus", aptStatus)
        try w.string("Pattern", pattern)
        try w.int("Confirmed", confirmed)
        try w.string("confirmed", confirmedName)
        try w.bool("TimeLocked", timeLocked)
        try w.int("Op", op)
        try w.string("Note", note)
        try w.int("ProvNum", provNum)
        try w.string("provAbbr", provAbbr)
        try w.int("ProvHyg", provHyg)
        try w.dateTime("AptDateTime", aptDateTime)
        try w.int("NextAptNum", nextAptNum)
        try w.int("UnschedStatus", unschedStatus)
        try w.string("unschedStatus", unschedStatusName)
        try w.bool("IsNewPatient", isNewPatient)
        try w.string("ProcDescript", procDescript)
        try w.int("ClinicNum", clinicNum)
        try w.bool("IsHygiene", isHygiene)
        try w.dateTime("DateTStamp", dateTStamp)
        try w.dateTime("DateTimeArrived", dateTimeArrived)
        try w.dateTime("DateTimeSeated", dateTimeSeated)
        try w.dateTime("DateTimeDismissed", dateTimeDismissed)
        try w.int("InsPlan1", insPlan1)
        try w.int("InsPlan2", insPlan2)
        try w.dateTime("DateTimeAskedToArrive", dateTimeAskedToArrive)
        try w.string("colorOverride", colorOverride)
        try w.int("AppointmentTypeNum", appointmentTypeNum)
        try w.int("SecUserNumEntry", secUserNumEntry)
        if let s = secDateTEntry { try w.dateTime("SecDateTEntry", s) }
        try w.enum("Priority", priority)
        try w.string("PatternSecondary", patternSecondary)
        try w.int("ItemOrderPlanned", itemOrderPlanned)
    }
}

extension Definition: Encodable {
    public func encode(to encoder: Encoder) throws {
        var w = FieldWriter(encoder)
        try w.int("DefNum", defNum)
        try w.int("Category", category)
        try w.string("category", categoryName)
        try w.int("ItemOrder", itemOrder)
        try w.string("ItemName", itemName)
        try w.string("ItemValue", itemValue)
        try w.bool("IsHidden", isHidden)
        try w.string("Supp", supp)
    }
}

extension Provider: Encodable {
    public func encode(to encoder: Encoder) throws {
        var w = FieldWriter(encoder)
        try w.int("ProvNum", provNum)
        try w.string("Abbr", abbr)
        try w.string("LName", lName)
        try w.string("FName", fName)
        try w.string("MI", mi)
        try w.string("Suffix", suffix)
        try w.int("FeeSched", feeSched)
        try w.int("Specialty", specialty)
        // The provider's SSN is never written to disk: nothing the dashboard shows needs it.
        try w.string("StateLicense", stateLicense)
        try w.bool("IsSecondary", isSecondary)
        try w.string("provColor", provColor)
        try w.bool("IsHidden", isHidden)
        try w.bool("UsingTIN", usingTIN)
        try w.bool("SigOnFile", sigOnFile)
        try w.string("NationalProvID", nationalProvID)
        try w.dateTime("DateTStamp", dateTStamp)
        try w.bool("IsNotPerson", isNotPerson)
        try w.enum("ProvStatus", provStatus)
        try w.bool("IsHiddenReport", isHiddenReport)
        try w.date("Birthdate", birthdate)
        try w.string("SchedNote", schedNote)
        try w.string("PreferredName", preferredName)
        if let s = serverDateTime { try w.dateTime("serverDateTime", s) }
    }
}

extension Operatory: Encodable {
    public func encode(to encoder: Encoder) throws {
        var w = FieldWriter(encoder)
        try w.int("OperatoryNum", operatoryNum)
        try w.string("OpName", opName)
        try w.string("Abbrev", abbrev)
        try w.int("ItemOrder", itemOrder)
        try w.bool("IsHidden", isHidden)
        try w.int("ProvDentist", provDentist)
        try w.int("ProvHygienist", provHygienist)
        try w.bool("IsHygiene", isHygiene)
        try w.int("ClinicNum", clinicNum)
        try w.bool("SetProspective", setProspective)
        try w.bool("IsWebSched", isWebSched)
        try w.int("OperatoryType", operatoryType)
        try w.string("operatoryType", operatoryTypeName)
    }
}

/// "yyyy-MM-dd HH:mm:ss" in JSON, as Open Dental writes it.
extension LocalDateTime: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let v = LocalDateTime(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date-time"))
        }
        self = v
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// "yyyy-MM-dd" in JSON, as Open Dental writes a date.
extension LocalDate: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let v = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date"))
        }
        self = v
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension RecallListRow: Encodable {
    public func encode(to encoder: Encoder) throws {
        var w = FieldWriter(encoder)
        try w.date("DueDate", dueDate)
        try w.int("PatNum", patNum)
        try w.string("Patient", patient)
        try w.string("Age", age)
        try w.string("Type", type)
        try w.string("Interval", interval)
        try w.int("NumRemind", numRemind)
        try w.date("LastRemind", lastRemind)
        try w.string("Contact", contact)
        try w.string("Status", status)
        try w.int("ClinicNum", clinicNum)
        try w.string("Note", note)
    }
}

extension Schedule: Encodable {
    public func encode(to encoder: Encoder) throws {
        var w = FieldWriter(encoder)
        try w.int("ScheduleNum", scheduleNum)
        try w.date("SchedDate", schedDate)
        try w.string("StartTime", startTime?.description ?? "00:00:00")
        try w.string("StopTime", stopTime?.description ?? "00:00:00")
        try w.enum("SchedType", schedType)
        try w.int("ProvNum", provNum)
        try w.int("BlockoutType", blockoutType)
        try w.string("blockoutType", blockoutTypeName)
        try w.string("Note", note)
        try w.string("operatories", operatories.map(String.init).joined(separator: ","))
        try w.int("EmployeeNum", employeeNum)
    }
}

extension AppointmentType: Encodable {
    public func encode(to encoder: Encoder) throws {
        var w = FieldWriter(encoder)
        try w.int("AppointmentTypeNum", appointmentTypeNum)
        try w.string("AppointmentTypeName", appointmentTypeName)
        try w.string("appointmentTypeColor", appointmentTypeColor)
        try w.bool("IsHidden", isHidden)
        try w.string("Pattern", pattern)
        try w.string("CodeStr", codeStr)
        try w.string("CodeStrRequired", codeStrRequired)
        try w.enum("RequiredProcCodesNeeded", requiredProcCodesNeeded)
        try w.string("BlockoutTypes", blockoutTypes)
    }
}
