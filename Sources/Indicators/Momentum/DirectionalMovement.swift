/// Directional movement (TA-Lib `PLUS_DM`, `MINUS_DM`): Wilder-smoothed +DM or −DM, by
/// `direction`.
///
/// TA-Lib's first output is the plain sum of the first `period − 1` one-bar values (no
/// smoothing step yet); with period 1 it is the one-bar value, starting on the second bar.
public struct DirectionalMovement: Indicator {
    /// Which way of Wilder's directional movement is followed.
    public enum Direction: Sendable, CaseIterable {
        /// Upward: the rise of the high beyond the bar before (`PLUS_DM`, `PLUS_DI`).
        case plus
        /// Downward: the fall of the low beyond the bar before (`MINUS_DM`, `MINUS_DI`).
        case minus
    }

    public let period: Int
    public let direction: Direction
    private var movement: WilderDirectionalMovement

    public init(period: Int = 14, direction: Direction) {
        precondition(period >= 1)
        self.period = period
        self.direction = direction
        movement = WilderDirectionalMovement(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period > 1 ? period - 1 : 1 }
    public var isReady: Bool { movement.hasSums }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        movement.update(candle)
        return movement.hasSums
    }

    public func value(_ index: Int) -> Double { movement.movement(direction) }

    public mutating func reset() { movement.reset() }
}
