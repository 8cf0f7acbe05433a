/// Morning Doji Star (TA-Lib `CDLMORNINGDOJISTAR`): 100 for a long black candle, a doji gapping
/// down from it, then a white candle that is not short and closes above
/// `first close + first body × penetration`, else 0.
public struct CDLMorningDojiStar: Indicator {
    public let penetration: Double
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyLong: CandleAverage
    private var bodyDoji: CandleAverage
    private var bodyShort: CandleAverage

    public init(penetration: Double = 0.3, settings: CandleSettings = .taLib) {
        precondition(penetration >= 0)
        self.penetration = penetration
        self.settings = settings
        let lookback = max(settings.bodyDoji.period, settings.bodyLong.period, settings.bodyShort.period) + 2
        core = CandlePatternCore(lookback: lookback)
        bodyLong = CandleAverage(settings.bodyLong, offset: 2, lookback: lookback)
        bodyDoji = CandleAverage(settings.bodyDoji, offset: 1, lookback: lookback)
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
            let star = core[1]
            core.output =
                first.color == -1
                    && candle.color == 1
                    && star.realBodyGapsDown(from: first)
                    && candle.close > first.close + first.realBody * penetration
                    && first.realBody > bodyLong.value(in: core.window)
                    && star.realBody <= bodyDoji.value(in: core.window)
                    && candle.realBody > bodyShort.value(in: core.window)
                ? 100 : 0
        }
        bodyLong.advance(core.window, bar: core.bar)
        bodyDoji.advance(core.window, bar: core.bar)
        bodyShort.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyLong.reset()
        bodyDoji.reset()
        bodyShort.reset()
    }
}
