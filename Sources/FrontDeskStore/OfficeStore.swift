import Foundation
import GRDB
import OpenDentalAPI

/// Which office a cache belongs to: its address and a hash of its customer key (never the key).
public struct OfficeIdentity: Sendable, Equatable {
    public var baseURL: String
    public var keyHash: String

    public init(baseURL: String, customerKey: String) {
        self.baseURL = baseURL
        keyHash = nameHash(baseURL + "\n" + customerKey)
    }

    /// The cache file's name: the same office always maps to the same file, and the name tells
    /// nothing about the key.
    public var fileName: String { "office-" + nameHash(baseURL + "\n" + keyHash) + ".sqlite" }

}

/// One patient of the directory: the fields the screens show, nothing more.
public struct DirectoryPatient: Sendable, Equatable {
    public var patNum: Int
    public var lName: String
    public var fName: String
    public var preferred: String
    public var wirelessPhone: String
    public var hmPhone: String
    public var wkPhone: String
    public var preferConfirmMethod: String
    public var birthdate: String
    public var patStatus: String
    public var dateTStamp: String
    /// What a full patient record adds (the huddle's facts without a query): nil when only the
    /// name is known (a query's row) or the office did not send the field.
    public var guarantor: Int?
    /// The family's balance, on the guarantor's record (0 on the others).
    public var balTotal: Decimal?
    public var premed: Bool?
    /// When (wall seconds) this row was last written from a full record.
    public var seenAt: Double?

    public init(patNum: Int, lName: String, fName: String, preferred: String = "", wirelessPhone: String = "", hmPhone: String = "",
                wkPhone: String = "", preferConfirmMethod: String = "", birthdate: String = "", patStatus: String = "", dateTStamp: String = "") {
        self.patNum = patNum
        self.lName = lName
        self.fName = fName
        self.preferred = preferred
        self.wirelessPhone = wirelessPhone
        self.hmPhone = hmPhone
        self.wkPhone = wkPhone
        self.preferConfirmMethod = preferConfirmMethod
        self.birthdate = birthdate
        self.patStatus = patStatus
        self.dateTStamp = dateTStamp
    }

    /// A full record (`GET /patients/{n}`, a `patients/Simple` row), seen at `seenAt`.
    public init(_ p: Patient, seenAt: Double = Date().timeIntervalSince1970) {
        self.init(patNum: p.patNum, lName: p.lName, fName: p.fName, preferred: p.preferred, wirelessPhone: p.wirelessPhone,
                  hmPhone: p.hmPhone, wkPhone: p.wkPhone, preferConfirmMethod: p.preferConfirmMethod?.rawValue ?? "",
                  birthdate: p.birthdate?.description ?? "", patStatus: p.patStatus.rawValue, dateTStamp: p.dateTStamp?.description ?? "")
        guarantor = p.guarantor
        balTotal = p.balTotalSent ? p.balTotal : nil
        premed = p.premed
        self.seenAt = seenAt
    }

    /// The first phone on file, mobile first.
    public var phone: String { [wirelessPhone, hmPhone, wkPhone].first { !$0.isEmpty } ?? "" }
}

/// A blob saved with its age: reference data, a day's schedule, a list.
public struct Saved: Sendable {
    public var data: Data
    /// Wall-clock seconds since 1970 when it was saved.
    public var savedAt: Double
    /// The process that saved it.
    public var savedBy: Int32
    public var stamp: String
}

public enum StoreError: Error, CustomStringConvertible, Equatable {
    case otherOffice
    case unusable(String)

    public var description: String {
        switch self {
        case .otherOffice: return "the cache file belongs to another office"
        case .unusable(let why): return why
        }
    }
}

/// FrontDeskStore: the local cache of one office (GRDB over SQLite). One file per office in the
/// XDG cache folder (folder 0700, file 0600), WAL so that several dashboards share it. Every
/// method swallows its own failures: the cache only ever saves requests, so a locked, read-only or
/// full file costs speed, never a crash or a write to the office. The first failure is kept in
/// `problem` for the status line (said once).
public final class OfficeStore: Sendable {
    let db: any DatabaseWriter
    public let path: String?
    public let identity: OfficeIdentity
    /// Who saves here: this process (another number only when a test plays two dashboards).
    public let owner: Int32
    private let failure = Mutex<String?>(nil)

