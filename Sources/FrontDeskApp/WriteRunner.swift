import Foundation
import FrontDeskCore
import FrontDeskStore
import Logging
import OpenDentalAPI

/// Sends the dashboard's writes exactly as a key press does (same requests, same retry rules,
/// same re-read when the outcome is unknown) without a terminal: for the fault matrix.
public final class WriteRunner: Sendable {
    private let runner: EffectRunner

    public init(client: OpenDentalClient, logger: Logger = Logger(label: "frontdesk.writes", factory: { _ in SwiftLogNoOpLogHandler() })) {
        runner = EffectRunner(client: client, inbox: Inbox(), logger: logger, store: .inMemory(identity: OfficeIdentity(client)))
    }

    /// The message the user would see, and whether a re-read decided it.
    public func write(_ effect: Effect, confirmDefs: [Definition], now: LocalDateTime) async -> (msg: Msg?, reread: Bool) {
        await runner.execute(effect, EffectRunner.Context(today: now.date, now: now, defs: confirmDefs, opNames: [:],
                                                          pageSize: runner.client.configuration.pageSize))
    }
}
