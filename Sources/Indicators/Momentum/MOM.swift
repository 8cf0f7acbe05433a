/// Momentum (TA-Lib `MOM`): `price − price[period bars ago]`.
public struct MOM: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var window: RingBuffer
    private var current = Double.nan

    public init(period: Int = 10, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        window = RingBuffer(capacity: period + 1)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period }
    public var isReady: Bool { window.isFull }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        window.append(value)
        guard window.isFull else { return false }
        let previous = window.oldest
        current = value - previous
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        window.removeAll()
        current = .nan
    }
}
