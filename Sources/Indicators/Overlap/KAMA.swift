/// Kaufman adaptive moving average (TA-Lib `KAMA`), with TA-Lib's fixed fast/slow constants
/// 2/(2+1) and 2/(30+1).
///
/// As TA-Lib 0.8: the first output is at bar `period` and starts from the previous value; the
/// summed one-bar moves are a running sum (subtract the leaving move, add the new one), reset to
/// exactly 0 once a whole window of moves is exactly 0; the efficiency ratio is 1 when that sum
/// is not positive or does not exceed the signed net move, otherwise |net move / summed moves|
/// capped at 1; the smoothing constant and the step use fused multiply-adds. A period of 1
/// returns the input unchanged.
public struct KAMA: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private static let constMax = 2.0 / (30.0 + 1.0)
    private static let constDiff = 2.0 / (2.0 + 1.0) - constMax
    private var window: RingBuffer
    private var count = 0
    private var sumROC1 = 0.0
    /// Consecutive one-bar moves that were exactly 0.
    private var nullRun = 0
    private var trailingValue = 0.0
    private var current = Double.nan

    public init(period: Int = 30, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        window = RingBuffer(capacity: period + 1)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period == 1 ? 0 : period }
    public var isReady: Bool { count > lookback }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        if period == 1 {
            count = 1
            current = value
            return true
        }
        let previous = count > 0 ? window[age: 0] : 0
        window.append(value)
        count = min(count + 1, period + 2)
        if count == 1 { return false }
        if count <= period + 1 {
            let move = previous - value
            sumROC1 += abs(move)
            nullRun = move == 0.0 ? nullRun + 1 : 0
            guard count == period + 1 else { return false }
            let oldest = window.oldest
            trailingValue = oldest
            current = smooth(value, previous: previous, periodROC: value - oldest)
            return true
        }
        let oldest = window.oldest
        sumROC1 -= abs(trailingValue - oldest)
        sumROC1 += abs(value - previous)
        nullRun = value - previous == 0.0 ? nullRun + 1 : 0
        if nullRun >= period {
            nullRun = period
            sumROC1 = 0
        }
        trailingValue = oldest
        current = smooth(value, previous: current, periodROC: value - oldest)
        return true
    }

    private func smooth(_ value: Double, previous: Double, periodROC: Double) -> Double {
        let efficiency = sumROC1 <= 0.0 || sumROC1 <= periodROC ? 1.0 : min(abs(periodROC / sumROC1), 1.0)
        var constant = Self.constMax.addingProduct(efficiency, Self.constDiff)
        constant *= constant
        return previous.addingProduct(value - previous, constant)
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        window.removeAll()
        count = 0
        sumROC1 = 0
        nullRun = 0
        trailingValue = 0
        current = .nan
    }
}
