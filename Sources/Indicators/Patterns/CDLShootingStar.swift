/// Shooting Star (TA-Lib `CDLSHOOTINGSTAR`): −100 for a short real body gapping up from the
/// previous real body, with a long upper shadow and a very short lower shadow, else 0.
public struct CDLShootingStar: Indicator {
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyShort: CandleAverage
    private var shadowLong: CandleAverage
    private var shadowVeryShort: CandleAverage

    public init(settings: CandleSettings = .taLib) {
        self.settings = settings
        let lookback = max(settings.bodyShort.period, settings.shadowLong.period, settings.shadowVeryShort.period) + 1
        core = CandlePatternCore(lookback: lookback)
        bodyShort = CandleAverage(settings.bodyShort, lookback: lookback)
        shadowLong = CandleAverage(settings.shadowLong, lookback: lookback)
        shadowVeryShort = CandleAverage(settings.shadowVeryShort, lookback: lookback)
    }

    public var outputNames: [String] { ["integer"] }
    public var lookback: Int { core.lookback }
    public var isReady: Bool { core.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let ready = core.append(candle)
        if ready {
            core.output =
                candle.realBodyGapsUp(from: core[1])
                    && candle.realBody < bodyShort.value(in: core.window)
                    && candle.upperShadow > shadowLong.value(in: core.window)
                    && candle.lowerShadow < shadowVeryShort.value(in: core.window)
                ? -100 : 0
        }
        bodyShort.advance(core.window, bar: core.bar)
        shadowLong.advance(core.window, bar: core.bar)
        shadowVeryShort.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyShort.reset()
        shadowLong.reset()
        shadowVeryShort.reset()
    }
}
