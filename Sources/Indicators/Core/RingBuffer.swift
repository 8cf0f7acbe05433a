/// A fixed-capacity window over the most recent values, the building block of period-based
/// indicators: O(1) append, O(1) access by age.
public struct RingBuffer: Sendable {
    @usableFromInline var storage: [Double]
    @usableFromInline var head = 0
    @usableFromInline var held = 0
    /// Values held, at most `capacity`.
    @inlinable public var count: Int { held }

    public init(capacity: Int) {
        precondition(capacity > 0, "ring buffer capacity must be positive")
        storage = [Double](repeating: 0, count: capacity)
    }

    @inlinable public var capacity: Int { storage.count }
    @inlinable public var isFull: Bool { count == storage.count }

    /// Appends `value`; when full, returns the value it pushed out.
    @inlinable @discardableResult
    public mutating func append(_ value: Double) -> Double? {
        let evicted: Double? = isFull ? storage[head] : nil
        storage[head] = value
        head = head + 1 == storage.count ? 0 : head + 1
        if held < storage.count { held += 1 }
        return evicted
    }

    /// The value appended `age` appends ago (0 = the newest).
    @inlinable
    public subscript(age age: Int) -> Double {
        precondition(age < count)
        var index = head - 1 - age
        if index < 0 { index += storage.count }
        return storage[index]
    }

    /// The oldest value still held.
    @inlinable public var oldest: Double { self[age: count - 1] }

    public mutating func removeAll() {
        head = 0
        held = 0
    }
}
