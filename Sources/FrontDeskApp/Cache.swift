import Foundation
import FrontDeskCore
import FrontDeskStore
import OpenDentalAPI

/// How the runtime reads and writes the local cache: names of saved blobs, their format (Open
/// Dental's own JSON, read back by the client's decoder), and what a start finds there.
enum CacheKeys {
    static let reference = "reference"
    /// Appointment types and blockout types, for booking.
    static let scheduling = "scheduling"
    /// Procedure codes' time patterns read so far (CodeNum -> ProcTime).
    static let procedurePatterns = "procedure-patterns"
    static func day(_ d: LocalDate) -> String { "day.\(d)" }
    static func schedules(_ d: LocalDate) -> String { "schedules.\(d)" }
    static func list(_ k: ListKind) -> String { "list.\(k.rawValue)" }
    /// The opening finder's facts for one provider and range.
    static func openings(provNum: Int, from: LocalDate, days: Int) -> String { "openings.\(provNum).\(from).\(days)" }
    /// Marks.
    static let queries = "queries"
    static let lastWrite = "lastWrite"
    /// The last write that could take a row out of a cached set (a move, a break): the next
    /// read of any cached set is whole.
    static let lastMove = "lastMove"
    static let directoryOffset = "directory.offset"
    static let directoryStarted = "directory.started"
    static let directoryComplete = "directory.complete"
    static let directoryStamp = "directory.stamp"
    static let directoryTotal = "directory.total"
    /// Wall-clock seconds of the last crawl end or sync, by any dashboard.
    static let directorySynced = "directory.synced"
    /// When the set saved under a key was last read whole.
    static func fullRead(_ key: String) -> String { "fullRead.\(key)" }
    /// The appointments behind a list, as read (the list's rows are built from them).
    static func listSource(_ k: ListKind, _ part: String) -> String { "src.\(k.rawValue).\(part)" }
}

/// Reference data as saved.
struct ReferenceBlob: Codable {
    var confirmDefs: [Definition]
    var providers: [Provider]
    var operatories: [Operatory]
    /// The statuses the office links to check-in times; nil in sets saved before they were read.
    var triggers: CheckInTriggers?
}

enum CacheFormat {
    static func encode<T: Encodable>(_ value: T) -> Data? { try? JSONEncoder().encode(value) }
    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) -> T? { try? JSONDecoder().decode(type, from: data) }
}

/// Reference data younger than this is not asked for again at start.
let referenceFreshSeconds: Double = 12 * 3600
/// The visible day is read whole at least this often: deletions never show in a `DateTStamp` poll.
let fullReadSeconds: Double = 300
/// Providers' hours change rarely within a day: a day's schedules read this recently are used
/// again (the huddle's open time, the Offices rows, free time) instead of read again.
let schedulesReuseSeconds: Double = 900
/// A day's schedules are read with this many days after it (one request for the four).
let schedulesAhead = 3

extension LocalDateTime {
    /// This host's wall clock at `epoch` seconds (local time, as Open Dental keeps it).
    public static func local(epoch: Double) -> LocalDateTime {
        var t = time_t(epoch)
        var parts = tm()
        localtime_r(&t, &parts)
        return LocalDateTime(date: LocalDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday)),
                             time: LocalTime(hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec)))
    }
}

extension OfficeIdentity {
    /// The identity of the office this client talks to.
    public init(_ client: OpenDentalClient) {
        self.init(baseURL: client.configuration.baseURL.absoluteString, customerKey: client.configuration.credentials.customerKey)
    }
}

