/// Midpoint price over a period (TA-Lib `MIDPRICE`): (highest high + lowest low) / 2 of the
/// last `period` bars.
public struct MIDPRICE: Indicator {
    public let period: Int
    private var highest: RollingExtreme
    private var lowest: RollingExtreme
    private var current = Double.nan

    public init(period: Int = 14) {
        precondition(period >= 1)
        self.period = period
        highest = RollingExtreme(period: period, kind: .highest)
        lowest = RollingExtreme(period: period, kind: .lowest)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { highest.isFull }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool { update(high: candle.high, low: candle.low) }

    /// Feeds the next bar's high and low (both the value, for `MIDPOINT`); returns `isReady`.
    @discardableResult
    mutating func update(high: Double, low: Double) -> Bool {
        let highestHigh = highest.update(high)
        let lowestLow = lowest.update(low)
        guard highest.isFull else { return false }
        current = (highestHigh + lowestLow) / 2.0
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        highest.reset()
        lowest.reset()
        current = .nan
    }
}
