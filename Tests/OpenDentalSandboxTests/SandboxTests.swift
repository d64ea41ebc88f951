import Foundation
import OpenDentalAPI
import OpenDentalSandbox
import Testing

// The sandbox over real HTTP on 127.0.0.1: shapes against the digest, validation messages,
// paging caps, throttle, faults, persistence and determinism.

/// Tuesday 2026-12-01 as "today", so tests do not depend on the calendar.
let pinnedToday = 20_788

func startSandbox(profile: SandboxProfile = .local, patients: Int = 300, seed: UInt64 = 7, path: String? = nil,
                  readAllOnly: Bool = false, faults: [Fault] = [], time: SandboxTime = SandboxTime()) async throws -> SandboxServer {
    var o = SandboxOptions()
    o.time = time
    o.port = 0
    o.profile = profile
    o.patients = patients
    o.seed = seed
    o.databasePath = path
    o.readAllOnly = readAllOnly
    o.faults = faults
    o.today = pinnedToday
    // The time of day too: the generator's statuses around "now" must come from the seed alone.
    o.timeOfDay = 10 * 3600 + 30 * 60
    return try await SandboxServer.start(o)
}

struct RawReply {
    let status: Int
    let headers: [String: String]
    let text: String
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
    /// Keys of the first JSON object in the text, in the order they were written.
    var keyOrder: [String] {
        guard let start = text.firstIndex(of: "{"), let end = text.firstIndex(of: "}") else { return [] }
        let obj = text[start...end]
        var keys: [String] = []
        var depth = 0
        var i = obj.startIndex
        var expectKey = false
        while i < obj.endIndex {
            let c = obj[i]
            if c == "{" { depth += 1; expectKey = true }
            if c == "," && depth == 1 { expectKey = true }
            if c == "\"" {
                var j = obj.index(after: i)
                var s = ""
                while obj[j] != "\"" {
                    if obj[j] == "\\" { j = obj.index(after: j) }
                    s.append(obj[j])
                    j = obj.index(after: j)
                }
                if expectKey { keys.append(s); expectKey = false }
                i = j
            }
            i = obj.index(after: i)
        }
        return keys
    }
}

let auth = "ODFHIR \(SandboxOptions.publicDeveloperKey)/\(SandboxOptions.publicCustomerKey)"

func raw(_ server: SandboxServer, _ method: HTTPMethod, _ path: String, body: String? = nil,
         headers: [String: String] = ["Authorization": auth, "Content-Type": "application/json"]) async throws -> RawReply {
    let url = URL(string: server.baseURL.absoluteString + path)!
    let r = try await URLSessionTransport(requestTimeout: 20).send(HTTPRequest(method: method, url: url, headers: headers, body: body.map { Data($0.utf8) }))
    return RawReply(status: r.status, headers: r.headers, text: String(decoding: r.body, as: UTF8.self))
}

func client(for server: SandboxServer, mode: APIMode = .local, retry: RetryPolicy = .none) -> OpenDentalClient {
    OpenDentalClient(configuration: ClientConfiguration(
        baseURL: server.baseURL, credentials: Credentials(developerKey: server.developerKey, customerKey: server.customerKey),
        mode: mode, retry: retry))
}

let today = "2026-12-01"

