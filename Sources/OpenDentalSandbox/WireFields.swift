import Foundation
import GRDB

/// One field of a resource's JSON as Open Dental writes it: its name, the column it is read from
/// and what kind of value it is. A resource's table of fields drives both the column list of its
/// SELECT and its writer, so a field is added, renamed or moved in one place, by name.
struct WireField: Sendable {
    enum Kind: Sendable {
        case int, text
        /// 0/1 in SQLite, "true"/"false" in the JSON.
        case bool
        /// A REAL written with at most one trailing zero dropped ("12.5", "0.0").
        case money
        /// The name of the definition whose DefNum is in the column (`confirmed`).
        case defName
        /// The abbreviation of the provider or clinic whose number is in the column.
        case provAbbr, clinicAbbr
        /// An INTEGER written as text (`"CommType":"12"`, digest §1.4).
        case intAsText
        /// A REAL written with two decimals (`"ProcFee":"95.00"`).
        case fee
        /// The procedure code, or its description, of the CodeNum in the column.
        case procCode, procDescript
        /// Always this text: a field the sandbox does not keep.
        case constant(String)
        /// The server's time of the answer, where this resource puts it (not first).
        case serverDateTime
    }

    let json: StaticString
    let column: String?
    let kind: Kind

    init(_ json: StaticString, _ column: String?, _ kind: Kind) {
        self.json = json
        self.column = column
        self.kind = kind
    }

    func write(_ w: inout JSONWriter, _ r: Row, _ lookups: Lookups, serverDateTime: String?) {
        guard let column else {
            if case .constant(let text) = kind { w.field(json, text) }
            if case .serverDateTime = kind, let serverDateTime { w.field(json, serverDateTime) }
            return
        }
        switch kind {
        case .int: w.field(json, r[column] as Int)
        case .text: w.field(json, r[column] as String)
        case .bool: w.field(json, bool: r[column])
        case .money: w.field(json, money: r[column])
        case .defName: w.field(json, lookups.name(r[column]))
        case .provAbbr: w.field(json, lookups.abbr(prov: r[column]))
        case .clinicAbbr: w.field(json, lookups.abbr(clinic: r[column]))
        case .intAsText: w.field(json, String(r[column] as Int))
        case .fee: w.field(json, String(format: "%.2f", r[column] as Double))
        case .procCode: w.field(json, lookups.codeByNum[r[column]]?.code ?? "")
        case .procDescript: w.field(json, lookups.codeByNum[r[column]]?.descript ?? "")
        case .constant(let text): w.field(json, text)
        case .serverDateTime: break
        }
    }
}

extension Array where Element == WireField {
    /// The columns to SELECT, each once, in the order of the fields.
    var columns: String {
        var seen = Set<String>()
        return compactMap(\.column).filter { seen.insert($0).inserted }.joined(separator: ", ")
    }

    /// One object: `serverDateTime` when given (GETs: first, unless the table places it), then
    /// every field in order.
    func write(_ w: inout JSONWriter, _ r: Row, _ lookups: Lookups, serverDateTime: String? = nil) {
        w.beginObject()
        if let s = serverDateTime, !contains(where: { if case .serverDateTime = $0.kind { true } else { false } }) {
            w.field("serverDateTime", s)
        }
        for f in self { f.write(&w, r, lookups, serverDateTime: serverDateTime) }
        w.endObject()
    }
}

