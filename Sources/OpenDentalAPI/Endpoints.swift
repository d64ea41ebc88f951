import Foundation

// Request builders for every method the dashboard uses (digest §3). Parameter names are spelled
// exactly as documented (`date`/`dateStart` on appointments, `DateStart` on recalls/List, ...).

/// A JSON request body value. Open Dental wants booleans as "true"/"false" text and dates as text.
public enum BodyValue: Encodable, Sendable, Equatable {
    case string(String)
    case int(Int)
    case decimal(Decimal)
    case ints([Int])

    public static func bool(_ b: Bool) -> BodyValue { .string(b ? "true" : "false") }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .decimal(let d): try c.encode(d)
        case .ints(let a): try c.encode(a)
        }
    }
}

/// An ordered set of body fields; nil values are left out (PUT changes only the fields sent).
public struct Body: Sendable, Equatable {
    public private(set) var fields: [String: BodyValue] = [:]
    public init() {}

    public subscript(key: String) -> BodyValue? {
        get { fields[key] }
        set { fields[key] = newValue }
    }

    mutating func set(_ key: String, _ v: String?) { if let v { fields[key] = .string(v) } }
    mutating func set(_ key: String, _ v: Int?) { if let v { fields[key] = .int(v) } }
    mutating func set(_ key: String, _ v: Bool?) { if let v { fields[key] = .bool(v) } }
    mutating func set(_ key: String, _ v: LocalDate?) { if let v { fields[key] = .string(v.description) } }
    mutating func set(_ key: String, _ v: LocalDateTime?) { if let v { fields[key] = .string(v.description) } }
    mutating func set(_ key: String, _ v: LocalTime?) { if let v { fields[key] = .string(v.description) } }
    mutating func set<E: OpenDentalEnum>(_ key: String, _ v: E?) { if let v { fields[key] = .string(v.rawValue) } }

    public var isEmpty: Bool { fields.isEmpty }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(fields)) ?? Data("{}".utf8)
    }
}

/// Query items with the nil values left out.
struct Query {
    var items: [URLQueryItem] = []
    mutating func add(_ name: String, _ value: String?) { if let value { items.append(URLQueryItem(name: name, value: value)) } }
    mutating func add(_ name: String, _ value: Int?) { add(name, value.map(String.init)) }
    mutating func add(_ name: String, _ value: Bool?) { add(name, value.map { $0 ? "true" : "false" }) }
    mutating func add(_ name: String, _ value: LocalDate?) { add(name, value?.description) }
    mutating func add(_ name: String, _ value: LocalDateTime?) { add(name, value?.description) }
    mutating func add<E: OpenDentalEnum>(_ name: String, _ value: E?) { add(name, value?.rawValue) }
}

// MARK: - Filters

/// GET /appointments filters (all optional).
public struct AppointmentFilter: Sendable, Equatable {
    public var patNum: Int?
    public var aptStatus: ApptStatus?
    public var op: Int?
    public var date: LocalDate?
    public var dateStart: LocalDate?
    public var dateEnd: LocalDate?
    /// nil = all clinics; 0 = appointments with no clinic.
    public var clinicNum: Int?
    public var dateTStamp: LocalDateTime?
    public var appointmentTypeNum: Int?

    public init(patNum: Int? = nil, aptStatus: ApptStatus? = nil, op: Int? = nil, date: LocalDate? = nil,
                dateStart: LocalDate? = nil, dateEnd: LocalDate? = nil, clinicNum: Int? = nil,
                dateTStamp: LocalDateTime? = nil, appointmentTypeNum: Int? = nil) {
        self.patNum = patNum
        self.aptStatus = aptStatus
        self.op = op
        self.date = date
        self.dateStart = dateStart
        self.dateEnd = dateEnd
        self.clinicNum = clinicNum
        self.dateTStamp = dateTStamp
        self.appointmentTypeNum = appointmentTypeNum
    }

    var query: [URLQueryItem] {
        var q = Query()
        q.add("PatNum", patNum)
        q.add("AptStatus", aptStatus)
        q.add("Op", op)
        q.add("date", date)
        q.add("dateStart", dateStart)
        q.add("dateEnd", dateEnd)
        q.add("ClinicNum", clinicNum)
        q.add("DateTStamp", dateTStamp)
        q.add("AppointmentTypeNum", appointmentTypeNum)
        return q.items
    }
}

