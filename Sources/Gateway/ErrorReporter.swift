import ErrorDNA
import Logging
import Storage
import TradehubModel

/// Sends every error that reaches a user to the places that count it: the `errors_total`
/// metric and the occurrence store (grouped by fingerprint).
public struct ErrorReporter: Sendable {
    private let store: any ErrorOccurrenceStore
    private let telemetry: Telemetry
    private let clock: any WallClock

    public init(store: any ErrorOccurrenceStore, telemetry: Telemetry, clock: any WallClock) {
        self.store = store
        self.telemetry = telemetry
        self.clock = clock
    }

    /// Counts and records `error`; a failure to record is logged, never thrown over the original.
    public func report(_ error: TradehubError, logger: Logger) async {
        telemetry.countError(error.code)
        do {
            try await store.record(error, atMs: clock.nowMs())
        } catch {
            logger.warning("cannot record error occurrence", metadata: ["error": "\(error)"])
        }
    }
}
