/// Simple moving average (TA-Lib `SMA`): the mean of the last `period` values.
///
/// TA-Lib keeps a running sum: it subtracts the value leaving the window, then adds the new
/// one. We do the same (`RunningSum`, shared with `SUM`), in the same order, so results agree
/// to the last bit.
public struct SMA: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    @usableFromInline var sum: RunningSum
    @usableFromInline var current = Double.nan

    public init(period: Int = 30, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        sum = RunningSum(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { sum.isFull }

    @inlinable @discardableResult
    public mutating func update(value: Double) -> Bool {
        guard sum.update(value) else { return false }
        current = sum.total / Double(period)
        return true
    }

    @inlinable public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        sum.reset()
        current = .nan
    }
}