/// GET /patients/Simple filters the app uses: a family, what changed since the last sync, or
/// a name and birthdate (to learn whether a new patient was created when the answer was lost).
public struct PatientSimpleFilter: Sendable, Equatable {
    public var lName: String?
    public var fName: String?
    public var birthdate: LocalDate?
    public var guarantor: Int?
    /// Only patients changed after this time (the directory's incremental sync).
    public var dateTStamp: LocalDateTime?

    public init(lName: String? = nil, fName: String? = nil, birthdate: LocalDate? = nil, guarantor: Int? = nil, dateTStamp: LocalDateTime? = nil) {
        self.lName = lName
        self.fName = fName
        self.birthdate = birthdate
        self.guarantor = guarantor
        self.dateTStamp = dateTStamp
    }

    var query: [URLQueryItem] {
        var q = Query()
        q.add("LName", lName)
        q.add("FName", fName)
        q.add("Birthdate", birthdate)
        q.add("Guarantor", guarantor)
        q.add("DateTStamp", dateTStamp)
        return q.items
    }
}

/// GET /patients (the Patient Select search): partial, case-insensitive matching, with the
/// filters the search field can type (name, phone, birthdate, chart number) and the clinics.
public struct PatientSearch: Sendable, Equatable {
    public var lName: String?
    public var fName: String?
    public var phone: String?
    public var hideInactive: Bool?
    public var chartNumber: String?
    public var birthdate: LocalDate?
    public var clinicNums: [Int]?

    public init(lName: String? = nil, fName: String? = nil, phone: String? = nil, hideInactive: Bool? = nil,
                chartNumber: String? = nil, birthdate: LocalDate? = nil, clinicNums: [Int]? = nil) {
        self.lName = lName
        self.fName = fName
        self.phone = phone
        self.hideInactive = hideInactive
        self.chartNumber = chartNumber
        self.birthdate = birthdate
        self.clinicNums = clinicNums
    }

    var query: [URLQueryItem] {
        var q = Query()
        q.add("LName", lName)
        q.add("FName", fName)
        q.add("Phone", phone)
        q.add("hideInactive", hideInactive)
        q.add("ChartNumber", chartNumber)
        q.add("Birthdate", birthdate)
        q.add("clinicNums", clinicNums.map { $0.map(String.init).joined(separator: ",") })
        return q.items
    }
}

/// GET /procedurelogs filters.
public struct ProcedureFilter: Sendable, Equatable {
    public var patNum: Int?
    public var aptNum: Int?
    public var procStatus: ProcStatus?
    public var plannedAptNum: Int?
    public var clinicNum: Int?
    public var codeNum: Int?
    public var dateTStamp: LocalDateTime?

    public init(patNum: Int? = nil, aptNum: Int? = nil, procStatus: ProcStatus? = nil, plannedAptNum: Int? = nil,
                clinicNum: Int? = nil, codeNum: Int? = nil, dateTStamp: LocalDateTime? = nil) {
        self.patNum = patNum
        self.aptNum = aptNum
        self.procStatus = procStatus
        self.plannedAptNum = plannedAptNum
        self.clinicNum = clinicNum
        self.codeNum = codeNum
        self.dateTStamp = dateTStamp
    }

    var query: [URLQueryItem] {
        var q = Query()
        q.add("PatNum", patNum)
        q.add("AptNum", aptNum)
        q.add("ProcStatus", procStatus)
        q.add("PlannedAptNum", plannedAptNum)
        q.add("ClinicNum", clinicNum)
        q.add("CodeNum", codeNum)
        q.add("DateTStamp", dateTStamp)
        return q.items
    }
}

// MARK: - Write bodies

/// Fields of appointments POST and PUT. For PUT every field is optional and only those set are sent.
public struct AppointmentFields: Sendable, Equatable {
    public var patNum: Int?
    public var op: Int?
    public var aptDateTime: LocalDateTime?
    public var aptStatus: ApptStatus?
    public var pattern: String?
    public var confirmed: Int?
    public var note: String?
    public var provNum: Int?
    public var provHyg: Int?
    public var clinicNum: Int?
    public var isHygiene: Bool?
    public var isNewPatient: Bool?
    public var priority: ApptPriority?
    public var appointmentTypeNum: Int?
    public var unschedStatus: Int?
    public var colorOverride: String?
    public var patternSecondary: String?
    /// Sent as "HH:mm:ss" (25.2.10); the date part is the appointment's.
    public var timeArrived: LocalTime?
    public var timeSeated: LocalTime?
    public var timeDismissed: LocalTime?

