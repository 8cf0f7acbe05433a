/// Ultimate oscillator (TA-Lib `ULTOSC`): `100 · (4·A₁ + 2·A₂ + A₃) / 7`, where `Aₖ` is the sum of
/// `close − min(low, previous close)` over the sum of true ranges in window `k`; the periods
/// are sorted so the shortest window gets weight 4.
///
/// Follows TA-Lib 0.8: the running sums are primed only with the bars of their own window, a
/// ratio whose true-range sum is not positive is left out, and once a window's bars all had
/// no range and no buying pressure its sums are reset to exactly 0.
public struct ULTOSC: Indicator {
    public let period1: Int
    public let period2: Int
    public let period3: Int
    private let shortest: Int
    private let middle: Int
    private let longest: Int
    private var pressures: RingBuffer
    private var ranges: RingBuffer
    private var previousClose = 0.0
    private var bars = 0
    private var nullRun = 0
    private var pressure1 = 0.0, range1 = 0.0
    private var pressure2 = 0.0, range2 = 0.0
    private var pressure3 = 0.0, range3 = 0.0
    private var current = Double.nan

    public init(period1: Int = 7, period2: Int = 14, period3: Int = 28) {
        precondition(period1 >= 1 && period2 >= 1 && period3 >= 1)
        self.period1 = period1
        self.period2 = period2
        self.period3 = period3
        let sorted = [period1, period2, period3].sorted()
        shortest = sorted[0]
        middle = sorted[1]
        longest = sorted[2]
        pressures = RingBuffer(capacity: longest)
        ranges = RingBuffer(capacity: longest)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { longest }
    public var isReady: Bool { bars > longest }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        defer {
            previousClose = candle.close
            bars += 1
        }
        guard bars > 0 else { return false }
        let pressure = candle.close - min(candle.low, previousClose)
        let range = TRANGE.of(high: candle.high, low: candle.low, previousClose: previousClose)
        pressures.append(pressure)
        ranges.append(range)
        nullRun = range == 0 && pressure == 0 ? nullRun + 1 : 0
        pressure3 += pressure
        range3 += range
        guard bars >= longest else {
            if bars >= longest - shortest + 1 {
                pressure1 += pressure
                range1 += range
            }
            if bars >= longest - middle + 1 {
                pressure2 += pressure
                range2 += range
            }
            return false
        }
        pressure2 += pressure
        range2 += range
        var total = 0.0
        if nullRun < shortest {
            pressure1 += pressure
            range1 += range
        } else {
            pressure1 = 0
            range1 = 0
            if nullRun >= middle {
                pressure2 = 0
                range2 = 0
                if nullRun >= longest {
                    nullRun = longest
                    pressure3 = 0
                    range3 = 0
                }
            }
        }
        if range1 > 0 { total = (pressure1 / range1) * 4.0 + total }
        if range2 > 0 {
            let ratio = pressure2 / range2
            total += ratio + ratio
        }
        if range3 > 0 { total += pressure3 / range3 }
        current = (total / 7.0) * 100.0
        pressure1 -= pressures[age: shortest - 1]
        range1 -= ranges[age: shortest - 1]
        pressure2 -= pressures[age: middle - 1]
        range2 -= ranges[age: middle - 1]
        pressure3 -= pressures[age: longest - 1]
        range3 -= ranges[age: longest - 1]
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        pressures.removeAll()
        ranges.removeAll()
        previousClose = 0
        bars = 0
        nullRun = 0
        pressure1 = 0
        range1 = 0
        pressure2 = 0
        range2 = 0
        pressure3 = 0
        range3 = 0
        current = .nan
    }
}
