import Foundation
import OpenDentalAPI
import TerminalUI

/// I/O the runtime carries out; its result comes back as a `Msg`.
public enum Effect: Equatable, Sendable {
    /// `GET /securityperms`: may this key run short queries?
    case loadPermissions
    /// The day's patients' names in one `PUT /queries/ShortQuery` (offices that grant ApiQueries).
    case loadDayNames(LocalDate)
    case loadReference
    /// Page through the patient directory in the background (names for appointment rows).
    case crawlDirectory
    case loadDay(LocalDate)
    case resolvePatients([Int])
    /// Names from the local cache only (no request): after the directory caught up with the office.
    case namesFromCache([Int])
    case searchPatients(query: String, PatientSearch, offset: Int)
    /// Wait a moment, then send `.searchPause(generation)` back: typing pauses trigger the search.
    case debounce(generation: Int, seconds: Double)
    case loadDetail(Int)
    case loadList(ListKind, today: LocalDate)
    case confirm(aptNum: Int, Confirmation)
    case setTime(aptNum: Int, TimeField, LocalTime)
    case appendNote(aptNum: Int, String)
    case breakAppointment(aptNum: Int, toUnscheduledList: Bool, BreakType?)
    case addCommlog(patNum: Int, String)
    /// Re-read the record a write was about and say whether the write is there.
    indirect case verifyWrite(Effect)
    case cycleTheme
    case repaint
    case quit
}

public enum TimeField: String, Sendable, Equatable {
    case arrived = "Arrived", seated = "Seated", dismissed = "Dismissed"
}

public enum Msg: Sendable {
    case key(Key)
    /// A mouse click (only with --mouse): selects a row or a tab; a double click opens.
    case click(x: Int, y: Int, double: Bool)
    case resize(width: Int, height: Int)
    case tick(now: LocalDateTime, clock: Double)
    /// Background refresh of what is on screen.
    case refreshTick
    case reference(confirmDefs: [Definition], providers: [Provider], operatories: [Operatory])
    /// What the key may do: short queries or not.
    case permissions(queries: Bool)
    case dayNamesLoaded(LocalDate, [Int: String])
    /// The directory crawl saved another page into the cache (nil when it finished).
    case directoryProgress(DirectoryProgress?)
    /// The cache cannot be used (said once): the dashboard goes on without it.
    case cacheProblem(String)
    /// The short query failed: names come one by one after all.
    case queriesUnavailable
    case dayLoaded(LocalDate, [Appointment])
    /// Another dashboard on this host read the day moments ago: shown with its age, and it says
    /// nothing about whether the office answers this one.
    case dayShared(LocalDate, [Appointment], from: LocalDateTime)
    case listShared(ListKind, [ListRow], [Appointment], from: LocalDateTime)
    case patientsResolved([Int: String])
    case searchLoaded(query: String, offset: Int, rows: [PatientSelectRow], pageSize: Int)
    case detailLoaded(PatientDetail)
    case listLoaded(ListKind, [ListRow], [Appointment])
    case failed(String, offline: Bool)
    case writeDone(aptNum: Int?, String)
    case writeFailed(aptNum: Int?, String)
    /// The write is known not to have saved: `R` sends it again.
    case writeNotSaved(aptNum: Int?, String, resend: Effect)
    /// The office did not answer and the re-read failed too: `R` asks again.
    case writeUnknown(aptNum: Int?, String, recheck: Effect)
    case queue(Int)
    /// Seconds left of a wait the office asked for (429 with Retry-After); 0 when none.
    case officeWait(Int)
    case themeChanged(String)
    /// The typing pause after keystroke `generation` of the search prompt.
    case searchPause(generation: Int)
}

extension AppState {
    /// The day's appointments in time order, after the local filter.
    public var visibleAppointments: [Appointment] {
        let sorted = appointments.filter { a in
            (providerFilter == nil || a.provNum == providerFilter || a.provHyg == providerFilter)
                && (opFilter == nil || a.op == opFilter)
                && (clinicFilter == nil || (opClinic[a.op] ?? a.clinicNum) == clinicFilter)
        }.sorted { ($0.sortTime, $0.op, $0.aptNum) < ($1.sortTime, $1.op, $1.aptNum) }
        guard !filter.isEmpty else { return sorted }
        let f = filter.lowercased()
        return sorted.filter { a in
            name(a.patNum).lowercased().contains(f) || a.procDescript.lowercased().contains(f) || a.provAbbr.lowercased().contains(f)
                || (opAbbr[a.op] ?? "").lowercased().contains(f) || confirmWord(a).lowercased().contains(f)
        }
    }

