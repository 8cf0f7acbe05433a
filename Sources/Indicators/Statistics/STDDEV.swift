/// Standard deviation (TA-Lib `STDDEV`): `√VAR · nbdev`, the population deviation of the last
/// `period` values (the multiplication skipped when `nbdev` is 1, as in TA-Lib).
public struct STDDEV: ValueIndicator {
    public let period: Int
    public let nbdev: Double
    public let source: PriceSource
    private var variance: VAR
    private var current = Double.nan

    public init(period: Int = 5, nbdev: Double = 1, source: PriceSource = .close) {
        precondition(period >= 2)
        self.period = period
        self.nbdev = nbdev
        self.source = source
        variance = VAR(period: period, source: source)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { variance.isReady }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        guard variance.update(value: value) else { return false }
        let deviation = variance.value.squareRoot()
        current = nbdev == 1 ? deviation : deviation * nbdev
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        variance.reset()
        current = .nan
    }
}
