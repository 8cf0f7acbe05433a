/// On balance volume (TA-Lib `OBV`): starts at the first bar's volume, then adds the volume
/// when the price rises, subtracts it when the price falls.
public struct OBV: Indicator {
    /// The price compared bar to bar (TA-Lib's `price` input, close by default).
    public let source: PriceSource
    private var previous = 0.0
    private var total = Double.nan
    private var ready = false

    public init(source: PriceSource = .close) {
        self.source = source
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { 0 }
    public var isReady: Bool { ready }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let price = source.pick(candle)
        if !ready {
            total = candle.volume
            ready = true
        } else if price > previous {
            total += candle.volume
        } else if price < previous {
            total -= candle.volume
        }
        previous = price
        return true
    }

    public func value(_ index: Int) -> Double { total }

    public mutating func reset() {
        previous = 0
        total = .nan
        ready = false
    }
}
