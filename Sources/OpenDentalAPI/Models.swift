import Foundation

// Models of the Open Dental REST API, fields in the order of the digest (opendental-api.md §3).
// Foreign keys are Int (0 = none), "none" dates are nil, text defaults to "".
// Fields Open Dental added after 21.x are Optional: an older office simply does not send them.

/// A record with a primary key, so pages can be de-duplicated across Offset shifts.
public protocol OpenDentalRecord: Decodable, Sendable {
    var primaryKey: Int { get }
}

/// A response row that carries the server's clock, for incremental sync.
public protocol ServerStamped {
    var serverDateTime: LocalDateTime? { get }
}

// MARK: - Appointment

public struct Appointment: OpenDentalRecord, ServerStamped, Hashable {
    public var serverDateTime: LocalDateTime?
    public var aptNum: Int
    public var patNum: Int
    public var aptStatus: ApptStatus
    public var pattern: String
    public var confirmed: Int
    public var confirmedName: String
    public var timeLocked: Bool?
    public var op: Int
    public var note: String
    public var provNum: Int
    public var provAbbr: String
    public var provHyg: Int
    public var aptDateTime: LocalDateTime?
    public var nextAptNum: Int
    public var unschedStatus: Int
    public var unschedStatusName: String
    public var isNewPatient: Bool
    public var procDescript: String
    public var clinicNum: Int
    public var isHygiene: Bool
    public var dateTStamp: LocalDateTime?
    public var dateTimeArrived: LocalDateTime?
    public var dateTimeSeated: LocalDateTime?
    public var dateTimeDismissed: LocalDateTime?
    public var insPlan1: Int?
    public var insPlan2: Int?
    public var dateTimeAskedToArrive: LocalDateTime?
    public var colorOverride: String
    public var appointmentTypeNum: Int?
    public var secUserNumEntry: Int?
    public var secDateTEntry: LocalDateTime?
    public var priority: ApptPriority?
    public var patternSecondary: String?
    public var itemOrderPlanned: Int?

    public var primaryKey: Int { aptNum }
    /// Each pattern character is five minutes.
    public var lengthMinutes: Int { pattern.count * 5 }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        serverDateTime = try f.dateTime("serverDateTime")
        aptNum = try f.int("AptNum")
        patNum = try f.fk("PatNum")
        aptStatus = try f.enum(ApptStatus.self, "AptStatus", default: .none)
        pattern = try f.string("Pattern")
        confirmed = try f.fk("Confirmed")
        confirmedName = try f.string("confirmed")
        timeLocked = try f.optBool("TimeLocked")
        op = try f.fk("Op")
        note = try f.string("Note")
        provNum = try f.fk("ProvNum")
        provAbbr = try f.string("provAbbr")
        provHyg = try f.fk("ProvHyg")
        aptDateTime = try f.dateTime("AptDateTime")
        nextAptNum = try f.fk("NextAptNum")
        unschedStatus = try f.fk("UnschedStatus")
        unschedStatusName = try f.string("unschedStatus")
        isNewPatient = try f.bool("IsNewPatient")
        procDescript = try f.string("ProcDescript")
        clinicNum = try f.fk("ClinicNum")
        isHygiene = try f.bool("IsHygiene")
        dateTStamp = try f.dateTime("DateTStamp")
        dateTimeArrived = try f.dateTime("DateTimeArrived")
        dateTimeSeated = try f.dateTime("DateTimeSeated")
        dateTimeDismissed = try f.dateTime("DateTimeDismissed")
        insPlan1 = try f.optInt("InsPlan1")
        insPlan2 = try f.optInt("InsPlan2")
        dateTimeAskedToArrive = try f.dateTime("DateTimeAskedToArrive")
        colorOverride = try f.optString("colorOverride") ?? "0,0,0"
        appointmentTypeNum = try f.optInt("AppointmentTypeNum")
        secUserNumEntry = try f.optInt("SecUserNumEntry")
        secDateTEntry = try f.dateTime("SecDateTEntry")
        priority = try f.optEnum(ApptPriority.self, "Priority")
        patternSecondary = try f.optString("PatternSecondary")
        itemOrderPlanned = try f.optInt("ItemOrderPlanned")
    }
}