public enum CacheLoader {
    /// What the cache holds for a start on `day`; nothing is asked of the office.
    public static func snapshot(_ store: OfficeStore, day: LocalDate, now: Double = Date().timeIntervalSince1970) -> CacheSnapshot {
        var snap = CacheSnapshot()
        if let saved = store.saved(CacheKeys.reference), let ref = CacheFormat.decode(ReferenceBlob.self, saved.data) {
            snap.confirmDefs = ref.confirmDefs
            snap.providers = ref.providers
            snap.operatories = ref.operatories
            snap.triggers = ref.triggers
            snap.referenceFresh = now - saved.savedAt >= 0 && now - saved.savedAt < referenceFreshSeconds
        }
        snap.queriesAllowed = store.mark(CacheKeys.queries).map { $0 == "1" }
        snap.directoryComplete = store.mark(CacheKeys.directoryComplete) == "1"
        if let saved = store.saved(CacheKeys.day(day)), let appts = CacheFormat.decode([Appointment].self, saved.data) {
            snap.day = appts
            snap.dayFrom = .local(epoch: saved.savedAt)
            snap.names = store.patients(appts.map(\.patNum)).mapValues { personName($0.lName, $0.fName) }
        }
        for kind in ListKind.allCases {
            if let saved = store.saved(CacheKeys.list(kind)), let source = CacheFormat.decode(ListSource.self, saved.data) {
                snap.lists[kind] = CachedList(source: source, from: .local(epoch: saved.savedAt))
                let names = store.patients(source.patNums).mapValues { personName($0.lName, $0.fName) }
                snap.names.merge(names) { a, _ in a }
            }
        }
        return snap
    }
}

extension EffectRunner {
    /// The day's schedule with as few requests as possible: another dashboard's copy younger than
    /// `reuseSeconds` (and no write since) costs none; within `fullReadSeconds` of a whole read,
    /// only what changed (`DateTStamp`); otherwise the whole day. What comes back is saved.
    func loadDay(_ day: LocalDate) async throws -> Msg {
        let key = CacheKeys.day(day)
        if let (shared, from) = reusable(key, [Appointment].self) { return .dayShared(day, shared, from: from) }
        return .dayLoaded(day, try await appointments(AppointmentFilter(date: day), savedAs: key, tag: "day"))
    }

    /// A day's schedules (providers' hours, blockouts): a copy any dashboard on the host read less
    /// than `schedulesReuseSeconds` ago (and no write since) costs none; what is read is saved.
    /// Read, a day comes with the `schedulesAhead` days after it in the same request (a practice
    /// has some 18 rows a day: four days fit one page), each saved as its own day, so the huddle of
    /// tomorrow or the free time of the day after costs no request of its own.
    func daySchedules(_ day: LocalDate, priority: RequestPriority) async throws -> (schedules: [Schedule], shared: Bool) {
        let key = CacheKeys.schedules(day)
        if let (cached, _) = reusable(key, [Schedule].self, includingOwn: true, within: schedulesReuseSeconds, writesChangeIt: false) {
            return (cached, true)
        }
        let last = day.adding(days: schedulesAhead)
        let rows = try await client.collectAll(Endpoints.schedules(dateStart: day, dateEnd: last), priority: priority, tag: "schedules")
        var mine: [Schedule] = []
        for offset in 0...schedulesAhead {
            let d = day.adding(days: offset)
            let those = rows.filter { $0.schedDate == d }
            if d == day { mine = those }
            if let data = CacheFormat.encode(those) { store.save(CacheKeys.schedules(d), data) }
        }
        return (mine, false)
    }

    /// The appointments a filter selects, read whole at least every `fullReadSeconds` and in
    /// between only what changed since the last answer's server clock (`DateTStamp`), merged
    /// into the copy saved under `key`. Rows that left the filter (moved, deleted, another
    /// status) stay until the next whole read: `DateTStamp` never shows them.
    func appointments(_ filter: AppointmentFilter, savedAs key: String, tag: String? = nil) async throws -> [Appointment] {
        let now = Self.wall()
        let full = store.mark(CacheKeys.fullRead(key)).flatMap(Double.init)
        // A move or a break by any dashboard may have taken a row out of the filter, where a
        // read of what changed cannot see it: read whole after one. Any other write's row comes
        // back in the read of what changed (its DateTStamp moved).
        let lastMove = store.mark(CacheKeys.lastMove).flatMap(Double.init) ?? 0
        if let saved = store.saved(key), let cached = CacheFormat.decode([Appointment].self, saved.data), let since = LocalDateTime(saved.stamp),
           let full, full > lastMove, now - full >= 0, now - full < fullReadSeconds {
            var changedOnly = filter
            // One second of overlap: Open Dental's "after" may or may not include the same second.
            changedOnly.dateTStamp = since.adding(seconds: -1)
            let changed = try await client.collectAll(Endpoints.appointments(changedOnly), priority: .visible, tag: tag)
            var byNum = Dictionary(cached.map { ($0.aptNum, $0) }, uniquingKeysWith: { a, _ in a })
            for a in changed { byNum[a.aptNum] = a }
            let merged = byNum.values.sorted { ($0.sortTime, $0.aptNum) < ($1.sortTime, $1.aptNum) }
            save(key, merged, stamp: changed.compactMap(\.serverDateTime).max() ?? since)
            return merged
        }
        let appts = try await client.collectAll(Endpoints.appointments(filter), priority: .visible, tag: tag)
        if let stamp = appts.compactMap(\.serverDateTime).max() {
            save(key, appts, stamp: stamp)
            store.setMark(CacheKeys.fullRead(key), String(now))
        } else {
            // Nothing selected carries no server clock: saved, but the next read is whole again.
            if let data = CacheFormat.encode(appts) { store.save(key, data) }
            store.setMark(CacheKeys.fullRead(key), nil)
        }
        return appts
    }

