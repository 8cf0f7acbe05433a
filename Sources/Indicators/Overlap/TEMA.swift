/// Triple exponential moving average (TA-Lib `TEMA`): 3·EMA1 − 3·EMA2 + EMA3, each EMA of the
/// previous one and each seeded with the average of its input's first `period` values.
///
/// TA-Lib adds in the order `EMA3 + (3·EMA1 − 3·EMA2)`, and returns the input unchanged for a
/// period of 1; both are kept here.
public struct TEMA: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var ema1: EMA
    private var ema2: EMA
    private var ema3: EMA
    private var current = Double.nan
    private var ready = false

    public init(period: Int = 30, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        ema1 = EMA(period: period)
        ema2 = EMA(period: period)
        ema3 = EMA(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { 3 * (period - 1) }
    public var isReady: Bool { ready }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        if period == 1 {
            current = value
            ready = true
            return true
        }
        guard ema1.update(value: value) else { return false }
        let first = ema1.value
        guard ema2.update(value: first) else { return false }
        let second = ema2.value
        guard ema3.update(value: second) else { return false }
        current = ema3.value + (3.0 * first - 3.0 * second)
        ready = true
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        ema1.reset()
        ema2.reset()
        ema3.reset()
        current = .nan
        ready = false
    }
}
