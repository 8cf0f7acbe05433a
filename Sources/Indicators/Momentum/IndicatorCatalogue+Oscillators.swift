extension IndicatorCatalogue {
    /// Oscillators, directional movement, volume and volatility indicators, statistics.
    static let oscillators: [IndicatorFunction] = []
}
