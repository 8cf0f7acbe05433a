/// The raw stochastic %K TA-Lib's `STOCH`, `STOCHF` and `STOCHRSI` share:
/// `(close − lowest low) / (highest high − lowest low) · 100` over the last `period` bars.
///
/// As TA-Lib 0.8 (issues #107, #253): the range counts as flat, giving 0, when it is within
/// 1e-14 of |highest| + |lowest|, so rounding residue in a flat window is not read as a range.
struct StochasticFastK: Sendable {
    let period: Int
    private var highest: RollingExtreme
    private var lowest: RollingExtreme

    init(period: Int) {
        self.period = period
        highest = RollingExtreme(period: period, kind: .highest)
        lowest = RollingExtreme(period: period, kind: .lowest)
    }

    var lookback: Int { period - 1 }

    /// %K for the bar, or nil during the first `period − 1` bars.
    mutating func update(high: Double, low: Double, close: Double) -> Double? {
        let lowestLow = lowest.update(low)
        let highestHigh = highest.update(high)
        guard highest.isFull else { return nil }
        let range = highestHigh - lowestLow
        guard abs(range) > TALibTolerance.epsilon * (abs(highestHigh) + abs(lowestLow)) else { return 0 }
        return (close - lowestLow) / range * 100.0
    }

    mutating func reset() {
        highest.reset()
        lowest.reset()
    }
}
