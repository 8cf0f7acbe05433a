/// Three EMAs of one period, each fed the one before it: the chain inside TA-Lib's `TEMA` and
/// `TRIX`.
///
/// Each EMA is seeded as `EMA` seeds itself, with the average of its input's first `period`
/// values, so the third one's first value comes after 3·(period − 1) bars.
struct TripleEMA: Sendable {
    private(set) var ema1: EMA
    private(set) var ema2: EMA
    private(set) var ema3: EMA

    init(period: Int) {
        ema1 = EMA(period: period)
        ema2 = EMA(period: period)
        ema3 = EMA(period: period)
    }

    /// Feeds `value` down the chain as far as the EMAs are seeded; returns whether the third has a value.
    @inline(__always)
    mutating func update(_ value: Double) -> Bool {
        ema1.update(value: value) && ema2.update(value: ema1.value) && ema3.update(value: ema2.value)
    }

    mutating func reset() {
        ema1.reset()
        ema2.reset()
        ema3.reset()
    }
}