    public init(patNum: Int? = nil, op: Int? = nil, aptDateTime: LocalDateTime? = nil, aptStatus: ApptStatus? = nil,
                pattern: String? = nil, confirmed: Int? = nil, note: String? = nil, provNum: Int? = nil,
                provHyg: Int? = nil, clinicNum: Int? = nil, isHygiene: Bool? = nil, isNewPatient: Bool? = nil,
                priority: ApptPriority? = nil, appointmentTypeNum: Int? = nil, unschedStatus: Int? = nil,
                colorOverride: String? = nil, patternSecondary: String? = nil, timeArrived: LocalTime? = nil,
                timeSeated: LocalTime? = nil, timeDismissed: LocalTime? = nil) {
        self.patNum = patNum
        self.op = op
        self.aptDateTime = aptDateTime
        self.aptStatus = aptStatus
        self.pattern = pattern
        self.confirmed = confirmed
        self.note = note
        self.provNum = provNum
        self.provHyg = provHyg
        self.clinicNum = clinicNum
        self.isHygiene = isHygiene
        self.isNewPatient = isNewPatient
        self.priority = priority
        self.appointmentTypeNum = appointmentTypeNum
        self.unschedStatus = unschedStatus
        self.colorOverride = colorOverride
        self.patternSecondary = patternSecondary
        self.timeArrived = timeArrived
        self.timeSeated = timeSeated
        self.timeDismissed = timeDismissed
    }

    var body: Body {
        var b = Body()
        b.set("PatNum", patNum)
        b.set("Op", op)
        b.set("AptDateTime", aptDateTime)
        b.set("AptStatus", aptStatus)
        b.set("Pattern", pattern)
        b.set("Confirmed", confirmed)
        b.set("Note", note)
        b.set("ProvNum", provNum)
        b.set("ProvHyg", provHyg)
        b.set("ClinicNum", clinicNum)
        b.set("IsHygiene", isHygiene)
        b.set("IsNewPatient", isNewPatient)
        b.set("Priority", priority)
        b.set("AppointmentTypeNum", appointmentTypeNum)
        b.set("UnschedStatus", unschedStatus)
        b.set("colorOverride", colorOverride)
        b.set("PatternSecondary", patternSecondary)
        b.set("DateTimeArrived", timeArrived)
        b.set("DateTimeSeated", timeSeated)
        b.set("DateTimeDismissed", timeDismissed)
        return b
    }
}

/// Fields of patients POST and PUT.
public struct PatientFields: Sendable, Equatable {
    public var lName: String?
    public var fName: String?
    public var middleI: String?
    public var preferred: String?
    public var patStatus: PatientStatus?
    public var gender: PatientGender?
    public var position: PatientPosition?
    public var birthdate: LocalDate?
    public var ssn: String?
    public var address: String?
    public var address2: String?
    public var city: String?
    public var state: String?
    public var zip: String?
    public var hmPhone: String?
    public var wkPhone: String?
    public var wirelessPhone: String?
    public var guarantor: Int?
    public var email: String?
    public var priProv: Int?
    public var secProv: Int?
    public var billingType: String?
    public var chartNumber: String?
    public var clinicNum: Int?
    public var preferConfirmMethod: ContactMethod?
    public var preferContactMethod: ContactMethod?
    public var preferRecallMethod: ContactMethod?
    public var language: String?
    public var txtMsgOk: YesNoUnknown?

