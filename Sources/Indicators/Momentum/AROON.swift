/// Aroon (TA-Lib `AROON`): how recently, within the last `period + 1` bars, the highest high
/// (`aroonup`) and the lowest low (`aroondown`) occurred: `100/period · (period − bars since)`.
///
/// Among equal extremes the most recent bar wins, as in TA-Lib. The extremes are cached with
/// their bar and the window rescanned only when one of them leaves it.
public struct AROON: Indicator {
    public let period: Int
    let factor: Double
    private var highs: RingBuffer
    private var lows: RingBuffer
    private var bar = -1
    private(set) var highestBar = -1
    private(set) var lowestBar = -1
    private var highest = 0.0
    private var lowest = 0.0

    public init(period: Int = 14) {
        precondition(period >= 2)
        self.period = period
        factor = 100.0 / Double(period)
        highs = RingBuffer(capacity: period + 1)
        lows = RingBuffer(capacity: period + 1)
    }

    public var outputNames: [String] { ["aroondown", "aroonup"] }
    public var lookback: Int { period }
    public var isReady: Bool { bar >= period }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        bar += 1
        highs.append(candle.high)
        lows.append(candle.low)
        guard bar >= period else { return false }
        let trailing = bar - period
        if lowestBar < trailing {
            lowestBar = trailing
            lowest = lows[age: bar - trailing]
            for index in (trailing + 1)...bar where lows[age: bar - index] <= lowest {
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
            for index in (trailing + 1)...bar where highs[age: bar - index] >= highest {
                highestBar = index
                highest = highs[age: bar - index]
            }
        } else if candle.high >= highest {
            highestBar = bar
            highest = candle.high
        }
        return true
    }

    public func value(_ index: Int) -> Double {
        factor * Double(period - (bar - (index == 0 ? lowestBar : highestBar)))
    }

    public mutating func reset() {
        highs.removeAll()
        lows.removeAll()
        bar = -1
        highestBar = -1
        lowestBar = -1
        highest = 0
        lowest = 0
    }
}
