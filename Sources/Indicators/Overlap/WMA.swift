/// Linearly weighted moving average (TA-Lib `WMA`): weights 1…period, newest heaviest.
///
/// Uses TA-Lib 0.8's running form: a weighted sum and a plain sum, the plain sum subtracted from
/// the weighted one after each output, both rebuilt from the window (oldest first) every
/// 8·period outputs so rounding residue cannot accumulate; the rounding matches TA-Lib's.
public struct WMA: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private let divider: Double
    private var window: RingBuffer
    private var count = 0
    private var periodSum = 0.0
    private var periodSub = 0.0
    private var trailingValue = 0.0
    private var barsSinceReseed: Int
    private var current = Double.nan

    public init(period: Int = 30, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.source = source
        divider = Double(period) * Double(period + 1) / 2.0
        window = RingBuffer(capacity: period)
        barsSinceReseed = 8 * period
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { count >= period }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        if period == 1 {
            count = 1
            current = value
            return true
        }
        window.append(value)
        if count < period - 1 {
            count += 1
            periodSub += value
            periodSum += value * Double(count)
            return false
        }
        count = period
        periodSub += value
        periodSub -= trailingValue
        periodSum += value * Double(period)
        barsSinceReseed -= 1
        if barsSinceReseed <= 0 { reseed() }
        trailingValue = window.oldest
        current = periodSum / divider
        periodSum -= periodSub
        return true
    }

    /// Rebuilds both sums from the window, oldest value first with weight 1.
    private mutating func reseed() {
        barsSinceReseed = 8 * period
        periodSub = 0
        periodSum = 0
        for weight in 1...period {
            let value = window[age: period - weight]
            periodSub += value
            periodSum += value * Double(weight)
        }
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        window.removeAll()
        count = 0
        periodSum = 0
        periodSub = 0
        trailingValue = 0
        barsSinceReseed = 8 * period
        current = .nan
    }
}
