/// Average directional movement index (TA-Lib `ADX`): Wilder's average of `DX`.
///
/// The first ADX is the sum of the first `period` DX values divided by `period` (a DX that is
/// undefined adds nothing), so the lookback is `2·period − 1`; after that
/// `adx = (adx·(period−1) + dx) / period`, skipped when DX is undefined.
public struct ADX: Indicator {
    public let period: Int
    private var movement: WilderDirectionalMovement
    private var sum = 0.0
    private var adx = Double.nan

    public init(period: Int = 14) {
        precondition(period >= 2)
        self.period = period
        movement = WilderDirectionalMovement(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { 2 * period - 1 }
    public var isReady: Bool { movement.bars > lookback }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        guard movement.update(candle) else { return false }
        let index = movement.directionalIndex
        if movement.bars <= lookback + 1 {
            if let index { sum += index }
            guard movement.bars == lookback + 1 else { return false }
            adx = sum / Double(period)
        } else if let index {
            adx = (adx * Double(period - 1) + index) / Double(period)
        }
        return true
    }

    public func value(_ index: Int) -> Double { adx }

    public mutating func reset() {
        movement.reset()
        sum = 0
        adx = .nan
    }
}