/// Each resource's fields in the digest's order (§3).
enum WireFields {
    /// Appointment (§3.1).
    static let appointment: [WireField] = [
        WireField("AptNum", "AptNum", .int),
        WireField("PatNum", "PatNum", .int),
        WireField("AptStatus", "AptStatus", .text),
        WireField("Pattern", "Pattern", .text),
        WireField("Confirmed", "Confirmed", .int),
        WireField("confirmed", "Confirmed", .defName),
        WireField("TimeLocked", "TimeLocked", .bool),
        WireField("Op", "Op", .int),
        WireField("Note", "Note", .text),
        WireField("ProvNum", "ProvNum", .int),
        WireField("provAbbr", "ProvNum", .provAbbr),
        WireField("ProvHyg", "ProvHyg", .int),
        WireField("AptDateTime", "AptDateTime", .text),
        WireField("NextAptNum", "NextAptNum", .int),
        WireField("UnschedStatus", "UnschedStatus", .int),
        WireField("unschedStatus", "UnschedStatus", .defName),
        WireField("IsNewPatient", "IsNewPatient", .bool),
        WireField("ProcDescript", "ProcDescript", .text),
        WireField("ClinicNum", "ClinicNum", .int),
        WireField("IsHygiene", "IsHygiene", .bool),
        WireField("DateTStamp", "DateTStamp", .text),
        WireField("DateTimeArrived", "DateTimeArrived", .text),
        WireField("DateTimeSeated", "DateTimeSeated", .text),
        WireField("DateTimeDismissed", "DateTimeDismissed", .text),
        WireField("InsPlan1", "InsPlan1", .int),
        WireField("InsPlan2", "InsPlan2", .int),
        WireField("DateTimeAskedToArrive", "DateTimeAskedToArrive", .text),
        WireField("colorOverride", "ColorOverride", .text),
        WireField("AppointmentTypeNum", "AppointmentTypeNum", .int),
        WireField("SecUserNumEntry", "SecUserNumEntry", .int),
        WireField("SecDateTEntry", "SecDateTEntry", .text),
        WireField("Priority", "Priority", .text),
        WireField("PatternSecondary", "PatternSecondary", .text),
        WireField("ItemOrderPlanned", "ItemOrderPlanned", .int),
    ]

    /// Patient (§3.2).
    static let patient: [WireField] = [
        WireField("PatNum", "PatNum", .int),
        WireField("LName", "LName", .text),
        WireField("FName", "FName", .text),
        WireField("MiddleI", "MiddleI", .text),
        WireField("Preferred", "Preferred", .text),
        WireField("PatStatus", "PatStatus", .text),
        WireField("Gender", "Gender", .text),
        WireField("Position", "Position", .text),
        WireField("Birthdate", "Birthdate", .text),
        WireField("SSN", "SSN", .text),
        WireField("Address", "Address", .text),
        WireField("Address2", "Address2", .text),
        WireField("City", "City", .text),
        WireField("State", "State", .text),
        WireField("Zip", "Zip", .text),
        WireField("HmPhone", "HmPhone", .text),
        WireField("WkPhone", "WkPhone", .text),
        WireField("WirelessPhone", "WirelessPhone", .text),
        WireField("Guarantor", "Guarantor", .int),
        WireField("Email", "Email", .text),
        WireField("EstBalance", "EstBalance", .money),
        WireField("PriProv", "PriProv", .int),
        WireField("priProvAbbr", "PriProv", .provAbbr),
        WireField("SecProv", "SecProv", .int),
        WireField("secProvAbbr", "SecProv", .provAbbr),
        WireField("FeeSched", "FeeSched", .int),
        WireField("BillingType", "BillingType", .text),
        WireField("ImageFolder", "ImageFolder", .text),
        WireField("FamFinUrgNote", "FamFinUrgNote", .text),
        WireField("ChartNumber", "ChartNumber", .text),
        WireField("MedicaidID", "MedicaidID", .text),
        WireField("BalTotal", "BalTotal", .money),
        WireField("EmployerNum", "EmployerNum", .int),
        WireField("DateFirstVisit", "DateFirstVisit", .text),
        WireField("ClinicNum", "ClinicNum", .int),
        WireField("clinicAbbr", "ClinicNum", .clinicAbbr),
        WireField("Premed", "Premed", .bool),
        WireField("Ward", "Ward", .text),
        WireField("PreferConfirmMethod", "PreferConfirmMethod", .text),
        WireField("PreferContactMethod", "PreferContactMethod", .text),
        WireField("PreferRecallMethod", "PreferRecallMethod", .text),
        WireField("Language", "Language", .text),
        WireField("AdmitDate", "AdmitDate", .text),
        WireField("siteDesc", nil, .constant("")),
        WireField("DateTStamp", "DateTStamp", .text),
        WireField("SuperFamily", "SuperFamily", .int),
        WireField("TxtMsgOk", "TxtMsgOk", .text),
        WireField("SecDateEntry", "SecDateEntry", .text),
    ]

