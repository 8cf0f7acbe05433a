/// Commodity channel index (TA-Lib `CCI`): `(tp − mean) / (0.015 · mean deviation)` of the
/// typical price `(h + l + c)/3` over `period` bars.
///
/// TA-Lib sums the window in its circular buffer's storage order, not bar order; we keep the
/// same layout so the sums agree to the bit. As in TA-Lib 0.8 the result is 0 when
/// `tp − mean` or the mean deviation is within `1e-14·|mean|` of zero.
public struct CCI: Indicator {
    public let period: Int
    private var buffer: [Double]
    private var slot = 0
    private var bars = 0
    private var current = Double.nan

    public init(period: Int = 14) {
        precondition(period >= 2)
        self.period = period
        buffer = [Double](repeating: 0, count: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { bars > lookback }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let typical = (candle.high + candle.low + candle.close) / 3
        buffer[slot] = typical
        slot = slot + 1 == period ? 0 : slot + 1
        bars += 1
        guard bars > lookback else { return false }
        var sum = 0.0
        for value in buffer { sum += value }
        let mean = sum / Double(period)
        var deviation = 0.0
        for value in buffer { deviation += abs(value - mean) }
        let distance = typical - mean
        let threshold = abs(mean) * 1e-14
        current = 0
        if !(threshold >= abs(distance)) {
            let meanDeviation = deviation / Double(period)
            if !(threshold >= abs(meanDeviation)) {
                let denominator = meanDeviation * 0.015
                if denominator != 0 { current = distance / denominator }
            }
        }
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        for index in buffer.indices { buffer[index] = 0 }
        slot = 0
        bars = 0
        current = .nan
    }
}