    /// Another dashboard's copy (or, with `includingOwn`, this one's too), saved less than
    /// `reuseSeconds` ago and after the last write any dashboard made: the same answer the office
    /// would give, for no request.
    /// `within` widens the age (a copy this dashboard's own refresh keeps, taken by another of its
    /// screens); `writesChangeIt` false for what no write of this app changes (schedules).
    func reusable<T: Decodable>(_ key: String, _ type: T.Type, includingOwn: Bool = false, within: Double? = nil,
                                writesChangeIt: Bool = true) -> (T, from: LocalDateTime)? {
        guard let saved = store.saved(key), includingOwn || saved.savedBy != store.owner else { return nil }
        let age = Self.wall() - saved.savedAt
        let lastWrite = writesChangeIt ? store.mark(CacheKeys.lastWrite).flatMap(Double.init) ?? 0 : 0
        guard age >= 0, age < (within ?? reuseSeconds), saved.savedAt > lastWrite, let value = CacheFormat.decode(type, saved.data) else { return nil }
        logger.info("\(key.prefix { $0 != "." }) reused from \(saved.savedBy == store.owner ? "this" : "another") dashboard (\(Int(age)) s old)")
        return (value, .local(epoch: saved.savedAt))
    }

    private func save(_ key: String, _ appts: [Appointment], stamp: LocalDateTime) {
        if let data = CacheFormat.encode(appts) { store.save(key, data, stamp: stamp.description) }
    }

    /// The patient directory into the cache. Cold: the whole `patients/Simple` list page by page at
    /// background priority (a keypress and the visible rows go first), each page saved with its
    /// offset so a restart resumes where this stopped, progress on the status line. Warm (complete):
    /// one `DateTStamp` request for what changed since the last crawl or sync. One dashboard on the
    /// host does it (the lead, in the cache); the others wait for its result instead of asking too.
    func directory() async throws {
        while true {
            if store.mark(CacheKeys.directoryComplete) == "1" {
                let synced = store.mark(CacheKeys.directorySynced).flatMap(Double.init) ?? 0
                let age = Self.wall() - synced
                if age >= 0, age < reuseSeconds { return } // another dashboard just did
            }
            if store.lead("directory", staleAfter: 90) { break }
            inbox.post(.directoryProgress(DirectoryProgress(count: store.patientCount, total: store.mark(CacheKeys.directoryTotal).flatMap(Int.init))))
            try await Task.sleep(nanoseconds: 5_000_000_000)
        }
        defer { store.release("directory") }
        if store.mark(CacheKeys.directoryComplete) == "1", let stamp = store.mark(CacheKeys.directoryStamp).flatMap(LocalDateTime.init) {
            try await syncDirectory(since: stamp)
        } else {
            try await crawlDirectory()
        }
    }

