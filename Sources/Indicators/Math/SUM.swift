/// Sum over a period (TA-Lib `SUM`), kept as TA-Lib keeps it: a running total from which the
/// value leaving the window is subtracted before the new one is added.
public struct SUM: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var window: RingBuffer
    private var total = 0.0

    public init(period: Int = 30, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        window = RingBuffer(capacity: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { window.isFull }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        if window.isFull { total -= window.oldest }
        window.append(value)
        total += value
        return window.isFull
    }

    public func value(_ index: Int) -> Double { window.isFull ? total : .nan }

    public mutating func reset() {
        window.removeAll()
        total = 0
    }
}
