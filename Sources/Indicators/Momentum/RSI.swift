/// Relative strength index (TA-Lib `RSI`) with Wilder's smoothing.
///
/// As TA-Lib 0.8: the first averages are the means of the first `period` gains and losses (so
/// the first output is at bar `period`); later ones are `(previous·(period − 1) + today) ·
/// (1/period)`, scaled by the reciprocal rather than divided; the output is
/// `100·gain / (gain + loss)`, or 0 when that sum is not positive (a flat series).
public struct RSI: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private let inversePeriod: Double
    private var count = 0
    private var previousValue = 0.0
    private var gain = 0.0
    private var loss = 0.0
    private var current = Double.nan

    public init(period: Int = 14, source: PriceSource = .close) {
        precondition(period >= 2)
        self.period = period
        self.source = source
        inversePeriod = 1.0 / Double(period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period }
    public var isReady: Bool { count > period }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        defer { previousValue = value }
        guard count > 0 else {
            count = 1
            return false
        }
        let change = value - previousValue
        let gained = change > 0.0 ? change : 0.0
        if count <= period {
            count += 1
            gain += gained
            loss += gained - change
            guard count > period else { return false }
        } else {
            loss *= Double(period - 1)
            gain *= Double(period - 1)
            gain += gained
            loss += gained - change
        }
        loss *= inversePeriod
        gain *= inversePeriod
        let total = gain + loss
        current = total > 0.0 ? 100.0 * (gain / total) : 0.0
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        count = 0
        previousValue = 0
        gain = 0
        loss = 0
        current = .nan
    }
}