    /// What changed since `stamp`, into the directory. In the background an unreachable office is
    /// waited for; asked for on screen (`retry` false), its failure is the caller's.
    func syncDirectory(since stamp: LocalDateTime, priority: RequestPriority = .background, retry: Bool = true) async throws {
        while true {
            do {
                let pager = Pager(client: client, request: Endpoints.patientsSimple(PatientSimpleFilter(dateTStamp: stamp.adding(seconds: -1))),
                                  priority: priority, tag: "directory", keepsRows: false)
                var newest = stamp
                var changed = 0
                while let page = try await pager.next() {
                    store.upsert(page.rows.map { DirectoryPatient($0, seenAt: Self.wall()) })
                    changed += page.rows.count
                    newest = max(newest, page.rows.compactMap(\.serverDateTime).max() ?? newest)
                }
                store.upsert([], marks: [CacheKeys.directoryStamp: newest.description, CacheKeys.directorySynced: String(Self.wall())])
                logger.info("patient directory: \(changed) changed since the last sync")
                return
            } catch let e as OpenDentalError where e.isOfficeUnreachable && retry {
                inbox.post(failure(e, .crawlDirectory))
                try await Task.sleep(nanoseconds: 30_000_000_000)
            }
        }
    }

    private func crawlDirectory() async throws {
        var total = store.mark(CacheKeys.directoryTotal).flatMap(Int.init)
        if total == nil, store.mark(CacheKeys.queries) == "1",
           let rows = try? await client.shortQueryAll("SELECT COUNT(*) AS n FROM patient", priority: .background, tag: "directory"),
           let n = rows.first?.int("n") {
            total = n
            store.setMark(CacheKeys.directoryTotal, String(n))
        }
        inbox.post(.directoryProgress(DirectoryProgress(count: store.patientCount, total: total)))
        var pager = Pager(client: client, request: Endpoints.patientsSimple(), priority: .background, tag: "directory",
                          startOffset: store.mark(CacheKeys.directoryOffset).flatMap(Int.init) ?? 0, keepsRows: false)
        while !pager.isFinished {
            // Another dashboard that led before this one took over may have gone further.
            if let saved = store.mark(CacheKeys.directoryOffset).flatMap(Int.init), saved > pager.nextOffset {
                pager = Pager(client: client, request: Endpoints.patientsSimple(), priority: .background, tag: "directory",
                              startOffset: saved, keepsRows: false)
            }
            do {
                guard let page = try await pager.next() else { break }
                var marks = [CacheKeys.directoryOffset: String(pager.nextOffset)]
                // Changes made during the crawl are asked for by the first sync after it.
                if store.mark(CacheKeys.directoryStarted) == nil, let s = page.rows.compactMap(\.serverDateTime).min() {
                    marks[CacheKeys.directoryStarted] = s.description
                }
                if !store.upsert(page.rows.map { DirectoryPatient($0, seenAt: Self.wall()) }, marks: marks) {
                    logger.warning("patient directory: the cache refused a page; names stay in memory only")
                    inbox.post(.patientsResolved(Dictionary(page.rows.map { ($0.patNum, personName($0.lName, $0.fName)) },
                                                            uniquingKeysWith: { a, _ in a })))
                }
                _ = store.lead("directory", staleAfter: 90)
                inbox.post(.directoryProgress(DirectoryProgress(count: store.patientCount, total: total)))
            } catch let e as CancellationError {
                throw e
            } catch {
                logger.info("patient directory paused at offset \(pager.nextOffset); retrying in 30 s")
                // An office that is not there is said at once, not at the next refresh (the
                // status line said "online" for half a minute after the office went away).
                if let e = error as? OpenDentalError, e.isOfficeUnreachable { inbox.post(failure(e, .crawlDirectory)) }
                try await Task.sleep(nanoseconds: 30_000_000_000)
            }
        }
        let started = store.mark(CacheKeys.directoryStarted) ?? LocalDateTime.local(epoch: Self.wall()).description
        store.upsert([], marks: [CacheKeys.directoryStamp: started, CacheKeys.directoryComplete: "1",
                                 CacheKeys.directorySynced: String(Self.wall())])
        store.setMark(CacheKeys.directoryOffset, nil)
        store.setMark(CacheKeys.directoryStarted, nil)
        logger.info("patient directory complete")
    }
}

public enum CacheLocation {
    /// `$XDG_CACHE_HOME/frontdesk`, or `~/.cache/frontdesk`: the office caches and request ledgers.
    public static func directory(environment env: [String: String]) -> String {
        let base = env["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? (env["HOME"] ?? NSHomeDirectory()) + "/.cache"
        return base + "/frontdesk"
    }
}
