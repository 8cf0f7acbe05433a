/// Sum over a period (TA-Lib `SUM`), kept as TA-Lib keeps it (`RunningSum`): a running total from
/// which the value leaving the window is subtracted before the new one is added.
public struct SUM: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var sum: RunningSum

    public init(period: Int = 30, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        sum = RunningSum(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { sum.isFull }

    @discardableResult
    public mutating func update(value: Double) -> Bool { sum.update(value) }

    public func value(_ index: Int) -> Double { sum.isFull ? sum.total : .nan }

    public mutating func reset() { sum.reset() }
}