@Suite(.serialized) struct SandboxShapeTests {
    @Test func appointmentFieldOrderMatchesTheDigest() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let list = try await raw(s, .get, "/appointments?date=\(today)&Limit=1")
        #expect(list.status == 200)
        #expect(list.keyOrder == ["serverDateTime", "AptNum", "PatNum", "AptStatus", "Pattern", "Confirmed", "confirmed", "TimeLocked", "Op",
                                  "Note", "ProvNum", "provAbbr", "ProvHyg", "AptDateTime", "NextAptNum", "UnschedStatus", "unschedStatus",
                                  "IsNewPatient", "ProcDescript", "ClinicNum", "IsHygiene", "DateTStamp", "DateTimeArrived", "DateTimeSeated",
                                  "DateTimeDismissed", "InsPlan1", "InsPlan2", "DateTimeAskedToArrive", "colorOverride", "AppointmentTypeNum",
                                  "SecUserNumEntry", "SecDateTEntry", "Priority", "PatternSecondary", "ItemOrderPlanned"])
        let a = list.array[0]
        #expect(a["TimeLocked"] as? String == "false")
        #expect((a["AptDateTime"] as? String)?.hasPrefix(today) == true)
        #expect(a["AptNum"] is NSNumber && a["confirmed"] is String)
    }

    @Test func patientShapesMatchTheDigest() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let single = try await raw(s, .get, "/patients/3")
        #expect(single.keyOrder == ["PatNum", "LName", "FName", "MiddleI", "Preferred", "PatStatus", "Gender", "Position", "Birthdate", "SSN",
                                    "Address", "Address2", "City", "State", "Zip", "HmPhone", "WkPhone", "WirelessPhone", "Guarantor", "Email",
                                    "EstBalance", "PriProv", "priProvAbbr", "SecProv", "secProvAbbr", "FeeSched", "BillingType", "ImageFolder",
                                    "FamFinUrgNote", "ChartNumber", "MedicaidID", "BalTotal", "EmployerNum", "DateFirstVisit", "ClinicNum",
                                    "clinicAbbr", "Premed", "Ward", "PreferConfirmMethod", "PreferContactMethod", "PreferRecallMethod",
                                    "Language", "AdmitDate", "siteDesc", "DateTStamp", "SuperFamily", "TxtMsgOk", "SecDateEntry"])
        #expect(single.object["LName"] as? String == "Núñez")
        #expect(single.text.contains("\"AdmitDate\":\"0001-01-01\""))
        let simple = try await raw(s, .get, "/patients/Simple?LName=nu&Limit=5")
        #expect(simple.keyOrder.first == "serverDateTime")
        #expect(simple.array.contains { $0["LName"] as? String == "Núñez" })
        let select = try await raw(s, .get, "/patients?LName=Nunez")
        #expect(select.keyOrder == ["PatNum", "LName", "FName", "MiddleI", "Preferred", "PatStatus", "Birthdate", "SSN", "Address", "Address2",
                                    "City", "State", "Zip", "HmPhone", "WkPhone", "WirelessPhone", "Email", "priProvAbbr", "secProvAbbr",
                                    "BillingType", "ChartNumber", "ClinicNum", "clinicAbbr", "siteDesc", "TxtMsgOk"])
    }

    @Test func procedureScheduleCommlogAndDefinitionShapes() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let procs = try await raw(s, .get, "/procedurelogs?PatNum=3")
        #expect(procs.keyOrder.first == "ProcNum" && procs.keyOrder.last == "serverDateTime")
        #expect(procs.keyOrder.count == 41)
        let fee = procs.array.first?["ProcFee"] as? String
        #expect(fee?.range(of: #"^\d+\.\d\d$"#, options: .regularExpression) != nil)
        let sched = try await raw(s, .get, "/schedules?date=\(today)&SchedType=Provider")
        #expect(sched.array.count > 0)
        #expect(sched.array.allSatisfy { $0["ScheduleNum"] is String && $0["ProvNum"] is String })
        #expect(sched.keyOrder == ["ScheduleNum", "SchedDate", "StartTime", "StopTime", "SchedType", "ProvNum", "BlockoutType", "blockoutType",
                                   "Note", "operatories", "EmployeeNum", "DateTStamp"])
        let defs = try await raw(s, .get, "/definitions?Category=2")
        #expect(defs.array.first?["DefNum"] as? Int == 19 && defs.array.first?["ItemName"] as? String == "Not Called")
        let commlog = try await raw(s, .post, "/commlogs", body: #"{"PatNum":3,"Note":"Confirmed by phone (JS)","Mode_":"In Person","commType":"ApptRelated"}"#)
        #expect(commlog.status == 201)
        #expect(commlog.object["CommType"] is String && commlog.object["Mode_"] as? String == "InPerson")
        #expect(commlog.headers["location"]?.hasSuffix("/commlogs/\(commlog.object["CommlogNum"] as! Int)") == true)
    }

    @Test func theClientDecodesEverythingTheSandboxServes() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let c = client(for: s)
        let d = LocalDate(year: 2026, month: 12, day: 1)
        let appts = try await c.collectAll(Endpoints.appointments(AppointmentFilter(date: d)))
        #expect(appts.count > 20)
        #expect(appts.allSatisfy { $0.aptDateTime?.date == d })
        let patients = try await c.collectAll(Endpoints.patientsSimple())
        #expect(patients.count == 300)
        // Each call returns what it was asked for, not just "did not throw".
        let smi = try await c.collectAll(Endpoints.searchPatients(PatientSearch(lName: "Smi")))
        #expect(!smi.isEmpty)
        #expect(smi.allSatisfy { $0.lName.lowercased().hasPrefix("smi") })
        let procs = try await c.collectAll(Endpoints.procedures(ProcedureFilter(patNum: appts[0].patNum)))
        #expect(!procs.isEmpty && procs.allSatisfy { $0.patNum == appts[0].patNum })
        let provs = try await c.collectAll(Endpoints.providers())
        #expect(provs.count >= 4 && Set(provs.map(\.provNum)).count == provs.count)
        let ops = try await c.collectAll(Endpoints.operatories())
        #expect(!ops.isEmpty && Set(appts.map(\.op)).isSubset(of: Set(ops.map(\.operatoryNum))))
        #expect(try await c.collectAll(Endpoints.clinics()).isEmpty, "the default practice uses no clinics")
        _ = try await c.send(Endpoints.createCommlog(NewCommlog(patNum: 3, note: "decode check", commTypeName: "Misc", mode: .phone, sentOrReceived: .sent)))
        let comms = try await c.collectAll(Endpoints.commlogs(patNum: 3))
        #expect(comms.contains { $0.note == "decode check" } && comms.allSatisfy { $0.patNum == 3 })
        let sched = try await c.collectAll(Endpoints.schedules(date: d))
        #expect(!sched.isEmpty && sched.allSatisfy { $0.schedDate == d })
        #expect(!(try await c.collectAll(Endpoints.appointmentTypes())).isEmpty)
        let asap = try await c.collectAll(Endpoints.asapAppointments())
        #expect(!asap.isEmpty && asap.allSatisfy { $0.priority == .asap })
        let recalls = try await c.collectAll(Endpoints.recallList())
        #expect(!recalls.isEmpty && recalls.allSatisfy { $0.dueDate != nil })
        // Slots leave out the provider's own appointments in every operatory: a lighter week ahead.
        let slots = try await c.send(Endpoints.slots(dateStart: d.adding(days: 30), dateEnd: d.adding(days: 40), provNum: 1))
        #expect(!slots.isEmpty)
        #expect(try await c.send(Endpoints.patientNote(3)).patNum == 3)
        let popups = try await c.send(Endpoints.popups(patNum: 7))
        #expect(popups.allSatisfy { $0.patNum == 7 })
        let report = await c.checkConnection()
        #expect(report.ok)
        #expect(report.impliedTier == .standard)
    }

    @Test func practiceLooksLikeAPractice() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let c = client(for: s)
        let d = LocalDate(year: 2026, month: 12, day: 1)
        let provs = try await c.collectAll(Endpoints.providers())
        #expect(provs.filter { !$0.isSecondary }.count >= 2 && provs.filter(\.isSecondary).count >= 2)
        #expect(try await c.collectAll(Endpoints.operatories()).count >= 5)
        let past = try await c.collectAll(Endpoints.appointments(AppointmentFilter(dateStart: d.adding(days: -60), dateEnd: d.adding(days: -1))))
        #expect(Double(past.filter { $0.aptStatus == .complete }.count) > Double(past.count) * 0.7)
        #expect(past.contains { $0.aptStatus == .broken })
        let ahead = try await c.collectAll(Endpoints.appointments(AppointmentFilter(dateStart: d.adding(days: 1), dateEnd: d.adding(days: 3))))
        #expect(Set(ahead.map(\.confirmedName)).count >= 4)
        #expect(ahead.allSatisfy { $0.aptStatus == .scheduled })
        #expect(ahead.contains { $0.procDescript.contains("Pro") || $0.procDescript.contains("#") })
        let planned = try await c.collectAll(Endpoints.appointments(AppointmentFilter(aptStatus: .planned)))
        #expect(!planned.isEmpty)
        let names = try await c.collectAll(Endpoints.patientsSimple()).map { $0.lName + " " + $0.fName }
        #expect(names.contains("山田 太郎") && names.contains("Nguyễn Thị Minh Khai"))
        #expect(names.contains { $0.unicodeScalars.contains { $0.properties.isDiacritic || (0x300...0x36F).contains($0.value) } })
    }
}

