/// Plus directional indicator (TA-Lib `PLUS_DI`): `100 · +DM / TR`, both Wilder-smoothed.
///
/// As in TA-Lib 0.8, 0 when the smoothed true range is not positive; with period 1 TA-Lib
/// returns the one-bar ratio `+DM / TR` without the factor 100, and so do we.
public struct PlusDI: Indicator {
    public let period: Int
    private var movement: WilderDirectionalMovement

    public init(period: Int = 14) {
        precondition(period >= 1)
        self.period = period
        movement = WilderDirectionalMovement(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period }
    public var isReady: Bool { movement.isSmoothed }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        movement.update(high: candle.high, low: candle.low, close: candle.close)
        return movement.isSmoothed
    }

    public func value(_ index: Int) -> Double {
        if period == 1 { return movement.trueRange > 0 ? movement.plusDM / movement.trueRange : 0 }
        return WilderDirectionalMovement.indicator(movement.plusDM, movement.trueRange)
    }

    public mutating func reset() { movement.reset() }
}
