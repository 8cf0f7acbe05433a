/// Variance (TA-Lib `VAR`): the population variance of the last `period` values. TA-Lib
/// accepts `nbdev` but ignores it; so do we.
///
/// Computed as TA-Lib 0.8 does: sums of deviations from a shift `K` (the first value, later
/// the window mean), updated one bar at a time and recomputed over the window, with `K`
/// re-centred, every `32·period` bars or whenever cancellation threatens (the variance falls
/// below 1e-6 of the mean square, or a departing square exceeds 1e6 times the sum). A
/// recomputed variance below 1e-12 of the mean square is reported as 0.
public struct VAR: ValueIndicator {
    public let period: Int
    public let nbdev: Double
    public let source: PriceSource
    private let inversePeriod: Double
    private var window: RingBuffer
    private var shift = 0.0
    private var sum = 0.0
    private var sumOfSquares = 0.0
    private var countdown = 0
    private var bars = 0
    private var current = Double.nan

    public init(period: Int = 5, nbdev: Double = 1, source: PriceSource = .close) {
        precondition(period >= 1)
        self.period = period
        self.nbdev = nbdev
        self.source = source
        inversePeriod = 1.0 / Double(period)
        window = RingBuffer(capacity: period)
        countdown = 32 * period
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { bars > lookback }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        if bars == 0 { shift = value }
        bars += 1
        window.append(value)
        let deviation = value - shift
        sum += deviation
        sumOfSquares += deviation * deviation
        guard bars > lookback else { return false }
        let mean = inversePeriod * sum
        let variance = inversePeriod * sumOfSquares - mean * mean
        let leaving = window.oldest - shift
        let leavingSquare = leaving * leaving
        sumOfSquares -= leavingSquare
        if (inversePeriod * sumOfSquares) * 1e-6 > variance || leavingSquare > sumOfSquares * 1e6 {
            rescan()
        } else {
            countdown -= 1
            if countdown == 0 {
                rescan()
            } else {
                sum -= leaving
                current = variance
            }
        }
        return true
    }

    /// Recomputes the sums over the window around its mean, writes the variance and removes
    /// the departing value, as TA-Lib's periodic rescan does.
    private mutating func rescan() {
        var total = 0.0
        for age in stride(from: period - 1, through: 0, by: -1) { total += window[age: age] }
        shift = total * inversePeriod
        sum = 0
        sumOfSquares = 0
        for age in stride(from: period - 1, through: 0, by: -1) {
            let deviation = window[age: age] - shift
            sum += deviation
            sumOfSquares += deviation * deviation
        }
        let mean = inversePeriod * sum
        let meanSquare = inversePeriod * sumOfSquares
        let variance = meanSquare - mean * mean
        current = variance < meanSquare * 1e-12 ? 0 : variance
        let leaving = window.oldest - shift
        sum -= leaving
        sumOfSquares -= leaving * leaving
        countdown = 32 * period
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        window.removeAll()
        shift = 0
        sum = 0
        sumOfSquares = 0
        countdown = 32 * period
        bars = 0
        current = .nan
    }
}
