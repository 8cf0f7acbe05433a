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
    public mutating func update(_ candle: Candle) -> Bool {
        let high = highest.update(candle.high)
        let low = lowest.update(candle.low)
        guard highest.isFull else { return false }
        current = (high + low) / 2.0
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        highest.reset()
        lowest.reset()
        current = .nan
    }
}