@Suite(.serialized) struct SandboxValidationTests {
    @Test func authContentTypeAndPaths() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        #expect(try await raw(s, .get, "/patients/3", headers: [:]).status == 401)
        let wrong = try await raw(s, .get, "/patients/3", headers: ["Authorization": "ODFHIR nope/nope"])
        #expect(wrong.status == 401 && wrong.text.contains("Invalid"))
        #expect(try await raw(s, .get, "/patients/3", headers: ["Authorization": "Basic abc"]).status == 401)
        let noCT = try await raw(s, .post, "/commlogs", body: #"{"PatNum":3,"Note":"x"}"#, headers: ["Authorization": auth])
        #expect(noCT.status == 400 && noCT.text.contains("Content-Type"))
        #expect(try await raw(s, .get, "/nosuchthing").status == 404)
        let missing = try await raw(s, .get, "/patients/999999")
        #expect(missing.status == 404 && missing.json as? String == "Patient not found.")
        let param = try await raw(s, .get, "/patients?page=2")
        #expect(param.status == 400 && param.json as? String == "'page' is not a valid parameter.")
        #expect(try await raw(s, .get, "/appointments?colour=red").status == 400)
        #expect(try await raw(s, .get, "/appointments?DateTStamp=yesterday").json as? String == "DateTStamp format must be yyyy-MM-dd HH:mm:ss")
    }