    /// Opens (or creates) the office's cache in `directory`. Throws when the file is not a
    /// database, belongs to another office, or cannot be opened: the caller starts without it.
    public static func open(directory: String, identity: OfficeIdentity, owner: Int32 = getpid()) throws -> OfficeStore {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.unusable("cannot create \(directory): \(error.localizedDescription)")
        }
        let path = directory + "/" + identity.fileName
        let fd = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError.unusable("cannot open \(path): \(String(cString: strerror(errno)))") }
        fchmod(fd, 0o600)
        close(fd)
        var config = Configuration()
        config.label = "frontdesk.cache"
        // Another dashboard writing a page of names holds the lock for milliseconds.
        config.busyMode = .timeout(2)
        // A dashboard reads a page of names at a time: two readers and a small page cache each
        // keep a 50,000-patient directory out of memory (it lives in the file).
        config.maximumReaderCount = 2
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -1024") }
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
            let store = OfficeStore(db: pool, path: path, identity: identity, owner: owner)
            try store.claim()
            return store
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError.unusable("\(path) is not a usable cache (\(Self.describe(error)))")
        }
    }

    /// Everything in memory, gone at exit (`--cache memory`, or when the file cannot be used).
    public static func inMemory(identity: OfficeIdentity) -> OfficeStore {
        // An in-memory database cannot fail to open or migrate short of running out of memory.
        let queue = try! DatabaseQueue(configuration: Configuration())
        try! migrator.migrate(queue)
        let store = OfficeStore(db: queue, path: nil, identity: identity, owner: getpid())
        try? store.claim()
        return store
    }

    init(db: any DatabaseWriter, path: String?, identity: OfficeIdentity, owner: Int32) {
        self.owner = owner
        self.db = db
        self.path = path
        self.identity = identity
    }

    /// The first thing that went wrong with the cache, if anything did.
    public var problem: String? { failure.withLock { $0 } }

    static func describe(_ error: Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? "SQLite error \(e.resultCode.rawValue)" }
        return "\(error)"
    }

    private func note(_ error: Error) {
        failure.withLock { if $0 == nil { $0 = "cache: " + Self.describe(error) } }
    }

    private func read<T>(_ body: (Database) throws -> T) -> T? {
        do { return try db.read(body) } catch { note(error); return nil }
    }

    @discardableResult
    private func write(_ body: (Database) throws -> Void) -> Bool {
        do { try db.write(body); return true } catch { note(error); return false }
    }

    // MARK: schema

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE patient(PatNum INTEGER PRIMARY KEY, LName TEXT NOT NULL, FName TEXT NOT NULL, Preferred TEXT NOT NULL,
                    WirelessPhone TEXT NOT NULL, HmPhone TEXT NOT NULL, WkPhone TEXT NOT NULL, PreferConfirmMethod TEXT NOT NULL,
                    Birthdate TEXT NOT NULL, PatStatus TEXT NOT NULL, DateTStamp TEXT NOT NULL);
                CREATE TABLE saved(name TEXT PRIMARY KEY, data BLOB NOT NULL, savedAt REAL NOT NULL, savedBy INTEGER NOT NULL,
                    stamp TEXT NOT NULL);
                """)
        }
        // The huddle's facts from full records (nullable: rows written before, or from names only).
        m.registerMigration("v2") { db in
            try db.execute(sql: """
                ALTER TABLE patient ADD COLUMN Guarantor INTEGER;
                ALTER TABLE patient ADD COLUMN BalTotal TEXT;
                ALTER TABLE patient ADD COLUMN Premed INTEGER;
                ALTER TABLE patient ADD COLUMN SeenAt REAL;
                """)
        }
        return m
    }

    /// Writes this office's identity into a new cache, or refuses a cache made for another office.
    func claim() throws {
        try db.write { db in
            let url = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'baseURL'")
            let key = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'keyHash'")
            if url == nil, key == nil {
                try db.execute(sql: "INSERT INTO meta(name, value) VALUES ('baseURL', ?), ('keyHash', ?), ('created', ?)",
                               arguments: [identity.baseURL, identity.keyHash, String(Date().timeIntervalSince1970)])
            } else if url != identity.baseURL || key != identity.keyHash {
                throw StoreError.otherOffice
            }
        }
    }

    // MARK: marks (sync state)

    public func mark(_ name: String) -> String? {
        read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE name = ?", arguments: ["mark." + name]) } ?? nil
    }

    public func setMark(_ name: String, _ value: String?) {
        write { db in
            if let value {
                try db.execute(sql: "INSERT OR REPLACE INTO meta(name, value) VALUES (?, ?)", arguments: ["mark." + name, value])
            } else {
                try db.execute(sql: "DELETE FROM meta WHERE name = ?", arguments: ["mark." + name])
            }
        }
    }

    /// Takes or keeps the lead of a job every dashboard on this host could do (the directory
    /// crawl): true when nobody else holds it, or their hold is older than `staleAfter` seconds
    /// (a dashboard killed mid-crawl holds nobody up). A cache that cannot be written leads.
    public func lead(_ job: String, staleAfter: Double, now: Double = Date().timeIntervalSince1970) -> Bool {
        var mine = true
        let ok = write { db in
            let name = "lead." + job
            if let v = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE name = ?", arguments: [name]) {
                let parts = v.split(separator: " ")
                let holder = parts.first.flatMap { Int32($0) } ?? 0
                let at = parts.count > 1 ? Double(parts[1]) ?? 0 : 0
                if holder != owner, now - at >= 0, now - at < staleAfter {
                    mine = false
                    return
                }
            }
            try db.execute(sql: "INSERT OR REPLACE INTO meta(name, value) VALUES (?, ?)", arguments: [name, "\(owner) \(now)"])
        }
        return mine || !ok
    }

    /// Gives up the lead (when the job is done).
    public func release(_ job: String) {
        write { db in
            try db.execute(sql: "DELETE FROM meta WHERE name = ? AND value LIKE ?", arguments: ["lead." + job, "\(owner) %"])
        }
    }

    // MARK: the patient directory

    /// Adds or replaces directory rows, and sets marks in the same transaction (a crawl's page and
    /// its offset land together, so a crawl resumes exactly where it stopped).
    @discardableResult
    public func upsert(_ patients: [DirectoryPatient], marks: [String: String] = [:]) -> Bool {
        write { db in
            let st = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO patient(PatNum, LName, FName, Preferred, WirelessPhone, HmPhone, WkPhone, PreferConfirmMethod,
                    Birthdate, PatStatus, DateTStamp, Guarantor, BalTotal, Premed, SeenAt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                """)
            for p in patients {
                // The balance as the office wrote it ("111.9"): a Double would round cents.
                try st.execute(arguments: [p.patNum, p.lName, p.fName, p.preferred, p.wirelessPhone, p.hmPhone, p.wkPhone,
                                           p.preferConfirmMethod, p.birthdate, p.patStatus, p.dateTStamp, p.guarantor,
                                           p.balTotal.map { "\($0)" }, p.premed, p.seenAt])
            }
            for (k, v) in marks {
                try db.execute(sql: "INSERT OR REPLACE INTO meta(name, value) VALUES (?, ?)", arguments: ["mark." + k, v])
            }
        }
    }

    /// Names only (from a short query): keeps the phones and other fields already known.
    public func upsertNames(_ names: [(patNum: Int, lName: String, fName: String, preferred: String)]) {
        write { db in
            let st = try db.cachedStatement(sql: """
                INSERT INTO patient(PatNum, LName, FName, Preferred, WirelessPhone, HmPhone, WkPhone, PreferConfirmMethod, Birthdate,
                    PatStatus, DateTStamp) VALUES (?,?,?,?,'','','','','','','')
                ON CONFLICT(PatNum) DO UPDATE SET LName = excluded.LName, FName = excluded.FName, Preferred = excluded.Preferred
                """)
            for n in names { try st.execute(arguments: [n.patNum, n.lName, n.fName, n.preferred]) }
        }
    }

    public func patients(_ patNums: [Int]) -> [Int: DirectoryPatient] {
        guard !patNums.isEmpty else { return [:] }
        return read { db in
            var out: [Int: DirectoryPatient] = [:]
            // SQLite's default limit on variables is far above this chunk.
            for chunk in stride(from: 0, to: patNums.count, by: 500).map({ Array(patNums[$0..<min($0 + 500, patNums.count)]) }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for r in try Row.fetchAll(db, sql: "SELECT * FROM patient WHERE PatNum IN (\(marks))", arguments: StatementArguments(chunk)) {
                    var p = DirectoryPatient(patNum: r["PatNum"], lName: r["LName"], fName: r["FName"], preferred: r["Preferred"],
                                             wirelessPhone: r["WirelessPhone"], hmPhone: r["HmPhone"], wkPhone: r["WkPhone"],
                                             preferConfirmMethod: r["PreferConfirmMethod"], birthdate: r["Birthdate"],
                                             patStatus: r["PatStatus"], dateTStamp: r["DateTStamp"])
                    p.guarantor = r["Guarantor"]
                    p.balTotal = (r["BalTotal"] as String?).flatMap { Decimal(string: $0) }
                    p.premed = r["Premed"]
                    p.seenAt = r["SeenAt"]
                    out[p.patNum] = p
                }
            }
            return out
        } ?? [:]
    }

    public var patientCount: Int { read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM patient") ?? 0 } ?? 0 }

    // MARK: saved blobs: reference data, days, lists

    public func saved(_ name: String) -> Saved? {
        read { db in
            try Row.fetchOne(db, sql: "SELECT data, savedAt, savedBy, stamp FROM saved WHERE name = ?", arguments: [name]).map {
                Saved(data: $0["data"], savedAt: $0["savedAt"], savedBy: $0["savedBy"], stamp: $0["stamp"])
            }
        } ?? nil
    }

    public func save(_ name: String, _ data: Data, stamp: String = "") {
        write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO saved(name, data, savedAt, savedBy, stamp) VALUES (?,?,?,?,?)",
                           arguments: [name, data, Date().timeIntervalSince1970, owner, stamp])
        }
    }

    /// Forgets saved blobs whose name starts with `prefix` (after a write, every dashboard reads again).
    public func forget(prefix: String) {
        write { try $0.execute(sql: "DELETE FROM saved WHERE substr(name, 1, ?) = ?", arguments: [prefix.count, prefix]) }
    }

    // MARK: housekeeping

    public struct Info: Sendable {
        public var path: String?
        public var bytes: Int
        public var patients: Int
        public var saved: Int
        public var newest: Double?
        public var created: Double?
    }

    public var info: Info {
        var bytes = 0
        if let path {
            for suffix in ["", "-wal", "-shm"] {
                bytes += ((try? FileManager.default.attributesOfItem(atPath: path + suffix))?[.size] as? Int) ?? 0
            }
        }
        let (n, newest, created) = read { db -> (Int, Double?, Double?) in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM saved") ?? 0,
             try Double.fetchOne(db, sql: "SELECT MAX(savedAt) FROM saved"),
             try String.fetchOne(db, sql: "SELECT value FROM meta WHERE name = 'created'").flatMap(Double.init))
        } ?? (0, nil, nil)
        return Info(path: path, bytes: bytes, patients: patientCount, saved: n, newest: newest, created: created)
    }

    /// Forgets the saved sets whose names start with `prefix` (a search's facts, say).
    public func clear(prefix: String) {
        write { db in
            try db.execute(sql: "DELETE FROM saved WHERE substr(name, 1, ?) = ?", arguments: [prefix.count, prefix])
        }
    }

    /// Empties the cache (the identity stays).
    public func clear() {
        write { db in
            try db.execute(sql: "DELETE FROM patient; DELETE FROM saved; DELETE FROM meta WHERE name LIKE 'mark.%'")
        }
    }
}

/// A value behind a lock (Synchronization's Mutex needs macOS 15; this target supports 14).
final class Mutex<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
