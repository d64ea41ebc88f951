import Foundation
import OpenDentalAPI
import TerminalUI

/// What an appointment's status means on the front desk: the word shown (never colour alone),
/// its role (colour and monochrome look), and whether the patient still needs a call. Made once
/// from the appointment and the office's confirmation statuses; every screen that shows or
/// filters a status asks here.
public struct AppointmentStatus: Equatable, Sendable {
    public let word: String

    public init(_ a: Appointment, confirmDefs: [Definition]) {
        word = Self.word(a, confirmDefs: confirmDefs)
    }

    /// A word already made (a list row's status, "saving…").
    public init(word: String) {
        self.word = word
    }

    public var role: Role {
        switch word {
        case "Confirmed", "FrontDesk", "WebSched": return .apptConfirmed
        case "Arrived", "Ready": return .apptArrived
        case "Seated", "In room": return .apptSeated
        case "Complete", "Dismissed": return .apptComplete
        case "Broken", "Unsched": return .apptBroken
        case "Left Msg", "Texted", "E-mailed", "eConf sent": return .apptLeftMessage
        default: return .apptUnconfirmed
        }
    }

    /// Counted as confirmed in the schedule's title ("18/76 confirmed"): confirmed or already here.
    public var isConfirmed: Bool {
        ["Confirmed", "Arrived", "Seated", "Dismissed", "Complete", "In room", "Ready"].contains(word)
    }

    /// The office's confirmation statuses that need no call (by their names in Open Dental).
    static let settledNames: Set<String> = ["Appointment Confirmed", "Arrived", "In Treatment Room", "Ready to go back"]

    /// Still to be called for the confirmation list.
    public static func needsCall(_ a: Appointment) -> Bool { !settledNames.contains(a.confirmedName) }

    static func word(_ a: Appointment, confirmDefs: [Definition]) -> String {
        switch a.aptStatus {
        case .complete: return "Complete"
        case .broken: return "Broken"
        case .unschedList: return "Unsched"
        case .planned: return "Planned"
        default: break
        }
        if a.dateTimeDismissed != nil { return "Dismissed" }
        if a.dateTimeSeated != nil { return "Seated" }
        if a.dateTimeArrived != nil { return "Arrived" }
        let name = a.confirmedName.isEmpty ? (confirmDefs.first { $0.defNum == a.confirmed }?.itemName ?? "") : a.confirmedName
        switch name {
        case "Appointment Confirmed": return "Confirmed"
        case "Ready to go back": return "Ready"
        case "In Treatment Room": return "In room"
        case "Created from Web Sched": return "WebSched"
        case "eConfirmSent": return "eConf sent"
        case "eConfirmCallBack": return "Call back"
        case "eConfirmFailure": return "eConf fail"
        default: return name
        }
    }
}
