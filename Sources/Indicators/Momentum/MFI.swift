/// Money flow index (TA-Lib `MFI`): `100 · positive flow / (positive + negative flow)` over
/// `period` bars, flow being typical price × volume, signed by the typical price's change.
///
/// Follows TA-Lib 0.8: a change within `1e-14·(|tp| + |previous tp|)` counts as no movement
/// (no flow); after `period` bars without flow the running sums are reset to exactly 0; the
/// positive sum is clamped into [0, total]; an empty window gives 0.
public struct MFI: Indicator {
    public let period: Int
    private var positive: RingBuffer
    private var negative: RingBuffer
    private var previousTypical = 0.0
    private var positiveSum = 0.0
    private var negativeSum = 0.0
    private var nullRun = 0
    private var bars = 0
    private var current = Double.nan

    public init(period: Int = 14) {
        precondition(period >= 2)
        self.period = period
        positive = RingBuffer(capacity: period)
        negative = RingBuffer(capacity: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period }
    public var isReady: Bool { bars > period }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let typical = (candle.high + candle.low + candle.close) / 3.0
        defer {
            previousTypical = typical
            bars += 1
        }
        guard bars > 0 else { return false }
        if positive.isFull {
            positiveSum -= positive.oldest
            negativeSum -= negative.oldest
        }
        let change = typical - previousTypical
        let scale = abs(typical) + abs(previousTypical)
        let flow = abs(change) <= 1e-14 * scale ? 0.0 : typical * candle.volume
        let positiveFlow = change < 0 ? 0.0 : flow
        let negativeFlow = change < 0 ? flow : 0.0
        positive.append(positiveFlow)
        negative.append(negativeFlow)
        positiveSum += positiveFlow
        negativeSum += negativeFlow
        nullRun = flow == 0 ? nullRun + 1 : 0
        if nullRun >= period {
            nullRun = period
            positiveSum = 0
            negativeSum = 0
        }
        guard bars >= period else { return false }
        let total = positiveSum + negativeSum
        let clamped = positiveSum < 0 ? 0.0 : (positiveSum > total ? total : positiveSum)
        current = total <= 0 ? 0.0 : 100.0 * (clamped / total)
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        positive.removeAll()
        negative.removeAll()
        previousTypical = 0
        positiveSum = 0
        negativeSum = 0
        nullRun = 0
        bars = 0
        current = .nan
    }
}
