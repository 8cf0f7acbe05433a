/// The sum of the last `period` values kept as TA-Lib's `SUM` and `SMA` keep it: a running total
/// from which the value leaving the window is subtracted before the new one is added.
/// Inlinable, like `RingBuffer`, so an `SMA` update compiles into its caller's loop.
@usableFromInline
struct RunningSum: Sendable {
    @usableFromInline var window: RingBuffer
    /// The running total (of fewer than `period` values until `isFull`).
    @usableFromInline var total = 0.0

    @usableFromInline
    init(period: Int) {
        precondition(period >= 1)
        window = RingBuffer(capacity: period)
    }

    /// Whether `period` values have been seen, so `total` covers a full window.
    @inlinable var isFull: Bool { window.isFull }

    /// Adds the next value; returns `isFull`.
    @inlinable @discardableResult
    mutating func update(_ value: Double) -> Bool {
        if let evicted = window.append(value) { total -= evicted }
        total += value
        return window.isFull
    }

    @usableFromInline
    mutating func reset() {
        window.removeAll()
        total = 0
    }
}
