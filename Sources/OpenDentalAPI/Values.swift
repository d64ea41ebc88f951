import Foundation

// Value types for Open Dental's wire formats: zone-less dates and times, and text enums that keep
// values this client does not know yet.

/// A calendar date without a time zone, as Open Dental sends it ("yyyy-MM-dd").
/// Open Dental's "no date" sentinel `0001-01-01` decodes to `nil` at the field level, never to a value.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses "yyyy-MM-dd"; also the date part of "yyyy-MM-dd HH:mm:ss" and the US "M/d/yyyy"
    /// form that `recalls/List` uses.
    public init?(_ text: String) {
        if let fast = LocalDate.parseISO(text.utf8) {
            self = fast
            return
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.contains("/") {
            let parts = trimmed.split(separator: " ").first.map { $0.split(separator: "/") } ?? []
            guard parts.count == 3, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]) else { return nil }
            self.init(year: y, month: m, day: d)
        } else {
            let datePart = trimmed.split(separator: " ").first.map(String.init) ?? ""
            let parts = datePart.split(separator: "-")
            guard parts.count == 3, parts[0].count == 4,
                  let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
            self.init(year: y, month: m, day: d)
        }
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
    }

    /// "yyyy-MM-dd" (optionally followed by a time) straight from the bytes: the hot path.
    static func parseISO(_ bytes: String.UTF8View) -> LocalDate? {
        var it = bytes.makeIterator()
        var y = 0, m = 0, d = 0
        for i in 0..<10 {
            guard let b = it.next() else { return nil }
            if i == 4 || i == 7 {
                guard b == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard b >= 48, b <= 57 else { return nil }
            let v = Int(b - 48)
            if i < 4 { y = y * 10 + v } else if i < 7 { m = m * 10 + v } else { d = d * 10 + v }
        }
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    /// True for Open Dental's "no date" value.
    public var isSentinel: Bool { year <= 1 }

    public var description: String { LocalDate.pad(year, 4) + "-" + LocalDate.pad(month, 2) + "-" + LocalDate.pad(day, 2) }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // MARK: calendar arithmetic (proleptic Gregorian, no time zone involved)

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// 0 = Sunday ... 6 = Saturday.
    public var weekday: Int { ((dayNumber % 7) + 11) % 7 }
}

/// A time of day, "HH:mm:ss".
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(hour: Int, minute: Int, second: Int = 0) {
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard parts.count == 2 || parts.count == 3,
              let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        let s = parts.count == 3 ? Int(parts[2]) : 0
        guard let s, (0...23).contains(h), (0...59).contains(m), (0...59).contains(s) else { return nil }
        self.init(hour: h, minute: m, second: s)
    }

    public var secondsOfDay: Int { hour * 3600 + minute * 60 + second }

    public var description: String {
        LocalDate.pad(hour, 2) + ":" + LocalDate.pad(minute, 2) + ":" + LocalDate.pad(second, 2)
    }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.secondsOfDay < b.secondsOfDay }
}

