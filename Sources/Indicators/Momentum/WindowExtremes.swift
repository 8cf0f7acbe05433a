/// The highest high and the lowest low of the last `length` bars, each with the bar it occurred
/// on, kept as TA-Lib's `AROON` and `WILLR` keep them: an extreme is cached with its bar, a new
/// bar at or beyond it takes its place, and the window is rescanned only when the cached bar
/// leaves it.
struct WindowExtremes: Sendable {
    /// Which of several equal extremes a rescan keeps: TA-Lib's `AROON` keeps the latest,
    /// `WILLR` the earliest.
    enum Ties: Sendable {
        case latest, earliest
    }

    let length: Int
    let ties: Ties
    private var highs: RingBuffer
    private var lows: RingBuffer
    /// The newest bar, counting from 0 (−1 before the first).
    private(set) var bar = -1
    private(set) var highestBar = -1
    private(set) var lowestBar = -1
    private(set) var highest = 0.0
    private(set) var lowest = 0.0

    init(length: Int, ties: Ties) {
        precondition(length >= 2)
        self.length = length
        self.ties = ties
        highs = RingBuffer(capacity: length)
        lows = RingBuffer(capacity: length)
    }

    /// Whether `length` bars have been seen, so the extremes cover a full window.
    var isFull: Bool { bar >= length - 1 }

    /// Adds a bar; returns `isFull`.
    @discardableResult
    mutating func update(high: Double, low: Double) -> Bool {
        bar += 1
        highs.append(high)
        lows.append(low)
        guard isFull else { return false }
        let trailing = bar - (length - 1)
        if lowestBar < trailing {
            (lowestBar, lowest) = rescan(lows, from: trailing, beyond: <)
        } else if low <= lowest {
            lowestBar = bar
            lowest = low
        }
        if highestBar < trailing {
            (highestBar, highest) = rescan(highs, from: trailing, beyond: >)
        } else if high >= highest {
            highestBar = bar
            highest = high
        }
        return true
    }

    /// The extreme of `values` from bar `trailing` to the newest, and its bar: the first value,
    /// replaced by every later one `beyond` it (and, with `ties == .latest`, equal to it).
    @inline(__always)
    private func rescan(
        _ values: RingBuffer, from trailing: Int, beyond: (Double, Double) -> Bool
    ) -> (bar: Int, value: Double) {
        var extremeBar = trailing
        var extreme = values[age: bar - trailing]
        for index in (trailing + 1)...bar {
            let value = values[age: bar - index]
            if beyond(value, extreme) || (ties == .latest && value == extreme) {
                extremeBar = index
                extreme = value
            }
        }
        return (extremeBar, extreme)
    }

    mutating func reset() {
        highs.removeAll()
        lows.removeAll()
        bar = -1
        highestBar = -1
        lowestBar = -1
        highest = 0
        lowest = 0
    }
}
