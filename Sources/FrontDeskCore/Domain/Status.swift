import Foundation
import OpenDentalAPI
import TerminalUI

func statusRole(_ word: String) -> Role {
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