    public init(lName: String? = nil, fName: String? = nil, middleI: String? = nil, preferred: String? = nil,
                patStatus: PatientStatus? = nil, gender: PatientGender? = nil, position: PatientPosition? = nil,
                birthdate: LocalDate? = nil, ssn: String? = nil, address: String? = nil, address2: String? = nil,
                city: String? = nil, state: String? = nil, zip: String? = nil, hmPhone: String? = nil,
                wkPhone: String? = nil, wirelessPhone: String? = nil, guarantor: Int? = nil, email: String? = nil,
                priProv: Int? = nil, secProv: Int? = nil, billingType: String? = nil, chartNumber: String? = nil,
                clinicNum: Int? = nil, preferConfirmMethod: ContactMethod? = nil, preferContactMethod: ContactMethod? = nil,
                preferRecallMethod: ContactMethod? = nil, language: String? = nil, txtMsgOk: YesNoUnknown? = nil) {
        self.lName = lName
        self.fName = fName
        self.middleI = middleI
        self.preferred = preferred
        self.patStatus = patStatus
        self.gender = gender
        self.position = position
        self.birthdate = birthdate
        self.ssn = ssn
        self.address = address
        self.address2 = address2
        self.city = city
        self.state = state
        self.zip = zip
        self.hmPhone = hmPhone
        self.wkPhone = wkPhone
        self.wirelessPhone = wirelessPhone
        self.guarantor = guarantor
        self.email = email
        self.priProv = priProv
        self.secProv = secProv
        self.billingType = billingType
        self.chartNumber = chartNumber
        self.clinicNum = clinicNum
        self.preferConfirmMethod = preferConfirmMethod
        self.preferContactMethod = preferContactMethod
        self.preferRecallMethod = preferRecallMethod
        self.language = language
        self.txtMsgOk = txtMsgOk
    }

    var body: Body {
        var b = Body()
        b.set("LName", lName)
        b.set("FName", fName)
        b.set("MiddleI", middleI)
        b.set("Preferred", preferred)
        b.set("PatStatus", patStatus)
        b.set("Gender", gender)
        b.set("Position", position)
        b.set("Birthdate", birthdate)
        b.set("SSN", ssn)
        b.set("Address", address)
        b.set("Address2", address2)
        b.set("City", city)
        b.set("State", state)
        b.set("Zip", zip)
        b.set("HmPhone", hmPhone)
        b.set("WkPhone", wkPhone)
        b.set("WirelessPhone", wirelessPhone)
        b.set("Guarantor", guarantor)
        b.set("Email", email)
        b.set("PriProv", priProv)
        b.set("SecProv", secProv)
        b.set("BillingType", billingType)
        b.set("ChartNumber", chartNumber)
        b.set("ClinicNum", clinicNum)
        b.set("PreferConfirmMethod", preferConfirmMethod)
        b.set("PreferContactMethod", preferContactMethod)
        b.set("PreferRecallMethod", preferRecallMethod)
        b.set("Language", language)
        b.set("TxtMsgOk", txtMsgOk)
        return b
    }
}

/// commlogs POST.
public struct NewCommlog: Sendable, Equatable {
    public var patNum: Int
    public var note: String
    public var commDateTime: LocalDateTime?
    public var commType: Int?
    public var commTypeName: String?
    public var mode: CommItemMode?
    public var sentOrReceived: CommSentOrReceived?

    public init(patNum: Int, note: String, commDateTime: LocalDateTime? = nil, commType: Int? = nil,
                commTypeName: String? = nil, mode: CommItemMode? = nil, sentOrReceived: CommSentOrReceived? = nil) {
        self.patNum = patNum
        self.note = note
        self.commDateTime = commDateTime
        self.commType = commType
        self.commTypeName = commTypeName
        self.mode = mode
        self.sentOrReceived = sentOrReceived
    }

    var body: Body {
        var b = Body()
        b.set("PatNum", patNum)
        b.set("Note", note)
        b.set("CommDateTime", commDateTime)
        b.set("CommType", commType)
        b.set("commType", commTypeName)
        // commlogs POST documents the spaced spelling ("In Person").
        b.set("Mode_", mode?.postSpelling)
        b.set("SentOrReceived", sentOrReceived)
        return b
    }
}

/// How to confirm an appointment: an API word, or a definition in category 2.
public enum Confirmation: Sendable, Equatable {
    case value(ConfirmValue)
    case defNum(Int)
}

// MARK: - The endpoints

public enum Endpoints {
    static func noContent(_ data: Data) throws -> NoContent { NoContent() }

