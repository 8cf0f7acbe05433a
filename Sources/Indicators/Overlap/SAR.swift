/// Parabolic SAR (TA-Lib `SAR`).
///
/// Bootstrapped as TA-Lib does: the first bar is consumed; the initial direction is short
/// only when the second bar's −DM (vs the first bar) is positive; the first SAR is the first
/// bar's low (long) or high (short) and the first extreme point the second bar's high (long)
/// or low (short). Each new SAR is kept outside the previous and current bars' range, and is
/// advanced with a fused multiply-add `sar + af·(ep − sar)` as in TA-Lib 0.8. An acceleration
/// above the maximum is lowered to the maximum.
public struct SAR: Indicator {
    public let acceleration: Double
    public let maximum: Double
    private let step: Double
    private var bars = 0
    private var lastHigh = 0.0
    private var lastLow = 0.0
    private var isLong = true
    private var factor = 0.0
    private var extreme = 0.0
    private var sar = 0.0
    private var current = Double.nan

    public init(acceleration: Double = 0.02, maximum: Double = 0.2) {
        self.acceleration = acceleration
        self.maximum = maximum
        step = acceleration > maximum ? maximum : acceleration
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { 1 }
    public var isReady: Bool { bars > 1 }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        let newHigh = candle.high
        let newLow = candle.low
        defer {
            lastHigh = newHigh
            lastLow = newLow
            bars += 1
        }
        guard bars > 0 else { return false }
        var previousHigh = lastHigh
        var previousLow = lastLow
        if bars == 1 {
            let moved = WilderDirectionalMovement.direction(diffPlus: newHigh - lastHigh, diffMinus: lastLow - newLow)
            isLong = moved != .minus
            factor = step
            if isLong {
                extreme = newHigh
                sar = lastLow
            } else {
                extreme = newLow
                sar = lastHigh
            }
            previousHigh = newHigh
            previousLow = newLow
        }
        if isLong {
            if newLow <= sar {
                isLong = false
                sar = extreme
                if sar < previousHigh { sar = previousHigh }
                if sar < newHigh { sar = newHigh }
                current = sar
                factor = step
                extreme = newLow
                sar = sar.addingProduct(factor, extreme - sar)
                if sar < previousHigh { sar = previousHigh }
                if sar < newHigh { sar = newHigh }
            } else {
                current = sar
                if newHigh > extreme {
                    extreme = newHigh
                    factor += step
                    if factor > maximum { factor = maximum }
                }
                sar = sar.addingProduct(factor, extreme - sar)
                if sar > previousLow { sar = previousLow }
                if sar > newLow { sar = newLow }
            }
        } else if newHigh >= sar {
            isLong = true
            sar = extreme
            if sar > previousLow { sar = previousLow }
            if sar > newLow { sar = newLow }
            current = sar
            factor = step
            extreme = newHigh
            sar = sar.addingProduct(factor, extreme - sar)
            if sar > previousLow { sar = previousLow }
            if sar > newLow { sar = newLow }
        } else {
            current = sar
            if newLow < extreme {
                extreme = newLow
                factor += step
                if factor > maximum { factor = maximum }
            }
            sar = sar.addingProduct(factor, extreme - sar)
            if sar < previousHigh { sar = previousHigh }
            if sar < newHigh { sar = newHigh }
        }
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        bars = 0
        lastHigh = 0
        lastLow = 0
        isLong = true
        factor = 0
        extreme = 0
        sar = 0
        current = .nan
    }
}
