/// Tillson's T3 moving average (TA-Lib `T3`): six chained EMAs combined with coefficients from
/// the volume factor `vfactor`.
///
/// As TA-Lib 0.8 does: the EMAs use `k·x + (1 − k)·previous`; each one is seeded with the
/// average of the first `period` values of the one before it, so the first output comes after
/// 6·(period − 1) bars; the output is `c1·e6 + c2·e5 + c3·e4 + c4·e3`. Both are evaluated with
/// the fused multiply-adds TA-Lib's build uses (see `step` and `combined`). A period of 1 returns
/// the input unchanged.
public struct T3: ValueIndicator {
    public let period: Int
    public let volumeFactor: Double
    public let source: PriceSource
    private let k: Double
    private let oneMinusK: Double
    private let c1: Double
    private let c2: Double
    private let c3: Double
    private let c4: Double
    /// How many of the six EMAs are seeded.
    private var stage = 0
    private var seedCount = 0
    private var seedSum = 0.0
    private var e1 = 0.0, e2 = 0.0, e3 = 0.0, e4 = 0.0, e5 = 0.0, e6 = 0.0
    private var current = Double.nan

    public init(period: Int = 5, volumeFactor: Double = 0.7, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.volumeFactor = volumeFactor
        self.source = source
        k = 2.0 / (Double(period) + 1.0)
        oneMinusK = 1.0 - k
        let square = volumeFactor * volumeFactor
        c1 = -(square * volumeFactor)
        c2 = 3.0 * (square - c1)
        c3 = -6.0 * square - 3.0 * (volumeFactor - c1)
        c4 = (1.0 + 3.0 * volumeFactor - c1).addingProduct(3.0, square)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { 6 * (period - 1) }
    public var isReady: Bool { stage == 6 }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        if period == 1 {
            stage = 6
            current = value
            return true
        }
        if stage == 0 {
            seedSum = seedCount == 0 ? value : seedSum + value
            seedCount += 1
            if seedCount == period { seedNext() }
            return false
        }
        e1 = step(value, e1)
        if stage > 1 { e2 = step(e1, e2) }
        if stage > 2 { e3 = step(e2, e3) }
        if stage > 3 { e4 = step(e3, e4) }
        if stage > 4 { e5 = step(e4, e5) }
        if stage > 5 { e6 = step(e5, e6) }
        if stage < 6 {
            seedSum += latest
            seedCount += 1
            guard seedCount == period else { return false }
            seedNext()
            guard stage == 6 else { return false }
        }
        current = combined
        return true
    }

    /// `k·x + (1 − k)·previous`, the second product fused.
    @inline(__always)
    private func step(_ x: Double, _ previous: Double) -> Double { (k * x).addingProduct(oneMinusK, previous) }

    /// `((c1·e6 + c2·e5) + c3·e4) + c4·e3`, each addition fused with the product it adds, the
    /// first with `c1·e6`.
    private var combined: Double {
        (c2 * e5).addingProduct(c1, e6).addingProduct(c3, e4).addingProduct(c4, e3)
    }

    /// The newest seeded EMA, whose values seed the next one.
    private var latest: Double {
        switch stage {
        case 1: e1
        case 2: e2
        case 3: e3
        case 4: e4
        default: e5
        }
    }

    /// Seeds the next EMA with the average in `seedSum` and starts the following sum from it.
    private mutating func seedNext() {
        let average = seedSum / Double(period)
        switch stage {
        case 0: e1 = average
        case 1: e2 = average
        case 2: e3 = average
        case 3: e4 = average
        case 4: e5 = average
        default: e6 = average
        }
        stage += 1
        seedSum = average
        seedCount = 1
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        stage = 0
        seedCount = 0
        seedSum = 0
        e1 = 0; e2 = 0; e3 = 0; e4 = 0; e5 = 0; e6 = 0
        current = .nan
    }
}