    // Appointments
    public static func appointment(_ aptNum: Int) -> APIRequest<Appointment> {
        APIRequest(.get, "appointments/\(aptNum)", safety: .repeatable)
    }

    public static func appointments(_ filter: AppointmentFilter = AppointmentFilter()) -> PagedRequest<Appointment> {
        PagedRequest(path: "appointments", query: filter.query)
    }

    public static func asapAppointments(clinicNum: Int? = nil, provNum: Int? = nil) -> PagedRequest<Appointment> {
        var q = Query()
        q.add("ClinicNum", clinicNum)
        q.add("ProvNum", provNum)
        return PagedRequest(path: "appointments/ASAP", query: q.items)
    }

    public static func slots(date: LocalDate? = nil, dateStart: LocalDate? = nil, dateEnd: LocalDate? = nil,
                             lengthMinutes: Int? = nil, provNum: Int? = nil, opNum: Int? = nil) -> APIRequest<[Slot]> {
        var q = Query()
        q.add("date", date)
        q.add("dateStart", dateStart)
        q.add("dateEnd", dateEnd)
        q.add("lengthMinutes", lengthMinutes)
        q.add("ProvNum", provNum)
        q.add("OpNum", opNum)
        return APIRequest(.get, "appointments/Slots", query: q.items, safety: .repeatable)
    }

    public static func createAppointment(_ fields: AppointmentFields) -> APIRequest<Appointment> {
        APIRequest(.post, "appointments", body: fields.body.encoded(), safety: .once)
    }

    /// Plain field update: repeating it leaves the same state, so it may be retried.
    public static func updateAppointment(_ aptNum: Int, _ fields: AppointmentFields) -> APIRequest<Appointment> {
        APIRequest(.put, "appointments/\(aptNum)", body: fields.body.encoded(), safety: .repeatable)
    }

    /// A second Break fails because the first worked: never re-sent once it may have arrived.
    public static func breakAppointment(_ aptNum: Int, sendToUnscheduledList: Bool, breakType: BreakType? = nil) -> APIRequest<NoContent> {
        var b = Body()
        b.set("sendToUnscheduledList", sendToUnscheduledList)
        b.set("breakType", breakType?.rawValue)
        return APIRequest(method: .put, path: "appointments/\(aptNum)/Break", body: b.encoded(), safety: .once, decode: noContent)
    }

    /// Note appends: never re-sent once it may have arrived.
    public static func appendAppointmentNote(_ aptNum: Int, note: String) -> APIRequest<NoContent> {
        var b = Body()
        b.set("Note", note)
        return APIRequest(method: .put, path: "appointments/\(aptNum)/Note", body: b.encoded(), safety: .once, decode: noContent)
    }

    /// Confirm sets a status: repeating it is harmless.
    public static func confirmAppointment(_ aptNum: Int, _ confirmation: Confirmation) -> APIRequest<NoContent> {
        var b = Body()
        switch confirmation {
        case .value(let v): b.set("confirmVal", v.rawValue)
        case .defNum(let d): b.set("defNum", d)
        }
        return APIRequest(method: .put, path: "appointments/\(aptNum)/Confirm", body: b.encoded(), safety: .repeatable, decode: noContent)
    }

    // Patients
    public static func patient(_ patNum: Int) -> APIRequest<Patient> {
        APIRequest(.get, "patients/\(patNum)", safety: .repeatable)
    }

    public static func patientsSimple(_ filter: PatientSimpleFilter = PatientSimpleFilter()) -> PagedRequest<Patient> {
        PagedRequest(path: "patients/Simple", query: filter.query)
    }

    public static func searchPatients(_ search: PatientSearch) -> PagedRequest<PatientSelectRow> {
        PagedRequest(path: "patients", query: search.query)
    }

    public static func createPatient(_ fields: PatientFields) -> APIRequest<Patient> {
        APIRequest(.post, "patients", body: fields.body.encoded(), safety: .once)
    }

    public static func updatePatient(_ patNum: Int, _ fields: PatientFields) -> APIRequest<Patient> {
        APIRequest(.put, "patients/\(patNum)", body: fields.body.encoded(), safety: .repeatable)
    }

    // Procedures
    public static func procedure(_ procNum: Int) -> APIRequest<ProcedureLog> {
        APIRequest(.get, "procedurelogs/\(procNum)", safety: .repeatable)
    }

