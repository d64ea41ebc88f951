import Foundation
import OpenDentalAPI
import TerminalUI

// MARK: selection

func selectedAppointment(_ s: AppState) -> Appointment? {
    switch s.screen {
    case .schedule:
        return s.visibleAppointments.first { $0.aptNum == s.scheduleSelection }
    case .lists:
        guard let row = s.visibleListRows.first(where: { $0.id == s.listSelection }), let apt = row.aptNum else { return nil }
        return s.appointments.first { $0.aptNum == apt } ?? s.listAppointments[apt]
    default: return nil
    }
}

func selectedPatNum(_ s: AppState) -> Int? {
    switch s.screen {
    case .schedule: return s.visibleAppointments.first { $0.aptNum == s.scheduleSelection }?.patNum
    case .patients: return s.patientSelection
    case .lists: return s.visibleListRows.first { $0.id == s.listSelection }?.patNum
    }
}

func moveSelection(_ s: inout AppState, by delta: Int) {
    if s.detailPatNum != nil {
        s.detailScroll = max(0, s.detailScroll + (delta > 1000 || delta < -1000 ? (delta > 0 ? 1000 : -1000) : delta))
        return
    }
    switch s.screen {
    case .schedule:
        let ids = s.visibleAppointments.map(\.aptNum)
        s.scheduleSelection = moved(ids, s.scheduleSelection, delta)
    case .patients:
        let ids = s.results.map(\.patNum)
        s.patientSelection = moved(ids, s.patientSelection, delta)
    case .lists:
        let ids = s.visibleListRows.map(\.id)
        s.listSelection = moved(ids, s.listSelection, delta)
    }
    clampScroll(&s)
}

/// nil -> first -> ... -> last -> nil.
func cycle(_ values: [Int], _ current: Int?) -> Int? {
    guard !values.isEmpty else { return nil }
    guard let c = current, let i = values.firstIndex(of: c) else { return values[0] }
    return i + 1 < values.count ? values[i + 1] : nil
}

func cycle(_ values: [String], _ current: String?) -> String? {
    guard !values.isEmpty else { return nil }
    guard let c = current, let i = values.firstIndex(of: c) else { return values[0] }
    return i + 1 < values.count ? values[i + 1] : nil
}

func moved(_ ids: [Int], _ current: Int?, _ delta: Int) -> Int? {
    guard !ids.isEmpty else { return nil }
    let i = current.flatMap { ids.firstIndex(of: $0) } ?? 0
    return ids[max(0, min(ids.count - 1, i + (current == nil ? 0 : delta)))]
}

/// Selection is kept by record id across refreshes; if the row is gone, the nearest survives.
func keepSelection(_ s: inout AppState) {
    let ids: [Int]
    switch s.screen {
    case .schedule: ids = s.visibleAppointments.map(\.aptNum)
    case .patients: ids = s.results.map(\.patNum)
    case .lists: ids = s.visibleListRows.map(\.id)
    }
    let current: Int?
    switch s.screen {
    case .schedule: current = s.scheduleSelection
    case .patients: current = s.patientSelection
    case .lists: current = s.listSelection
    }
    let keep = current.flatMap { ids.contains($0) ? $0 : nil } ?? defaultSelection(s, ids)
    switch s.screen {
    case .schedule: s.scheduleSelection = keep
    case .patients: s.patientSelection = keep
    case .lists: s.listSelection = keep
    }
    clampScroll(&s)
}

/// On the schedule, start at the first appointment that has not ended yet.
func defaultSelection(_ s: AppState, _ ids: [Int]) -> Int? {
    if s.screen == .schedule, s.day == s.now.date {
        let next = s.visibleAppointments.first { a in
            guard let t = a.aptDateTime else { return false }
            return t.epochSeconds + a.lengthMinutes * 60 >= s.now.epochSeconds
        }
        if let n = next { return n.aptNum }
    }
    return ids.first
}

func clampScroll(_ s: inout AppState) {
    let rows = s.contentRows
    switch s.screen {
    case .schedule:
        let ids = s.visibleAppointments.map(\.aptNum)
        let i = s.scheduleSelection.flatMap { ids.firstIndex(of: $0) } ?? 0
        s.scheduleScroll = Widgets.scroll(selected: i, current: s.scheduleScroll, visible: rows, count: ids.count)
    case .patients:
        let ids = s.results.map(\.patNum)
        let i = s.patientSelection.flatMap { ids.firstIndex(of: $0) } ?? 0
        s.patientScroll = Widgets.scroll(selected: i, current: s.patientScroll, visible: rows, count: ids.count)
    case .lists:
        let ids = s.visibleListRows.map(\.id)
        let i = s.listSelection.flatMap { ids.firstIndex(of: $0) } ?? 0
        s.listScroll = Widgets.scroll(selected: i, current: s.listScroll, visible: rows, count: ids.count)
    }
}
