import Foundation
import OpenDentalAPI

/// What the local cache held for this office when the dashboard started.
public struct CacheSnapshot: Equatable, Sendable {
    /// Reference data, with whether it is young enough not to be asked for again.
    public var confirmDefs: [Definition]?
    public var providers: [Provider] = []
    public var operatories: [Operatory] = []
    public var referenceFresh = false
    /// The statuses the office links to the arrival, seating and dismissal times.
    public var triggers: CheckInTriggers?
    /// May this key run short queries (as the office last said).
    public var queriesAllowed: Bool?
    /// The start day's schedule as last seen, and when (the office's wall clock as this host reads it).
    public var day: [Appointment]?
    public var dayFrom: LocalDateTime?
    /// Names of the patients on that day.
    public var names: [Int: String] = [:]
    /// The whole directory is in the cache: names come from it, not from the office.
    public var directoryComplete = false
    /// Lists as last seen, shown only while the office cannot be reached.
    public var lists: [ListKind: CachedList] = [:]

    public init() {}
}

/// A list as last seen: what the office answered (the rows are built from it when shown).
public struct CachedList: Equatable, Sendable, Codable {
    public var source: ListSource
    public var from: LocalDateTime?

    public init(source: ListSource, from: LocalDateTime? = nil) {
        self.source = source
        self.from = from
    }
}

/// What a list row needs to know about a patient: name, a phone, how they like to be reached.
public struct ContactCard: Equatable, Sendable, Codable {
    public var name: String
    public var phone: String
    public var confirmMethod: String

    public init(name: String, phone: String, confirmMethod: String) {
        self.name = name
        self.phone = phone
        self.confirmMethod = confirmMethod
    }
}

extension AppState {
    /// "08:14", or "Mon 11/30 08:14" when the data is from another day.
    public func dataAge(_ from: LocalDateTime) -> String {
        let hm = LocalDate.pad(from.time.hour, 2) + ":" + LocalDate.pad(from.time.minute, 2)
        return from.date == now.date ? hm : "\(from.date.month)/\(from.date.day) \(hm)"
    }

    /// The reason every write is refused while the office cannot be reached and the screen shows
    /// the cache (whose age the status line gives); nil when writes may go. Short: it shares the
    /// status line with "OFFICE UNREACHABLE" and "data from 08:14" at 80 columns.
    public var writeRefusal: String? {
        if bulk != nil { return "Wait: \(bulk?.verb.lowercased() ?? "saving") marked rows (Esc stops it)" }
        guard case .offline = connection, schedule.from ?? lists.from != nil else { return nil }
        return "Cannot save: office unreachable"
    }
}

/// Applies what the cache held, before any request.
func applyCache(_ s: inout AppState, _ c: CacheSnapshot) {
    if let defs = c.confirmDefs {
        applyReference(&s, defs, c.providers, c.operatories)
    }
    s.checkInTriggers = c.triggers ?? s.checkInTriggers
    s.queriesAllowed = c.queriesAllowed
    s.directoryComplete = c.directoryComplete
    s.patientNames.merge(c.names) { have, _ in have }
    _ = ListsScreen.send(&s, .restored(c.lists))
    if let appts = c.day { _ = ScheduleScreen.send(&s, .restored(appts, from: c.dayFrom)) }
}

/// The requests a start makes, given what the cache held: on a warm start only the day and the
/// directory's changes; on a cold one the permission, the day, and reference data behind them.
public func startEffects(_ s: inout AppState, cache: CacheSnapshot?) -> [Effect] {
    if let cache { applyCache(&s, cache) }
    var effects: [Effect] = []
    if s.queriesAllowed == nil { effects.append(.loadPermissions) }
    if s.confirmDefs.isEmpty || cache?.referenceFresh != true { effects.append(.loadReference) }
    if !s.confirmDefs.isEmpty, !s.directoryCrawlStarted {
        // The crawl (or, with a complete directory, one request for what changed) needs no reference data.
        s.directoryCrawlStarted = true
        effects.append(.crawlDirectory)
    }
    ScheduleScreen.startLoading(&s)
    effects.append(.loadDay(s.schedule.day))
    // Today's schedules, behind everything on screen: open time on the Offices row and in the
    // huddle, free time on the schedule (shared by the host's dashboards for a quarter hour).
    effects.append(.loadDaySchedules(s.now.date, background: true))
    // Names by one query need not wait for the day, nor (when known) for the permission; with the
    // day and its names in the cache, only names still missing once the day is read are asked for.
    if s.queriesAllowed == true, !s.directoryComplete, cache?.day == nil { effects += requestDayNames(&s, s.schedule.day) }
    return effects
}
