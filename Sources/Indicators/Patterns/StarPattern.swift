/// The three-candle star reversals: TA-Lib's `CDLMORNINGSTAR`, `CDLEVENINGSTAR`,
/// `CDLMORNINGDOJISTAR` and `CDLEVENINGDOJISTAR`, by `direction` and `doji`.
///
/// Morning: a long black candle (`BodyLong`), a star whose real body gaps down from it, then a
/// white candle that is not short (`BodyShort`) and closes above
/// `first close + first body × penetration`; 100. Evening: the mirror image (white, gap up,
/// black, below `first close − first body × penetration`); −100. Else 0. The star must be short
/// (`BodyShort`) or, for the doji stars, a doji (`BodyDoji`); each candle is judged against the
/// averages ending before it. The lookback is TA-Lib's: the largest period of the settings read,
/// plus 2.
public struct StarPattern: Indicator {
    /// Which way the pattern turns.
    public enum Direction: Sendable, CaseIterable {
        /// After a decline: black, star below, white; 100.
        case morning
        /// After an advance: white, star above, black; −100.
        case evening
    }

    public let direction: Direction
    /// Whether the star must be a doji (`CDL…DOJISTAR`) rather than merely short.
    public let doji: Bool
    public let penetration: Double
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyLong: CandleAverage
    /// `BodyDoji` for a doji star, else `BodyShort`, judging the star.
    private var bodyStar: CandleAverage
    private var bodyShort: CandleAverage

    public init(
        _ direction: Direction, doji: Bool = false, penetration: Double = 0.3, settings: CandleSettings = .taLib
    ) {
        precondition(penetration >= 0)
        self.direction = direction
        self.doji = doji
        self.penetration = penetration
        self.settings = settings
        let starSetting = doji ? settings.bodyDoji : settings.bodyShort
        let lookback = max(starSetting.period, settings.bodyLong.period, settings.bodyShort.period) + 2
        core = CandlePatternCore(lookback: lookback)
        bodyLong = CandleAverage(settings.bodyLong, offset: 2, lookback: lookback)
        bodyStar = CandleAverage(starSetting, offset: 1, lookback: lookback)
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
            let shaped =
                switch direction {
                case .morning:
                    first.color == -1
                        && candle.color == 1
                        && star.realBodyGapsDown(from: first)
                        && candle.close > first.close + first.realBody * penetration
                case .evening:
                    first.color == 1
                        && candle.color == -1
                        && star.realBodyGapsUp(from: first)
                        && candle.close < first.close - first.realBody * penetration
                }
            core.output =
                shaped
                    && first.realBody > bodyLong.value(in: core.window)
                    && star.realBody <= bodyStar.value(in: core.window)
                    && candle.realBody > bodyShort.value(in: core.window)
                ? (direction == .morning ? 100 : -100) : 0
        }
        bodyLong.advance(core.window, bar: core.bar)
        bodyStar.advance(core.window, bar: core.bar)
        bodyShort.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyLong.reset()
        bodyStar.reset()
        bodyShort.reset()
    }
}