    /// The Patient Select row of GET /patients: these of the patient's fields, in the same order.
    static let selectRow: [WireField] = patient.filter { selectRowNames.contains($0.json.description) }
    static let selectRowNames: Set<String> = [
        "PatNum", "LName", "FName", "MiddleI", "Preferred", "PatStatus", "Birthdate", "SSN", "Address", "Address2",
        "City", "State", "Zip", "HmPhone", "WkPhone", "WirelessPhone", "Email", "priProvAbbr", "secProvAbbr",
        "BillingType", "ChartNumber", "ClinicNum", "clinicAbbr", "siteDesc", "TxtMsgOk",
    ]

    /// ProcedureLog (§3.3): `serverDateTime` last.
    static let procedure: [WireField] = [
        WireField("ProcNum", "ProcNum", .int),
        WireField("PatNum", "PatNum", .int),
        WireField("AptNum", "AptNum", .int),
        WireField("ProcDate", "ProcDate", .text),
        WireField("ProcFee", "ProcFee", .fee),
        WireField("Surf", "Surf", .text),
        WireField("ToothNum", "ToothNum", .text),
        WireField("ToothRange", "ToothRange", .text),
        WireField("Priority", "Priority", .int),
        WireField("priority", "Priority", .defName),
        WireField("ProcStatus", "ProcStatus", .text),
        WireField("ProvNum", "ProvNum", .int),
        WireField("provAbbr", "ProvNum", .provAbbr),
        WireField("Dx", "Dx", .int),
        WireField("dxName", "Dx", .defName),
        WireField("PlannedAptNum", "PlannedAptNum", .int),
        WireField("PlaceService", "PlaceService", .text),
        WireField("Prosthesis", "Prosthesis", .text),
        WireField("DateOriginalProsth", "DateOriginalProsth", .text),
        WireField("ClaimNote", "ClaimNote", .text),
        WireField("DateEntryC", "DateEntryC", .text),
        WireField("ClinicNum", "ClinicNum", .int),
        WireField("CodeNum", "CodeNum", .int),
        WireField("procCode", "CodeNum", .procCode),
        WireField("descript", "CodeNum", .procDescript),
        WireField("UnitQty", "UnitQty", .int),
        WireField("BaseUnits", "BaseUnits", .int),
        WireField("DateTP", "DateTP", .text),
        WireField("SiteNum", "SiteNum", .int),
        WireField("HideGraphics", "HideGraphics", .bool),
        WireField("CanadianTypeCodes", "CanadianTypeCodes", .text),
        WireField("ProcTime", "ProcTime", .text),
        WireField("ProcTimeEnd", "ProcTimeEnd", .text),
        WireField("DateTStamp", "DateTStamp", .text),
        WireField("Prognosis", "Prognosis", .int),
        WireField("IsLocked", "IsLocked", .bool),
        WireField("BillingNote", "BillingNote", .text),
        WireField("Discount", "Discount", .money),
        WireField("IsDateProsthEst", "IsDateProsthEst", .bool),
        WireField("SecDateEntry", "SecDateEntry", .text),
        WireField("serverDateTime", nil, .serverDateTime),
    ]

