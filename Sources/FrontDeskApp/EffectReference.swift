import Foundation
import FrontDeskCore
import FrontDeskStore
import OpenDentalAPI

/// Office settings read once and kept: the call-note commlog type and the check-in links.
extension EffectRunner {
    /// The office's commlog type for appointment calls: the definition whose code is APPT (the
    /// desktop finds types by code), else the stock name; nil (the office's default) when it has
    /// neither. Read once (one request, at the first call note) and kept.
    func appointmentCommType() async -> String? {
        if let known = commTypeCache.withLock({ $0 }) { return known.name }
        guard let defs = try? await client.collectAll(Endpoints.definitions(category: 27), priority: .interactive) else { return "ApptRelated" }
        let name = defs.first { $0.itemValue.uppercased() == "APPT" }?.itemName ?? defs.first { $0.itemName == "ApptRelated" }?.itemName
        commTypeCache.withLock { $0 = CommType(name: name) }
        return name
    }

    /// The statuses the office links to check-in times: one short query where the key may run
    /// them, else one request per preference. nil when the office does not say (an older version
    /// answers 404): check-in keys then stamp the time alone, as before.
    func checkInTriggers() async -> CheckInTriggers? {
        var values: [String: String] = [:]
        if store.mark(CacheKeys.queries) == "1",
           let rows = try? await client.shortQueryAll(PortableSQL.preferences(CheckInTriggers.prefNames), priority: .background, tag: "reference") {
            for r in rows { values[r.string("PrefName")] = r.string("ValueString") }
            return CheckInTriggers(values: values)
        }
        for name in CheckInTriggers.prefNames {
            guard let prefs = try? await client.collectAll(Endpoints.preference(name), priority: .background) else { return nil }
            for p in prefs { values[p.prefName] = p.valueString }
        }
        return CheckInTriggers(values: values)
    }
}