// MARK: - Patient (full object)

public struct Patient: OpenDentalRecord, ServerStamped, Hashable {
    public var serverDateTime: LocalDateTime?
    public var patNum: Int
    public var lName: String
    public var fName: String
    public var middleI: String
    public var preferred: String
    public var patStatus: PatientStatus
    public var gender: PatientGender
    public var position: PatientPosition
    public var birthdate: LocalDate?
    public var ssn: String
    public var address: String
    public var address2: String
    public var city: String
    public var state: String
    public var zip: String
    public var hmPhone: String
    public var wkPhone: String
    public var wirelessPhone: String
    public var guarantor: Int
    public var email: String
    public var estBalance: Decimal
    public var priProv: Int
    public var priProvAbbr: String
    public var secProv: Int
    public var secProvAbbr: String
    public var feeSched: Int?
    public var billingType: String
    public var imageFolder: String
    public var famFinUrgNote: String?
    public var chartNumber: String
    public var medicaidID: String?
    public var balTotal: Decimal
    /// The office sent `BalTotal` (0 above may be a missing field, not a zero balance).
    public var balTotalSent: Bool
    public var employerNum: Int?
    public var dateFirstVisit: LocalDate?
    public var clinicNum: Int
    public var clinicAbbr: String
    public var premed: Bool?
    public var ward: String?
    public var preferConfirmMethod: ContactMethod?
    public var preferContactMethod: ContactMethod?
    public var preferRecallMethod: ContactMethod?
    public var language: String
    public var admitDate: LocalDate?
    public var siteDesc: String
    public var dateTStamp: LocalDateTime?
    public var superFamily: Int?
    public var txtMsgOk: YesNoUnknown
    public var secDateEntry: LocalDate?

    public var primaryKey: Int { patNum }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        serverDateTime = try f.dateTime("serverDateTime")
        patNum = try f.int("PatNum")
        lName = try f.string("LName")
        fName = try f.string("FName")
        middleI = try f.string("MiddleI")
        preferred = try f.string("Preferred")
        patStatus = try f.enum(PatientStatus.self, "PatStatus", default: .patient)
        gender = try f.enum(PatientGender.self, "Gender", default: .unknown)
        position = try f.enum(PatientPosition.self, "Position", default: .single)
        birthdate = try f.date("Birthdate")
        ssn = try f.string("SSN")
        address = try f.string("Address")
        address2 = try f.string("Address2")
        city = try f.string("City")
        state = try f.string("State")
        zip = try f.string("Zip")
        hmPhone = try f.string("HmPhone")
        wkPhone = try f.string("WkPhone")
        wirelessPhone = try f.string("WirelessPhone")
        guarantor = try f.fk("Guarantor")
        email = try f.string("Email")
        estBalance = try f.decimal("EstBalance")
        priProv = try f.fk("PriProv")
        priProvAbbr = try f.string("priProvAbbr")
        secProv = try f.fk("SecProv")
        secProvAbbr = try f.string("secProvAbbr")
        feeSched = try f.optInt("FeeSched")
        billingType = try f.string("BillingType")
        imageFolder = try f.string("ImageFolder")
        famFinUrgNote = try f.optString("FamFinUrgNote")
        chartNumber = try f.string("ChartNumber")
        medicaidID = try f.optString("MedicaidID")
        let bal = try f.optDecimal("BalTotal")
        balTotal = bal ?? 0
        balTotalSent = bal != nil
        employerNum = try f.optInt("EmployerNum")
        dateFirstVisit = try f.date("DateFirstVisit")
        clinicNum = try f.fk("ClinicNum")
        clinicAbbr = try f.string("clinicAbbr")
        premed = try f.optBool("Premed")
        ward = try f.optString("Ward")
        preferConfirmMethod = try f.optEnum(ContactMethod.self, "PreferConfirmMethod")
        preferContactMethod = try f.optEnum(ContactMethod.self, "PreferContactMethod")
        preferRecallMethod = try f.optEnum(ContactMethod.self, "PreferRecallMethod")
        language = try f.string("Language")
        admitDate = try f.date("AdmitDate")
        siteDesc = try f.string("siteDesc")
        dateTStamp = try f.dateTime("DateTStamp")
        superFamily = try f.optInt("SuperFamily")
        txtMsgOk = try f.enum(YesNoUnknown.self, "TxtMsgOk", default: .unknown)
        secDateEntry = try f.date("SecDateEntry")
    }
}

