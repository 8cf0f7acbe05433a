/// Wilder's directional movement, the building block of `PLUS_DM`, `MINUS_DM`, `PLUS_DI`,
/// `MINUS_DI`, `DX`, `ADX` and `ADXR`, computed as TA-Lib computes it.
///
/// Each bar after the first yields a one-bar +DM or −DM (the larger part of today's range
/// outside yesterday's; neither on a tie) and a true range. For the first `period − 1` of them
/// the three series are summed; from then on each is smoothed as `s − s/period + today`.
/// So the sums are complete (the `DM` outputs start) after `period − 1` bars past the first,
/// and the first smoothing step (the `DI` and `DX` outputs start) comes one bar later.
struct WilderDirectionalMovement: Sendable {
    let period: Int
    /// Bars seen, the first one included.
    private(set) var bars = 0
    private(set) var plusDM = 0.0
    private(set) var minusDM = 0.0
    private(set) var trueRange = 0.0
    private var previousHigh = 0.0
    private var previousLow = 0.0
    private var previousClose = 0.0

    init(period: Int) {
        precondition(period >= 1)
        self.period = period
    }

    /// Whether the sums of the first `period − 1` one-bar values are complete.
    var hasSums: Bool { bars >= max(period, 2) }
    /// Whether at least one smoothing step has been applied.
    var isSmoothed: Bool { bars > period }

    mutating func update(high: Double, low: Double, close: Double) {
        defer {
            previousHigh = high
            previousLow = low
            previousClose = close
            bars += 1
        }
        guard bars > 0 else { return }
        let diffPlus = high - previousHigh
        let diffMinus = previousLow - low
        let range = TRANGE.of(high: high, low: low, previousClose: previousClose)
        let isMinus = diffMinus > 0 && diffPlus < diffMinus
        let isPlus = !isMinus && diffPlus > 0 && diffPlus > diffMinus
        if bars < period {
            if isMinus { minusDM += diffMinus }
            if isPlus { plusDM += diffPlus }
            trueRange += range
        } else {
            let divisor = Double(period)
            minusDM -= minusDM / divisor
            plusDM -= plusDM / divisor
            if isMinus { minusDM += diffMinus }
            if isPlus { plusDM += diffPlus }
            trueRange = trueRange - trueRange / divisor + range
        }
    }

    /// `100·DM/TR`, or 0 when the smoothed true range is not positive (TA-Lib 0.8).
    static func indicator(_ movement: Double, _ trueRange: Double) -> Double {
        trueRange > 0 ? (movement / trueRange) * 100.0 : 0.0
    }

    /// `100·|−DI − +DI| / (−DI + +DI)`, or nil when TA-Lib keeps the previous value: the
    /// true range is not positive, or the DI sum is within TA-Lib's epsilon (1e-14) of zero.
    var directionalIndex: Double? {
        guard trueRange > 0 else { return nil }
        let minusDI = (minusDM / trueRange) * 100.0
        let plusDI = (plusDM / trueRange) * 100.0
        let sum = minusDI + plusDI
        guard !(-1e-14 < sum && sum < 1e-14) else { return nil }
        return (abs(minusDI - plusDI) / sum) * 100.0
    }

    mutating func reset() {
        self = WilderDirectionalMovement(period: period)
    }
}
