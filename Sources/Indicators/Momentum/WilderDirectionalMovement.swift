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

    /// Feeds one bar; returns `isSmoothed`, whether the `DI` and `DX` outputs are available.
    @discardableResult
    mutating func update(_ candle: Candle) -> Bool {
        if bars > 0 { accumulate(candle) }
        previousHigh = candle.high
        previousLow = candle.low
        previousClose = candle.close
        bars += 1
        return isSmoothed
    }

    /// Adds one bar's +DM, −DM and true range against the bar before: summed for the first
    /// `period − 1` bars, smoothed after.
    private mutating func accumulate(_ candle: Candle) {
        let diffPlus = candle.high - previousHigh
        let diffMinus = previousLow - candle.low
        let range = TRANGE.of(high: candle.high, low: candle.low, previousClose: previousClose)
        let moved = Self.direction(diffPlus: diffPlus, diffMinus: diffMinus)
        if bars < period {
            if moved == .minus { minusDM += diffMinus }
            if moved == .plus { plusDM += diffPlus }
            trueRange += range
        } else {
            let divisor = Double(period)
            minusDM -= minusDM / divisor
            plusDM -= plusDM / divisor
            if moved == .minus { minusDM += diffMinus }
            if moved == .plus { plusDM += diffPlus }
            trueRange = trueRange - trueRange / divisor + range
        }
    }

    /// The side one bar moved to, as TA-Lib decides it from the rise of the high (`diffPlus`)
    /// and the fall of the low (`diffMinus`) since the bar before: the larger of the two when it
    /// is positive; neither on a tie. `SAR` picks its first direction with it too.
    @inline(__always)
    static func direction(diffPlus: Double, diffMinus: Double) -> DirectionalMovement.Direction? {
        if diffMinus > 0 && diffPlus < diffMinus { return .minus }
        if diffPlus > 0 && diffPlus > diffMinus { return .plus }
        return nil
    }

    /// The smoothed movement towards `direction` (`PLUS_DM`, `MINUS_DM`).
    @inline(__always)
    func movement(_ direction: DirectionalMovement.Direction) -> Double {
        switch direction {
        case .plus: plusDM
        case .minus: minusDM
        }
    }

    /// The directional indicator towards `direction` (`PLUS_DI`, `MINUS_DI`): `100·DM/TR`, 0
    /// when the smoothed true range is not positive (TA-Lib 0.8); with period 1 TA-Lib's one-bar
    /// ratio `DM/TR`, without the factor 100.
    func indicator(_ direction: DirectionalMovement.Direction) -> Double {
        let movement = movement(direction)
        if period == 1 { return trueRange > 0 ? movement / trueRange : 0 }
        return Self.indicator(movement, trueRange)
    }

    /// `100·DM/TR`, or 0 when the smoothed true range is not positive (TA-Lib 0.8).
    private static func indicator(_ movement: Double, _ trueRange: Double) -> Double {
        trueRange > 0 ? (movement / trueRange) * 100.0 : 0.0
    }

    /// `100·|−DI − +DI| / (−DI + +DI)`, or nil when TA-Lib keeps the previous value: the
    /// true range is not positive, or the DI sum is within TA-Lib's epsilon (1e-14) of zero.
    var directionalIndex: Double? {
        guard trueRange > 0 else { return nil }
        let minusDI = Self.indicator(minusDM, trueRange)
        let plusDI = Self.indicator(plusDM, trueRange)
        let sum = minusDI + plusDI
        guard !(-1e-14 < sum && sum < 1e-14) else { return nil }
        return (abs(minusDI - plusDI) / sum) * 100.0
    }

    mutating func reset() {
        self = WilderDirectionalMovement(period: period)
    }
}
