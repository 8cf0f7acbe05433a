/// Median price (TA-Lib `MEDPRICE`): (high + low) / 2.
public struct MEDPRICE: Indicator {
    private var current = Double.nan
    private var ready = false

    public init() {}

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { 0 }
    public var isReady: Bool { ready }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        current = (candle.high + candle.low) / 2.0
        ready = true
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        current = .nan
        ready = false
    }
}
