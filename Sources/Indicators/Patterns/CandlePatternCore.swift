/// What every candlestick pattern keeps: the recent candles, the number of the newest bar, and
/// the last output (TA-Lib's −100…100 integer).
public struct CandlePatternCore: Sendable {
    public let lookback: Int
    public private(set) var window: CandleWindow
    /// 0-based number of the newest bar, −1 before the first.
    public private(set) var bar = -1
    public var output = 0

    public init(lookback: Int) {
        precondition(lookback >= 0)
        self.lookback = lookback
        window = CandleWindow(capacity: lookback + 1)
    }

    /// Whether the newest bar is one TA-Lib outputs a value for.
    @inline(__always) public var isReady: Bool { bar >= lookback }

    /// Appends the next candle; returns `isReady`.
    @inline(__always)
    public mutating func append(_ candle: Candle) -> Bool {
        window.append(candle)
        bar += 1
        return bar >= lookback
    }

    /// The candle `age` bars before the newest.
    @inline(__always) public subscript(age: Int) -> Candle { window[age: age] }

    public mutating func reset() {
        window.removeAll()
        bar = -1
        output = 0
    }
}
