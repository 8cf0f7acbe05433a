/// Slow stochastic (TA-Lib `STOCH`): %K over `fastk_period` smoothed by a `slowk_matype` average
/// over `slowk_period` (slow %K), and that smoothed by a `slowd_matype` average over
/// `slowd_period` (slow %D).
///
/// %K is 0 when the high–low range of the window is 0, as in TA-Lib; a smoothing period of 1
/// leaves its input unchanged. Lookback: `fastk_period − 1` plus both averages' lookbacks.
public struct STOCH: Indicator {
    public let fastKPeriod: Int
    private var fastK: StochasticFastK
    private var slowK: MovingAverage
    private var slowD: MovingAverage
    private var ready = false

    public init(
        fastKPeriod: Int = 5, slowKPeriod: Int = 3, slowKType: MovingAverageType = .sma, slowDPeriod: Int = 3,
        slowDType: MovingAverageType = .sma
    ) {
        precondition(fastKPeriod >= 1)
        self.fastKPeriod = fastKPeriod
        fastK = StochasticFastK(period: fastKPeriod)
        slowK = MovingAverage(period: slowKPeriod, type: slowKType)
        slowD = MovingAverage(period: slowDPeriod, type: slowDType)
    }

    public var outputNames: [String] { ["slowk", "slowd"] }
    public var lookback: Int { fastK.lookback + slowK.lookback + slowD.lookback }
    public var isReady: Bool { ready }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        guard let k = fastK.update(high: candle.high, low: candle.low, close: candle.close),
              slowK.update(value: k)
        else { return false }
        ready = slowD.update(value: slowK.value)
        return ready
    }

    public func value(_ index: Int) -> Double { index == 0 ? slowK.value : slowD.value }

    public mutating func reset() {
        fastK.reset()
        slowK.reset()
        slowD.reset()
        ready = false
    }
}
