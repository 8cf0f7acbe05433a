/// Normalized average true range (TA-Lib `NATR`): `ATR / close · 100`.
///
/// As in TA-Lib 0.8: a close of exactly 0 gives 0, and with period 1 the raw true range is
/// returned without normalizing.
public struct NATR: Indicator {
    public let period: Int
    private var atr: ATR
    private var current = Double.nan

    public init(period: Int = 14) {
        precondition(period >= 1)
        self.period = period
        atr = ATR(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period }
    public var isReady: Bool { atr.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        guard atr.update(candle) else { return false }
        if period <= 1 {
            current = atr.value
        } else {
            current = candle.close != 0 ? (atr.value / candle.close) * 100.0 : 0.0
        }
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        atr.reset()
        current = .nan
    }
}
