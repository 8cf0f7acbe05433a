/// Spinning Top (TA-Lib `CDLSPINNINGTOP`): a short real body with both shadows longer than the
/// body; 100 when white, −100 when black, else 0.
public struct CDLSpinningTop: Indicator {
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyShort: CandleAverage

    public init(settings: CandleSettings = .taLib) {
        self.settings = settings
        let lookback = settings.bodyShort.period
        core = CandlePatternCore(lookback: lookback)
        bodyShort = CandleAverage(settings.bodyShort, lookback: lookback)
    }

    public var outputNames: [String] { ["integer"] }
    public var lookback: Int { core.lookback }
    public var isReady: Bool { core.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let ready = core.append(candle)
        if ready {
            let body = candle.realBody
            core.output =
                candle.upperShadow > body
                    && candle.lowerShadow > body
                    && body < bodyShort.value(in: core.window)
                ? candle.color * 100 : 0
        }
        bodyShort.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyShort.reset()
    }
}
