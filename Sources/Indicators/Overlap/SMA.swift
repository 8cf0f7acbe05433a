/// Simple moving average (TA-Lib `SMA`): the mean of the last `period` values.
///
/// TA-Lib keeps a running sum: it subtracts the value leaving the window, then adds the new
/// one. We do the same, in the same order, so results agree to the last bit.
public struct SMA: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var window: RingBuffer
    private var sum = 0.0
    private var current = Double.nan

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
        if window.isFull { sum -= window.oldest }
        window.append(value)
        sum += value
        if window.isFull { current = sum / Double(period) }
        return window.isFull
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        window.removeAll()
        sum = 0
        current = .nan
    }
}
