/// One-candle patterns judged by the real body and by each shadow against `ShadowVeryShort`,
/// one per `Kind`: TA-Lib's `CDLDRAGONFLYDOJI`, `CDLGRAVESTONEDOJI` and `CDLMARUBOZU`.
///
/// The body is a doji (`BodyDoji`, no longer than the threshold) or long (`BodyLong`, longer than
/// it); each shadow must be very short (shorter than `ShadowVeryShort`) or must not (longer than
/// it). Outputs 100 for the dojis, the candle's colour × 100 for the marubozu, else 0. The
/// lookback is TA-Lib's: the larger of the body setting's and `ShadowVeryShort`'s periods.
public struct VeryShortShadowPattern: Indicator {
    /// Which of the three patterns.
    public enum Kind: Sendable, CaseIterable {
        /// `CDLDRAGONFLYDOJI`: a doji, the upper shadow very short, the lower one not.
        case dragonflyDoji
        /// `CDLGRAVESTONEDOJI`: a doji, the lower shadow very short, the upper one not.
        case gravestoneDoji
        /// `CDLMARUBOZU`: a long real body, both shadows very short; signed by the candle's colour.
        case marubozu
    }

    public let kind: Kind
    public let settings: CandleSettings
    private var core: CandlePatternCore
    /// `BodyDoji` for the dojis, `BodyLong` for the marubozu.
    private var body: CandleAverage
    private var shadowVeryShort: CandleAverage

    public init(_ kind: Kind, settings: CandleSettings = .taLib) {
        self.kind = kind
        self.settings = settings
        let bodySetting = kind == .marubozu ? settings.bodyLong : settings.bodyDoji
        let lookback = max(bodySetting.period, settings.shadowVeryShort.period)
        core = CandlePatternCore(lookback: lookback)
        body = CandleAverage(bodySetting, lookback: lookback)
        shadowVeryShort = CandleAverage(settings.shadowVeryShort, lookback: lookback)
    }

    public var outputNames: [String] { ["integer"] }
    public var lookback: Int { core.lookback }
    public var isReady: Bool { core.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let ready = core.append(candle)
        if ready {
            let veryShort = shadowVeryShort.value(in: core.window)
            let threshold = body.value(in: core.window)
            core.output =
                switch kind {
                case .dragonflyDoji:
                    candle.realBody <= threshold && candle.upperShadow < veryShort && candle.lowerShadow > veryShort
                        ? 100 : 0
                case .gravestoneDoji:
                    candle.realBody <= threshold && candle.lowerShadow < veryShort && candle.upperShadow > veryShort
                        ? 100 : 0
                case .marubozu:
                    candle.realBody > threshold && candle.upperShadow < veryShort && candle.lowerShadow < veryShort
                        ? candle.color * 100 : 0
                }
        }
        body.advance(core.window, bar: core.bar)
        shadowVeryShort.advance(core.window, bar: core.bar)
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        body.reset()
        shadowVeryShort.reset()
    }
}
