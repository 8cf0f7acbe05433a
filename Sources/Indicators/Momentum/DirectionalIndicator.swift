/// Directional indicator (TA-Lib `PLUS_DI`, `MINUS_DI`): `100 · DM / TR` towards `direction`,
/// both Wilder-smoothed.
///
/// As in TA-Lib 0.8, 0 when the smoothed true range is not positive; with period 1 TA-Lib
/// returns the one-bar ratio `DM / TR` without the factor 100, and so do we.
public struct DirectionalIndicator: Indicator {
    public let period: Int
    public let direction: DirectionalMovement.Direction
    private var movement: WilderDirectionalMovement

    public init(period: Int = 14, direction: DirectionalMovement.Direction) {
        precondition(period >= 1)
        self.period = period
        self.direction = direction
        movement = WilderDirectionalMovement(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period }
    public var isReady: Bool { movement.isSmoothed }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool { movement.update(candle) }

    public func value(_ index: Int) -> Double { movement.indicator(direction) }

    public mutating func reset() { movement.reset() }
}