// MARK: - Patient-Select row (GET /patients)

public struct PatientSelectRow: OpenDentalRecord, Hashable {
    public var patNum: Int
    public var lName: String
    public var fName: String
    public var middleI: String
    public var preferred: String
    public var patStatus: PatientStatus
    public var birthdate: LocalDate?
    public var ssn: String
    public var address: String
    public var address2: String
    public var city: String
    public var state: String
    public var zip: String
    public var hmPhone: String
    public var wkPhone: String
    public var wirelessPhone: String
    public var email: String
    public var priProvAbbr: String
    public var secProvAbbr: String
    public var billingType: String
    public var chartNumber: String
    public var clinicNum: Int
    public var clinicAbbr: String
    public var siteDesc: String
    public var txtMsgOk: YesNoUnknown

    public var primaryKey: Int { patNum }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        patNum = try f.int("PatNum")
        lName = try f.string("LName")
        fName = try f.string("FName")
        middleI = try f.string("MiddleI")
        preferred = try f.string("Preferred")
        patStatus = try f.enum(PatientStatus.self, "PatStatus", default: .patient)
        birthdate = try f.date("Birthdate")
        ssn = try f.string("SSN")
        address = try f.string("Address")
        address2 = try f.string("Address2")
        city = try f.string("City")
        state = try f.string("State")
        zip = try f.string("Zip")
        hmPhone = try f.string("HmPhone")
        wkPhone = try f.string("WkPhone")
        wirelessPhone = try f.string("WirelessPhone")
        email = try f.string("Email")
        priProvAbbr = try f.string("priProvAbbr")
        secProvAbbr = try f.string("secProvAbbr")
        billingType = try f.string("BillingType")
        chartNumber = try f.string("ChartNumber")
        clinicNum = try f.fk("ClinicNum")
        clinicAbbr = try f.string("clinicAbbr")
        siteDesc = try f.string("siteDesc")
        txtMsgOk = try f.enum(YesNoUnknown.self, "TxtMsgOk", default: .unknown)
    }
}

// MARK: - ProcedureLog

public struct ProcedureLog: OpenDentalRecord, ServerStamped, Hashable {
    public var procNum: Int
    public var patNum: Int
    public var aptNum: Int
    public var procDate: LocalDate?
    public var procFee: Decimal
    public var surf: String
    public var toothNum: String
    public var toothRange: String
    public var priority: Int
    public var priorityName: String
    public var procStatus: ProcStatus
    public var provNum: Int
    public var provAbbr: String
    public var dx: Int
    public var dxName: String
    public var plannedAptNum: Int
    public var placeService: PlaceOfService?
    public var prosthesis: String
    public var dateOriginalProsth: LocalDate?
    public var claimNote: String?
    public var dateEntryC: LocalDate?
    public var clinicNum: Int
    public var codeNum: Int
    public var procCode: String
    public var descript: String
    public var unitQty: Int
    public var baseUnits: Int
    public var dateTP: LocalDate?
    public var siteNum: Int?
    public var hideGraphics: Bool?
    public var canadianTypeCodes: String?
    public var procTime: LocalTime?
    public var procTimeEnd: LocalTime?
    public var dateTStamp: LocalDateTime?
    public var prognosis: Int?
    public var isLocked: Bool?
    public var billingNote: String?
    public var discount: Decimal?
    public var isDateProsthEst: Bool
    public var secDateEntry: LocalDateTime?
    public var serverDateTime: LocalDateTime?

