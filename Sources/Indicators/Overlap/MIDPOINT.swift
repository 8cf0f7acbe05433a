/// Midpoint over a period (TA-Lib `MIDPOINT`): (highest + lowest) / 2 of the last `period` values,
/// which is `MIDPRICE` of a series whose high and low are both the value.
public struct MIDPOINT: ValueIndicator {
    public let source: PriceSource
    private var midprice: MIDPRICE

    public init(period: Int = 14, source: PriceSource = .close) {
        self.source = source
        midprice = MIDPRICE(period: period)
    }

    public var period: Int { midprice.period }
    public var outputNames: [String] { ["real"] }
    public var lookback: Int { midprice.lookback }
    public var isReady: Bool { midprice.isReady }

    @discardableResult
    public mutating func update(value: Double) -> Bool { midprice.update(high: value, low: value) }

    public func value(_ index: Int) -> Double { midprice.value }

    public mutating func reset() { midprice.reset() }
}