    public var visibleListRows: [ListRow] {
        let rows = statusFilter.map { st in listRows.filter { $0.status == st } } ?? listRows
        guard !filter.isEmpty else { return rows }
        let f = filter.lowercased()
        return rows.filter { displayCells($0).joined(separator: " ").lowercased().contains(f) }
    }

    /// A list row's cells as shown, with the patient's name filled in.
    public func displayCells(_ r: ListRow) -> [String] {
        guard let c = r.nameColumn, c < r.cells.count else { return r.cells }
        var cells = r.cells
        cells[c] = name(r.patNum)
        return cells
    }

    /// The operatories the grid shows, in the office's order, after the filters.
    public var gridOps: [Int] {
        let base = opOrder.isEmpty ? Array(Set(appointments.map(\.op))).sorted() : opOrder
        return base.filter { op in (opFilter == nil || op == opFilter) && (clinicFilter == nil || opClinic[op] == clinicFilter) }
    }

    public func name(_ patNum: Int) -> String { patientNames[patNum] ?? "#\(patNum)" }

    /// The status word shown for an appointment (never colour alone).
    public func confirmWord(_ a: Appointment) -> String { ListRows.statusWord(a, confirmDefs: confirmDefs) }

    var selectionCount: Int {
        if detailPatNum != nil { return 0 }
        switch screen {
        case .schedule: return visibleAppointments.count
        case .patients: return results.count
        case .lists: return visibleListRows.count
        }
    }

    /// Rows of content the current screen has room for (under tabs, title and header; above status and hints).
    public var contentRows: Int { max(1, height - 5) }

    func defNum(named name: String) -> Int? { confirmDefs.first { $0.itemName == name }?.defNum }
}

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
    case .listShared(let kind, let rows, let appts, let from):
        guard kind == state.listKind else { return [] }
        return showList(&state, rows, appts, from: from)
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
        state.message = text
        state.messageIsError = true
        if offline { state.connection = .offline(text) }
        if state.scheduleLoad == .loading { state.scheduleLoad = .failed(text) }
        if state.resultsLoad == .loading { state.resultsLoad = .failed(text) }
        if state.listLoad == .loading {
            state.listLoad = .failed(text)
            // Unreachable: the list as last seen, said to be old.
            if offline, state.listRows.isEmpty, let cached = state.cachedLists[state.listKind] {
                state.listRows = cached.rows
                state.listAppointments = Dictionary(cached.appointments.map { ($0.aptNum, $0) }, uniquingKeysWith: { a, _ in a })
                state.shownListFrom = cached.from
                keepSelection(&state)
            }
        }
        if state.detailLoad == .loading { state.detailLoad = .failed(text) }
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

