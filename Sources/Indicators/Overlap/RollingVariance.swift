/// TA-Lib 0.8's population variance over a sliding window (`var.c`, issues #118 and #243): `VAR`
/// (and so `STDDEV`), and the deviation inside `BBANDS`.
///
/// The running sums are of deviations from a shift (at first the window's first value) so they
/// stay at the variance's scale. When the result has lost too many digits (variance below 1e-6
/// of the mean squared deviation), when a value leaving the window dwarfs the remaining sum
/// (×1e6), or every 32·period outputs, the shift is moved to the window mean and the sums are
/// rebuilt in two passes (O(period)); a rebuilt variance below 1e-12 of its mean squared
/// deviation is 0, so a constant window gives exactly 0.
struct RollingVariance: Sendable {
    let period: Int
    private let inversePeriod: Double
    private var window: RingBuffer
    private var shift = 0.0
    private var total = 0.0
    private var totalOfSquares = 0.0
    private var barsSinceReseed: Int

    init(period: Int) {
        precondition(period >= 1)
        self.period = period
        inversePeriod = 1.0 / Double(period)
        window = RingBuffer(capacity: period)
        barsSinceReseed = 32 * period
    }

    /// Whether `period` values have been seen.
    var isFull: Bool { window.isFull }

    /// Adds the next value; returns the variance of the last `period` values once there are that many.
    @inline(__always)
    mutating func update(_ value: Double) -> Double? {
        if window.count == 0 { shift = value }
        window.append(value)
        var deviation = value - shift
        total += deviation
        totalOfSquares += deviation * deviation
        guard window.isFull else { return nil }

        let mean = total * inversePeriod
        var variance = totalOfSquares * inversePeriod - mean * mean

        deviation = window.oldest - shift
        total -= deviation
        let leaving = deviation * deviation
        totalOfSquares -= leaving

        barsSinceReseed -= 1
        if variance < 0.000_001 * (totalOfSquares * inversePeriod) || leaving > 1_000_000.0 * totalOfSquares
            || barsSinceReseed <= 0
        {
            variance = reseed()
        }
        return variance
    }

    /// Moves the shift to the window mean and rebuilds the sums; returns the window's variance.
    private mutating func reseed() -> Double {
        barsSinceReseed = 32 * period
        var sum = 0.0
        for age in stride(from: period - 1, through: 0, by: -1) { sum += window[age: age] }
        shift = sum * inversePeriod
        total = 0
        totalOfSquares = 0
        for age in stride(from: period - 1, through: 0, by: -1) {
            let deviation = window[age: age] - shift
            total += deviation
            totalOfSquares += deviation * deviation
        }
        let mean = total * inversePeriod
        var variance = totalOfSquares * inversePeriod - mean * mean
        if variance < 0.000_000_000_001 * (totalOfSquares * inversePeriod) { variance = 0 }
        let deviation = window.oldest - shift
        total -= deviation
        totalOfSquares -= deviation * deviation
        return variance
    }

    mutating func reset() {
        window.removeAll()
        shift = 0
        total = 0
        totalOfSquares = 0
        barsSinceReseed = 32 * period
    }
}
