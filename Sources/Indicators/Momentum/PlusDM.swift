/// Plus directional movement (TA-Lib `PLUS_DM`): Wilder-smoothed +DM.
///
/// TA-Lib's first output is the plain sum of the first `period − 1` one-bar values (no
/// smoothing step yet); with period 1 it is the one-bar +DM, starting on the second bar.
public struct PlusDM: Indicator {
    public let period: Int
    private var movement: WilderDirectionalMovement

    public init(period: Int = 14) {
        precondition(period >= 1)
        self.period = period
        movement = WilderDirectionalMovement(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period > 1 ? period - 1 : 1 }
    public var isReady: Bool { movement.hasSums }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        movement.update(high: candle.high, low: candle.low, close: candle.close)
        return movement.hasSums
    }

    public func value(_ index: Int) -> Double { movement.plusDM }

    public mutating func reset() { movement.reset() }
}
