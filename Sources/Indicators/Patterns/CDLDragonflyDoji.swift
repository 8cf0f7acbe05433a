/// Dragonfly Doji (TA-Lib `CDLDRAGONFLYDOJI`): 100 for a doji with a very short upper shadow and
/// a lower shadow that is not very short, else 0.
public struct CDLDragonflyDoji: Indicator {
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyDoji: CandleAverage
    private var shadowVeryShort: CandleAverage

    public init(settings: CandleSettings = .taLib) {
        self.settings = settings
        let lookback = max(settings.bodyDoji.period, settings.shadowVeryShort.period)
        core = CandlePatternCore(lookback: lookback)
        bodyDoji = CandleAverage(settings.bodyDoji, lookback: lookback)
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
                candle.realBody <= bodyDoji.value(in: core.window)
                    && candle.upperShadow < veryShort
                    && candle.lowerShadow > veryShort
                ? 100 : 0
        }
        bodyDoji.advance(core.window, bar: core.bar)
        shadowVeryShort.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyDoji.reset()
        shadowVeryShort.reset()
    }
}
