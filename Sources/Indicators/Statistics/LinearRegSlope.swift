/// Linear regression slope (TA-Lib `LINEARREG_SLOPE`): the slope per bar of the least-squares
/// line through the last `period` values.
public struct LinearRegSlope: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var regression: LinearRegressionWindow
    private var current = Double.nan

    public init(period: Int = 14, source: PriceSource = .close) {
        precondition(period >= 2)
        self.period = period
        self.source = source
        regression = LinearRegressionWindow(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { regression.isReady }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        guard regression.update(value) else { return false }
        current = regression.slope
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        regression.reset()
        current = .nan
    }
}
