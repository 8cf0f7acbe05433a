/// The highest or lowest of the last `period` values, O(1) amortised per value: a monotonic
/// deque in preallocated storage. The result equals TA-Lib's rescanning search (only the value
/// is observable, not which of several equal values it picked).
struct RollingExtreme: Sendable {
    enum Kind: Sendable { case highest, lowest }

    let period: Int
    let kind: Kind
    private var values: [Double]
    private var positions: [Int]
    private var front = 0
    private var count = 0
    private var seen = 0

    init(period: Int, kind: Kind) {
        precondition(period >= 1)
        self.period = period
        self.kind = kind
        values = [Double](repeating: 0, count: period)
        positions = [Int](repeating: 0, count: period)
    }

    /// Whether `period` values have been seen.
    var isFull: Bool { seen >= period }

    /// The extreme of the window after the last `update`.
    var value: Double { values[front] }

    /// Adds the next value and returns the extreme of the last `period` values (fewer at first).
    @discardableResult
    mutating func update(_ value: Double) -> Double {
        if count > 0, positions[front] <= seen - period {
            front = front + 1 == period ? 0 : front + 1
            count -= 1
        }
        while count > 0 {
            var back = front + count - 1
            if back >= period { back -= period }
            let dominated = kind == .highest ? values[back] <= value : values[back] >= value
            guard dominated else { break }
            count -= 1
        }
        var slot = front + count
        if slot >= period { slot -= period }
        values[slot] = value
        positions[slot] = seen
        count += 1
        seen += 1
        return values[front]
    }

    mutating func reset() {
        front = 0
        count = 0
        seen = 0
    }
}
