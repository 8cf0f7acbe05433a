/// Chande momentum oscillator (TA-Lib `CMO`): `100 · (gain − loss) / (gain + loss)` of
/// Wilder-smoothed gains and losses, smoothed like RSI.
///
/// The first averages are the plain means of the first `period` changes; then
/// `avg = (avg·(period−1) + change) / period`. As in TA-Lib 0.8, 0 when `gain + loss` is not
/// positive.
public struct CMO: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var previous = 0.0
    private var bars = 0
    private var gain = 0.0
    private var loss = 0.0
    private var current = Double.nan

    public init(period: Int = 14, source: PriceSource = .close) {
        precondition(period >= 2)
        self.period = period
        self.source = source
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period }
    public var isReady: Bool { bars > period }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        defer {
            previous = value
            bars += 1
        }
        guard bars > 0 else { return false }
        let divisor = Double(period)
        if bars > period {
            loss *= Double(period - 1)
            gain *= Double(period - 1)
        }
        let change = value - previous
        if 0 > change { loss -= change } else { gain += change }
        guard bars >= period else { return false }
        loss /= divisor
        gain /= divisor
        let total = loss + gain
        current = total > 0 ? ((gain - loss) / total) * 100.0 : 0.0
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        previous = 0
        bars = 0
        gain = 0
        loss = 0
        current = .nan
    }
}
