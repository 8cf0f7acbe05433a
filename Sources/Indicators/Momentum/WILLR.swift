/// Williams' %R (TA-Lib `WILLR`): `(highest high − close) / (highest − lowest) · −100` over
/// the last `period` bars.
///
/// As in TA-Lib 0.8: 0 when the range is within 1e-14 of the extremes' magnitude
/// (`|hh − ll| ≤ 1e-14·(|hh| + |ll|)`), and the result clamped to [−100, 0]. The extremes are
/// cached with their bar and the window rescanned only when one of them leaves it.
public struct WILLR: Indicator {
    public let period: Int
    private var extremes: WindowExtremes
    private var current = Double.nan

    public init(period: Int = 14) {
        precondition(period >= 2)
        self.period = period
        extremes = WindowExtremes(length: period, ties: .earliest)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { extremes.isFull }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        guard extremes.update(high: candle.high, low: candle.low) else { return false }
        let highest = extremes.highest
        let lowest = extremes.lowest
        let range = highest - lowest
        if abs(range) <= 1e-14 * (abs(highest) + abs(lowest)) {
            current = 0
        } else {
            let ratio = ((highest - candle.close) / range) * -100.0
            current = ratio > 0 ? 0 : (-100.0 > ratio ? -100.0 : ratio)
        }
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        extremes.reset()
        current = .nan
    }
}
