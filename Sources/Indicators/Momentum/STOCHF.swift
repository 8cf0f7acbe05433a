/// Fast stochastic (TA-Lib `STOCHF`): %K over `fastk_period` and its `fastd_matype` average over
/// `fastd_period` (%D).
///
/// %K is 0 when the high–low range of the window is 0, as in TA-Lib. Lookback:
/// `fastk_period − 1` plus the %D average's lookback.
public struct STOCHF: Indicator {
    public let fastKPeriod: Int
    private var fastK: StochasticFastK
    private var fastD: MovingAverage
    private var k = Double.nan
    private var ready = false

    public init(fastKPeriod: Int = 5, fastDPeriod: Int = 3, fastDType: MovingAverageType = .sma) {
        precondition(fastKPeriod >= 1)
        self.fastKPeriod = fastKPeriod
        fastK = StochasticFastK(period: fastKPeriod)
        fastD = MovingAverage(period: fastDPeriod, type: fastDType)
    }

    public var outputNames: [String] { ["fastk", "fastd"] }
    public var lookback: Int { fastK.lookback + fastD.lookback }
    public var isReady: Bool { ready }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        guard let k = fastK.update(high: candle.high, low: candle.low, close: candle.close) else { return false }
        self.k = k
        ready = fastD.update(value: k)
        return ready
    }

    public func value(_ index: Int) -> Double { index == 0 ? k : fastD.value }

    public mutating func reset() {
        fastK.reset()
        fastD.reset()
        k = .nan
        ready = false
    }
}
