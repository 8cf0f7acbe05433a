/// Dark Cloud Cover (TA-Lib `CDLDARKCLOUDCOVER`): −100 for a long white candle, then a black candle
/// opening above its high and closing inside its body, below `close − body × penetration`, else 0.
public struct CDLDarkCloudCover: Indicator {
    public let penetration: Double
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyLong: CandleAverage

    public init(penetration: Double = 0.5, settings: CandleSettings = .taLib) {
        precondition(penetration >= 0)
        self.penetration = penetration
        self.settings = settings
        let lookback = settings.bodyLong.period + 1
        core = CandlePatternCore(lookback: lookback)
        bodyLong = CandleAverage(settings.bodyLong, offset: 1, lookback: lookback)
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
                first.color == 1
                    && first.realBody > bodyLong.value(in: core.window)
                    && candle.color == -1
                    && candle.open > first.high
                    && candle.close > first.open
                    && candle.close < first.close - first.realBody * penetration
                ? -100 : 0
        }
        bodyLong.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyLong.reset()
    }
}
