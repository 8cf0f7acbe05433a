/// Aroon (TA-Lib `AROON`): how recently, within the last `period + 1` bars, the highest high
/// (`aroonup`) and the lowest low (`aroondown`) occurred: `100/period · (period − bars since)`.
///
/// Among equal extremes the most recent bar wins, as in TA-Lib. The extremes are cached with
/// their bar and the window rescanned only when one of them leaves it.
public struct AROON: Indicator {
    public let period: Int
    let factor: Double
    private var extremes: WindowExtremes

    public init(period: Int = 14) {
        precondition(period >= 2)
        self.period = period
        factor = 100.0 / Double(period)
        extremes = WindowExtremes(length: period + 1, ties: .latest)
    }

    public var outputNames: [String] { ["aroondown", "aroonup"] }
    public var lookback: Int { period }
    public var isReady: Bool { extremes.isFull }

    /// The bar of the highest high in the window.
    var highestBar: Int { extremes.highestBar }
    /// The bar of the lowest low in the window.
    var lowestBar: Int { extremes.lowestBar }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        extremes.update(high: candle.high, low: candle.low)
    }

    public func value(_ index: Int) -> Double {
        factor * Double(period - (extremes.bar - (index == 0 ? lowestBar : highestBar)))
    }

    public mutating func reset() { extremes.reset() }
}
