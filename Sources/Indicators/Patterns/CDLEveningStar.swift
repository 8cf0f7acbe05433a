/// Evening Star (TA-Lib `CDLEVENINGSTAR`): −100 for a long white candle, a short real body gapping
/// up from it, then a black candle that is not short and closes below
/// `first close − first body × penetration`, else 0.
public struct CDLEveningStar: Indicator {
    public let penetration: Double
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyLong: CandleAverage
    private var bodyShortStar: CandleAverage
    private var bodyShortThird: CandleAverage

    public init(penetration: Double = 0.3, settings: CandleSettings = .taLib) {
        precondition(penetration >= 0)
        self.penetration = penetration
        self.settings = settings
        let lookback = max(settings.bodyShort.period, settings.bodyLong.period) + 2
        core = CandlePatternCore(lookback: lookback)
        bodyLong = CandleAverage(settings.bodyLong, offset: 2, lookback: lookback)
        bodyShortStar = CandleAverage(settings.bodyShort, offset: 1, lookback: lookback)
        bodyShortThird = CandleAverage(settings.bodyShort, lookback: lookback)
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
                first.color == 1
                    && candle.color == -1
                    && star.realBodyGapsUp(from: first)
                    && candle.close < first.close - first.realBody * penetration
                    && first.realBody > bodyLong.value(in: core.window)
                    && star.realBody <= bodyShortStar.value(in: core.window)
                    && candle.realBody > bodyShortThird.value(in: core.window)
                ? -100 : 0
        }
        bodyLong.advance(core.window, bar: core.bar)
        bodyShortStar.advance(core.window, bar: core.bar)
        bodyShortThird.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyLong.reset()
        bodyShortStar.reset()
        bodyShortThird.reset()
    }
}
