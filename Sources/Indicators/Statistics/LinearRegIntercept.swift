/// Linear regression intercept (TA-Lib `LINEARREG_INTERCEPT`): the least-squares line through
/// the last `period` values, evaluated at the oldest bar of the window.
public struct LinearRegIntercept: ValueIndicator {
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
        current = regression.intercept
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        regression.reset()
        current = .nan
    }
}
