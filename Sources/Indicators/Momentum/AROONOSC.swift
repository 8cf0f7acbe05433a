/// Aroon oscillator (TA-Lib `AROONOSC`): `100/period · (bar of the highest high − bar of the
/// lowest low)` over the last `period + 1` bars, which is `aroonup − aroondown` computed the
/// way TA-Lib computes it.
public struct AROONOSC: Indicator {
    public let period: Int
    private var aroon: AROON

    public init(period: Int = 14) {
        precondition(period >= 2)
        self.period = period
        aroon = AROON(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period }
    public var isReady: Bool { aroon.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool { aroon.update(candle) }

    public func value(_ index: Int) -> Double { aroon.factor * Double(aroon.highestBar - aroon.lowestBar) }

    public mutating func reset() { aroon.reset() }
}
