/// Variance (TA-Lib `VAR`): the population variance of the last `period` values. TA-Lib
/// accepts `nbdev` but ignores it; so do we.
///
/// Computed as TA-Lib 0.8 does (`RollingVariance`, which `BBANDS` shares): sums of deviations
/// from a shift `K` (the first value, later the window mean), updated one bar at a time and
/// recomputed over the window, with `K` re-centred, every `32·period` bars or whenever
/// cancellation threatens (the variance falls below 1e-6 of the mean square, or a departing
/// square exceeds 1e6 times the sum). A recomputed variance below 1e-12 of the mean square is
/// reported as 0.
public struct VAR: ValueIndicator {
    public let period: Int
    public let nbdev: Double
    public let source: PriceSource
    private var variance: RollingVariance
    private var current = Double.nan

    public init(period: Int = 5, nbdev: Double = 1, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.nbdev = nbdev
        self.source = source
        variance = RollingVariance(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { variance.isFull }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        guard let latest = variance.update(value) else { return false }
        current = latest
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        variance.reset()
        current = .nan
    }
}
