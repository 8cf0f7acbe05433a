/// The direction of an order or position.
public enum Side: String, Sendable, Codable, CaseIterable {
    case buy, sell

    /// The opposite direction.
    public var opposite: Side { self == .buy ? .sell : .buy }
}