/// A date and time without a zone, "yyyy-MM-dd HH:mm:ss". The sentinel `0001-01-01 00:00:00` is "none".
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var date: LocalDate
    public var time: LocalTime

    public init(date: LocalDate, time: LocalTime) {
        self.date = date
        self.time = time
    }

    public init?(_ text: String) {
        let u = text.utf8
        if u.count == 19, let date = LocalDate.parseISO(u) {
            var h = 0, mi = 0, se = 0
            var ok = true
            for (i, b) in u.dropFirst(10).enumerated() {
                switch i {
                case 0: ok = ok && b == UInt8(ascii: " ")
                case 3, 6: ok = ok && b == UInt8(ascii: ":")
                default:
                    guard b >= 48, b <= 57 else { ok = false; break }
                    let v = Int(b - 48)
                    if i < 3 { h = h * 10 + v } else if i < 6 { mi = mi * 10 + v } else { se = se * 10 + v }
                }
            }
            if ok, h < 24, mi < 60, se < 60 {
                self.init(date: date, time: LocalTime(hour: h, minute: mi, second: se))
                return
            }
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = parts.first, let date = LocalDate(String(first)) else { return nil }
        if parts.count >= 2 {
            guard let time = LocalTime(String(parts[1])) else { return nil }
            self.init(date: date, time: time)
        } else if trimmed.count == 10 {
            self.init(date: date, time: LocalTime(hour: 0, minute: 0))
        } else {
            return nil
        }
    }

    public var isSentinel: Bool { date.isSentinel }

    public var description: String { date.description + " " + time.description }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
        (a.date, a.time) < (b.date, b.time)
    }

    /// Seconds since 1970-01-01 00:00:00 of the same (unknown) zone: for differences only.
    public var epochSeconds: Int { date.dayNumber * 86_400 + time.secondsOfDay }

    public init(epochSeconds: Int) {
        let days = Int((Double(epochSeconds) / 86_400).rounded(.down))
        let rest = epochSeconds - days * 86_400
        self.init(date: LocalDate(dayNumber: days),
                  time: LocalTime(hour: rest / 3600, minute: (rest % 3600) / 60, second: rest % 60))
    }

    public func adding(seconds: Int) -> LocalDateTime { LocalDateTime(epochSeconds: epochSeconds + seconds) }
}

// MARK: - Text enums that survive values from newer Open Dental versions

/// An Open Dental enum sent as text. Known values are static constants; any other text is kept as
/// it came (`isKnown == false`), so a newer office version never breaks decoding.
public protocol OpenDentalEnum: RawRepresentable, Hashable, Sendable, Decodable, CustomStringConvertible
where RawValue == String {
    init(rawValue: String)
    static var known: [Self] { get }
}

extension OpenDentalEnum {
    /// Matches a known value case-insensitively and ignoring spaces ("In Person" == "InPerson");
    /// anything else is kept verbatim.
    public init(wire text: String) {
        if let exact = Self.known.first(where: { $0.rawValue == text }) {
            self = exact
            return
        }
        let folded = Self.fold(text)
        if let match = Self.known.first(where: { Self.fold($0.rawValue) == folded }) {
            self = match
        } else {
            self.init(rawValue: text)
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.init(wire: text)
        } else if let number = try? container.decode(Int.self) {
            // A few examples show the database number (`RequiredProcCodesNeeded: 0`).
            self = Self.known.indices.contains(number) ? Self.known[number] : Self(rawValue: String(number))
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected enum text")
        }
    }

    public var isKnown: Bool { Self.known.contains(self) }
    public var description: String { rawValue }

    static func fold(_ s: String) -> String {
        String(s.lowercased().filter { !$0.isWhitespace })
    }
}

/// appointment.AptStatus
public struct ApptStatus: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let none = Self(rawValue: "None")
    public static let scheduled = Self(rawValue: "Scheduled")
    public static let complete = Self(rawValue: "Complete")
    public static let unschedList = Self(rawValue: "UnschedList")
    public static let asap = Self(rawValue: "ASAP")
    public static let broken = Self(rawValue: "Broken")
    public static let planned = Self(rawValue: "Planned")
    public static let ptNote = Self(rawValue: "PtNote")
    public static let ptNoteCompleted = Self(rawValue: "PtNoteCompleted")
    public static let known: [Self] = [.none, .scheduled, .complete, .unschedList, .asap, .broken, .planned, .ptNote, .ptNoteCompleted]
}

/// appointment.Priority and recall.Priority
public struct ApptPriority: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let normal = Self(rawValue: "Normal")
    public static let asap = Self(rawValue: "ASAP")
    public static let known: [Self] = [.normal, .asap]
}

