extension IndicatorCatalogue {
    /// Moving averages and what is built on them, price transforms, math operators.
    static let averages: [IndicatorFunction] = [
        IndicatorFunction(
            name: "SMA", group: "Overlap Studies", summary: "Simple Moving Average", inputs: [.close],
            parameters: [.period(default: 30)], outputs: ["real"]
        ) { arguments, source in SMA(period: Int(arguments[0]), source: source) },
    ]
}
