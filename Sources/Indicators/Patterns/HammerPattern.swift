/// The hammer family of one-candle patterns, one per `Kind`: TA-Lib's `CDLHAMMER`,
/// `CDLHANGINGMAN`, `CDLINVERTEDHAMMER` and `CDLSHOOTINGSTAR`.
///
/// Each wants a short real body (`BodyShort`), one shadow long (`ShadowLong`) and the other very
/// short (`ShadowVeryShort`), the candle placed against the previous one: at or near its low or
/// high (`Near`, judged against the averages ending before that previous candle) for the hammer
/// and the hanging man, its real body gapping away from the previous one for the inverted hammer
/// and the shooting star. Outputs 100 (hammer, inverted hammer) or −100 (hanging man, shooting
/// star) when it matches, else 0. The lookback is TA-Lib's: the largest period of the settings
/// the pattern reads, plus 1 (so `Near` counts only for the hammer and the hanging man).
public struct HammerPattern: Indicator {
    /// Which of the four patterns.
    public enum Kind: Sendable, CaseIterable {
        /// `CDLHAMMER`: long lower shadow, the body's bottom at most `Near` above the previous low; 100.
        case hammer
        /// `CDLHANGINGMAN`: long lower shadow, the body's bottom at least the previous high − `Near`; −100.
        case hangingMan
        /// `CDLINVERTEDHAMMER`: long upper shadow, the real body gapping down from the previous one; 100.
        case invertedHammer
        /// `CDLSHOOTINGSTAR`: long upper shadow, the real body gapping up from the previous one; −100.
        case shootingStar
    }

    public let kind: Kind
    public let settings: CandleSettings
    private var core: CandlePatternCore
    private var bodyShort: CandleAverage
    private var shadowLong: CandleAverage
    private var shadowVeryShort: CandleAverage
    /// `Near` for the previous candle; only the hammer and the hanging man read it.
    private var near: CandleAverage?

    public init(_ kind: Kind, settings: CandleSettings = .taLib) {
        self.kind = kind
        self.settings = settings
        let readsNear = kind == .hammer || kind == .hangingMan
        let lookback = max(
            settings.bodyShort.period, settings.shadowLong.period, settings.shadowVeryShort.period,
            readsNear ? settings.near.period : 0) + 1
        core = CandlePatternCore(lookback: lookback)
        bodyShort = CandleAverage(settings.bodyShort, lookback: lookback)
        shadowLong = CandleAverage(settings.shadowLong, lookback: lookback)
        shadowVeryShort = CandleAverage(settings.shadowVeryShort, lookback: lookback)
        near = readsNear ? CandleAverage(settings.near, offset: 1, lookback: lookback) : nil
    }

    public var outputNames: [String] { ["integer"] }
    public var lookback: Int { core.lookback }
    public var isReady: Bool { core.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let ready = core.append(candle)
        if ready {
            let matches =
                switch kind {
                case .hammer:
                    hasShape(candle, long: candle.lowerShadow, veryShort: candle.upperShadow)
                        && candle.bodyBottom <= core[1].low + near!.value(in: core.window)
                case .hangingMan:
                    hasShape(candle, long: candle.lowerShadow, veryShort: candle.upperShadow)
                        && candle.bodyBottom >= core[1].high - near!.value(in: core.window)
                case .invertedHammer:
                    candle.realBodyGapsDown(from: core[1])
                        && hasShape(candle, long: candle.upperShadow, veryShort: candle.lowerShadow)
                case .shootingStar:
                    candle.realBodyGapsUp(from: core[1])
                        && hasShape(candle, long: candle.upperShadow, veryShort: candle.lowerShadow)
                }
            core.output = matches ? (kind == .hammer || kind == .invertedHammer ? 100 : -100) : 0
        }
        bodyShort.advance(core.window, bar: core.bar)
        shadowLong.advance(core.window, bar: core.bar)
        shadowVeryShort.advance(core.window, bar: core.bar)
        near?.advance(core.window, bar: core.bar)
        return ready
    }

    /// A short real body, the `long` shadow long and the `veryShort` one very short.
    @inline(__always)
    private func hasShape(_ candle: Candle, long: Double, veryShort: Double) -> Bool {
        candle.realBody < bodyShort.value(in: core.window)
            && long > shadowLong.value(in: core.window)
            && veryShort < shadowVeryShort.value(in: core.window)
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() {
        core.reset()
        bodyShort.reset()
        shadowLong.reset()
        shadowVeryShort.reset()
        near?.reset()
    }
}
