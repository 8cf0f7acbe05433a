/// Triple exponential moving average (TA-Lib `TEMA`): 3·EMA1 − 3·EMA2 + EMA3, each EMA of the
/// previous one and each seeded with the average of its input's first `period` values.
///
/// TA-Lib adds in the order `EMA3 + (3·EMA1 − 3·EMA2)`, and returns the input unchanged for a
/// period of 1; both are kept here.
public struct TEMA: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var emas: TripleEMA
    private var current = Double.nan
    private var ready = false

    public init(period: Int = 30, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        emas = TripleEMA(period: period)
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
        guard emas.update(value) else { return false }
        current = emas.ema3.value + (3.0 * emas.ema1.value - 3.0 * emas.ema2.value)
        ready = true
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        emas.reset()
        current = .nan
        ready = false
    }
}