    func scheduledAppointment(_ s: SandboxServer, offset: Int = 0) async throws -> [String: Any] {
        let r = try await raw(s, .get, "/appointments?AptStatus=Scheduled&dateStart=2026-12-03&Limit=50")
        return r.array[offset]
    }

    @Test func confirmTakesExactlyOneOfConfirmValOrDefNum() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let apt = try await scheduledAppointment(s)
        let num = apt["AptNum"] as! Int
        #expect(try await raw(s, .put, "/appointments/\(num)/Confirm", body: "{}").status == 400)
        #expect(try await raw(s, .put, "/appointments/\(num)/Confirm", body: #"{"confirmVal":"Confirmed","defNum":21}"#).status == 400)
        #expect(try await raw(s, .put, "/appointments/\(num)/Confirm", body: #"{"defNum":301}"#).status == 400)
        #expect(try await raw(s, .put, "/appointments/\(num)/Confirm", body: #"{"confirmVal":"Maybe"}"#).status == 400)
        let ok = try await raw(s, .put, "/appointments/\(num)/Confirm", body: #"{"confirmVal":"Confirmed"}"#)
        #expect(ok.status == 200 && ok.text.isEmpty)
        let after = try await raw(s, .get, "/appointments/\(num)").object
        #expect(after["Confirmed"] as? Int == 21 && after["confirmed"] as? String == "Appointment Confirmed")
        #expect(try await raw(s, .put, "/appointments/\(num)/Confirm", body: #"{"defNum":20}"#).status == 200)
        #expect(try await raw(s, .get, "/appointments/\(num)").object["confirmed"] as? String == "Left Msg")
        _ = try await raw(s, .put, "/appointments/\(num)/Confirm", body: #"{"confirmVal":"None"}"#)
        #expect(try await raw(s, .get, "/appointments/\(num)").object["Confirmed"] as? Int == 19)
        #expect(try await raw(s, .put, "/appointments/999999/Confirm", body: #"{"defNum":20}"#).status == 404)
    }

    @Test func breakRules() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let a = try await scheduledAppointment(s, offset: 0)["AptNum"] as! Int
        let b = try await scheduledAppointment(s, offset: 1)
        let bNum = b["AptNum"] as! Int
        #expect(try await raw(s, .put, "/appointments/\(a)/Break", body: "{}").status == 400)
        #expect(try await raw(s, .put, "/appointments/\(a)/Break", body: #"{"sendToUnscheduledList":"true"}"#).status == 200)
        #expect(try await raw(s, .get, "/appointments/\(a)").object["AptStatus"] as? String == "UnschedList")
        let again = try await raw(s, .put, "/appointments/\(a)/Break", body: #"{"sendToUnscheduledList":"true"}"#)
        #expect(again.status == 400 && again.text.contains("Scheduled"))
        let patNum = b["PatNum"] as! Int
        let before = try await raw(s, .get, "/procedurelogs?PatNum=\(patNum)&CodeNum=18").array.count
        #expect(try await raw(s, .put, "/appointments/\(bNum)/Break", body: #"{"sendToUnscheduledList":"false","breakType":"Missed"}"#).status == 200)
        #expect(try await raw(s, .get, "/appointments/\(bNum)").object["AptStatus"] as? String == "Broken")
        let missed = try await raw(s, .get, "/procedurelogs?PatNum=\(patNum)").array.filter { $0["procCode"] as? String == "D9986" }
        #expect(missed.count == before + 1)
    }

    @Test func noteAppendsAndUpdateChangesOnlyWhatWasSent() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let apt = try await scheduledAppointment(s, offset: 2)
        let num = apt["AptNum"] as! Int
        _ = try await raw(s, .put, "/appointments/\(num)", body: #"{"Note":"First"}"#)
        #expect(try await raw(s, .put, "/appointments/\(num)/Note", body: #"{"Note":"Second"}"#).status == 200)
        let note = try await raw(s, .get, "/appointments/\(num)").object["Note"] as? String
        // Appended on a new line; the serializer shows CR/LF as spaces (digest §1.4).
        #expect(note == "First  Second")
        let updated = try await raw(s, .put, "/appointments/\(num)", body: #"{"DateTimeArrived":"09:05:00"}"#)
        #expect(updated.status == 200)
        let date = String((apt["AptDateTime"] as! String).prefix(10))
        #expect(updated.object["DateTimeArrived"] as? String == "\(date) 09:05:00")
        #expect(updated.object["Pattern"] as? String == apt["Pattern"] as? String)
        #expect(updated.object["Note"] as? String == "First  Second")
        #expect((updated.object["DateTStamp"] as! String) >= (apt["DateTStamp"] as! String))
        #expect(try await raw(s, .put, "/appointments/\(num)", body: #"{"DateTimeSeated":"9am"}"#).status == 400)
    }

    @Test func createPatientValidates() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        #expect(try await raw(s, .post, "/patients", body: #"{"FName":"Ana"}"#).json as? String == "LName is required.")
        #expect(try await raw(s, .post, "/patients", body: #"{"LName":"Ruiz","FName":"Ana","State":"Oregon"}"#).json as? String == "State must be 2 capital letters.")
        #expect(try await raw(s, .post, "/patients", body: #"{"LName":"Ruiz","FName":"Ana","Zip":"9730"}"#).status == 400)
        #expect(try await raw(s, .post, "/patients", body: #"{"LName":"Ruiz","FName":"Ana","Gender":"Robot"}"#).status == 400)
        let body = #"{"LName":"Ruiz","FName":"Ana","Birthdate":"1990-04-02","WirelessPhone":"(503)555-1212","State":"OR","Zip":"97301-1234","Gender":"Female"}"#
        let created = try await raw(s, .post, "/patients", body: body)
        #expect(created.status == 201)
        let patNum = created.object["PatNum"] as! Int
        #expect(created.headers["location"]?.hasSuffix("/patients/\(patNum)") == true)
        #expect(created.object["Guarantor"] as? Int == patNum)
        let dup = try await raw(s, .post, "/patients", body: body)
        #expect(dup.status == 400 && dup.text.contains("already exists"))
        #expect(try await raw(s, .post, "/patients", body: #"{"LName":"Ruiz","FName":"Ana","Zip":"K1A 0B1"}"#).status == 201)
        let put = try await raw(s, .put, "/patients/\(patNum)", body: #"{"Email":"ana@example.com","LName":""}"#)
        #expect(put.status == 400)
        let put2 = try await raw(s, .put, "/patients/\(patNum)", body: #"{"Email":"ana@example.com","Address2":""}"#)
        #expect(put2.status == 200 && put2.object["Email"] as? String == "ana@example.com" && put2.object["LName"] as? String == "Ruiz")
    }

    @Test func dateTStampFilterReturnsWhatChanged() async throws {
        let time = SandboxTime()
        let s = try await startSandbox(time: time)
        defer { Task { await s.stop() } }
        let apt = try await scheduledAppointment(s, offset: 3)
        let first = try await raw(s, .get, "/appointments/\(apt["AptNum"] as! Int)")
        let mark = first.object["serverDateTime"] as! String
        // A second later (stamps are to the second), without waiting for it.
        time.advance(by: 1)
        _ = try await raw(s, .put, "/appointments/\(apt["AptNum"] as! Int)/Note", body: #"{"Note":"late"}"#)
        let changed = try await raw(s, .get, "/appointments?DateTStamp=\(mark.replacingOccurrences(of: " ", with: "%20"))")
        #expect(changed.array.map { $0["AptNum"] as! Int } == [apt["AptNum"] as! Int])
    }
}

@Suite(.serialized) struct SandboxProfileTests {
    @Test func aNewPatientAppearsInTheFullListing() async throws {
        let s = try await startSandbox(patients: 150)
        defer { Task { await s.stop() } }
        let before = try await raw(s, .get, "/patients/Simple?Offset=100").array.count
        let created = try await raw(s, .post, "/patients", body: #"{"LName":"Newcomer","FName":"Nia"}"#)
        let after = try await raw(s, .get, "/patients/Simple?Offset=100").array
        #expect(after.count == before + 1)
        #expect(after.last?["PatNum"] as? Int == created.object["PatNum"] as? Int)
    }

    @Test func pagingCapsPerProfile() async throws {
        let local = try await startSandbox(profile: .local, patients: 1200)
        #expect(try await raw(local, .get, "/patients/Simple?Limit=5000").array.count == 1000)
        #expect(try await raw(local, .get, "/patients/Simple?Offset=1000").array.count == 200)
        #expect(try await raw(local, .get, "/patients/Simple?Limit=10&Offset=5").array.first?["PatNum"] as? Int == 6)
        await local.stop()
        let time = SandboxTime()
        let remote = try await startSandbox(profile: .remote, patients: 150, time: time)
        defer { Task { await remote.stop() } }
        #expect(try await raw(remote, .get, "/patients/Simple?Limit=500").array.count == 100)
        time.advance(by: 1)
        #expect(try await raw(remote, .get, "/patients/Simple?Offset=100").array.count == 50)
    }

    @Test func remoteThrottleAnswers429WithRetryAfter() async throws {
        let time = SandboxTime()
        let s = try await startSandbox(profile: .remote, readAllOnly: true, time: time)
        defer { Task { await s.stop() } }
        #expect(try await raw(s, .get, "/securityperms").status == 200)
        let second = try await raw(s, .get, "/securityperms")
        #expect(second.status == 429)
        let after = Int(second.headers["retry-after"] ?? "")
        #expect(after != nil && after! >= 1 && after! <= 5)
        // Read-all-only keys may not write.
        // Read-all keys wait 5 s between requests: a second short of it is still refused.
        time.advance(by: 4)
        #expect(try await raw(s, .get, "/securityperms").status == 429)
        time.advance(by: 1)
        #expect(try await raw(s, .put, "/appointments/1/Confirm", body: #"{"defNum":21}"#).status == 401)
    }

    @Test func theClientRidesTheThrottle() async throws {
        let s = try await startSandbox(profile: .remote, patients: 250)
        defer { Task { await s.stop() } }
        let c = OpenDentalClient(configuration: ClientConfiguration(
            baseURL: s.baseURL, credentials: Credentials(developerKey: s.developerKey, customerKey: s.customerKey),
            mode: .remote, tier: .standard))
        let rows = try await c.collectAll(Endpoints.patientsSimple())
        #expect(rows.count == 250)
    }
}

@Suite(.serialized) struct SandboxFaultTests {
    @Test func eachFaultKind() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let c = client(for: s)
        s.faults.set([Fault(kind: .econnector)])
        do { _ = try await c.send(Endpoints.patient(3)); Issue.record("expected failure") } catch let e as OpenDentalError {
            #expect(e.isOfficeUnreachable && e.httpStatus == 400)
        }
        s.faults.set([Fault(kind: .throttle)])
        await #expect(throws: OpenDentalError.throttled(retryAfter: 1, message: "Too many requests. Please wait before sending another request.")) { _ = try await c.send(Endpoints.patient(3)) }
        s.faults.set([Fault(kind: .serverError)])
        await #expect(throws: OpenDentalError.server(status: 500, message: "An unexpected error has occurred.")) { _ = try await c.send(Endpoints.patient(3)) }
        s.faults.set([Fault(kind: .gatewayTimeout)])
        await #expect(throws: OpenDentalError.gatewayTimeout(message: "Gateway Time-out")) { _ = try await c.send(Endpoints.patient(3)) }
        s.faults.set([Fault(kind: .malformed)])
        do { _ = try await c.send(Endpoints.patient(3)); Issue.record("expected failure") } catch let e as OpenDentalError {
            guard case .decoding = e else { Issue.record("expected decoding, got \(e)"); return }
        }
        s.faults.set([Fault(kind: .drop)])
        do { _ = try await c.send(Endpoints.patient(3)); Issue.record("expected failure") } catch let e as OpenDentalError {
            guard case .transport = e else { Issue.record("expected transport, got \(e)"); return }
        }
        // Latency: the request is held and still answered (no wall-clock assertion: the burst
        // of one is consumed, which shows the fault was applied).
        s.faults.set([Fault(kind: .latency, latencyMs: 50, remaining: 1)])
        #expect(try await c.send(Endpoints.patient(3)).patNum == 3)
        #expect(s.faults.current.isEmpty)
        s.faults.clear()
        _ = try await c.send(Endpoints.patient(3))
    }

    @Test func burstsPathsAndTheAdminEndpoint() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let admin = URL(string: s.adminURL.absoluteString + "/faults")!
        let t = URLSessionTransport(requestTimeout: 10)
        let set = try await t.send(HTTPRequest(method: .post, url: admin, headers: ["Content-Type": "application/json"],
                                               body: Data(#"{"faults":["500:count=2,path=/appointments"]}"#.utf8)))
        #expect(set.status == 200)
        #expect(try await raw(s, .get, "/patients/3").status == 200)
        #expect(try await raw(s, .get, "/appointments?Limit=1").status == 500)
        #expect(try await raw(s, .get, "/appointments?Limit=1").status == 500)
        #expect(try await raw(s, .get, "/appointments?Limit=1").status == 200)
        let bad = try await t.send(HTTPRequest(method: .post, url: admin, headers: ["Content-Type": "application/json"],
                                               body: Data(#"{"faults":["explode"]}"#.utf8)))
        #expect(bad.status == 400)
        #expect(String(decoding: bad.body, as: UTF8.self).contains("unknown fault 'explode'"))
        let untyped = try await t.send(HTTPRequest(method: .post, url: admin, headers: [:], body: Data(#"{"faults":["500"]}"#.utf8)))
        #expect(untyped.status == 415)
        // A retrying client rides out a 500 burst on a GET.
        s.faults.set([Fault(kind: .serverError, remaining: 2)])
        let c = OpenDentalClient(configuration: ClientConfiguration(
            baseURL: s.baseURL, credentials: Credentials(developerKey: s.developerKey, customerKey: s.customerKey),
            mode: .local, retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.05)))
        #expect(try await c.send(Endpoints.patient(3)).patNum == 3)
        let list = try await t.send(HTTPRequest(method: .delete, url: admin))
        #expect(String(decoding: list.body, as: UTF8.self) == "[]")
        #expect(try Fault.parse("latency:ms=20,jitter=5,rate=0.5").latencyMs == 20)
        #expect { try Fault.parse("latency:ms=-1") } throws: { "\($0)".contains("ms must be a whole number") }
        // One patient's requests only: another patient's read of the same path goes through.
        s.faults.set([try Fault.parse("econnector:path=/commlogs,method=GET,patnum=7,count=1")])
        #expect(try await raw(s, .get, "/commlogs?PatNum=8").status == 200)
        #expect(try await raw(s, .get, "/commlogs?PatNum=7").status == 400)
        #expect(try await raw(s, .get, "/commlogs?PatNum=7").status == 200, "a burst of one")
        #expect { try Fault.parse("500:patnum=x") } throws: { "\($0)".contains("patnum must be a number") }
    }
}

@Suite(.serialized) struct SandboxPersistenceTests {
    @Test func writesSurviveARestart() async throws {
        let path = NSTemporaryDirectory() + "sandbox-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try await startSandbox(patients: 200, path: path)
        let created = try await raw(first, .post, "/patients", body: #"{"LName":"Persist","FName":"Pat"}"#)
        let patNum = created.object["PatNum"] as! Int
        await first.stop()
        let second = try await startSandbox(patients: 999, seed: 1, path: path)
        defer { Task { await second.stop() } }
        #expect(try await raw(second, .get, "/patients/\(patNum)").object["LName"] as? String == "Persist")
        // The existing practice was kept, not regenerated with the new size.
        #expect(try await raw(second, .get, "/patients/Simple?Offset=200").array.count == 1)
    }

    @Test func theSeedDeterminesThePractice() async throws {
        func snapshot(_ seed: UInt64) async throws -> String {
            let s = try await startSandbox(patients: 120, seed: seed)
            defer { Task { await s.stop() } }
            var text = ""
            for path in ["/patients/Simple", "/appointments?date=2026-12-02", "/procedurelogs?PatNum=10", "/recalls/List?DateStart=2026-01-01&DateEnd=2027-12-31"] {
                text += try await raw(s, .get, path).text
            }
            // Drop the wall-clock stamps.
            return text.replacingOccurrences(of: #""(serverDateTime|DateTStamp)":"[^"]*""#, with: "", options: .regularExpression)
        }
        let a = try await snapshot(11), b = try await snapshot(11), c = try await snapshot(12)
        #expect(a == b)
        #expect(a != c)
        #expect(a.count > 10_000)
    }
}
