/// Three Black Crows (TA-Lib `CDL3BLACKCROWS`): −100 for a white candle followed by three black
/// candles with falling closes and very short lower shadows, each opening inside the previous
/// black body, the first closing below the white candle's high; else 0. Every black candle is
/// judged against the averages ending before that candle.
public struct CDL3BlackCrows: Indicator {
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var shadowVeryShort2: CandleAverage
    private var shadowVeryShort1: CandleAverage
    private var shadowVeryShort0: CandleAverage

    public init(settings: CandleSettings = .taLib) {
        self.settings = settings
        let lookback = settings.shadowVeryShort.period + 3
        core = CandlePatternCore(lookback: lookback)
        shadowVeryShort2 = CandleAverage(settings.shadowVeryShort, offset: 2, lookback: lookback)
        shadowVeryShort1 = CandleAverage(settings.shadowVeryShort, offset: 1, lookback: lookback)
        shadowVeryShort0 = CandleAverage(settings.shadowVeryShort, offset: 0, lookback: lookback)
    }

    public var outputNames: [String] { ["integer"] }
    public var lookback: Int { core.lookback }
    public var isReady: Bool { core.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let ready = core.append(candle)
        if ready {
            let white = core[3]
            let first = core[2]
            let second = core[1]
            let window = core.window
            core.output =
                white.color == 1
                    && first.color == -1
                    && second.color == -1
                    && candle.color == -1
                    && second.open < first.open && second.open > first.close
                    && candle.open < second.open && candle.open > second.close
                    && white.high > first.close
                    && first.close > second.close
                    && second.close > candle.close
                    && first.lowerShadow < shadowVeryShort2.value(in: window)
                    && second.lowerShadow < shadowVeryShort1.value(in: window)
                    && candle.lowerShadow < shadowVeryShort0.value(in: window)
                ? -100 : 0
        }
        shadowVeryShort2.advance(core.window, bar: core.bar)
        shadowVeryShort1.advance(core.window, bar: core.bar)
        shadowVeryShort0.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        shadowVeryShort2.reset()
        shadowVeryShort1.reset()
        shadowVeryShort0.reset()
    }
}
