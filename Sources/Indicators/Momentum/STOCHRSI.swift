/// Stochastic RSI (TA-Lib `STOCHRSI`): TA-Lib's `STOCHF` applied to `RSI(timeperiod)`, the RSI
/// serving as high, low and close.
///
/// Lookback: the RSI's (`timeperiod`) plus `fastk_period − 1` plus the %D average's lookback.
public struct STOCHRSI: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var rsi: RSI
    private var fastK: StochasticFastK
    private var fastD: MovingAverage
    private var k = Double.nan
    private var ready = false

    public init(
        period: Int = 14, fastKPeriod: Int = 5, fastDPeriod: Int = 3, fastDType: MovingAverageType = .sma,
        source: PriceSource = .close
    ) {
        precondition(fastKPeriod >= 1)
        self.period = period
        self.source = source
        rsi = RSI(period: period)
        fastK = StochasticFastK(period: fastKPeriod)
        fastD = MovingAverage(period: fastDPeriod, type: fastDType)
    }

    public var outputNames: [String] { ["fastk", "fastd"] }
    public var lookback: Int { rsi.lookback + fastK.lookback + fastD.lookback }
    public var isReady: Bool { ready }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        guard rsi.update(value: value) else { return false }
        let strength = rsi.value
        guard let k = fastK.update(high: strength, low: strength, close: strength) else { return false }
        self.k = k
        ready = fastD.update(value: k)
        return ready
    }

    public func value(_ index: Int) -> Double { index == 0 ? k : fastD.value }

    public mutating func reset() {
        rsi.reset()
        fastK.reset()
        fastD.reset()
        k = .nan
        ready = false
    }
}
