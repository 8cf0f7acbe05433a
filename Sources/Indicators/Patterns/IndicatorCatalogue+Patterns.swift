extension IndicatorCatalogue {
    /// Candlestick patterns.
    static let patterns: [IndicatorFunction] = []
}
