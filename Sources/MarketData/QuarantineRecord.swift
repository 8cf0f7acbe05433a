import ErrorDNA
import TradehubModel

/// A rejected input line or tick, kept with why and where it came from: nothing is silently dropped.
public struct QuarantineRecord: Sendable, Equatable {
    public var symbol: String
    /// The validation rule that rejected it (`E_MALFORMED`, `E_SPIKE`, …).
    public var code: ErrorCode
    /// The rendered message of the rule.
    public var reason: String
    /// Where it came from: `file.csv:12`, or `stream 3 seq 4711`.
    public var source: String
    /// The line or message as received.
    public var raw: String
    /// The tick's time when it could be read, UTC milliseconds.
    public var timeMs: Int64?

    public init(symbol: String, code: ErrorCode, reason: String, source: String, raw: String, timeMs: Int64?) {
        self.symbol = symbol
        self.code = code
        self.reason = reason
        self.source = source
        self.raw = raw
        self.timeMs = timeMs
    }

    /// A record for `error`, whose message becomes the reason.
    public init(symbol: String, error: TradehubError, source: String, raw: String, timeMs: Int64?) {
        self.init(symbol: symbol, code: error.code, reason: error.message, source: source, raw: raw, timeMs: timeMs)
    }
}

/// Where validated ticks and quarantined records go (a store, a bar aggregator, a test).
public protocol TickSink {
    mutating func accept(_ tick: Tick, source: String)
    mutating func quarantine(_ record: QuarantineRecord)
}
