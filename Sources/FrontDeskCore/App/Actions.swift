import Foundation
import OpenDentalAPI
import TerminalUI

func perform(_ s: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .up: moveSelection(&s, by: -1)
    case .down: moveSelection(&s, by: 1)
    case .pageUp: moveSelection(&s, by: -s.contentRows)
    case .pageDown: moveSelection(&s, by: s.contentRows)
    case .top: moveSelection(&s, by: -1_000_000)
    case .bottom: moveSelection(&s, by: 1_000_000)
    case .help: s.help = true
    case .quit:
        s.quitting = true
        return [.quit]
    case .repaint: return [.repaint]
    case .cycleTheme: return [.cycleTheme]
    case .refresh:
        s.message = "Refreshing…"
        s.messageIsError = false
        return markLoading(&s, refreshEffects(s, background: false))
    case .nextScreen, .prevScreen, .screenSchedule, .screenPatients, .screenLists:
        let target: ScreenID
        switch action {
        case .nextScreen: target = ScreenID(rawValue: (s.screen.rawValue + 1) % 3)!
        case .prevScreen: target = ScreenID(rawValue: (s.screen.rawValue + 2) % 3)!
        case .screenSchedule: target = .schedule
        case .screenPatients: target = .patients
        default: target = .lists
        }
        s.detailPatNum = nil
        s.detail = nil
        s.filter = ""
        s.screen = target
        switch target {
        case .schedule: return markLoading(&s, [.loadDay(s.day)])
        case .patients:
            if s.query.isEmpty { s.prompt = Prompt(purpose: .search, label: "Find patient", text: "") }
            return []
        case .lists: return markLoading(&s, [.loadList(s.listKind, today: s.now.date)])
        }
    case .filter:
        s.prompt = Prompt(purpose: .filter, label: "Filter", text: s.filter)
    case .open:
        guard let patNum = selectedPatNum(s) else { return [] }
        s.detailPatNum = patNum
        s.detail = nil
        s.detailScroll = 0
        s.detailLoad = .loading
        return [.loadDetail(patNum)]
    case .back:
        s.detailPatNum = nil
        s.detail = nil
    case .prevDay, .nextDay, .today, .gotoDate, .toggleGrid, .cycleProvider, .cycleOperatory, .cycleClinic, .opsLeft, .opsRight:
        return scheduleAction(&s, action)
    case .search, .toggleInactive:
        return patientsAction(&s, action)
    case .prevList, .nextList, .cycleStatus:
        return listsAction(&s, action)
    case .confirm, .leftMessage, .arrived, .seated, .dismissed, .note, .breakAppt:
        return appointmentAction(&s, action)
    case .undo, .resendWrite:
        return writeAction(&s, action)
    case .commlog:
        return patientAction(&s, action)
    }
    return []
}
