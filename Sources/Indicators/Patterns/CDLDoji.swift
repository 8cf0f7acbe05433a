/// Doji (TA-Lib `CDLDOJI`): 100 when the real body is no longer than `BodyDoji` (10% of the
/// average high-low range of the 10 previous candles), else 0.
public struct CDLDoji: Indicator {
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyDoji: CandleAverage

    public init(settings: CandleSettings = .taLib) {
        self.settings = settings
        let lookback = settings.bodyDoji.period
        core = CandlePatternCore(lookback: lookback)
        bodyDoji = CandleAverage(settings.bodyDoji, lookback: lookback)
    }

    public var outputNames: [String] { ["integer"] }
    public var lookback: Int { core.lookback }
    public var isReady: Bool { core.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let ready = core.append(candle)
        if ready {
            core.output = candle.realBody <= bodyDoji.value(in: core.window) ? 100 : 0
        }
        bodyDoji.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyDoji.reset()
    }
}
