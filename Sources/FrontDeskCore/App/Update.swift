import Foundation
import OpenDentalAPI
import TerminalUI

/// The pure heart of the app: a message in, the new state and the effects to run out.
public func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    switch msg {
    case .key(let key): return handleKey(&state, key)
    case .click(let x, let y, let double): return handleClick(&state, x: x, y: y, double: double)
    case .resize(let w, let h):
        state.width = w
        state.height = h
        clampScroll(&state)
        return []
    case .tick(let now, let clock):
        let wasToday = state.day == state.now.date
        state.now = now
        state.clock = clock
        // Midnight (or a clock change): "today" follows the clock, so yesterday is never shown as today.
        if wasToday, state.day != now.date {
            state.day = now.date
            state.appointments = []
            state.dayFrom = nil
            state.scheduleSelection = nil
            state.scheduleScroll = 0
            return markLoading(&state, [.loadDay(now.date)])
        }
        return []
    case .refreshTick:
        return refreshEffects(state, background: true)
    case .reference(let defs, let providers, let ops):
        applyReference(&state, defs, providers, ops)
        if state.directoryCrawlStarted { return [] }
        state.directoryCrawlStarted = true
        return [.crawlDirectory]
    case .dayLoaded(let day, let appts):
        guard day == state.day else { return [] }
        state.appointments = appts.filter { $0.aptDateTime != nil }
        state.dayFrom = nil
        state.scheduleLoad = .loaded(at: state.clock)
        markOnline(&state)
        keepSelection(&state)
        return dayNames(&state)
    case .dayShared(let day, let appts, let from):
        guard day == state.day else { return [] }
        state.appointments = appts.filter { $0.aptDateTime != nil }
        state.dayFrom = from
        state.scheduleLoad = .loaded(at: state.clock)
        keepSelection(&state)
        // Nothing was asked of the office yet: one small request says whether it answers.
        let probe: [Effect] = state.connection == .unknown && !state.probed ? [.loadPermissions] : []
        state.probed = true
        return probe + dayNames(&state)
    case .listShared(let kind, let source, let from):
        guard kind == state.listKind else { return [] }
        let (rows, appts) = state.listRows(source)
        return showList(&state, rows, appts, from: from)
    case .listData(let kind, let source):
        guard kind == state.listKind else { return [] }
        markOnline(&state)
        let (rows, appts) = state.listRows(source)
        return showList(&state, rows, appts, from: nil)
    case .permissions(let queries):
        state.queriesAllowed = queries
        markOnline(&state)
        // The day's names need not wait for the day: one query joins appointments and patients.
        if queries, !state.directoryComplete { return requestDayNames(&state, state.day) }
        return state.scheduleLoad == .loading ? [] : resolveNames(&state, state.visibleAppointments.map(\.patNum))
    case .dayNamesLoaded(let day, let names):
        state.patientNames.merge(names) { _, new in new }
        state.dayNamesAnswered.insert(day)
        markOnline(&state)
        // Anyone the query did not cover (booked since) is looked up alone.
        return day == state.day ? resolveNames(&state, state.visibleAppointments.map(\.patNum)) : []
    case .queriesUnavailable:
        state.queriesAllowed = false
        return resolveNames(&state, state.visibleAppointments.map(\.patNum))
    case .patientsResolved(let names):
        state.patientNames.merge(names) { _, new in new }
        return []
    case .directoryProgress(let p):
        state.directoryProgress = p
        if p == nil {
            state.directoryComplete = true
            // Names asked for while the crawl ran and not found then come from the cache now.
            state.requestedNames.subtract(state.requestedNames.filter { state.patientNames[$0] == nil })
            // Names on screen may have changed at the office: read them again from the cache.
            let shown = state.visibleAppointments.map(\.patNum) + state.listRows.filter { $0.nameColumn != nil }.map(\.patNum)
            return (shown.isEmpty ? [] : [.namesFromCache(shown)]) + dayNames(&state)
        }
        return []
    case .cacheProblem(let text):
        state.message = "Working without the local cache: \(text)"
        state.messageIsError = true
        return []
    case .searchLoaded(let query, let offset, let rows, let pageSize):
        guard query == state.query else { return [] }
        if offset == 0 { state.results = rows } else {
            let have = Set(state.results.map(\.patNum))
            state.results += rows.filter { !have.contains($0.patNum) }
        }
        state.resultsMore = rows.count >= pageSize
        state.resultsLoad = .loaded(at: state.clock)
        markOnline(&state)
        for r in rows { state.patientNames[r.patNum] = personName(r.lName, r.fName) }
        if state.patientSelection == nil || !state.results.contains(where: { $0.patNum == state.patientSelection }) {
            state.patientSelection = state.results.first?.patNum
        }
        return []
    case .detailLoaded(let d):
        guard d.patient.patNum == state.detailPatNum else { return [] }
        state.detail = d
        state.detailLoad = .loaded(at: state.clock)
        markOnline(&state)
        state.patientNames[d.patient.patNum] = personName(d.patient.lName, d.patient.fName)
        return []
    case .listLoaded(let kind, let rows, let appts):
        guard kind == state.listKind else { return [] }
        markOnline(&state)
        return showList(&state, rows, appts, from: nil)
    case .failed(let text, let offline):
        fail(&state, text, offline: offline, origin: nil)
        return []
    case .loadFailed(let origin, let text, let offline):
        fail(&state, text, offline: offline, origin: origin)
        return []
    case .writeDone(let apt, let text):
        if let apt { state.saving[apt] = nil }
        if let p = state.pendingWrite, WriteCheck.aptNum(p.effect) == apt { state.pendingWrite = nil }
        // Offer undo only while there is something to undo (not after `u` itself).
        state.message = apt != nil && state.undoConfirm?.aptNum == apt ? text + " (u undoes)" : text
        state.messageIsError = false
        markOnline(&state)
        return refreshEffects(state, background: false)
    case .writeFailed(let apt, let text):
        if let apt { state.saving[apt] = nil }
        if let apt, state.undoConfirm?.aptNum == apt { state.undoConfirm = nil }
        state.message = text
        state.messageIsError = true
        return []
    case .writeNotSaved(let apt, let text, let effect):
        if let apt { state.saving[apt] = nil }
        if let apt, state.undoConfirm?.aptNum == apt { state.undoConfirm = nil }
        state.pendingWrite = PendingWrite(effect: effect, recheck: false)
        state.message = text
        state.messageIsError = true
        return []
    case .writeUnknown(let apt, let text, let effect):
        if let apt { state.saving[apt] = nil }
        state.pendingWrite = PendingWrite(effect: effect, recheck: true)
        state.message = text
        state.messageIsError = true
        return []
    case .queue(let n):
        state.queued = n
        return []
    case .officeWait(let seconds):
        state.officeWait = seconds
        return []
    case .searchPause(let generation):
        // Search as you type, once typing pauses: only the latest pause counts, and at least
        // two characters, so a slow link and the throttle see one request per pause.
        guard generation == state.typingGeneration, let p = state.prompt, p.purpose == .search else { return [] }
        let text = p.text.trimmingCharacters(in: .whitespaces)
        guard text.count >= 2, text != state.query else { return [] }
        state.query = text
        state.patientSelection = nil
        state.patientScroll = 0
        return markLoading(&state, [.searchPatients(query: text, search(for: text, hideInactive: state.hideInactive), offset: 0)])
    case .themeChanged(let name):
        state.themeName = name
        state.message = "Theme: \(name)"
        state.messageIsError = false
        return []
    }
}

/// A request failed: the user is told, an unreachable office is said on the status line, and the
/// screen that asked (`origin`; every loading screen when it is not known) stops loading.
func fail(_ state: inout AppState, _ text: String, offline: Bool, origin: Origin?) {
    state.message = text
    state.messageIsError = true
    if offline { state.connection = .offline(text) }
    func asked(_ o: Origin) -> Bool { origin == nil || origin == o }
    if asked(.schedule), state.scheduleLoad == .loading { state.scheduleLoad = .failed(text) }
    if asked(.patients), state.resultsLoad == .loading { state.resultsLoad = .failed(text) }
    if asked(.lists), state.listLoad == .loading {
        state.listLoad = .failed(text)
        // Unreachable: the list as last seen, said to be old.
        if offline, state.listRows.isEmpty, let cached = state.cachedLists[state.listKind] {
            let (rows, appts) = state.listRows(cached.source)
            state.listRows = rows
            state.listAppointments = Dictionary(appts.map { ($0.aptNum, $0) }, uniquingKeysWith: { a, _ in a })
            state.shownListFrom = cached.from
            keepSelection(&state)
        }
    }
    if asked(.patient), state.detailLoad == .loading { state.detailLoad = .failed(text) }
}
