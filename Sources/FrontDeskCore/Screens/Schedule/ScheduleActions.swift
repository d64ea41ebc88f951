import Foundation
import OpenDentalAPI
import TerminalUI

/// The schedule's own keys: days, the grid, one provider, operatory or clinic at a time.
func scheduleAction(_ s: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .prevDay, .nextDay, .today:
        s.day = action == .today ? s.now.date : s.day.adding(days: action == .prevDay ? -1 : 1)
        s.appointments = []
        s.dayFrom = nil
        s.scheduleSelection = nil
        s.scheduleScroll = 0
        return markLoading(&s, [.loadDay(s.day)])
    case .gotoDate:
        s.prompt = Prompt(purpose: .date, label: "Go to date (yyyy-mm-dd, m/d, +3, -1)", text: "")
    case .toggleGrid:
        s.gridView.toggle()
        s.message = s.gridView ? "Grid: operatories as columns ([ ] to scroll sideways)" : "List view"
        s.messageIsError = false
    case .cycleProvider:
        let provs = Array(Set(s.appointments.flatMap { [$0.provNum, $0.provHyg] }.filter { $0 != 0 })).sorted()
        s.providerFilter = cycle(provs, s.providerFilter)
        s.message = s.providerFilter.map { "Provider: \(s.providerAbbr[$0] ?? "#\($0)")" } ?? "All providers"
        s.messageIsError = false
        keepSelection(&s)
    case .cycleOperatory:
        let ops = s.opOrder.isEmpty ? Array(Set(s.appointments.map(\.op))).sorted() : s.opOrder
        s.opFilter = cycle(ops, s.opFilter)
        s.message = s.opFilter.map { "Operatory: \(s.opAbbr[$0] ?? "#\($0)")" } ?? "All operatories"
        s.messageIsError = false
        keepSelection(&s)
    case .cycleClinic:
        let clinics = Array(Set(s.opClinic.values.filter { $0 != 0 })).sorted()
        if clinics.isEmpty {
            s.message = "This office does not use clinics"
            s.messageIsError = false
        } else {
            s.clinicFilter = cycle(clinics, s.clinicFilter)
            s.message = s.clinicFilter.map { "Clinic #\($0)" } ?? "All clinics"
            s.messageIsError = false
            keepSelection(&s)
        }
    case .opsLeft, .opsRight:
        s.gridFirstOp = max(0, min(max(0, s.gridOps.count - 1), s.gridFirstOp + (action == .opsRight ? 1 : -1)))
    default: break
    }
    return []
}
