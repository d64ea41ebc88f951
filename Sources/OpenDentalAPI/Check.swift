import Foundation

/// `frontdesk check`: asks the office who we are and whether it answers, in plain words.
public struct ConnectionReport: Sendable {
    public var mode: APIMode
    public var baseURL: String
    public var permissions: [SecurityPerm] = []
    public var impliedTier: ThrottleTier?
    public var configuredTier: ThrottleTier
    public var confirmationStatuses: [String] = []
    public var roundTrip: Double?
    public var error: OpenDentalError?

    public var ok: Bool { error == nil }

    public var text: String {
        var lines: [String] = []
        lines.append("Mode:        \(mode.rawValue)")
        lines.append("Base URL:    \(baseURL)")
        if let rt = roundTrip { lines.append(String(format: "Round trip:  %.0f ms", rt * 1000)) }
        if !permissions.isEmpty {
            let granted = permissions.filter(\.hasPermission).map(\.permission)
            let missing = permissions.filter { !$0.hasPermission }.map(\.permission)
            lines.append("Permissions: " + (granted.isEmpty ? "none" : granted.joined(separator: ", ")))
            if !missing.isEmpty { lines.append("Not granted: " + missing.joined(separator: ", ")) }
        }
        if let tier = impliedTier {
            var line = "Throttle:    \(tier.rawValue)"
            if mode == .remote {
                line += " (one request every \(OpenDentalError.seconds(tier.remoteInterval)))"
            } else {
                line += " (not throttled in \(mode.rawValue) mode)"
            }
            if tier != configuredTier { line += "; the profile says \(configuredTier.rawValue)" }
            lines.append(line)
        }
        if !confirmationStatuses.isEmpty {
            lines.append("Confirmation statuses: \(confirmationStatuses.count) (\(confirmationStatuses.prefix(4).joined(separator: ", "))\(confirmationStatuses.count > 4 ? ", …" : ""))")
        }
        if let error {
            lines.append("Problem:     \(error.description)")
            if error.isOfficeUnreachable {
                lines.append("             The office is unreachable: is its eConnector (Remote) or Open Dental (Local/Service) running?")
            }
            lines.append("Result:      FAILED")
        } else {
            lines.append("Result:      OK, the office answered correctly")
        }
        return lines.joined(separator: "\n")
    }
}

extension OpenDentalClient {
    /// Calls `GET /securityperms` and `GET /definitions?Category=2` and reports what it learned.
    public func checkConnection() async -> ConnectionReport {
        var report = ConnectionReport(mode: configuration.mode, baseURL: configuration.baseURL.absoluteString,
                                      configuredTier: configuration.tier)
        let start = clock.now()
        do {
            let perms = try await send(Endpoints.securityPerms(), priority: .interactive)
            report.roundTrip = clock.now() - start
            report.permissions = perms
            report.impliedTier = ThrottleTier.implied(by: perms)
            let defs = try await send(Endpoints.definitions(category: 2).request(limit: configuration.pageSize, offset: 0),
                                      priority: .interactive)
            report.confirmationStatuses = defs.map(\.itemName)
            if defs.isEmpty {
                report.error = .unexpectedStatus(status: 200, message: "the office sent no appointment confirmation statuses (definitions category 2)")
            }
        } catch let e as OpenDentalError {
            report.error = e
        } catch {
            report.error = .transport(message: "\(type(of: error))", reachedServer: false)
        }
        return report
    }
}