    public var primaryKey: Int { procNum }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        procNum = try f.int("ProcNum")
        patNum = try f.fk("PatNum")
        aptNum = try f.fk("AptNum")
        procDate = try f.date("ProcDate")
        procFee = try f.decimal("ProcFee")
        surf = try f.string("Surf")
        toothNum = try f.string("ToothNum")
        toothRange = try f.string("ToothRange")
        priority = try f.fk("Priority")
        priorityName = try f.string("priority")
        procStatus = try f.enum(ProcStatus.self, "ProcStatus", default: ProcStatus(rawValue: ""))
        provNum = try f.fk("ProvNum")
        provAbbr = try f.string("provAbbr")
        dx = try f.fk("Dx")
        dxName = try f.string("dxName")
        plannedAptNum = try f.fk("PlannedAptNum")
        placeService = try f.optEnum(PlaceOfService.self, "PlaceService")
        prosthesis = try f.string("Prosthesis")
        dateOriginalProsth = try f.date("DateOriginalProsth")
        claimNote = try f.optString("ClaimNote")
        dateEntryC = try f.date("DateEntryC")
        clinicNum = try f.fk("ClinicNum")
        codeNum = try f.fk("CodeNum")
        procCode = try f.string("procCode")
        descript = try f.string("descript")
        unitQty = try f.optInt("UnitQty") ?? 1
        baseUnits = try f.fk("BaseUnits")
        dateTP = try f.date("DateTP")
        siteNum = try f.optInt("SiteNum")
        hideGraphics = try f.optBool("HideGraphics")
        canadianTypeCodes = try f.optString("CanadianTypeCodes")
        procTime = try f.time("ProcTime")
        procTimeEnd = try f.time("ProcTimeEnd")
        dateTStamp = try f.dateTime("DateTStamp")
        prognosis = try f.optInt("Prognosis")
        isLocked = try f.optBool("IsLocked")
        billingNote = try f.optString("BillingNote")
        discount = try f.optDecimal("Discount")
        isDateProsthEst = try f.bool("IsDateProsthEst")
        secDateEntry = try f.dateTime("SecDateEntry")
        serverDateTime = try f.dateTime("serverDateTime")
    }
}

// MARK: - Definition

public struct Definition: OpenDentalRecord, Hashable {
    public var defNum: Int
    public var category: Int
    public var categoryName: String
    public var itemOrder: Int?
    public var itemName: String
    public var itemValue: String
    public var isHidden: Bool
    public var supp: String?

    public var primaryKey: Int { defNum }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        defNum = try f.int("DefNum")
        category = try f.fk("Category")
        categoryName = try f.string("category")
        itemOrder = try f.optInt("ItemOrder")
        itemName = try f.string("ItemName")
        itemValue = try f.string("ItemValue")
        isHidden = try f.bool("IsHidden", "isHidden")
        supp = try f.optString("Supp")
    }
}

// MARK: - Provider

public struct Provider: OpenDentalRecord, ServerStamped, Hashable {
    public var provNum: Int
    public var abbr: String
    public var lName: String
    public var fName: String
    public var mi: String
    public var suffix: String
    public var feeSched: Int
    public var specialty: Int
    public var ssn: String
    public var stateLicense: String
    public var isSecondary: Bool
    public var provColor: String
    public var isHidden: Bool
    public var usingTIN: Bool
    public var sigOnFile: Bool?
    public var nationalProvID: String
    public var dateTStamp: LocalDateTime?
    public var isNotPerson: Bool
    public var provStatus: ProviderStatus
    public var isHiddenReport: Bool
    public var birthdate: LocalDate?
    public var schedNote: String
    public var preferredName: String
    public var serverDateTime: LocalDateTime?

    public var primaryKey: Int { provNum }
    /// IsSecondary means hygienist.
    public var isHygienist: Bool { isSecondary }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        provNum = try f.int("ProvNum")
        abbr = try f.string("Abbr")
        lName = try f.string("LName")
        fName = try f.string("FName")
        mi = try f.string("MI")
        suffix = try f.string("Suffix")
        feeSched = try f.fk("FeeSched")
        specialty = try f.fk("Specialty")
        ssn = try f.string("SSN")
        stateLicense = try f.string("StateLicense")
        isSecondary = try f.bool("IsSecondary")
        provColor = try f.string("provColor")
        isHidden = try f.bool("IsHidden", "isHidden")
        usingTIN = try f.bool("UsingTIN")
        sigOnFile = try f.optBool("SigOnFile")
        nationalProvID = try f.string("NationalProvID")
        dateTStamp = try f.dateTime("DateTStamp")
        isNotPerson = try f.bool("IsNotPerson")
        provStatus = try f.enum(ProviderStatus.self, "ProvStatus", default: .active)
        isHiddenReport = try f.bool("IsHiddenReport")
        birthdate = try f.date("Birthdate")
        schedNote = try f.string("SchedNote")
        preferredName = try f.string("PreferredName")
        serverDateTime = try f.dateTime("serverDateTime")
    }
}