/// Names for the loaded day: by one short query where the office allows it, else one by one for
/// the visible rows first (also while the permission is not known: it is asked first, so that is rare).
func dayNames(_ s: inout AppState) -> [Effect] {
    // A complete directory in the cache answers without the office.
    if s.directoryComplete { return resolveNames(&s, s.visibleAppointments.map(\.patNum)) }
    switch s.queriesAllowed {
    case true?:
        let missing = s.visibleAppointments.contains { s.patientNames[$0.patNum] == nil }
        guard missing else { return [] }
        if !s.dayNamesRequested.contains(s.day) { return requestDayNames(&s, s.day) }
        // The query is on its way: its answer brings them. Answered already: someone booked
        // since is looked up alone.
        return s.dayNamesAnswered.contains(s.day) ? resolveNames(&s, s.visibleAppointments.map(\.patNum)) : []
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

/// A list on screen: the office's answer (`from` nil) or another dashboard's copy of it.
func showList(_ state: inout AppState, _ rows: [ListRow], _ appts: [Appointment], from: LocalDateTime?) -> [Effect] {
    state.listRows = rows
    state.shownListFrom = from
    state.listAppointments = Dictionary(appts.map { ($0.aptNum, $0) }, uniquingKeysWith: { a, _ in a })
    state.listLoad = .loaded(at: state.clock)
    keepSelection(&state)
    return resolveNames(&state, rows.filter { $0.nameColumn != nil }.map(\.patNum))
}

func applyReference(_ state: inout AppState, _ defs: [Definition], _ providers: [Provider], _ ops: [Operatory]) {
    state.confirmDefs = defs.sorted { ($0.itemOrder ?? 0, $0.defNum) < ($1.itemOrder ?? 0, $1.defNum) }
    state.providerAbbr = Dictionary(providers.map { ($0.provNum, $0.abbr) }, uniquingKeysWith: { a, _ in a })
    state.opAbbr = Dictionary(ops.map { ($0.operatoryNum, $0.abbrev) }, uniquingKeysWith: { a, _ in a })
    state.opClinic = Dictionary(ops.map { ($0.operatoryNum, $0.clinicNum) }, uniquingKeysWith: { a, _ in a })
    state.opOrder = ops.filter { !$0.isHidden }.sorted { ($0.itemOrder, $0.operatoryNum) < ($1.itemOrder, $1.operatoryNum) }.map(\.operatoryNum)
}

/// An answer came back: the office is reachable again, and an "unreachable" message is stale.
func markOnline(_ s: inout AppState) {
    if case .offline = s.connection {
        s.message = "Connected to the office again"
        s.messageIsError = false
    }
    s.connection = .online
}

/// What to reload for the view on screen.
func refreshEffects(_ s: AppState, background: Bool) -> [Effect] {
    if let p = s.detailPatNum { return [.loadDetail(p)] }
    switch s.screen {
    case .schedule: return [.loadDay(s.day)]
    case .patients: return s.query.isEmpty || background ? [] : [.searchPatients(query: s.query, search(for: s.query, hideInactive: s.hideInactive), offset: 0)]
    case .lists: return [.loadList(s.listKind, today: s.now.date)]
    }
}

func handleKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    // Too small: only quit works.
    if s.tooSmall {
        if key == .char("q") || key == .ctrl("c") { s.quitting = true; return [.quit] }
        return []
    }
    if let dialog = s.dialog {
        if key == .escape || key == .char("n") && dialog.choices["n"] == nil { s.dialog = nil; return [] }
        if case .char(let c) = key, let effect = dialog.choices[c] {
            s.dialog = nil
            return start(&s, effect)
        }
        return []
    }
    if s.prompt != nil { return handlePromptKey(&s, key) }
    if s.help {
        // ↑/↓ (j/k) and page keys scroll a help list taller than the screen; any other key closes it.
        switch key {
        case .down, .char("j"): s.helpScroll += 1
        case .up, .char("k"): s.helpScroll = max(0, s.helpScroll - 1)
        case .pageDown, .char(" "): s.helpScroll += max(1, s.height - 6)
        case .pageUp: s.helpScroll = max(0, s.helpScroll - max(1, s.height - 6))
        default:
            s.help = false
            s.helpScroll = 0
        }
        return []
    }
    if key == .escape {
        if !s.filter.isEmpty { s.filter = ""; keepSelection(&s); return [] }
        if s.detailPatNum != nil {
            s.detailPatNum = nil
            s.detail = nil
            return []
        }
        s.message = nil
        return []
    }
    let table = KeyTables.table(for: s.screen, detail: s.detailPatNum != nil, readOnly: s.readOnly)
    guard let action = KeyTables.action(for: key, in: table) else {
        if s.screen == .patients, s.detailPatNum == nil, case .char(let c) = key, c.isLetter || c.isNumber {
            // Typing on the patient screen starts a search with that letter.
            s.prompt = Prompt(purpose: .search, label: "Find patient", text: String(c))
        }
        return []
    }
    return perform(&s, action)
}

func handleClick(_ s: inout AppState, x: Int, y: Int, double: Bool) -> [Effect] {
    guard !s.tooSmall, s.prompt == nil, s.dialog == nil else { return [] }
    if s.help { s.help = false; return [] }
    if y == 0 {
        // The tab bar: " 1 Schedule " " 2 Patients " " 3 Lists ".
        var start = 0
        for screen in ScreenID.allCases {
            let w = screen.title.count + 4
            if x >= start && x < start + w { return perform(&s, [.screenSchedule, .screenPatients, .screenLists][screen.rawValue]) }
            start += w
        }
        return []
    }
    guard s.detailPatNum == nil, !(s.screen == .schedule && s.gridView), y >= 3, y < 3 + s.contentRows else { return [] }
    let index: Int
    switch s.screen {
    case .schedule:
        index = s.scheduleScroll + y - 3
        let ids = s.visibleAppointments.map(\.aptNum)
        guard index < ids.count else { return [] }
        s.scheduleSelection = ids[index]
    case .patients:
        index = s.patientScroll + y - 3
        guard index < s.results.count else { return [] }
        s.patientSelection = s.results[index].patNum
    case .lists:
        index = s.listScroll + y - 3
        let rows = s.visibleListRows
        guard index < rows.count else { return [] }
        s.listSelection = rows[index].id
    }
    return double ? perform(&s, .open) : []
}

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
    case .prevDay, .nextDay, .today:
        s.day = action == .today ? s.now.date : s.day.adding(days: action == .prevDay ? -1 : 1)
        s.appointments = []
        s.dayFrom = nil
        s.scheduleSelection = nil
        s.scheduleScroll = 0
        return markLoading(&s, [.loadDay(s.day)])
    case .gotoDate:
        s.prompt = Prompt(purpose: .date, label: "Go to date (yyyy-mm-dd, m/d, +3, -1)", text: "")
    case .filter:
        s.prompt = Prompt(purpose: .filter, label: "Filter", text: s.filter)
    case .search:
        s.prompt = Prompt(purpose: .search, label: "Find patient", text: s.query)
    case .toggleInactive:
        s.hideInactive.toggle()
        s.message = s.hideInactive ? "Hiding inactive patients" : "Showing inactive patients"
        s.messageIsError = false
        if !s.query.isEmpty { return [.searchPatients(query: s.query, search(for: s.query, hideInactive: s.hideInactive), offset: 0)] }
    case .prevList, .nextList:
        let n = ListKind.allCases.count
        s.listKind = ListKind(rawValue: (s.listKind.rawValue + (action == .nextList ? 1 : n - 1)) % n)!
        s.listRows = []
        s.shownListFrom = nil
        s.listSelection = nil
        s.listScroll = 0
        return markLoading(&s, [.loadList(s.listKind, today: s.now.date)])
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
    case .confirm, .leftMessage, .arrived, .seated, .dismissed, .note, .breakAppt:
        // Said before a note is typed or a question asked, so no typing is lost to a refusal.
        if let why = s.writeRefusal {
            s.message = why
            s.messageIsError = true
            return []
        }
        guard let apt = selectedAppointment(s) else {
            s.message = "Select an appointment first"
            s.messageIsError = true
            return []
        }
        let who = s.name(apt.patNum)
        switch action {
        case .confirm:
            s.undoConfirm = UndoConfirm(aptNum: apt.aptNum, previousDefNum: apt.confirmed, previousName: s.confirmWord(apt))
            return start(&s, .confirm(aptNum: apt.aptNum, .value(.confirmed)))
        case .leftMessage:
            guard let d = s.defNum(named: "Left Msg") else {
                s.message = s.confirmDefs.isEmpty ? "The office's confirmation statuses are still loading; try again in a moment"
                    : "This office has no \"Left Msg\" confirmation status"
                s.messageIsError = true
                return []
            }
            s.undoConfirm = UndoConfirm(aptNum: apt.aptNum, previousDefNum: apt.confirmed, previousName: s.confirmWord(apt))
            return start(&s, .confirm(aptNum: apt.aptNum, .defNum(d)))
        case .arrived: return start(&s, .setTime(aptNum: apt.aptNum, .arrived, s.now.time))
        case .seated: return start(&s, .setTime(aptNum: apt.aptNum, .seated, s.now.time))
        case .dismissed: return start(&s, .setTime(aptNum: apt.aptNum, .dismissed, s.now.time))
        case .note: s.prompt = Prompt(purpose: .note(aptNum: apt.aptNum), label: "Add to note for \(who)", text: "")
        default:
            guard apt.aptStatus == .scheduled else {
                s.message = "Only scheduled appointments can be broken"
                s.messageIsError = true
                return []
            }
            let when = apt.aptDateTime.map { LocalDate.pad($0.time.hour, 2) + ":" + LocalDate.pad($0.time.minute, 2) } ?? ""
            s.dialog = Dialog(title: "Break appointment", lines: [
                "\(who), \(when)", "",
                "m  missed (adds D9986, stays on the schedule as Broken)",
                "c  cancelled (adds D9987, stays as Broken)",
                "u  send to the Unscheduled list",
                "Esc  keep the appointment",
            ], choices: [
                "m": .breakAppointment(aptNum: apt.aptNum, toUnscheduledList: false, .missed),
                "c": .breakAppointment(aptNum: apt.aptNum, toUnscheduledList: false, .cancelled),
                "u": .breakAppointment(aptNum: apt.aptNum, toUnscheduledList: true, nil),
            ])
        }
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
    case .cycleStatus:
        let words = Array(Set(s.listRows.map(\.status).filter { !$0.isEmpty })).sorted()
        s.statusFilter = cycle(words, s.statusFilter)
        s.message = s.statusFilter.map { "Only: \($0)" } ?? "All statuses"
        s.messageIsError = false
        keepSelection(&s)
    case .opsLeft, .opsRight:
        s.gridFirstOp = max(0, min(max(0, s.gridOps.count - 1), s.gridFirstOp + (action == .opsRight ? 1 : -1)))
    case .undo:
        guard let u = s.undoConfirm else {
            s.message = "Nothing to undo (only confirmation changes can be taken back)"
            s.messageIsError = true
            return []
        }
        s.undoConfirm = nil
        let effects = start(&s, .confirm(aptNum: u.aptNum, .defNum(u.previousDefNum)))
        if !effects.isEmpty { s.message = "Undoing: back to \(u.previousName)" }
        return effects
    case .resendWrite:
        guard let p = s.pendingWrite else {
            s.message = "Nothing to send again"
            s.messageIsError = false
            return []
        }
        if p.recheck {
            s.message = "Checking whether the \(WriteCheck.describe(p.effect)) saved…"
            s.messageIsError = false
            return [.verifyWrite(p.effect)]
        }
        s.pendingWrite = nil
        return start(&s, p.effect)
    case .commlog:
        guard let p = s.detailPatNum else { return [] }
        if let why = s.writeRefusal {
            s.message = why
            s.messageIsError = true
            return []
        }
        s.prompt = Prompt(purpose: .commlog(patNum: p), label: "Note a call with \(s.name(p))", text: "")
    }
    return []
}

