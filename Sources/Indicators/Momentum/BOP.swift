/// Balance of power (TA-Lib `BOP`): `(close − open) / (high − low)`, 0 when the range is not
/// positive.
public struct BOP: Indicator {
    private var current = Double.nan
    private var ready = false

    public init() {}

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { 0 }
    public var isReady: Bool { ready }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let range = candle.high - candle.low
        current = 0 >= range ? 0.0 : (candle.close - candle.open) / range
        ready = true
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        current = .nan
        ready = false
    }
}