// MARK: - Operatory

public struct Operatory: OpenDentalRecord, Hashable {
    public var operatoryNum: Int
    public var opName: String
    public var abbrev: String
    public var itemOrder: Int
    public var isHidden: Bool
    public var provDentist: Int
    public var provHygienist: Int
    public var isHygiene: Bool
    public var clinicNum: Int
    public var setProspective: Bool
    public var isWebSched: Bool
    public var operatoryType: Int
    public var operatoryTypeName: String

    public var primaryKey: Int { operatoryNum }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        operatoryNum = try f.int("OperatoryNum")
        opName = try f.string("OpName")
        abbrev = try f.string("Abbrev")
        itemOrder = try f.fk("ItemOrder")
        isHidden = try f.bool("IsHidden", "isHidden")
        provDentist = try f.fk("ProvDentist")
        provHygienist = try f.fk("ProvHygienist")
        isHygiene = try f.bool("IsHygiene")
        clinicNum = try f.fk("ClinicNum")
        setProspective = try f.bool("SetProspective")
        isWebSched = try f.bool("IsWebSched")
        operatoryType = try f.fk("OperatoryType")
        operatoryTypeName = try f.string("operatoryType")
    }
}

// MARK: - Clinic

public struct Clinic: OpenDentalRecord, Hashable {
    public var clinicNum: Int
    public var description: String
    public var address: String
    public var address2: String
    public var city: String
    public var state: String
    public var zip: String
    public var billingAddress: String
    public var billingAddress2: String
    public var billingCity: String
    public var billingState: String
    public var billingZip: String
    public var payToAddress: String
    public var payToAddress2: String
    public var payToCity: String
    public var payToState: String
    public var payToZip: String
    public var phone: String
    public var abbr: String
    public var isHidden: Bool

    public var primaryKey: Int { clinicNum }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        clinicNum = try f.int("ClinicNum")
        description = try f.string("Description")
        address = try f.string("Address")
        address2 = try f.string("Address2")
        city = try f.string("City")
        state = try f.string("State")
        zip = try f.string("Zip")
        billingAddress = try f.string("BillingAddress")
        billingAddress2 = try f.string("BillingAddress2")
        billingCity = try f.string("BillingCity")
        billingState = try f.string("BillingState")
        billingZip = try f.string("BillingZip")
        payToAddress = try f.string("PayToAddress")
        payToAddress2 = try f.string("PayToAddress2")
        payToCity = try f.string("PayToCity")
        payToState = try f.string("PayToState")
        payToZip = try f.string("PayToZip")
        phone = try f.string("Phone")
        abbr = try f.string("Abbr")
        isHidden = try f.bool("IsHidden", "isHidden")
    }
}

// MARK: - Commlog

public struct Commlog: OpenDentalRecord, Hashable {
    public var commlogNum: Int
    public var patNum: Int
    public var commDateTime: LocalDateTime?
    public var commType: Int
    public var commTypeName: String
    public var note: String
    public var mode: CommItemMode
    public var sentOrReceived: CommSentOrReceived
    public var userNum: Int?
    public var dateTStamp: LocalDateTime?
    public var commSource: CommItemSource?
    public var programNum: Int?
    public var dateTEntry: LocalDateTime?
    public var referralNum: Int?

    public var primaryKey: Int { commlogNum }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        commlogNum = try f.int("CommlogNum")
        patNum = try f.fk("PatNum")
        commDateTime = try f.dateTime("CommDateTime")
        commType = try f.fk("CommType")
        commTypeName = try f.string("commType")
        note = try f.string("Note")
        mode = try f.enum(CommItemMode.self, "Mode_", default: .none)
        sentOrReceived = try f.enum(CommSentOrReceived.self, "SentOrReceived", default: .neither)
        userNum = try f.optInt("UserNum")
        dateTStamp = try f.dateTime("DateTStamp")
        commSource = try f.optEnum(CommItemSource.self, "CommSource")
        programNum = try f.optInt("ProgramNum")
        dateTEntry = try f.dateTime("DateTEntry")
        referralNum = try f.optInt("ReferralNum")
    }
}