/// Starts a write: the row shows "saving…" until the answer comes back. Refused while the office
/// is unreachable and the screen shows the cache (the user is told why, nothing is queued).
func start(_ s: inout AppState, _ effect: Effect) -> [Effect] {
    if let why = s.writeRefusal {
        if let apt = WriteCheck.aptNum(effect), s.undoConfirm?.aptNum == apt { s.undoConfirm = nil }
        s.message = why
        s.messageIsError = true
        return []
    }
    switch effect {
    case .confirm(let apt, _), .setTime(let apt, _, _), .appendNote(let apt, _), .breakAppointment(let apt, _, _):
        s.saving[apt] = "saving…"
    default: break
    }
    s.message = "Saving…"
    s.messageIsError = false
    return [effect]
}

func markLoading(_ s: inout AppState, _ effects: [Effect]) -> [Effect] {
    for e in effects {
        switch e {
        case .loadDay: s.scheduleLoad = .loading
        case .searchPatients: s.resultsLoad = .loading
        case .loadList: s.listLoad = .loading
        case .loadDetail: s.detailLoad = .loading
        default: break
        }
    }
    return effects
}

func handlePromptKey(_ s: inout AppState, _ key: Key) -> [Effect] {
    guard var p = s.prompt else { return [] }
    switch key {
    case .escape:
        s.prompt = nil
        if p.purpose == .filter { s.filter = ""; keepSelection(&s) }
        return []
    case .backspace, .delete:
        if !p.text.isEmpty { p.text.removeLast() }
    case .char(let c):
        if p.text.count < 200 { p.text.append(c) }
    case .ctrl("u"):
        p.text = ""
    case .enter:
        s.prompt = nil
        let text = p.text.trimmingCharacters(in: .whitespaces)
        switch p.purpose {
        case .filter:
            s.filter = text
            keepSelection(&s)
        case .search:
            guard !text.isEmpty else { return [] }
            // Already searched during a typing pause: keep those results.
            if text == s.query, s.resultsLoad != .idle { return [] }
            s.query = text
            s.results = []
            s.patientSelection = nil
            s.patientScroll = 0
            return markLoading(&s, [.searchPatients(query: text, search(for: text, hideInactive: s.hideInactive), offset: 0)])
        case .date:
            guard let d = parseDate(text, today: s.now.date, current: s.day) else {
                s.message = "Not a date: \(text)"
                s.messageIsError = true
                return []
            }
            s.day = d
            s.appointments = []
            s.dayFrom = nil
            s.scheduleSelection = nil
            return markLoading(&s, [.loadDay(d)])
        case .note(let apt):
            guard !text.isEmpty else { return [] }
            return start(&s, .appendNote(aptNum: apt, stamp(text, s)))
        case .commlog(let pat):
            guard !text.isEmpty else { return [] }
            return start(&s, .addCommlog(patNum: pat, stamp(text, s)))
        }
        return []
    default:
        break
    }
    s.prompt = p
    if p.purpose == .search {
        s.typingGeneration += 1
        return [.debounce(generation: s.typingGeneration, seconds: 0.35)]
    }
    if p.purpose == .filter {
        // The filter applies as you type.
        s.filter = p.text
        keepSelection(&s)
    }
    return []
}

