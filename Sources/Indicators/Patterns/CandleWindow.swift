/// A fixed-capacity ring of the most recent candles, for candlestick patterns: O(1) append and
/// access by age, no allocation after `init`.
public struct CandleWindow: Sendable {
    private var storage: [Candle]
    private var head = 0
    public private(set) var count = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "candle window capacity must be positive")
        storage = [Candle](repeating: Candle(open: 0, high: 0, low: 0, close: 0), count: capacity)
    }

    public var capacity: Int { storage.count }

    @inline(__always)
    public mutating func append(_ candle: Candle) {
        storage[head] = candle
        head = head + 1 == storage.count ? 0 : head + 1
        if count < storage.count { count += 1 }
    }

    /// The candle appended `age` appends ago (0 = the newest).
    @inline(__always)
    public subscript(age age: Int) -> Candle {
        precondition(age < count)
        var index = head - 1 - age
        if index < 0 { index += storage.count }
        return storage[index]
    }

    public mutating func removeAll() {
        head = 0
        count = 0
    }
}
