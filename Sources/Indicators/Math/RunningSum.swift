/// The sum of the last `period` values kept as TA-Lib's `SUM` and `SMA` keep it: a running total
/// from which the value leaving the window is subtracted before the new one is added.
struct RunningSum: Sendable {
    private var window: RingBuffer
    /// The running total (of fewer than `period` values until `isFull`).
    private(set) var total = 0.0

    init(period: Int) {
        precondition(period >= 1)
        window = RingBuffer(capacity: period)
    }

    /// Whether `period` values have been seen, so `total` covers a full window.
    var isFull: Bool { window.isFull }

    /// Adds the next value; returns `isFull`.
    @inline(__always) @discardableResult
    mutating func update(_ value: Double) -> Bool {
        if let evicted = window.append(value) { total -= evicted }
        total += value
        return window.isFull
    }

    mutating func reset() {
        window.removeAll()
        total = 0
    }
}