/// API writes carry no user name: record who did it (digest §8.2).
func stamp(_ text: String, _ s: AppState) -> String {
    s.operatorInitials.isEmpty ? text : "\(text) (\(s.operatorInitials))"
}

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

/// Patients scrolled near the end of what is loaded: fetch the next page.
public func wantsMoreResults(_ s: AppState) -> Effect? {
    guard s.screen == .patients, s.resultsMore, s.resultsLoad != .loading,
          let sel = s.patientSelection, let i = s.results.firstIndex(where: { $0.patNum == sel }),
          i >= s.results.count - 10 else { return nil }
    return .searchPatients(query: s.query, search(for: s.query, hideInactive: s.hideInactive), offset: s.results.count)
}

// MARK: parsing what people type

/// "smith", "smith, jo", "555-1234", "3/14/1980", "1980-03-14", "#1234" (chart number).
public func search(for text: String, hideInactive: Bool) -> PatientSearch {
    let t = text.trimmingCharacters(in: .whitespaces)
    var q = PatientSearch(hideInactive: hideInactive ? true : nil)
    if t.hasPrefix("#") {
        q.chartNumber = String(t.dropFirst())
        return q
    }
    if let d = parseBirthdate(t) {
        q.birthdate = d
        return q
    }
    let digits = t.filter(\.isNumber)
    if digits.count >= 4, t.allSatisfy({ $0.isNumber || "()-. +".contains($0) }) {
        q.phone = digits
        return q
    }
    let parts = t.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
    q.lName = parts[0].isEmpty ? nil : parts[0]
    if parts.count == 2, !parts[1].isEmpty { q.fName = parts[1] }
    return q
}