// MARK: - Schedule (every value arrives as a string)

public struct Schedule: OpenDentalRecord, Hashable {
    public var scheduleNum: Int
    public var schedDate: LocalDate?
    public var startTime: LocalTime?
    public var stopTime: LocalTime?
    public var schedType: ScheduleType
    public var provNum: Int
    public var blockoutType: Int
    public var blockoutTypeName: String
    public var note: String
    public var operatories: [Int]
    public var employeeNum: Int
    public var dateTStamp: LocalDateTime?

    public var primaryKey: Int { scheduleNum }

    public init(scheduleNum: Int, schedDate: LocalDate?, startTime: LocalTime?, stopTime: LocalTime?, schedType: ScheduleType, provNum: Int,
                blockoutType: Int, operatories: [Int]) {
        self.scheduleNum = scheduleNum
        self.schedDate = schedDate
        self.startTime = startTime
        self.stopTime = stopTime
        self.schedType = schedType
        self.provNum = provNum
        self.blockoutType = blockoutType
        blockoutTypeName = ""
        note = ""
        self.operatories = operatories
        employeeNum = 0
        dateTStamp = nil
    }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        scheduleNum = try f.int("ScheduleNum")
        schedDate = try f.date("SchedDate")
        startTime = try f.time("StartTime")
        stopTime = try f.time("StopTime")
        schedType = try f.enum(ScheduleType.self, "SchedType", default: .practice)
        provNum = try f.fk("ProvNum")
        blockoutType = try f.fk("BlockoutType")
        blockoutTypeName = try f.string("blockoutType")
        note = try f.string("Note")
        operatories = try f.string("operatories").split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        employeeNum = try f.fk("EmployeeNum")
        dateTStamp = try f.dateTime("DateTStamp")
    }
}

// MARK: - AppointmentType

public struct AppointmentType: OpenDentalRecord, Hashable {
    public var appointmentTypeNum: Int
    public var appointmentTypeName: String
    public var appointmentTypeColor: String
    public var isHidden: Bool
    public var pattern: String
    public var codeStr: String
    public var codeStrRequired: String
    public var requiredProcCodesNeeded: RequiredProcCodesNeeded
    public var blockoutTypes: String

    public var primaryKey: Int { appointmentTypeNum }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        appointmentTypeNum = try f.int("AppointmentTypeNum")
        appointmentTypeName = try f.string("AppointmentTypeName")
        appointmentTypeColor = try f.string("appointmentTypeColor")
        isHidden = try f.bool("IsHidden", "isHidden")
        pattern = try f.string("Pattern")
        codeStr = try f.string("CodeStr")
        codeStrRequired = try f.string("CodeStrRequired")
        requiredProcCodesNeeded = try f.enum(RequiredProcCodesNeeded.self, "RequiredProcCodesNeeded", default: .none)
        blockoutTypes = try f.string("BlockoutTypes")
    }
}

// MARK: - Recall List row (GET /recalls/List); dates here are "M/d/yyyy"

public struct RecallListRow: Decodable, Sendable, Hashable {
    public var dueDate: LocalDate?
    public var patNum: Int
    public var patient: String
    public var age: String
    public var type: String
    public var interval: String
    public var numRemind: Int
    public var lastRemind: LocalDate?
    public var contact: String
    public var status: String
    public var clinicNum: Int
    public var note: String

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        dueDate = try f.date("DueDate")
        patNum = try f.int("PatNum")
        patient = try f.string("Patient")
        age = try f.string("Age")
        type = try f.string("Type")
        interval = try f.string("Interval")
        numRemind = try f.fk("NumRemind")
        lastRemind = try f.date("LastRemind")
        contact = try f.string("Contact")
        status = try f.string("Status")
        clinicNum = try f.fk("ClinicNum")
        note = try f.string("Note")
    }
}

// MARK: - Slot (GET /appointments/Slots)

