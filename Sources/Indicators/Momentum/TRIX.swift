/// TRIX (TA-Lib `TRIX`): the one-bar rate of change, in percent, of a triple EMA.
///
/// Each EMA is seeded as TA-Lib seeds it (average of its input's first `period` values); the
/// output is `(ema3 / previous ema3 − 1) · 100`, or 0 when the previous value is exactly 0.
/// Lookback: 3·(period − 1) + 1.
public struct TRIX: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var emas: TripleEMA
    private var previous = 0.0
    private var hasPrevious = false
    private var current = Double.nan
    private var ready = false

    public init(period: Int = 30, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        emas = TripleEMA(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { 3 * (period - 1) + 1 }
    public var isReady: Bool { ready }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        guard emas.update(value) else { return false }
        let latest = emas.ema3.value
        defer {
            previous = latest
            hasPrevious = true
        }
        guard hasPrevious else { return false }
        current = previous != 0.0 ? (latest / previous - 1.0) * 100.0 : 0.0
        ready = true
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        emas.reset()
        previous = 0
        hasPrevious = false
        current = .nan
        ready = false
    }
}
