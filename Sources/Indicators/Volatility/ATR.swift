/// Average true range (TA-Lib `ATR`): Wilder's smoothing of `TRANGE`.
///
/// Seeded with the plain mean of the first `period` true ranges (summed from 0 in bar order);
/// after that `atr = fma(β, atr, α·tr)` with `β = (period−1)/period` and `α = 1 − β`, the
/// fused multiply-add TA-Lib 0.8 uses.
public struct ATR: Indicator {
    public let period: Int
    private let beta: Double
    private let alpha: Double
    private var trueRange = TRANGE()
    /// True ranges seen (one fewer than bars).
    private var count = 0
    private var sum = 0.0
    private var atr = Double.nan

    public init(period: Int = 14) {
        precondition(period >= 1)
        self.period = period
        beta = Double(period - 1) / Double(period)
        alpha = 1.0 - beta
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period }
    public var isReady: Bool { count >= period }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        guard trueRange.update(candle) else { return false }
        let range = trueRange.value
        count += 1
        if count < period {
            sum += range
            return false
        }
        if count == period {
            sum += range
            atr = sum / Double(period)
        } else {
            atr = (alpha * range).addingProduct(beta, atr)
        }
        return true
    }

    public func value(_ index: Int) -> Double { atr }

    public mutating func reset() {
        trueRange.reset()
        count = 0
        sum = 0
        atr = .nan
    }
}