public struct Slot: Decodable, Sendable, Hashable {
    public var dateTimeStart: LocalDateTime?
    public var dateTimeEnd: LocalDateTime?
    public var provNum: Int
    public var opNum: Int

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        dateTimeStart = try f.dateTime("DateTimeStart")
        dateTimeEnd = try f.dateTime("DateTimeEnd")
        provNum = try f.fk("ProvNum")
        opNum = try f.fk("OpNum")
    }
}

// MARK: - SecurityPerm (GET /securityperms)

public struct SecurityPerm: Decodable, Sendable, Hashable {
    public var permission: String
    public var hasPermission: Bool

    public init(permission: String, hasPermission: Bool) {
        self.permission = permission
        self.hasPermission = hasPermission
    }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        permission = try f.requiredString("Permission")
        hasPermission = try f.bool("HasPermission")
    }
}

// MARK: - PatientNote

public struct PatientNote: Decodable, Sendable, Hashable {
    public var patNum: Int?
    public var famFinancial: String?
    public var medical: String
    public var service: String
    public var medicalComp: String?
    public var treatment: String?
    public var iceName: String
    public var icePhone: String
    public var secDateTEntry: LocalDateTime?
    public var secDateTEdit: LocalDateTime?

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        patNum = try f.optInt("PatNum")
        famFinancial = try f.optString("FamFinancial")
        medical = try f.string("Medical")
        service = try f.string("Service")
        medicalComp = try f.optString("MedicalComp")
        treatment = try f.optString("Treatment")
        iceName = try f.string("ICEName")
        icePhone = try f.string("ICEPhone")
        secDateTEntry = try f.dateTime("SecDateTEntry")
        secDateTEdit = try f.dateTime("SecDateTEdit")
    }
}

// MARK: - Popup

public struct Popup: OpenDentalRecord, Hashable {
    public var popupNum: Int
    public var patNum: Int
    public var description: String
    public var isDisabled: Bool
    public var popupLevel: PopupLevel
    public var dateTimeEntry: LocalDateTime?
    public var isArchived: Bool
    public var popupNumArchive: Int
    public var dateTimeDisabled: LocalDateTime?

    public var primaryKey: Int { popupNum }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        popupNum = try f.int("PopupNum")
        patNum = try f.fk("PatNum")
        description = try f.string("Description")
        isDisabled = try f.bool("IsDisabled")
        popupLevel = try f.enum(PopupLevel.self, "PopupLevel", default: .patient)
        dateTimeEntry = try f.dateTime("DateTimeEntry")
        isArchived = try f.bool("IsArchived")
        popupNumArchive = try f.fk("PopupNumArchive")
        dateTimeDisabled = try f.dateTime("DateTimeDisabled")
    }
}

// MARK: - Preference

/// An office setting (`GET /preferences`, read-only): its name and its value as text.
public struct Preference: OpenDentalRecord, Hashable {
    public var prefNum: Int
    public var prefName: String
    public var valueString: String

    public var primaryKey: Int { prefNum }

    public init(from decoder: Decoder) throws {
        let f = try Fields(decoder)
        prefNum = try f.int("PrefNum")
        prefName = try f.string("PrefName")
        valueString = try f.string("ValueString")
    }
}

/// The confirmation statuses an office links to the arrival, seating and dismissal times
/// (preferences `AppointmentTimeArrivedTrigger`, `…SeatedTrigger`, `…DismissedTrigger`): the
/// desktop sets the status when it stamps the time, so a careful client does too. 0: not linked.
public struct CheckInTriggers: Equatable, Sendable, Codable {
    public var arrived: Int
    public var seated: Int
    public var dismissed: Int

    public init(arrived: Int = 0, seated: Int = 0, dismissed: Int = 0) {
        self.arrived = arrived
        self.seated = seated
        self.dismissed = dismissed
    }

    public static let prefNames = ["AppointmentTimeArrivedTrigger", "AppointmentTimeSeatedTrigger", "AppointmentTimeDismissedTrigger"]

    /// From the preferences' values (a DefNum each; anything else counts as not linked).
    public init(values: [String: String]) {
        func num(_ i: Int) -> Int { Int(values[Self.prefNames[i]]?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0 }
        self.init(arrived: max(0, num(0)), seated: max(0, num(1)), dismissed: max(0, num(2)))
    }
}
