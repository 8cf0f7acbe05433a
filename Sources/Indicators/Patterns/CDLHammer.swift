/// Hammer (TA-Lib `CDLHAMMER`): 100 for a short real body with a long lower shadow, a very short
/// upper shadow, and the body at or near the previous candle's low (`Near`, judged against the
/// averages ending before that previous candle), else 0.
public struct CDLHammer: Indicator {
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyShort: CandleAverage
    private var shadowLong: CandleAverage
    private var shadowVeryShort: CandleAverage
    private var near: CandleAverage

    public init(settings: CandleSettings = .taLib) {
        self.settings = settings
        let lookback = max(
            settings.bodyShort.period, settings.shadowLong.period, settings.shadowVeryShort.period,
            settings.near.period) + 1
        core = CandlePatternCore(lookback: lookback)
        bodyShort = CandleAverage(settings.bodyShort, lookback: lookback)
        shadowLong = CandleAverage(settings.shadowLong, lookback: lookback)
        shadowVeryShort = CandleAverage(settings.shadowVeryShort, lookback: lookback)
        near = CandleAverage(settings.near, offset: 1, lookback: lookback)
    }

    public var outputNames: [String] { ["integer"] }
    public var lookback: Int { core.lookback }
    public var isReady: Bool { core.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let ready = core.append(candle)
        if ready {
            core.output =
                candle.realBody < bodyShort.value(in: core.window)
                    && candle.lowerShadow > shadowLong.value(in: core.window)
                    && candle.upperShadow < shadowVeryShort.value(in: core.window)
                    && candle.bodyBottom <= core[1].low + near.value(in: core.window)
                ? 100 : 0
        }
        bodyShort.advance(core.window, bar: core.bar)
        shadowLong.advance(core.window, bar: core.bar)
        shadowVeryShort.advance(core.window, bar: core.bar)
        near.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyShort.reset()
        shadowLong.reset()
        shadowVeryShort.reset()
        near.reset()
    }
}
