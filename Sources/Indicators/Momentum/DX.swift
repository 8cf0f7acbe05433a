/// Directional movement index (TA-Lib `DX`): `100 · |−DI − +DI| / (−DI + +DI)`.
///
/// Where the ratio is undefined (true range not positive, or the DI sum within 1e-14 of
/// zero) TA-Lib repeats the previous output, and the first output is 0.
public struct DX: Indicator {
    public let period: Int
    private var movement: WilderDirectionalMovement
    private var current = 0.0

    public init(period: Int = 14) {
        precondition(period >= 2)
        self.period = period
        movement = WilderDirectionalMovement(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period }
    public var isReady: Bool { movement.isSmoothed }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        guard movement.update(candle) else { return false }
        if let index = movement.directionalIndex { current = index }
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        movement.reset()
        current = 0
    }
}
