/// Marubozu (TA-Lib `CDLMARUBOZU`): a long real body with very short upper and lower shadows;
/// 100 when white, −100 when black, else 0.
public struct CDLMarubozu: Indicator {
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyLong: CandleAverage
    private var shadowVeryShort: CandleAverage

    public init(settings: CandleSettings = .taLib) {
        self.settings = settings
        let lookback = max(settings.bodyLong.period, settings.shadowVeryShort.period)
        core = CandlePatternCore(lookback: lookback)
        bodyLong = CandleAverage(settings.bodyLong, lookback: lookback)
        shadowVeryShort = CandleAverage(settings.shadowVeryShort, lookback: lookback)
    }

    public var outputNames: [String] { ["integer"] }
    public var lookback: Int { core.lookback }
    public var isReady: Bool { core.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let ready = core.append(candle)
        if ready {
            let veryShort = shadowVeryShort.value(in: core.window)
            core.output =
                candle.realBody > bodyLong.value(in: core.window)
                    && candle.upperShadow < veryShort
                    && candle.lowerShadow < veryShort
                ? candle.color * 100 : 0
        }
        bodyLong.advance(core.window, bar: core.bar)
        shadowVeryShort.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyLong.reset()
        shadowVeryShort.reset()
    }
}
