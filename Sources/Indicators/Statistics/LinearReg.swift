/// Linear regression (TA-Lib `LINEARREG`): the least-squares line through the last `period`
/// values, evaluated at the newest bar (`intercept + slope·(period−1)`, fused as in TA-Lib 0.8).
public struct LinearReg: ValueIndicator {
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
        current = regression.line(at: Double(period - 1))
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        regression.reset()
        current = .nan
    }
}
