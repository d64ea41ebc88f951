import Foundation
@testable import FrontDeskApp
import FrontDeskCore
@testable import FrontDeskStore
import GRDB
import OpenDentalAPI
import OpenDentalSandbox
import TestSupport
import Testing

func temporaryFolder(_ name: String) -> String {
    NSTemporaryDirectory() + "fd-\(name)-\(UUID().uuidString)"
}

/// A copy of a cache as it stands: WAL mode keeps recent writes in the -wal file beside it.
func copyCache(_ from: String, to: String) throws {
    try FileManager.default.copyItem(atPath: from, toPath: to)
    if FileManager.default.fileExists(atPath: from + "-wal") { try FileManager.default.copyItem(atPath: from + "-wal", toPath: to + "-wal") }
}

/// The cache file itself: what it keeps, whose it is, and what it does when it cannot be used.
@Suite struct OfficeStoreTests {
    let office = OfficeIdentity(baseURL: "https://api.opendental.com/api/v1", customerKey: "CustomerKey12345")

    @Test func itKeepsEverythingAcrossRestartsInPrivateFiles() throws {
        let dir = temporaryFolder("store")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let store = try OfficeStore.open(directory: dir, identity: office)
            #expect(store.upsert([DirectoryPatient(patNum: 7, lName: "Lopez", fName: "Ana", wirelessPhone: "555-0101", dateTStamp: "2026-11-30 08:00:00")],
                                 marks: ["directory.offset": "100"]))
            store.save("day.2026-11-30", Data("[]".utf8), stamp: "2026-11-30 08:00:00")
            store.setMark("queries", "1")
            #expect(store.problem == nil)
        }
        let again = try OfficeStore.open(directory: dir, identity: office)
        #expect(again.patients([7, 8]) == [7: DirectoryPatient(patNum: 7, lName: "Lopez", fName: "Ana", wirelessPhone: "555-0101",
                                                                 dateTStamp: "2026-11-30 08:00:00")])
        #expect(again.mark("directory.offset") == "100")
        #expect(again.mark("queries") == "1")
        #expect(again.saved("day.2026-11-30")?.stamp == "2026-11-30 08:00:00")
        // Names only (a short query) keep the phone already known.
        again.upsertNames([(7, "Lopez-Diaz", "Ana", "")])
        #expect(again.patients([7])[7]?.wirelessPhone == "555-0101")
        #expect(again.patients([7])[7]?.lName == "Lopez-Diaz")

        let path = try #require(again.path)
        #expect(!path.contains("CustomerKey12345"))
        let fileMode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        let dirMode = try #require(try FileManager.default.attributesOfItem(atPath: dir)[.posixPermissions] as? Int)
        #expect(fileMode & 0o777 == 0o600)
        #expect(dirMode & 0o777 == 0o700)
        // Another office never shares the file name, and the key is not in the file.
        let other = OfficeIdentity(baseURL: office.baseURL, customerKey: "AnotherKey123456")
        #expect(other.fileName != office.fileName)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.range(of: Data("CustomerKey12345".utf8)) == nil)
    }

    @Test func aCacheMadeForAnotherOfficeIsNeverRead() throws {
        let dir = temporaryFolder("store")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let mine = try OfficeStore.open(directory: dir, identity: office)
        mine.upsert([DirectoryPatient(patNum: 1, lName: "Secret", fName: "Name")])
        let other = OfficeIdentity(baseURL: "https://other.example/api/v1", customerKey: "OtherKey12345678")
        // Someone copies (or a bug points) this office's file to the other office's name.
        try copyCache(dir + "/" + office.fileName, to: dir + "/" + other.fileName)
        #expect(throws: StoreError.otherOffice) { try OfficeStore.open(directory: dir, identity: other) }
    }

    @Test func aCorruptFileIsRefusedWithAReasonNotACrash() throws {
        let dir = temporaryFolder("store")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(repeating: 0x5a, count: 8192).write(to: URL(fileURLWithPath: dir + "/" + office.fileName))
        do {
            _ = try OfficeStore.open(directory: dir, identity: office)
            Issue.record("a file of garbage opened as a cache")
        } catch let e as StoreError {
            #expect("\(e)".contains("not a usable cache"), "\(e)")
        }
    }

    @Test func aFullDiskCostsTheCacheNotTheDashboard() throws {
        let dir = temporaryFolder("store")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try OfficeStore.open(directory: dir, identity: office)
        // SQLite's own "database or disk is full", without filling a disk.
        try store.db.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 1
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        let many = (1...5000).map { DirectoryPatient(patNum: $0, lName: String(repeating: "L", count: 40), fName: "F") }
        #expect(!store.upsert(many))
        #expect(store.problem?.contains("full") == true, "\(store.problem ?? "no problem")")
        // Reads still answer, and what was there before is intact.
        #expect(store.patients([1]).isEmpty)
    }

    /// Another program holds the file's write lock for longer than the 2 s the store waits.
    @Test func aLockedFileCostsTheCacheNotTheDashboard() async throws {
        let dir = temporaryFolder("store")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try OfficeStore.open(directory: dir, identity: office)
        let path = try #require(store.path)
        let holder = try DatabaseQueue(path: path)
        let result = await offThread { () -> (Bool, String?) in
            (try? holder.inDatabase { db -> (Bool, String?) in
                try db.execute(sql: "BEGIN EXCLUSIVE")
                defer { try? db.execute(sql: "ROLLBACK") }
                let saved = store.upsert([DirectoryPatient(patNum: 9, lName: "Kept", fName: "Out")])
                return (saved, store.problem)
            }) ?? (true, nil)
        }
        #expect(result.0 == false)
        #expect(result.1?.contains("locked") == true, "\(result.1 ?? "no problem")")
        // Once the lock is gone, the cache works again.
        #expect(store.upsert([DirectoryPatient(patNum: 9, lName: "Back", fName: "In")]))
    }

    @Test func clearEmptiesButKeepsTheOwner() throws {
        let dir = temporaryFolder("store")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try OfficeStore.open(directory: dir, identity: office)
        store.upsert([DirectoryPatient(patNum: 1, lName: "A", fName: "B")], marks: ["directory.complete": "1"])
        store.save("reference", Data("{}".utf8))
        store.clear()
        #expect(store.info.patients == 0 && store.info.saved == 0)
        #expect(store.mark("directory.complete") == nil)
        // Still this office's: a copy under another office's name is refused.
        let other = OfficeIdentity(baseURL: "https://other.example/api/v1", customerKey: "OtherKey12345678")
        try copyCache(dir + "/" + office.fileName, to: dir + "/" + other.fileName)
        #expect(throws: StoreError.otherOffice) { try OfficeStore.open(directory: dir, identity: other) }
    }
}

