import Foundation
import OpenDentalAPI
import TerminalUI

/// The pure heart of the app: a message in, the new state and the effects to run out.
public func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    let said = state.message
    let effects = handle(&state, msg)
    if state.message != said { state.messageAt = state.clock }
    return effects
}

/// A word on the status line that is not an error fades after this many seconds (errors stay
/// until Esc or the next word; a bulk run's progress stays while it runs).
let messageSeconds: Double = 6

func handle(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    switch msg {
    case .key(let key):
        if state.locked {
            Privacy.lockKey(&state, key)
            return []
        }
        state.lastInput = state.clock
        // Near the end of the loaded rows (the search's results): the next page (in every runtime alike).
        let effects = handleKey(&state, key)
        if let more = state.active.wantsMore(state), !effects.contains(more) { return effects + [more] }
        return effects
    case .click(let x, let y, let double):
        if state.locked {
            if !state.privacy.lockRequiresInitials || state.operatorInitials.isEmpty { Privacy.unlock(&state) }
            return []
        }
        state.lastInput = state.clock
        return handleClick(&state, x: x, y: y, double: double)
    case .resize(let w, let h):
        state.width = w
        state.height = h
        clampScroll(&state)
        return []
    case .tick(let now, let clock):
        let wasToday = state.schedule.day == state.now.date
        state.now = now
        state.clock = clock
        Privacy.tick(&state)
        if state.message != nil, !state.messageIsError, state.bulk == nil, clock - state.messageAt >= messageSeconds { state.message = nil }
        // Midnight (or a clock change): "today" follows the clock, so yesterday is never shown as today.
        if wasToday, state.schedule.day != now.date { return ScheduleScreen.send(&state, .go(now.date)) }
        return []
    case .refreshTick:
        return refreshEffects(state, background: true)
    case .reference(let defs, let providers, let ops):
        applyReference(&state, defs, providers, ops)
        if state.directoryCrawlStarted { return [] }
        state.directoryCrawlStarted = true
        return [.crawlDirectory]
    case .dayLoaded(let day, let appts):
        if day == state.now.date { state.today.appointments = appts; state.today.readAt = state.now }
        return ScheduleScreen.send(&state, .dayLoaded(day, appts, from: nil))
    case .dayShared(let day, let appts, let from):
        if day == state.now.date { state.today.appointments = appts; state.today.readAt = from }
        return ScheduleScreen.send(&state, .dayLoaded(day, appts, from: from))
    case .feature(let m):
        return m.send(&state)
    case .confirmationChosen(let status, let aptNums):
        return ConfirmFlow.apply(&state, status: status, to: aptNums)
    case .duplicateChosen(let patNum, let known):
        return PatientForms.chosen(&state, patNum: patNum, knownMatches: known)
    case .recallStatusChosen(let status, let patients, let types):
        return RecallFlow.apply(&state, status: status, patients: patients, types: types)
    case .filterTyped(let text):
        state.filter = text
        keepSelection(&state)
        return []
    case .noteEntered(let apt, let text):
        return start(&state, .appendNote(aptNum: apt, stamp(text, state)))
    case .callNoted(let pat, let text):
        return start(&state, .addCommlog(patNum: pat, stamp(text, state)))
    case .initialsEntered(let text, let action):
        return enterInitials(&state, text, then: action)
    case .callNoteEntered(let text, let patNums, let suffixes):
        return ConfirmFlow.notes(&state, text, patNums: patNums, suffixes: suffixes)
    case .newPatientEntered(let f):
        return PatientForms.submitNew(&state, f)
    case .contactEntered(let patNum, let f):
        return PatientForms.submitContact(&state, patNum: patNum, f)
    case .checkInTriggers(let t):
        state.checkInTriggers = t
        return []
    case .permissions(let queries):
        state.queriesAllowed = queries
        markOnline(&state)
        // The day's names need not wait for the day: one query joins appointments and patients.
        if queries, !state.directoryComplete { return requestDayNames(&state, state.schedule.day) }
        return state.schedule.load == .loading ? [] : resolveNames(&state, state.visibleAppointments.map(\.patNum))
    case .dayNamesLoaded(let day, let names):
        state.patientNames.merge(names) { _, new in new }
        state.dayNamesAnswered.insert(day)
        markOnline(&state)
        // Anyone the query did not cover (booked since) is looked up alone.
        return day == state.schedule.day ? resolveNames(&state, state.visibleAppointments.map(\.patNum)) : []
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
            let shown = state.visibleAppointments.map(\.patNum) + state.lists.rows.filter(\.namedFromDirectory).map(\.patNum)
            return (shown.isEmpty ? [] : [.namesFromCache(shown)]) + dayNames(&state)
        }
        return []
    case .cacheProblem(let text):
        state.message = "Working without the local cache: \(text)"
        state.messageIsError = true
        return []
    case .duplicates(let rows):
        markOnline(&state)
        return PatientForms.duplicates(&state, rows)
    case .patientCreated(let p):
        return PatientForms.created(&state, p)
    case .schedulingReference(let types, let blockoutDefs):
        return BookingFlow.schedulingReference(&state, types: types, blockoutDefs: blockoutDefs)
    case .procedurePatterns(let patterns):
        return BookingFlow.procedurePatterns(&state, patterns)
    case .openingFacts(let from, let days, let provNum, let facts):
        return BookingFlow.factsLoaded(&state, from: from, days: days, provNum: provNum, facts)
    case .daySchedules(let day, let schedules, let shared):
        if day == state.now.date { state.today.schedules = schedules }
        if !shared { markOnline(&state) }
        FillFlow.schedulesArrived(&state, day, schedules)
        return ScheduleScreen.send(&state, .schedulesLoaded(day, schedules))
    case .holeCandidates(let sources):
        return FillFlow.loaded(&state, sources)
    case .recallReference(let statuses, let types):
        return RecallFlow.reference(&state, statuses: statuses, types: types)
    case .recallLoaded(let p, let recalls):
        return RecallFlow.loaded(&state, patient: p, recalls: recalls)
    case .bookedOverlap(let a, let overlaps):
        BookingFlow.overlapFound(&state, a, overlaps)
        return refreshEffects(state, background: false)
    case .booked(let a, let overlaps, let moved):
        return BookingFlow.booked(&state, a, overlaps: overlaps, moved: moved)
    case .failed(let text, let offline):
        fail(&state, text, offline: offline, origin: nil)
        return []
    case .loadFailed(let origin, let text, let offline):
        fail(&state, text, offline: offline, origin: origin)
        return []
    case .writeDone(let apt, let text, let updated):
        // The office's answer shows at once, before the refresh reads the rest.
        if let updated { state.replaceAppointment(updated) }
        if let next = Bulk.outcome(&state, aptNum: apt, saved: true, reason: text, fault: false) {
            markOnline(&state)
            return next
        }
        if let apt { state.saving[apt] = nil }
        if let p = state.pendingWrite, WriteCheck.aptNum(p.effect) == apt { state.pendingWrite = nil }
        // Offer undo only while there is something to undo (not after `u` itself).
        state.message = apt != nil && state.undo?.aptNum == apt ? text + " (u undoes)" : text
        state.messageIsError = false
        FillFlow.afterWrite(&state, aptNum: apt)
        markOnline(&state)
        // The office answered with the appointment as it now is, and the screen draws from it:
        // no read after the write (the regular refresh brings the rest). Otherwise one: what
        // changed since the last read.
        if updated != nil, state.active.drawsAppointmentsLive { return [] }
        return refreshEffects(state, background: false)
    case .conflict(let write, let shown, let current):
        markOnline(&state)
        return Conflict.found(&state, write: write, shown: shown, current: current)
    case .writeFailed(let apt, let text):
        if let next = Bulk.outcome(&state, aptNum: apt, saved: false, reason: text, fault: false) { return next }
        if let apt { state.saving[apt] = nil }
        if let apt, state.undo?.aptNum == apt { state.undo = nil }
        state.message = text
        state.messageIsError = true
        return []
    case .writeNotSaved(let apt, let text, let effect), .writeRefused(let apt, let text, let effect):
        var refused = false
        if case .writeRefused = msg { refused = true }
        if let next = Bulk.outcome(&state, aptNum: apt, saved: false, reason: text, fault: !refused) { return next }
        if let apt { state.saving[apt] = nil }
        if let apt, state.undo?.aptNum == apt { state.undo = nil }
        state.pendingWrite = PendingWrite(effect: effect, recheck: false)
        state.message = text
        state.messageIsError = true
        return []
    case .writeUnknown(let apt, let text, let effect):
        if let next = Bulk.outcome(&state, aptNum: apt, saved: nil, reason: text, fault: true) { return next }
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
    case .officeNotReached(let text):
        // Said on the first attempt that failed, while the request is retried: the status line
        // turns at once (and a screen shown from the cache refuses writes, as offline). The
        // screens keep loading.
        if case .offline = state.connection { return [] }
        state.connection = .offline(text)
        state.message = text
        state.messageIsError = true
        return []
    case .officeAnswered:
        if case .offline = state.connection { markOnline(&state) }
        return []
    case .actionLogProblem(let text):
        guard !state.actionLogProblemSaid else { return [] }
        state.actionLogProblemSaid = true
        state.message = "Action log not written: \(text) (the change itself went to the office)"
        state.messageIsError = true
        return []
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
    // Never answered: a refused key or a bad address, said on the office's row.
    if !offline, state.connection != .online { state.today.problem = text }
    if origin == nil || origin == .background {
        BookingFlow.failed(&state, text)
        FillFlow.failed(&state, text)
    }
    for screen in AppState.screens where origin == nil || origin == screen.origin {
        screen.failed(&state, text, offline: offline)
    }
}
