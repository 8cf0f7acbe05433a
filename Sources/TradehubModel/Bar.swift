/// One bar of a timeframe, with MT5's fields: OHLC from the bid, tick and real volume, and
/// the smallest spread seen in the bar.
public struct Bar: Sendable, Equatable, Hashable {
    /// Start of the bar's period, UTC milliseconds.
    public var openTimeMs: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    /// Number of ticks aggregated.
    public var tickVolume: Int64
    /// Smallest `ask − bid` in the bar, in points, rounded to the nearest point.
    public var spread: Int32
    /// Sum of the ticks' deal volume.
    public var realVolume: Double

    public init(
        openTimeMs: Int64, open: Double, high: Double, low: Double, close: Double, tickVolume: Int64 = 0,
        spread: Int32 = 0, realVolume: Double = 0
    ) {
        self.openTimeMs = openTimeMs
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.tickVolume = tickVolume
        self.spread = spread
        self.realVolume = realVolume
    }
}