    /// Commlog (§3.6).
    static let commlog: [WireField] = [
        WireField("CommlogNum", "CommlogNum", .int),
        WireField("PatNum", "PatNum", .int),
        WireField("CommDateTime", "CommDateTime", .text),
        WireField("CommType", "CommType", .intAsText),
        WireField("commType", "CommType", .defName),
        WireField("Note", "Note", .text),
        WireField("Mode_", "Mode_", .text),
        WireField("SentOrReceived", "SentOrReceived", .text),
        WireField("UserNum", "UserNum", .int),
        WireField("DateTStamp", "DateTStamp", .text),
        WireField("CommSource", "CommSource", .text),
        WireField("ProgramNum", "ProgramNum", .int),
        WireField("DateTEntry", "DateTEntry", .text),
        WireField("ReferralNum", "ReferralNum", .int),
    ]

    /// Provider (§3.5): `serverDateTime` last (empty with a clinic filter).
    static let provider: [WireField] = [
        WireField("ProvNum", "ProvNum", .int),
        WireField("Abbr", "Abbr", .text),
        WireField("LName", "LName", .text),
        WireField("FName", "FName", .text),
        WireField("MI", "MI", .text),
        WireField("Suffix", "Suffix", .text),
        WireField("FeeSched", "FeeSched", .int),
        WireField("Specialty", "Specialty", .int),
        WireField("SSN", "SSN", .text),
        WireField("StateLicense", "StateLicense", .text),
        WireField("IsSecondary", "IsSecondary", .bool),
        WireField("provColor", "ProvColor", .text),
        WireField("IsHidden", "IsHidden", .bool),
        WireField("UsingTIN", "UsingTIN", .bool),
        WireField("SigOnFile", "SigOnFile", .bool),
        WireField("NationalProvID", "NationalProvID", .text),
        WireField("DateTStamp", "DateTStamp", .text),
        WireField("IsNotPerson", "IsNotPerson", .bool),
        WireField("ProvStatus", "ProvStatus", .text),
        WireField("IsHiddenReport", "IsHiddenReport", .bool),
        WireField("Birthdate", "Birthdate", .text),
        WireField("SchedNote", "SchedNote", .text),
        WireField("PreferredName", "PreferredName", .text),
        WireField("serverDateTime", nil, .serverDateTime),
    ]

    /// Operatory (§3.5).
    static let operatory: [WireField] = [
        WireField("OperatoryNum", "OperatoryNum", .int),
        WireField("OpName", "OpName", .text),
        WireField("Abbrev", "Abbrev", .text),
        WireField("ItemOrder", "ItemOrder", .int),
        WireField("IsHidden", "IsHidden", .bool),
        WireField("ProvDentist", "ProvDentist", .int),
        WireField("ProvHygienist", "ProvHygienist", .int),
        WireField("IsHygiene", "IsHygiene", .bool),
        WireField("ClinicNum", "ClinicNum", .int),
        WireField("SetProspective", "SetProspective", .bool),
        WireField("IsWebSched", "IsWebSched", .bool),
        WireField("OperatoryType", "OperatoryType", .int),
        WireField("operatoryType", "OperatoryType", .defName),
    ]

    /// Clinic (§3.5): billing and pay-to addresses are not kept.
    static let clinic: [WireField] = [
        WireField("ClinicNum", "ClinicNum", .int),
        WireField("Description", "Description", .text),
        WireField("Address", "Address", .text),
        WireField("Address2", "Address2", .text),
        WireField("City", "City", .text),
        WireField("State", "State", .text),
        WireField("Zip", "Zip", .text),
        WireField("BillingAddress", nil, .constant("")),
        WireField("BillingAddress2", nil, .constant("")),
        WireField("BillingCity", nil, .constant("")),
        WireField("BillingState", nil, .constant("")),
        WireField("BillingZip", nil, .constant("")),
        WireField("PayToAddress", nil, .constant("")),
        WireField("PayToAddress2", nil, .constant("")),
        WireField("PayToCity", nil, .constant("")),
        WireField("PayToState", nil, .constant("")),
        WireField("PayToZip", nil, .constant("")),
        WireField("Phone", "Phone", .text),
        WireField("Abbr", "Abbr", .text),
        WireField("IsHidden", "IsHidden", .bool),
    ]

