/// Lowest value over a period (TA-Lib `MIN`).
public struct MIN: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var lowest: RollingExtreme

    public init(period: Int = 30, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        lowest = RollingExtreme(period: period, kind: .lowest)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { lowest.isFull }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        lowest.update(value)
        return lowest.isFull
    }

    public func value(_ index: Int) -> Double { lowest.isFull ? lowest.value : .nan }

    public mutating func reset() { lowest.reset() }
}
