/// Weighted close price (TA-Lib `WCLPRICE`): (high + low + 2·close) / 4.
public struct WCLPRICE: Indicator {
    private var current = Double.nan
    private var ready = false

    public init() {}

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { 0 }
    public var isReady: Bool { ready }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        current = (candle.high + candle.low + candle.close * 2.0) / 4.0
        ready = true
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        current = .nan
        ready = false
    }
}