/// procedurelog.ProcStatus (the API sends the code)
public struct ProcStatus: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let treatmentPlanned = Self(rawValue: "TP")
    public static let complete = Self(rawValue: "C")
    public static let existingCurrentProvider = Self(rawValue: "EC")
    public static let existingOtherProvider = Self(rawValue: "EO")
    public static let referred = Self(rawValue: "R")
    public static let deleted = Self(rawValue: "D")
    public static let condition = Self(rawValue: "Cn")
    public static let treatmentPlanInactive = Self(rawValue: "TPi")
    public static let known: [Self] = [.treatmentPlanned, .complete, .existingCurrentProvider, .existingOtherProvider,
                                       .referred, .deleted, .condition, .treatmentPlanInactive]
    /// Codes are case-sensitive in meaning ("TP" vs "TPi"), so match exactly first.
    public init(wire text: String) {
        if let exact = Self.known.first(where: { $0.rawValue == text }) { self = exact } else { self.init(rawValue: text) }
    }
    public init(from decoder: Decoder) throws {
        self.init(wire: try decoder.singleValueContainer().decode(String.self))
    }
}

/// patient.PatStatus
public struct PatientStatus: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let patient = Self(rawValue: "Patient")
    public static let nonPatient = Self(rawValue: "NonPatient")
    public static let inactive = Self(rawValue: "Inactive")
    public static let archived = Self(rawValue: "Archived")
    public static let deleted = Self(rawValue: "Deleted")
    public static let deceased = Self(rawValue: "Deceased")
    public static let prospective = Self(rawValue: "Prospective")
    public static let known: [Self] = [.patient, .nonPatient, .inactive, .archived, .deleted, .deceased, .prospective]
}

/// patient.Gender
public struct PatientGender: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let male = Self(rawValue: "Male")
    public static let female = Self(rawValue: "Female")
    public static let unknown = Self(rawValue: "Unknown")
    public static let other = Self(rawValue: "Other")
    public static let known: [Self] = [.male, .female, .unknown, .other]
}

/// patient.Position (marital status)
public struct PatientPosition: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let single = Self(rawValue: "Single")
    public static let married = Self(rawValue: "Married")
    public static let child = Self(rawValue: "Child")
    public static let widowed = Self(rawValue: "Widowed")
    public static let divorced = Self(rawValue: "Divorced")
    public static let known: [Self] = [.single, .married, .child, .widowed, .divorced]
}

/// PreferConfirmMethod / PreferContactMethod / PreferRecallMethod
public struct ContactMethod: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let none = Self(rawValue: "None")
    public static let doNotCall = Self(rawValue: "DoNotCall")
    public static let homePhone = Self(rawValue: "HmPhone")
    public static let workPhone = Self(rawValue: "WkPhone")
    public static let wirelessPhone = Self(rawValue: "WirelessPh")
    public static let email = Self(rawValue: "Email")
    public static let seeNotes = Self(rawValue: "SeeNotes")
    public static let mail = Self(rawValue: "Mail")
    public static let textMessage = Self(rawValue: "TextMessage")
    public static let known: [Self] = [.none, .doNotCall, .homePhone, .workPhone, .wirelessPhone, .email, .seeNotes, .mail, .textMessage]
}

/// patient.TxtMsgOk
public struct YesNoUnknown: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let unknown = Self(rawValue: "Unknown")
    public static let yes = Self(rawValue: "Yes")
    public static let no = Self(rawValue: "No")
    public static let known: [Self] = [.unknown, .yes, .no]
}

/// commlog.Mode_. Responses may say "In Person" or "InPerson"; both decode to `.inPerson`.
public struct CommItemMode: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let none = Self(rawValue: "None")
    public static let email = Self(rawValue: "Email")
    public static let mail = Self(rawValue: "Mail")
    public static let phone = Self(rawValue: "Phone")
    public static let inPerson = Self(rawValue: "InPerson")
    public static let text = Self(rawValue: "Text")
    public static let emailAndText = Self(rawValue: "EmailAndText")
    public static let phoneAndText = Self(rawValue: "PhoneAndText")
    public static let fax = Self(rawValue: "Fax")
    public static let known: [Self] = [.none, .email, .mail, .phone, .inPerson, .text, .emailAndText, .phoneAndText, .fax]

    /// The spelling commlogs POST documents ("In Person", "Email and Text", "Phone and Text").
    public var postSpelling: String {
        switch self {
        case .inPerson: return "In Person"
        case .emailAndText: return "Email and Text"
        case .phoneAndText: return "Phone and Text"
        default: return rawValue
        }
    }
}

