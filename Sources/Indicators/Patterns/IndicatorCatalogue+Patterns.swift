extension IndicatorCatalogue {
    /// Candlestick patterns.
    static let patterns: [IndicatorFunction] = [
        pattern("CDL3BLACKCROWS", "Three Black Crows") { _ in CDL3BlackCrows() },
        pattern("CDL3WHITESOLDIERS", "Three Advancing White Soldiers") { _ in CDL3WhiteSoldiers() },
        pattern("CDLDARKCLOUDCOVER", "Dark Cloud Cover", penetration: 0.5) { CDLDarkCloudCover(penetration: $0[0]) },
        pattern("CDLDOJI", "Doji") { _ in CDLDoji() },
        pattern("CDLDOJISTAR", "Doji Star") { _ in LongThenSmallBodyPattern(.dojiStar) },
        pattern("CDLDRAGONFLYDOJI", "Dragonfly Doji") { _ in VeryShortShadowPattern(.dragonflyDoji) },
        pattern("CDLENGULFING", "Engulfing Pattern") { _ in CDLEngulfing() },
        pattern("CDLEVENINGDOJISTAR", "Evening Doji Star", penetration: 0.3) {
            StarPattern(.evening, doji: true, penetration: $0[0])
        },
        pattern("CDLEVENINGSTAR", "Evening Star", penetration: 0.3) { StarPattern(.evening, penetration: $0[0]) },
        pattern("CDLGRAVESTONEDOJI", "Gravestone Doji") { _ in VeryShortShadowPattern(.gravestoneDoji) },
        pattern("CDLHAMMER", "Hammer") { _ in HammerPattern(.hammer) },
        pattern("CDLHANGINGMAN", "Hanging Man") { _ in HammerPattern(.hangingMan) },
        pattern("CDLHARAMI", "Harami Pattern") { _ in LongThenSmallBodyPattern(.harami) },
        pattern("CDLHARAMICROSS", "Harami Cross Pattern") { _ in LongThenSmallBodyPattern(.haramiCross) },
        pattern("CDLINVERTEDHAMMER", "Inverted Hammer") { _ in HammerPattern(.invertedHammer) },
        pattern("CDLMARUBOZU", "Marubozu") { _ in VeryShortShadowPattern(.marubozu) },
        pattern("CDLMORNINGDOJISTAR", "Morning Doji Star", penetration: 0.3) {
            StarPattern(.morning, doji: true, penetration: $0[0])
        },
        pattern("CDLMORNINGSTAR", "Morning Star", penetration: 0.3) { StarPattern(.morning, penetration: $0[0]) },
        pattern("CDLPIERCING", "Piercing Pattern") { _ in CDLPiercing() },
        pattern("CDLSHOOTINGSTAR", "Shooting Star") { _ in HammerPattern(.shootingStar) },
        pattern("CDLSPINNINGTOP", "Spinning Top") { _ in CDLSpinningTop() },
    ]

    /// A pattern entry: TA-Lib's group, OHLC inputs, one `integer` output, and TA-Lib's
    /// `penetration` argument (0…3e37) when the pattern has one.
    private static func pattern(
        _ name: String, _ summary: String, penetration: Double? = nil,
        make: @escaping @Sendable ([Double]) -> any Indicator
    ) -> IndicatorFunction {
        IndicatorFunction(
            name: name, group: "Pattern Recognition", summary: summary, inputs: [.open, .high, .low, .close],
            parameters: penetration.map { [IndicatorParameter("penetration", default: $0, 0...3e37, integer: false)] } ?? [],
            outputs: ["integer"]
        ) { arguments, _ in make(arguments) }
    }
}
