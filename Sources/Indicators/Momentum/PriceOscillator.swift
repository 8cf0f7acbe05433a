/// The price oscillators, fast moving average against slow, one per `Output`: TA-Lib's `APO`
/// (`fast − slow`) and `PPO` (`(fast − slow) / slow · 100`).
///
/// Both averages are of type `matype` (EMA by default, as in TA-Lib 0.8), each seeded
/// independently at its own lookback. As TA-Lib: the periods are swapped if
/// `slowperiod < fastperiod`, and `PPO` is 0 when the slow average is within 1e-14 of zero.
public struct PriceOscillator: ValueIndicator {
    /// How the two averages are compared.
    public enum Output: Sendable, CaseIterable {
        /// TA-Lib `APO`: `fast − slow`.
        case absolute
        /// TA-Lib `PPO`: `(fast − slow) / slow · 100`, or 0 when the slow average is within 1e-14 of zero.
        case percentage
    }

    public let fastPeriod: Int
    public let slowPeriod: Int
    public let type: MovingAverageType
    public let output: Output
    public let source: PriceSource
    private var fast: MovingAverage
    private var slow: MovingAverage
    private var current = Double.nan

    public init(
        fastPeriod: Int = 12, slowPeriod: Int = 26, type: MovingAverageType = .ema, output: Output,
        source: PriceSource = .close
    ) {
        self.fastPeriod = min(fastPeriod, slowPeriod)
        self.slowPeriod = max(fastPeriod, slowPeriod)
        self.type = type
        self.output = output
        self.source = source
        fast = MovingAverage(period: self.fastPeriod, type: type)
        slow = MovingAverage(period: self.slowPeriod, type: type)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { slow.lookback }
    public var isReady: Bool { slow.isReady }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        fast.update(value: value)
        guard slow.update(value: value) else { return false }
        let base = slow.value
        current =
            switch output {
            case .absolute: fast.value - base
            case .percentage: TALibTolerance.isZero(base) ? 0.0 : (fast.value - base) / base * 100.0
            }
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        fast.reset()
        slow.reset()
        current = .nan
    }
}
