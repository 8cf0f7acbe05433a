import Foundation
import Indicators

/// `return(n)`: `ln(close[t] / close[t−n])`, ready from bar `n` on.
///
/// Log returns add up over bars and are symmetric in up and down moves, which suits models
/// better than simple returns; for the small moves of one bar the two differ in the fourth digit.
struct LogReturn: ValueIndicator {
    let bars: Int
    var source: PriceSource { .close }
    private var history: RingBuffer
    private var current = Double.nan

    init(bars: Int) {
        precondition(bars >= 1)
        self.bars = bars
        history = RingBuffer(capacity: bars + 1)
    }

    var outputNames: [String] { ["real"] }
    var lookback: Int { bars }
    var isReady: Bool { history.isFull }

    @discardableResult
    mutating func update(value: Double) -> Bool {
        history.append(value)
        guard history.isFull else { return false }
        current = Foundation.log(value / history.oldest)
        return true
    }

    func value(_ index: Int) -> Double { current }

    mutating func reset() {
        history.removeAll()
        current = .nan
    }
}
