/// One price update of a symbol as MT5 reports it.
public struct Tick: Sendable, Equatable, Hashable {
    /// UTC milliseconds since the Unix epoch.
    public var timeMs: Int64
    public var bid: Double
    public var ask: Double
    /// Last deal price (0 for forex, where there are no exchange deals).
    public var last: Double
    /// Deal volume (0 for forex quotes).
    public var volume: Double
    /// MT5's `TICK_FLAG_*` bits (2 bid, 4 ask, 8 last, 16 volume, 32 buy, 64 sell).
    public var flags: UInt32

    public init(timeMs: Int64, bid: Double, ask: Double, last: Double = 0, volume: Double = 0, flags: UInt32 = 0) {
        self.timeMs = timeMs
        self.bid = bid
        self.ask = ask
        self.last = last
        self.volume = volume
        self.flags = flags
    }

    /// The middle of the quote.
    @inline(__always)
    public var mid: Double { (bid + ask) * 0.5 }
}
