/// Doji Star (TA-Lib `CDLDOJISTAR`): a long candle, then a doji whose real body gaps away from it
/// (up after white, down after black); −100 after a white candle, 100 after a black one.
public struct CDLDojiStar: Indicator {
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyLong: CandleAverage
    private var bodyDoji: CandleAverage

    public init(settings: CandleSettings = .taLib) {
        self.settings = settings
        let lookback = max(settings.bodyDoji.period, settings.bodyLong.period) + 1
        core = CandlePatternCore(lookback: lookback)
        bodyLong = CandleAverage(settings.bodyLong, offset: 1, lookback: lookback)
        bodyDoji = CandleAverage(settings.bodyDoji, lookback: lookback)
    }

    public var outputNames: [String] { ["integer"] }
    public var lookback: Int { core.lookback }
    public var isReady: Bool { core.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let ready = core.append(candle)
        if ready {
            let first = core[1]
            let gaps = first.color == 1 ? candle.realBodyGapsUp(from: first) : candle.realBodyGapsDown(from: first)
            core.output =
                first.realBody > bodyLong.value(in: core.window)
                    && candle.realBody <= bodyDoji.value(in: core.window)
                    && gaps
                ? -first.color * 100 : 0
        }
        bodyLong.advance(core.window, bar: core.bar)
        bodyDoji.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyLong.reset()
        bodyDoji.reset()
    }
}
