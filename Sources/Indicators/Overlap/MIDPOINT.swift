/// Midpoint over a period (TA-Lib `MIDPOINT`): (highest + lowest) / 2 of the last `period` values.
public struct MIDPOINT: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var highest: RollingExtreme
    private var lowest: RollingExtreme
    private var current = Double.nan

    public init(period: Int = 14, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        highest = RollingExtreme(period: period, kind: .highest)
        lowest = RollingExtreme(period: period, kind: .lowest)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { highest.isFull }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        let high = highest.update(value)
        let low = lowest.update(value)
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
