/// A fixed-capacity window over the most recent values, the building block of period-based
/// indicators: O(1) append, O(1) access by age.
public struct RingBuffer: Sendable {
    private var storage: [Double]
    private var head = 0
    public private(set) var count = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "ring buffer capacity must be positive")
        storage = [Double](repeating: 0, count: capacity)
    }

    public var capacity: Int { storage.count }
    public var isFull: Bool { count == storage.count }

    /// Appends `value`; when full, returns the value it pushed out.
    @inline(__always) @discardableResult
    public mutating func append(_ value: Double) -> Double? {
        let evicted: Double? = isFull ? storage[head] : nil
        storage[head] = value
        head = head + 1 == storage.count ? 0 : head + 1
        if count < storage.count { count += 1 }
        return evicted
    }

    /// The value appended `age` appends ago (0 = the newest).
    @inline(__always)
    public subscript(age age: Int) -> Double {
        precondition(age < count)
        var index = head - 1 - age
        if index < 0 { index += storage.count }
        return storage[index]
    }

    /// The oldest value still held.
    public var oldest: Double { self[age: count - 1] }

    public mutating func removeAll() {
        head = 0
        count = 0
    }
}
