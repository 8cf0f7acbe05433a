/// Harami Cross Pattern (TA-Lib `CDLHARAMICROSS`): a long real body, then a doji inside it; ±100
/// when strictly inside, ±80 when one end matches (sign opposite to the first candle's colour),
/// else 0.
public struct CDLHaramiCross: Indicator {
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
            core.output = 0
            if first.realBody > bodyLong.value(in: core.window) && candle.realBody <= bodyDoji.value(in: core.window) {
                if candle.bodyTop < first.bodyTop && candle.bodyBottom > first.bodyBottom {
                    core.output = -first.color * 100
                } else if candle.bodyTop <= first.bodyTop && candle.bodyBottom >= first.bodyBottom {
                    core.output = -first.color * 80
                }
            }
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
