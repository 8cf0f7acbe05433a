/// Average directional movement index rating (TA-Lib `ADXR`): the mean of today's `ADX` and
/// the ADX of `period − 1` bars ago; lookback `3·period − 2`.
public struct ADXR: Indicator {
    public let period: Int
    private var adx: ADX
    private var history: RingBuffer
    private var current = Double.nan

    public init(period: Int = 14) {
        precondition(period >= 2)
        self.period = period
        adx = ADX(period: period)
        history = RingBuffer(capacity: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { 3 * period - 2 }
    public var isReady: Bool { history.isFull }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        guard adx.update(candle) else { return false }
        history.append(adx.value)
        guard history.isFull else { return false }
        current = (history[age: 0] + history.oldest) / 2.0
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        adx.reset()
        history.removeAll()
        current = .nan
    }
}
