import FlyingFox
import Foundation
import GRDB

/// A route of the API: a FlyingFox pattern after /api/v1 (`"PUT /appointments/:AptNum/Confirm"`)
/// and its handler. The first route whose method and path match answers; none: 404.
struct APIRoute: Sendable {
    let pattern: HTTPRoute
    let handle: @Sendable (SandboxAPI, Call, RouteParams) async throws -> Reply

    init(_ pattern: String, _ handle: @escaping @Sendable (SandboxAPI, Call, RouteParams) async throws -> Reply) {
        self.pattern = HTTPRoute(pattern)
        self.handle = handle
    }

    /// The path's parameters when `call` matches (FlyingFox's component matching: literal
    /// segments in any case, `:name` any one segment).
    func match(_ call: Call) -> RouteParams? {
        guard pattern.methods.contains(HTTPMethod(call.method)), pattern.path.count == call.segments.count else { return nil }
        var values: [String: String] = [:]
        for (component, segment) in zip(pattern.path, call.segments) {
            guard component ~= segment else { return nil }
            if case .parameter(let name) = component { values[name] = segment }
        }
        return RouteParams(values: values)
    }
}

/// A route's path parameters, read as record numbers with Open Dental's wording when they are not.
struct RouteParams: Sendable {
    let values: [String: String]

    func id(_ name: String) throws -> Int {
        guard let text = values[name], let n = Int(text), n > 0 else { throw APIFailure.bad("\(name) is invalid.") }
        return n
    }
}

extension SandboxAPI {
    static let routes: [APIRoute] = [
        APIRoute("GET /appointments") { api, c, _ in try await api.appointmentSearch(c) },
        APIRoute("GET /appointments/ASAP") { api, c, _ in try await api.asapList(c) },
        APIRoute("GET /appointments/Slots") { api, c, _ in try await api.slots(c) },
        APIRoute("GET /appointments/:AptNum") { try await $0.appointment($1, try $2.id("AptNum")) },
        APIRoute("POST /appointments") { api, c, _ in try await api.createAppointment(c) },
        APIRoute("POST /appointments/Planned") { api, c, _ in try await api.createPlanned(c) },
        APIRoute("POST /appointments/SchedulePlanned") { api, c, _ in try await api.schedulePlanned(c) },
        APIRoute("PUT /appointments/:AptNum") { try await $0.updateAppointment($1, try $2.id("AptNum")) },
        APIRoute("PUT /appointments/:AptNum/Break") { try await $0.breakAppointment($1, try $2.id("AptNum")) },
        APIRoute("PUT /appointments/:AptNum/Note") { try await $0.appendNote($1, try $2.id("AptNum")) },
        APIRoute("PUT /appointments/:AptNum/Confirm") { try await $0.confirm($1, try $2.id("AptNum")) },

        APIRoute("GET /patients") { api, c, _ in try await api.patientSearch(c) },
        APIRoute("GET /patients/Simple") { api, c, _ in try await api.patientsSimple(c) },
        APIRoute("GET /patients/:PatNum") { try await $0.patient($1, try $2.id("PatNum")) },
        APIRoute("POST /patients") { api, c, _ in try await api.createPatient(c) },
        APIRoute("PUT /patients/:PatNum") { try await $0.updatePatient($1, try $2.id("PatNum")) },
        APIRoute("GET /patientnotes/:PatNum") { try await $0.patientNote($1, try $2.id("PatNum")) },

        APIRoute("GET /commlogs") { api, c, _ in try await api.commlogList(c) },
        APIRoute("GET /commlogs/:CommlogNum") { try await $0.commlog($1, try $2.id("CommlogNum")) },
        APIRoute("POST /commlogs") { api, c, _ in try await api.createCommlog(c) },

        APIRoute("GET /procedurelogs") { api, c, _ in try await api.procedureLogs(c, nil) },
        APIRoute("GET /procedurelogs/:ProcNum") { try await $0.procedureLogs($1, try $2.id("ProcNum")) },
        APIRoute("GET /definitions") { api, c, _ in try await api.definitions(c, nil) },
        APIRoute("GET /definitions/:DefNum") { try await $0.definitions($1, try $2.id("DefNum")) },
        APIRoute("GET /providers") { api, c, _ in try await api.providers(c, nil) },
        APIRoute("GET /providers/:ProvNum") { try await $0.providers($1, try $2.id("ProvNum")) },
        APIRoute("GET /operatories") { api, c, _ in try await api.operatories(c, nil) },
        APIRoute("GET /operatories/:OperatoryNum") { try await $0.operatories($1, try $2.id("OperatoryNum")) },
        APIRoute("GET /schedules") { api, c, _ in try await api.schedules(c, nil) },
        APIRoute("GET /schedules/:ScheduleNum") { try await $0.schedules($1, try $2.id("ScheduleNum")) },
        APIRoute("GET /clinics") { api, c, _ in try await api.clinics(c) },
        APIRoute("GET /recalls/List") { api, c, _ in try await api.recallList(c) },
        APIRoute("GET /recalls") { api, c, _ in try await api.recalls(c) },
        APIRoute("PUT /recalls/Status") { api, c, _ in try await api.setRecallStatus(c) },
        APIRoute("GET /recalltypes") { api, _, _ in try await api.recallTypes(nil) },
        APIRoute("GET /recalltypes/:RecallTypeNum") { try await $0.recallTypes(try $2.id("RecallTypeNum")) },
        APIRoute("GET /securityperms") { api, _, _ in api.securityPerms() },
        APIRoute("PUT /queries/ShortQuery") { api, c, _ in try await api.shortQuery(c) },
        APIRoute("GET /preferences") { api, c, _ in try await api.preferences(c) },
        APIRoute("GET /popups") { api, c, _ in try await api.popups(c) },
        APIRoute("GET /appointmenttypes") { api, _, _ in try await api.appointmentTypes() },
    ]

    /// The handler of the first route that matches; 404 in Open Dental's words when none does.
    func route(_ c: Call) async throws -> Reply {
        for r in Self.routes {
            if let params = r.match(c) { return try await r.handle(self, c, params) }
        }
        throw APIFailure.notFound("The requested resource was not found.")
    }
}
