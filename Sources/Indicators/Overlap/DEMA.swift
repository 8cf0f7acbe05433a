/// Double exponential moving average (TA-Lib `DEMA`): 2·EMA − EMA(EMA).
///
/// The inner EMA is seeded, as in TA-Lib, with the average of the first `period` values of the
/// outer one, so the first output comes after 2·(period − 1) bars.
public struct DEMA: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var ema1: EMA
    private var ema2: EMA
    private var current = Double.nan

    public init(period: Int = 30, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        ema1 = EMA(period: period)
        ema2 = EMA(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { 2 * (period - 1) }
    public var isReady: Bool { ema2.isReady }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        guard ema1.update(value: value) else { return false }
        let first = ema1.value
        guard ema2.update(value: first) else { return false }
        current = 2.0 * first - ema2.value
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        ema1.reset()
        ema2.reset()
        current = .nan
    }
}
