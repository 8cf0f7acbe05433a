/// Williams' %R (TA-Lib `WILLR`): `(highest high − close) / (highest − lowest) · −100` over
/// the last `period` bars.
///
/// As in TA-Lib 0.8: 0 when the range is within 1e-14 of the extremes' magnitude
/// (`|hh − ll| ≤ 1e-14·(|hh| + |ll|)`), and the result clamped to [−100, 0]. The extremes are
/// cached with their bar and the window rescanned only when one of them leaves it.
public struct WILLR: Indicator {
    public let period: Int
    private var highs: RingBuffer
    private var lows: RingBuffer
    private var bar = -1
    private var highestBar = -1
    private var lowestBar = -1
    private var highest = 0.0
    private var lowest = 0.0
    private var current = Double.nan

    public init(period: Int = 14) {
        precondition(period >= 2)
        self.period = period
        highs = RingBuffer(capacity: period)
        lows = RingBuffer(capacity: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { bar >= lookback }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        bar += 1
        highs.append(candle.high)
        lows.append(candle.low)
        guard bar >= lookback else { return false }
        let trailing = bar - lookback
        if lowestBar < trailing {
            lowestBar = trailing
            lowest = lows[age: bar - trailing]
            for index in (trailing + 1)...bar where lows[age: bar - index] < lowest {
                lowestBar = index
                lowest = lows[age: bar - index]
            }
        } else if candle.low <= lowest {
            lowestBar = bar
            lowest = candle.low
        }
        if highestBar < trailing {
            highestBar = trailing
            highest = highs[age: bar - trailing]
            for index in (trailing + 1)...bar where highs[age: bar - index] > highest {
                highestBar = index
                highest = highs[age: bar - index]
            }
        } else if candle.high >= highest {
            highestBar = bar
            highest = candle.high
        }
        let range = highest - lowest
        if abs(range) <= 1e-14 * (abs(highest) + abs(lowest)) {
            current = 0
        } else {
            let ratio = ((highest - candle.close) / range) * -100.0
            current = ratio > 0 ? 0 : (-100.0 > ratio ? -100.0 : ratio)
        }
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        highs.removeAll()
        lows.removeAll()
        bar = -1
        highestBar = -1
        lowestBar = -1
        highest = 0
        lowest = 0
        current = .nan
    }
}
