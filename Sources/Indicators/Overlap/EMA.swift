/// Exponential moving average (TA-Lib `EMA`), k = 2 / (period + 1).
///
/// Seeded as TA-Lib's default compatibility mode seeds it: the first output is the simple
/// average of the first `period` values (summed from 0.0 in order), and every later one is
/// `previous + (value − previous) · k` as one fused multiply-add, as TA-Lib 0.8 computes it.
public struct EMA: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private let k: Double
    private var count = 0
    private var seedSum = 0.0
    private var current = Double.nan

    public init(period: Int = 30, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        k = 2.0 / Double(period + 1)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { count >= period }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        if count >= period {
            current = current.addingProduct(value - current, k)
            return true
        }
        count += 1
        seedSum += value
        guard count == period else { return false }
        current = seedSum / Double(period)
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        count = 0
        seedSum = 0
        current = .nan
    }
}
