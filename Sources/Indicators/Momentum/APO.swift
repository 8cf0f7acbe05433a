/// Absolute price oscillator (TA-Lib `APO`): fast moving average − slow moving average, both of
/// type `matype` (EMA by default, as in TA-Lib 0.8), each seeded independently at its own lookback.
///
/// The periods are swapped if `slowperiod < fastperiod`, as TA-Lib does.
public struct APO: ValueIndicator {
    public let fastPeriod: Int
    public let slowPeriod: Int
    public let type: MovingAverageType
    public let source: PriceSource
    private var fast: MovingAverage
    private var slow: MovingAverage
    private var current = Double.nan

    public init(fastPeriod: Int = 12, slowPeriod: Int = 26, type: MovingAverageType = .ema, source: PriceSource = .close) {
        self.fastPeriod = min(fastPeriod, slowPeriod)
        self.slowPeriod = max(fastPeriod, slowPeriod)
        self.type = type
        self.source = source
        fast = MovingAverage(period: self.fastPeriod, type: type)
        slow = MovingAverage(period: self.slowPeriod, type: type)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { slow.lookback }
    public var isReady: Bool { slow.isReady }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        fast.update(value: value)
        guard slow.update(value: value) else { return false }
        current = fast.value - slow.value
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        fast.reset()
        slow.reset()
        current = .nan
    }
}
