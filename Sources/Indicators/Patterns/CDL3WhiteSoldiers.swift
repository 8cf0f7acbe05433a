/// Three Advancing White Soldiers (TA-Lib `CDL3WHITESOLDIERS`): 100 for three white candles with
/// rising closes and very short upper shadows, each opening above the previous open and at most
/// `Near` above the previous close, none `Far` shorter than the one before, the last not short;
/// else 0. Every candle is judged against the averages ending before that candle.
public struct CDL3WhiteSoldiers: Indicator {
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var shadowVeryShort2: CandleAverage
    private var shadowVeryShort1: CandleAverage
    private var shadowVeryShort0: CandleAverage
    private var near2: CandleAverage
    private var near1: CandleAverage
    private var far2: CandleAverage
    private var far1: CandleAverage
    private var bodyShort: CandleAverage

    public init(settings: CandleSettings = .taLib) {
        self.settings = settings
        let lookback = max(
            settings.shadowVeryShort.period, settings.bodyShort.period, settings.far.period, settings.near.period) + 2
        core = CandlePatternCore(lookback: lookback)
        shadowVeryShort2 = CandleAverage(settings.shadowVeryShort, offset: 2, lookback: lookback)
        shadowVeryShort1 = CandleAverage(settings.shadowVeryShort, offset: 1, lookback: lookback)
        shadowVeryShort0 = CandleAverage(settings.shadowVeryShort, offset: 0, lookback: lookback)
        near2 = CandleAverage(settings.near, offset: 2, lookback: lookback)
        near1 = CandleAverage(settings.near, offset: 1, lookback: lookback)
        far2 = CandleAverage(settings.far, offset: 2, lookback: lookback)
        far1 = CandleAverage(settings.far, offset: 1, lookback: lookback)
        bodyShort = CandleAverage(settings.bodyShort, lookback: lookback)
    }

    public var outputNames: [String] { ["integer"] }
    public var lookback: Int { core.lookback }
    public var isReady: Bool { core.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let ready = core.append(candle)
        if ready {
            let first = core[2]
            let second = core[1]
            let window = core.window
            core.output =
                first.color == 1
                    && first.upperShadow < shadowVeryShort2.value(in: window)
                    && second.color == 1
                    && second.upperShadow < shadowVeryShort1.value(in: window)
                    && candle.color == 1
                    && candle.upperShadow < shadowVeryShort0.value(in: window)
                    && candle.close > second.close && second.close > first.close
                    && second.open > first.open
                    && second.open <= first.close + near2.value(in: window)
                    && candle.open > second.open
                    && candle.open <= second.close + near1.value(in: window)
                    && second.realBody > first.realBody - far2.value(in: window)
                    && candle.realBody > second.realBody - far1.value(in: window)
                    && candle.realBody > bodyShort.value(in: window)
                ? 100 : 0
        }
        shadowVeryShort2.advance(core.window, bar: core.bar)
        shadowVeryShort1.advance(core.window, bar: core.bar)
        shadowVeryShort0.advance(core.window, bar: core.bar)
        near2.advance(core.window, bar: core.bar)
        near1.advance(core.window, bar: core.bar)
        far2.advance(core.window, bar: core.bar)
        far1.advance(core.window, bar: core.bar)
        bodyShort.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        shadowVeryShort2.reset()
        shadowVeryShort1.reset()
        shadowVeryShort0.reset()
        near2.reset()
        near1.reset()
        far2.reset()
        far1.reset()
        bodyShort.reset()
    }
}
