import Foundation
import Testing
@testable import OpenDentalAPI

@Suite struct EndpointTests {
    func sent<R>(_ request: APIRequest<R>, answer: String = "[]", status: Int = 200) async throws -> HTTPRequest {
        let transport = StubTransport { _, _ in json(answer, status: status) }
        _ = try? await makeClient(transport: transport).send(request)
        return transport.requests[0]
    }

    @Test func appointmentFiltersUseTheDocumentedSpelling() async throws {
        let d = LocalDate(year: 2026, month: 12, day: 1)
        let f = AppointmentFilter(patNum: 5, aptStatus: .scheduled, op: 3, date: d, dateStart: d, dateEnd: d.adding(days: 1),
                                  clinicNum: 0, dateTStamp: LocalDateTime("2026-11-29 10:00:00"), appointmentTypeNum: 2)
        let r = try await sent(Endpoints.appointments(f).request(limit: 100, offset: 200))
        #expect(r.pathOnly == "/api/v1/appointments")
        #expect(r.queryItems == ["PatNum": "5", "AptStatus": "Scheduled", "Op": "3", "date": "2026-12-01",
                                 "dateStart": "2026-12-01", "dateEnd": "2026-12-02", "ClinicNum": "0",
                                 "DateTStamp": "2026-11-29 10:00:00", "AppointmentTypeNum": "2", "Limit": "100", "Offset": "200"])
        #expect(r.url.absoluteString.contains("DateTStamp=2026-11-29%2010:00:00"))
    }

    @Test func patientSearchEncodesNamesAndPlus() async throws {
        let r = try await sent(Endpoints.searchPatients(PatientSearch(lName: "De Angelo", phone: "+1 555", hideInactive: true, clinicNums: [1, 2])).request(limit: 100, offset: 0))
        #expect(r.url.absoluteString.contains("LName=De%20Angelo"))
        #expect(r.url.absoluteString.contains("Phone=%2B1%20555"))
        #expect(r.queryItems["hideInactive"] == "true" && r.queryItems["clinicNums"] == "1,2")
    }

    @Test func confirmBodies() async throws {
        let a = try await sent(Endpoints.confirmAppointment(7, .value(.notAccepted)), answer: "")
        #expect(a.method == .put && a.pathOnly == "/api/v1/appointments/7/Confirm")
        #expect(a.bodyJSON.count == 1 && a.bodyJSON["confirmVal"] as? String == "Not Accepted")
        let b = try await sent(Endpoints.confirmAppointment(7, .defNum(21)), answer: "")
        #expect(b.bodyJSON.count == 1 && b.bodyJSON["defNum"] as? Int == 21)
    }

    @Test func breakAndNoteBodies() async throws {
        let b = try await sent(Endpoints.breakAppointment(8, sendToUnscheduledList: false, breakType: .missed), answer: "")
        #expect(b.pathOnly == "/api/v1/appointments/8/Break")
        #expect(b.bodyJSON["sendToUnscheduledList"] as? String == "false" && b.bodyJSON["breakType"] as? String == "Missed")
        let n = try await sent(Endpoints.appendAppointmentNote(8, note: "Running 10 min late"), answer: "")
        #expect(n.bodyJSON as NSDictionary == ["Note": "Running 10 min late"] as NSDictionary)
    }

    @Test func updateSendsOnlyTheFieldsSet() async throws {
        let r = try await sent(Endpoints.updateAppointment(9, AppointmentFields(timeArrived: LocalTime(hour: 9, minute: 5))), answer: #"{"AptNum":9}"#)
        #expect(r.method == .put && r.bodyJSON as NSDictionary == ["DateTimeArrived": "09:05:00"] as NSDictionary)
    }

    @Test func createPatientAndCommlog() async throws {
        let p = try await sent(Endpoints.createPatient(PatientFields(lName: "Núñez", fName: "José", gender: .male, birthdate: LocalDate(year: 1980, month: 2, day: 3), state: "CA")),
                               answer: #"{"PatNum":1}"#, status: 201)
        #expect(p.method == .post && p.bodyJSON["LName"] as? String == "Núñez" && p.bodyJSON["Birthdate"] as? String == "1980-02-03")
        #expect(p.bodyJSON["Gender"] as? String == "Male")
        let c = try await sent(Endpoints.createCommlog(NewCommlog(patNum: 3, note: "Confirmed by phone (JS)", mode: .inPerson, sentOrReceived: .received)),
                               answer: "", status: 201)
        #expect(c.bodyJSON["Mode_"] as? String == "In Person" && c.bodyJSON["PatNum"] as? Int == 3)
    }

    @Test func commlogPostWithoutBodyIsNil() async throws {
        let transport = StubTransport { _, _ in json("", status: 201) }
        let result = try await makeClient(transport: transport).send(Endpoints.createCommlog(NewCommlog(patNum: 1, note: "x")))
        #expect(result == nil)
    }

    @Test func recallListAndSchedulesAndDefinitions() async throws {
        let r = try await sent(Endpoints.recallList(dateStart: LocalDate(year: 2026, month: 1, day: 1), includeReminded: false).request(limit: 100, offset: 0))
        #expect(r.pathOnly == "/api/v1/recalls/List" && r.queryItems["DateStart"] == "2026-01-01" && r.queryItems["IncludeReminded"] == "false")
        let s = try await sent(Endpoints.schedules(date: LocalDate(year: 2026, month: 1, day: 2), schedType: .provider).request(limit: 100, offset: 0))
        #expect(s.queryItems["date"] == "2026-01-02" && s.queryItems["SchedType"] == "Provider")
        let d = try await sent(Endpoints.definitions(category: 2).request(limit: 100, offset: 0))
        #expect(d.queryItems["Category"] == "2")
    }
}

@Suite struct SyncAndCheckTests {
    @Test func checkReportsPermissionsAndTier() async throws {
        let transport = StubTransport { req, _ in
            switch req.url.path {
            case "/api/v1/securityperms":
                return json(#"[{"Permission":"ApiReadAll","HasPermission":"true"},{"Permission":"ApiComm","HasPermission":"true"},{"Permission":"ApiAppointments","HasPermission":"false"}]"#)
            default:
                #expect(req.queryItems["Category"] == "2")
                return json(#"[{"DefNum":19,"ItemName":"Not Called","ItemValue":"NotCalled","Category":2,"category":"ApptConfirmed","isHidden":"false"}]"#)
            }
        }
        let report = await makeClient(mode: .remote, tier: .readAllOnly, transport: transport).checkConnection()
        #expect(report.ok)
        #expect(report.impliedTier == .standard)
        #expect(report.text.contains("ApiReadAll, ApiComm"))
        #expect(report.text.contains("Not granted: ApiAppointments"))
        #expect(report.text.contains("the profile says read-all-only"))
        #expect(report.text.contains("OK"))
    }

    @Test func checkExplainsAnUnreachableOffice() async {
        let transport = StubTransport { _, _ in json("The eConnector is not running.", status: 400) }
        let report = await makeClient(mode: .remote, transport: transport).checkConnection()
        #expect(!report.ok)
        #expect(report.text.contains("not reachable"))
        #expect(report.text.contains("FAILED"))
    }

    @Test func tierFromPermissions() {
        #expect(ThrottleTier.implied(by: [SecurityPerm(permission: "ApiReadAll", hasPermission: true)]) == .readAllOnly)
        #expect(ThrottleTier.implied(by: [SecurityPerm(permission: "ApiReadAll", hasPermission: true), SecurityPerm(permission: "ApiComm", hasPermission: false)]) == .readAllOnly)
        #expect(ThrottleTier.implied(by: [SecurityPerm(permission: "ApiComm", hasPermission: true)]) == .standard)
        #expect(ThrottleTier.implied(by: [SecurityPerm(permission: "ApiEnterprise", hasPermission: true)]) == .enterprise)
    }
}
