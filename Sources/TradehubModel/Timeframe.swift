/// The bar periods MetaTrader 5 offers and Tradehub aggregates into.
public enum Timeframe: String, CaseIterable, Sendable, Codable, Comparable {
    case m1 = "M1", m5 = "M5", m15 = "M15", m30 = "M30", h1 = "H1", h4 = "H4", d1 = "D1", w1 = "W1", mn1 = "MN1"

    /// Nominal length in seconds; calendar months vary, so `mn1` reports 30 days.
    public var nominalSeconds: Int {
        switch self {
        case .m1: 60
        case .m5: 300
        case .m15: 900
        case .m30: 1800
        case .h1: 3600
        case .h4: 14_400
        case .d1: 86_400
        case .w1: 604_800
        case .mn1: 2_592_000
        }
    }

    /// Parses `M1`…`MN1` (any case).
    public init?(name: String) { self.init(rawValue: name.uppercased()) }

    public static func < (lhs: Timeframe, rhs: Timeframe) -> Bool { lhs.nominalSeconds < rhs.nominalSeconds }
}