    public static func procedures(_ filter: ProcedureFilter) -> PagedRequest<ProcedureLog> {
        PagedRequest(path: "procedurelogs", query: filter.query)
    }

    // Reference data
    /// `GET /preferences?PrefName=…`: one office setting (read-only, 21.1).
    public static func preference(_ name: String) -> PagedRequest<Preference> {
        var q = Query()
        q.add("PrefName", name)
        return PagedRequest(path: "preferences", query: q.items)
    }

    public static func definitions(category: Int? = nil, includeHidden: Bool? = nil) -> PagedRequest<Definition> {
        var q = Query()
        q.add("Category", category)
        q.add("includeHidden", includeHidden)
        return PagedRequest(path: "definitions", query: q.items)
    }

    public static func providers(clinicNum: Int? = nil, dateTStamp: LocalDateTime? = nil) -> PagedRequest<Provider> {
        var q = Query()
        q.add("ClinicNum", clinicNum)
        q.add("DateTStamp", dateTStamp)
        return PagedRequest(path: "providers", query: q.items)
    }

    public static func operatories(clinicNum: Int? = nil) -> PagedRequest<Operatory> {
        var q = Query()
        q.add("ClinicNum", clinicNum)
        return PagedRequest(path: "operatories", query: q.items)
    }

    public static func clinics() -> PagedRequest<Clinic> { PagedRequest(path: "clinics") }

    public static func commlogs(patNum: Int? = nil, dateTStamp: LocalDateTime? = nil) -> PagedRequest<Commlog> {
        var q = Query()
        q.add("PatNum", patNum)
        q.add("DateTStamp", dateTStamp)
        return PagedRequest(path: "commlogs", query: q.items)
    }

    /// Before 23.3.7 the POST answered 201 with no body: then the result is nil.
    public static func createCommlog(_ commlog: NewCommlog) -> APIRequest<Commlog?> {
        APIRequest(method: .post, path: "commlogs", body: commlog.body.encoded(), safety: .once) { data in
            let trimmed = data.filter { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D) }
            if trimmed.isEmpty { return nil }
            return try JSONDecoder().decode(Commlog.self, from: data)
        }
    }

    public static func schedules(date: LocalDate? = nil, dateStart: LocalDate? = nil, dateEnd: LocalDate? = nil,
                                 schedType: ScheduleType? = nil, blockoutDefNum: Int? = nil, provNum: Int? = nil,
                                 employeeNum: Int? = nil) -> PagedRequest<Schedule> {
        var q = Query()
        q.add("date", date)
        q.add("dateStart", dateStart)
        q.add("dateEnd", dateEnd)
        q.add("SchedType", schedType)
        q.add("BlockoutDefNum", blockoutDefNum)
        q.add("ProvNum", provNum)
        q.add("EmployeeNum", employeeNum)
        return PagedRequest(path: "schedules", query: q.items)
    }

    public static func appointmentTypes() -> PagedRequest<AppointmentType> { PagedRequest(path: "appointmenttypes") }

    public static func recallList(dateStart: LocalDate? = nil, dateEnd: LocalDate? = nil, provNum: Int? = nil,
                                  clinicNum: Int? = nil, recallType: String? = nil, includeReminded: Bool? = nil) -> PagedRequest<RecallListRow> {
        var q = Query()
        q.add("DateStart", dateStart)
        q.add("DateEnd", dateEnd)
        q.add("ProvNum", provNum)
        q.add("ClinicNum", clinicNum)
        q.add("RecallType", recallType)
        q.add("IncludeReminded", includeReminded)
        return PagedRequest(path: "recalls/List", query: q.items, key: nil)
    }

    public static func securityPerms() -> APIRequest<[SecurityPerm]> {
        APIRequest(.get, "securityperms", safety: .repeatable)
    }

    public static func patientNote(_ patNum: Int) -> APIRequest<PatientNote> {
        APIRequest(.get, "patientnotes/\(patNum)", safety: .repeatable)
    }

    public static func popups(patNum: Int) -> APIRequest<[Popup]> {
        var q = Query()
        q.add("PatNum", patNum)
        return APIRequest(.get, "popups", query: q.items, safety: .repeatable)
    }
}