    /// Schedule: numbers as text (digest §1.4).
    static let schedule: [WireField] = [
        WireField("ScheduleNum", "ScheduleNum", .intAsText),
        WireField("SchedDate", "SchedDate", .text),
        WireField("StartTime", "StartTime", .text),
        WireField("StopTime", "StopTime", .text),
        WireField("SchedType", "SchedType", .text),
        WireField("ProvNum", "ProvNum", .intAsText),
        WireField("BlockoutType", "BlockoutType", .intAsText),
        WireField("blockoutType", "BlockoutType", .defName),
        WireField("Note", "Note", .text),
        WireField("operatories", "Operatories", .text),
        WireField("EmployeeNum", "EmployeeNum", .intAsText),
        WireField("DateTStamp", "DateTStamp", .text),
    ]

    /// Popup (§3.12).
    static let popup: [WireField] = [
        WireField("PopupNum", "PopupNum", .int),
        WireField("PatNum", "PatNum", .int),
        WireField("Description", "Description", .text),
        WireField("IsDisabled", "IsDisabled", .bool),
        WireField("PopupLevel", "PopupLevel", .text),
        WireField("DateTimeEntry", "DateTimeEntry", .text),
        WireField("IsArchived", "IsArchived", .bool),
        WireField("PopupNumArchive", "PopupNumArchive", .int),
        WireField("DateTimeDisabled", "DateTimeDisabled", .text),
    ]

    /// AppointmentType.
    static let appointmentType: [WireField] = [
        WireField("AppointmentTypeNum", "AppointmentTypeNum", .int),
        WireField("AppointmentTypeName", "AppointmentTypeName", .text),
        WireField("appointmentTypeColor", "AppointmentTypeColor", .text),
        WireField("IsHidden", "IsHidden", .bool),
        WireField("Pattern", "Pattern", .text),
        WireField("CodeStr", "CodeStr", .text),
        WireField("CodeStrRequired", "CodeStrRequired", .text),
        WireField("RequiredProcCodesNeeded", "RequiredProcCodesNeeded", .text),
        WireField("BlockoutTypes", "BlockoutTypes", .text),
    ]

    /// Recall (§3.13), in the docs' order; the fields the sandbox does not keep are constants.
    static let recall: [WireField] = [
        WireField("RecallNum", "RecallNum", .int),
        WireField("PatNum", "PatNum", .int),
        WireField("DateDue", "DateDue", .text),
        WireField("DatePrevious", "DatePrevious", .text),
        WireField("RecallInterval", "RecallInterval", .text),
        WireField("RecallStatus", "RecallStatus", .int),
        WireField("recallStatus", "RecallStatus", .defName),
        WireField("Note", "Note", .text),
        WireField("IsDisabled", "IsDisabled", .bool),
        WireField("DateTStamp", "DateTStamp", .text),
        WireField("RecallTypeNum", "RecallTypeNum", .int),
        WireField("DisableUntilBalance", nil, .constant("0")),
        WireField("DisableUntilDate", nil, .constant("0001-01-01")),
        WireField("DateScheduled", "DateScheduled", .text),
        WireField("Priority", "Priority", .text),
        WireField("TimePatternOverride", nil, .constant("")),
    ]

    /// RecallType (§3.13).
    static let recallType: [WireField] = [
        WireField("RecallTypeNum", "RecallTypeNum", .int),
        WireField("Description", "Description", .text),
        WireField("DefaultInterval", "DefaultInterval", .text),
        WireField("TimePattern", "TimePattern", .text),
        WireField("Procedures", "Procedures", .text),
        WireField("AppendToSpecial", "AppendToSpecial", .bool),
    ]

    /// Preference (§3.14).
    static let preference: [WireField] = [
        WireField("PrefNum", "PrefNum", .int),
        WireField("PrefName", "PrefName", .text),
        WireField("ValueString", "ValueString", .text),
    ]
}