/// commlog.SentOrReceived
public struct CommSentOrReceived: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let neither = Self(rawValue: "Neither")
    public static let sent = Self(rawValue: "Sent")
    public static let received = Self(rawValue: "Received")
    public static let known: [Self] = [.neither, .sent, .received]
}

/// commlog.CommSource
public struct CommItemSource: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let user = Self(rawValue: "User")
    public static let webSched = Self(rawValue: "WebSched")
    public static let programLink = Self(rawValue: "ProgramLink")
    public static let apptReminder = Self(rawValue: "ApptReminder")
    public static let eServices = Self(rawValue: "EServices")
    public static let supplementalBackup = Self(rawValue: "SupplementalBackup")
    public static let apptThankYou = Self(rawValue: "ApptThankYou")
    public static let fhir = Self(rawValue: "FHIR")
    public static let newPatThankYou = Self(rawValue: "NewPatThankYou")
    public static let msgToPay = Self(rawValue: "MsgToPay")
    public static let massEmail = Self(rawValue: "MassEmail")
    public static let known: [Self] = [.user, .webSched, .programLink, .apptReminder, .eServices, .supplementalBackup,
                                       .apptThankYou, .fhir, .newPatThankYou, .msgToPay, .massEmail]
}

/// schedule.SchedType
public struct ScheduleType: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let practice = Self(rawValue: "Practice")
    public static let provider = Self(rawValue: "Provider")
    public static let blockout = Self(rawValue: "Blockout")
    public static let employee = Self(rawValue: "Employee")
    public static let webSchedASAP = Self(rawValue: "WebSchedASAP")
    public static let known: [Self] = [.practice, .provider, .blockout, .employee, .webSchedASAP]
}

/// provider.ProvStatus
public struct ProviderStatus: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let active = Self(rawValue: "Active")
    public static let deleted = Self(rawValue: "Deleted")
    public static let known: [Self] = [.active, .deleted]
}

/// popup.PopupLevel
public struct PopupLevel: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let patient = Self(rawValue: "Patient")
    public static let family = Self(rawValue: "Family")
    public static let superFamily = Self(rawValue: "SuperFamily")
    public static let known: [Self] = [.patient, .family, .superFamily]
}

/// appointmenttype.RequiredProcCodesNeeded (one example sends the number 0)
public struct RequiredProcCodesNeeded: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let none = Self(rawValue: "None")
    public static let atLeastOne = Self(rawValue: "AtLeastOne")
    public static let all = Self(rawValue: "All")
    public static let known: [Self] = [.none, .atLeastOne, .all]
}

/// procedurelog.PlaceService
public struct PlaceOfService: OpenDentalEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let office = Self(rawValue: "Office")
    public static let known: [Self] = [
        "Office", "PatientsHome", "InpatHospital", "OutpatHospital", "SkilledNursFac", "CustodialCareFacility",
        "OtherLocation", "MobileUnit", "School", "MilitaryTreatFac", "FederalHealthCenter", "PublicHealthClinic",
        "RuralHealthClinic", "EmergencyRoomHospital", "AmbulatorySurgicalCenter", "TelehealthOutsideHome",
        "TelehealthInHome", "OutreachSiteOrStreet",
    ].map { Self(rawValue: $0) }
}

/// The words PUT Confirm takes in `confirmVal` (API words, not a database enum).
public enum ConfirmValue: String, Sendable, CaseIterable {
    case none = "None"
    case sent = "Sent"
    case confirmed = "Confirmed"
    case notAccepted = "Not Accepted"
    case failed = "Failed"
}

/// PUT Break `breakType`.
public enum BreakType: String, Sendable, CaseIterable {
    case missed = "Missed"
    case cancelled = "Cancelled"
}
