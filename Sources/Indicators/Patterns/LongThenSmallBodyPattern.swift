/// Two-candle patterns of a long real body followed by a small one, one per `Kind`: TA-Lib's
/// `CDLHARAMI`, `CDLHARAMICROSS` and `CDLDOJISTAR`.
///
/// The first real body must be long (`BodyLong`, judged against the averages ending before it),
/// the second short (`BodyShort`) or, for the harami cross and the doji star, a doji
/// (`BodyDoji`). The harami kinds then want the second body inside the first: ±100 when strictly
/// inside, ±80 when one end matches. The doji star wants it to gap away instead (up after a white
/// candle, down after a black one): ±100. The sign is opposite to the first candle's colour; no
/// match gives 0. The lookback is TA-Lib's: the larger of the two settings' periods, plus 1.
public struct LongThenSmallBodyPattern: Indicator {
    /// Which of the three patterns.
    public enum Kind: Sendable, CaseIterable {
        /// `CDLHARAMI`: a short second body inside the first.
        case harami
        /// `CDLHARAMICROSS`: a doji inside the first body.
        case haramiCross
        /// `CDLDOJISTAR`: a doji whose real body gaps away from the first.
        case dojiStar
    }

    public let kind: Kind
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyLong: CandleAverage
    /// `BodyShort` for the harami, `BodyDoji` for the others, judging the second candle.
    private var bodySmall: CandleAverage

    public init(_ kind: Kind, settings: CandleSettings = .taLib) {
        self.kind = kind
        self.settings = settings
        let smallSetting = kind == .harami ? settings.bodyShort : settings.bodyDoji
        let lookback = max(smallSetting.period, settings.bodyLong.period) + 1
        core = CandlePatternCore(lookback: lookback)
        bodyLong = CandleAverage(settings.bodyLong, offset: 1, lookback: lookback)
        bodySmall = CandleAverage(smallSetting, lookback: lookback)
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
            if first.realBody > bodyLong.value(in: core.window) && candle.realBody <= bodySmall.value(in: core.window) {
                if kind == .dojiStar {
                    let gaps =
                        first.color == 1 ? candle.realBodyGapsUp(from: first) : candle.realBodyGapsDown(from: first)
                    if gaps { core.output = -first.color * 100 }
                } else if candle.bodyTop < first.bodyTop && candle.bodyBottom > first.bodyBottom {
                    core.output = -first.color * 100
                } else if candle.bodyTop <= first.bodyTop && candle.bodyBottom >= first.bodyBottom {
                    core.output = -first.color * 80
                }
            }
        }
        bodyLong.advance(core.window, bar: core.bar)
        bodySmall.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyLong.reset()
        bodySmall.reset()
    }
}
