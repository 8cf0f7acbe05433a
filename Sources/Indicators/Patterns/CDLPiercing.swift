/// Piercing Pattern (TA-Lib `CDLPIERCING`): 100 for a long black candle, then a long white candle
/// opening below its low and closing above its body's midpoint but below its open, else 0. Each
/// candle's "long" is judged against the averages ending before that candle.
public struct CDLPiercing: Indicator {
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyLongFirst: CandleAverage
    private var bodyLongSecond: CandleAverage

    public init(settings: CandleSettings = .taLib) {
        self.settings = settings
        let lookback = settings.bodyLong.period + 1
        core = CandlePatternCore(lookback: lookback)
        bodyLongFirst = CandleAverage(settings.bodyLong, offset: 1, lookback: lookback)
        bodyLongSecond = CandleAverage(settings.bodyLong, lookback: lookback)
    }

    public var outputNames: [String] { ["integer"] }
    public var lookback: Int { core.lookback }
    public var isReady: Bool { core.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let ready = core.append(candle)
        if ready {
            let first = core[1]
            core.output =
                first.color == -1
                    && first.realBody > bodyLongFirst.value(in: core.window)
                    && candle.color == 1
                    && candle.realBody > bodyLongSecond.value(in: core.window)
                    && candle.open < first.low
                    && candle.close < first.open
                    && candle.close > first.close + first.realBody * 0.5
                ? 100 : 0
        }
        bodyLongFirst.advance(core.window, bar: core.bar)
        bodyLongSecond.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyLongFirst.reset()
        bodyLongSecond.reset()
    }
}
