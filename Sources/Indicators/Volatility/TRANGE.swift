/// True range (TA-Lib `TRANGE`): the largest of today's high−low and the distances from
/// yesterday's close to today's high and low. The first bar has no yesterday, so the first
/// output is on the second bar.
public struct TRANGE: Indicator {
    private var previousClose = 0.0
    private var bars = 0
    private var current = Double.nan

    public init() {}

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { 1 }
    public var isReady: Bool { bars > 1 }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        if bars > 0 { current = Self.of(high: candle.high, low: candle.low, previousClose: previousClose) }
        previousClose = candle.close
        bars += 1
        return bars > 1
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        previousClose = 0
        bars = 0
        current = .nan
    }

    /// One bar's true range; shared by every indicator built on it (ATR, NATR, ULTOSC, the
    /// directional movement family).
    @inline(__always)
    static func of(high: Double, low: Double, previousClose: Double) -> Double {
        var greatest = high - low
        let toHigh = abs(previousClose - high)
        if toHigh > greatest { greatest = toHigh }
        let toLow = abs(previousClose - low)
        if toLow > greatest { greatest = toLow }
        return greatest
    }
}
