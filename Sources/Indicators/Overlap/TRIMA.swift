/// Triangular moving average (TA-Lib `TRIMA`): weights rising 1, 2, … to the middle of the
/// window and falling back to 1.
///
/// Follows TA-Lib's incremental form (not an SMA of an SMA): a numerator adjusted by a
/// "leaving" half-sum and an "arriving" half-sum each bar, with the odd- and even-period
/// variants differing in which half the middle value joins first; the seed sums are taken
/// from the middle outwards in TA-Lib's order.
public struct TRIMA: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private let half: Int
    private let factor: Double
    private var window: RingBuffer
    private var count = 0
    private var numerator = 0.0
    private var numeratorSub = 0.0
    private var numeratorAdd = 0.0
    private var trailingValue = 0.0
    private var current = Double.nan

    public init(period: Int = 30, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        half = period >> 1
        factor = 1.0 / Double(period % 2 == 1 ? (half + 1) * (half + 1) : half * (half + 1))
        window = RingBuffer(capacity: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { count >= period }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        window.append(value)
        if count < period - 1 {
            count += 1
            return false
        }
        if count == period - 1 {
            count = period
            seed()
        } else {
            advance(value)
        }
        trailingValue = window.oldest
        current = numerator * factor
        return true
    }

    /// The first output: sums over the full window, indices counted from its oldest value.
    private mutating func seed() {
        let middle = period % 2 == 1 ? half : half - 1
        func at(_ index: Int) -> Double { window[age: period - 1 - index] }
        numerator = 0
        numeratorSub = 0
        for index in stride(from: middle, through: 0, by: -1) {
            numeratorSub += at(index)
            numerator += numeratorSub
        }
        numeratorAdd = 0
        for index in (middle + 1)..<period {
            numeratorAdd += at(index)
            numerator += numeratorAdd
        }
    }

    private mutating func advance(_ value: Double) {
        numerator -= numeratorSub
        numeratorSub -= trailingValue
        let middle = window[age: half]
        numeratorSub += middle
        if period % 2 == 1 {
            numerator += numeratorAdd
            numeratorAdd -= middle
        } else {
            numeratorAdd -= middle
            numerator += numeratorAdd
        }
        numeratorAdd += value
        numerator += value
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        window.removeAll()
        count = 0
        numerator = 0
        numeratorSub = 0
        numeratorAdd = 0
        trailingValue = 0
        current = .nan
    }
}