/// Models written to the cache read back identical through the client's own decoder.
@Suite struct WireEncodingTests {
    @Test func appointmentsAndReferenceDataRoundTrip() async throws {
        let s = try await SandboxServer.start({ var o = SandboxOptions(); o.port = 0; o.patients = 120; return o }())
        defer { Task { await s.stop() } }
        let c = OpenDentalClient(configuration: ClientConfiguration(
            baseURL: s.baseURL, credentials: Credentials(developerKey: s.developerKey, customerKey: s.customerKey), mode: .local))
        let appts = try await c.collectAll(Endpoints.appointments(AppointmentFilter(dateStart: LocalDate(year: 2000, month: 1, day: 1),
                                                                                    dateEnd: LocalDate(year: 2100, month: 1, day: 1))))
        #expect(appts.count > 20)
        let back = try JSONDecoder().decode([Appointment].self, from: JSONEncoder().encode(appts))
        #expect(back == appts)
        let defs = try await c.collectAll(Endpoints.definitions(category: 2))
        #expect(try JSONDecoder().decode([Definition].self, from: JSONEncoder().encode(defs)) == defs)
        let ops = try await c.collectAll(Endpoints.operatories())
        #expect(try JSONDecoder().decode([Operatory].self, from: JSONEncoder().encode(ops)) == ops)
        var provs = try await c.collectAll(Endpoints.providers())
        let provBack = try JSONDecoder().decode([Provider].self, from: JSONEncoder().encode(provs))
        // Everything but the SSN, which never goes to disk.
        #expect(provBack.allSatisfy { $0.ssn.isEmpty })
        for i in provs.indices { provs[i].ssn = "" }
        #expect(provBack == provs)
    }
}
