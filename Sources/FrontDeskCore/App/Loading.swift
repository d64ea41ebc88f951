import Foundation
import OpenDentalAPI
import TerminalUI

/// Names for the loaded day: by one short query where the office allows it, else one by one for
/// the visible rows first (also while the permission is not known: it is asked first, so that is rare).
func dayNames(_ s: inout AppState) -> [Effect] {
    // A complete directory in the cache answers without the office.
    if s.directoryComplete { return resolveNames(&s, s.visibleAppointments.map(\.patNum)) }
    switch s.queriesAllowed {
    case true?:
        let missing = s.visibleAppointments.contains { s.patientNames[$0.patNum] == nil }
        guard missing else { return [] }
        if !s.dayNamesRequested.contains(s.schedule.day) { return requestDayNames(&s, s.schedule.day) }
        // The query is on its way: its answer brings them. Answered already: someone booked
        // since is looked up alone.
        return s.dayNamesAnswered.contains(s.schedule.day) ? resolveNames(&s, s.visibleAppointments.map(\.patNum)) : []
    case false?, nil: return resolveNames(&s, s.visibleAppointments.map(\.patNum))
    }
}

func requestDayNames(_ s: inout AppState, _ day: LocalDate) -> [Effect] {
    guard !s.dayNamesRequested.contains(day) else { return [] }
    s.dayNamesRequested.insert(day)
    return [.loadDayNames(day)]
}

/// Asks for the names not known or already asked for, in the order given (visible rows first).
func resolveNames(_ s: inout AppState, _ patNums: [Int]) -> [Effect] {
    var seen = Set<Int>()
    let wanted = patNums.filter { s.patientNames[$0] == nil && !s.requestedNames.contains($0) && seen.insert($0).inserted }
    if wanted.isEmpty { return [] }
    s.requestedNames.formUnion(wanted)
    return [.resolvePatients(wanted)]
}

func applyReference(_ state: inout AppState, _ defs: [Definition], _ providers: [Provider], _ ops: [Operatory]) {
    state.confirmDefs = defs.sorted { ($0.itemOrder ?? 0, $0.defNum) < ($1.itemOrder ?? 0, $1.defNum) }
    state.providerAbbr = Dictionary(providers.map { ($0.provNum, $0.abbr) }, uniquingKeysWith: { a, _ in a })
    state.opAbbr = Dictionary(ops.map { ($0.operatoryNum, $0.abbrev) }, uniquingKeysWith: { a, _ in a })
    state.opClinic = Dictionary(ops.map { ($0.operatoryNum, $0.clinicNum) }, uniquingKeysWith: { a, _ in a })
    state.operatories = ops
    state.providers = providers
    state.opOrder = ops.filter { !$0.isHidden }.sorted { ($0.itemOrder, $0.operatoryNum) < ($1.itemOrder, $1.operatoryNum) }.map(\.operatoryNum)
}

/// An answer came back: the office is reachable again, and an "unreachable" message is stale.
func markOnline(_ s: inout AppState) {
    if case .offline = s.connection {
        s.message = "Connected to the office again"
        s.messageIsError = false
    }
    s.connection = .online
    s.today.problem = nil
}

/// What to reload for the view on screen.
func refreshEffects(_ s: AppState, background: Bool) -> [Effect] { s.active.refresh(s, background: background) }