/// Birthdates as typed: yyyy-mm-dd, m/d/yyyy, m/d/yy, mmddyyyy.
public func parseBirthdate(_ t: String) -> LocalDate? {
    if t.count == 10, t.contains("-"), let d = LocalDate(t) { return d }
    let slash = t.split(separator: "/")
    if slash.count == 3, let m = Int(slash[0]), let d = Int(slash[1]), var y = Int(slash[2]) {
        if slash[2].count == 2 { y += y > 30 ? 1900 : 2000 }
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }
    if t.count == 8, t.allSatisfy(\.isNumber), let m = Int(t.prefix(2)), let d = Int(t.dropFirst(2).prefix(2)), let y = Int(t.suffix(4)),
       (1...12).contains(m), (1...31).contains(d), y > 1900 {
        return LocalDate(year: y, month: m, day: d)
    }
    return nil
}

/// Schedule dates: yyyy-mm-dd, m/d (this year), +N / -N days.
public func parseDate(_ t: String, today: LocalDate, current: LocalDate) -> LocalDate? {
    if let n = Int(t), t.hasPrefix("+") || t.hasPrefix("-") { return current.adding(days: n) }
    if let d = parseBirthdate(t) { return d }
    let slash = t.split(separator: "/")
    if slash.count == 2, let m = Int(slash[0]), let d = Int(slash[1]), (1...12).contains(m), (1...31).contains(d) {
        return LocalDate(year: today.year, month: m, day: d)
    }
    return nil
}
