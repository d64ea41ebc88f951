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
    s[keyPath: s.currentCursor].move(by: delta, in: s.currentIDs, visible: s.contentRows)
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

/// Selection is kept by record id across refreshes; if the row is gone, the nearest survives.
func keepSelection(_ s: inout AppState) {
    let ids = s.currentIDs
    s[keyPath: s.currentCursor].keep(in: ids, fallback: defaultSelection(s, ids), visible: s.contentRows)
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
    s[keyPath: s.currentCursor].clamp(to: s.currentIDs, visible: s.contentRows)
}
