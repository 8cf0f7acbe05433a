/// Engulfing Pattern (TA-Lib `CDLENGULFING`): a real body that engulfs the previous opposite-colour
/// real body; ±100 when it engulfs strictly at both ends, ±80 when one end matches exactly
/// (sign = colour of the engulfing candle), else 0.
public struct CDLEngulfing: Indicator {
    private var core = CandlePatternCore(lookback: 2)

    public init() {}

    public var outputNames: [String] { ["integer"] }
    public var lookback: Int { core.lookback }
    public var isReady: Bool { core.isReady }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let ready = core.append(candle)
        if ready {
            let prior = core[1]
            let whiteEngulfsBlack = candle.color == 1 && prior.color == -1
                && ((candle.close >= prior.open && candle.open < prior.close)
                    || (candle.close > prior.open && candle.open <= prior.close))
            let blackEngulfsWhite = candle.color == -1 && prior.color == 1
                && ((candle.open >= prior.close && candle.close < prior.open)
                    || (candle.open > prior.close && candle.close <= prior.open))
            if whiteEngulfsBlack || blackEngulfsWhite {
                core.output = candle.color * (candle.open != prior.close && candle.close != prior.open ? 100 : 80)
            } else {
                core.output = 0
            }
        }
        return ready
    }

    public func value(_ index: Int) -> Double { Double(core.output) }

    public mutating func reset() { core.reset() }
}
