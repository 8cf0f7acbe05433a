/// A price against the price `period` bars ago: TA-Lib's `MOM`, `ROC`, `ROCP` and `ROCR`, one
/// per `Formula`.
///
/// The formulas that divide by the earlier price give 0 when it is exactly 0, as in TA-Lib.
public struct RateOfChange: ValueIndicator {
    /// How the newest price is compared with the one `period` bars earlier.
    public enum Formula: Sendable, CaseIterable {
        /// TA-Lib `MOM`: `price − earlier`.
        case difference
        /// TA-Lib `ROC`: `(price / earlier − 1) · 100`.
        case percent
        /// TA-Lib `ROCP`: `(price − earlier) / earlier`.
        case fraction
        /// TA-Lib `ROCR`: `price / earlier`.
        case ratio

        @inline(__always)
        func apply(_ price: Double, _ earlier: Double) -> Double {
            switch self {
            case .difference: price - earlier
            case .percent: earlier != 0 ? ((price / earlier) - 1.0) * 100.0 : 0.0
            case .fraction: earlier != 0 ? (price - earlier) / earlier : 0.0
            case .ratio: earlier != 0 ? price / earlier : 0.0
            }
        }
    }

    public let period: Int
    public let formula: Formula
    public let source: PriceSource
    private var window: RingBuffer
    private var current = Double.nan

    public init(period: Int = 10, formula: Formula, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.formula = formula
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
        current = formula.apply(value, window.oldest)
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        window.removeAll()
        current = .nan
    }
}
