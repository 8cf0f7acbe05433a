/// The least-squares line through the last `period` values, the building block of `LINEARREG`,
/// `LINEARREG_SLOPE`, `LINEARREG_ANGLE`, `LINEARREG_INTERCEPT` and `TSF`, computed as TA-Lib 0.8
/// computes it.
///
/// TA-Lib numbers the window backwards (x = period−1 for the oldest value, 0 for the newest)
/// and takes the closed-form ΣX and ΣX²; the divisor `ΣX² − n·ΣX²ᵢ` is negative, which turns
/// the slope into the forward one. ΣY and ΣXY are slid one bar at a time and recomputed over
/// the window every `32·period` bars, or when the departing value dominates (|n·y| above 100
/// times the window's Σ|y|). The line is `y = intercept + slope·x` with x = 0 at the oldest bar.
struct LinearRegressionWindow: Sendable {
    let period: Int
    private let n: Double
    private let sumX: Double
    private let divisor: Double
    private var window: RingBuffer
    private var sumY = 0.0
    private var sumXY = 0.0
    private var sumAbsY = 0.0
    private var departing = 0.0
    private var countdown = 0
    private(set) var slope = Double.nan
    private(set) var intercept = Double.nan

    init(period: Int) {
        precondition(period >= 2)
        self.period = period
        n = Double(period)
        let product = n * Double(period - 1)
        sumX = product * 0.5
        let sumXSquared = product * Double(2 * period - 1) / 6.0
        divisor = sumX * sumX - sumXSquared * n
        window = RingBuffer(capacity: period)
    }

    var isReady: Bool { window.isFull }

    /// Adds a value; returns whether the window is full (slope and intercept are current).
    mutating func update(_ value: Double) -> Bool {
        let wasFull = window.isFull
        window.append(value)
        guard window.isFull else { return false }
        if !wasFull {
            rescan()
        } else {
            countdown -= 1
            if countdown == 0 {
                rescan()
            } else {
                sumAbsY -= abs(departing)
                sumAbsY += abs(value)
                let weighted = n * departing
                if abs(weighted) > 100.0 * sumAbsY {
                    rescan()
                } else {
                    sumXY += sumY
                    sumY -= departing
                    sumXY -= weighted
                    sumY += value
                }
            }
        }
        slope = (n * sumXY - sumX * sumY) / divisor
        intercept = (sumY - sumX * slope) / n
        departing = window.oldest
        return true
    }

    private mutating func rescan() {
        sumY = 0
        sumXY = 0
        sumAbsY = 0
        var x = Double(period - 1)
        for age in stride(from: period - 1, through: 0, by: -1) {
            let value = window[age: age]
            sumY += value
            sumAbsY += abs(value)
            sumXY += value * x
            x -= 1.0
        }
        countdown = 32 * period
    }

    /// The line's value at `x` (`period − 1` is the newest bar), `intercept + slope·x` fused.
    func line(at x: Double) -> Double { intercept.addingProduct(x, slope) }

    mutating func reset() {
        window.removeAll()
        sumY = 0
        sumXY = 0
        sumAbsY = 0
        departing = 0
        countdown = 0
        slope = .nan
        intercept = .nan
    }
}
