/// Highest value over a period (TA-Lib `MAX`).
public struct MAX: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var highest: RollingExtreme

    public init(period: Int = 30, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        highest = RollingExtreme(period: period, kind: .highest)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { highest.isFull }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        highest.update(value)
        return highest.isFull
    }

    public func value(_ index: Int) -> Double { highest.isFull ? highest.value : .nan }

    public mutating func reset() { highest.reset() }
}
