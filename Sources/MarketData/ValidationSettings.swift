/// The tunable parts of tick validation, chiefly the spike rule (see `TickValidator`).
///
/// The defaults suit forex, metals and indices quoted at their usual digits: a tick is suspect
/// when its mid moves more than 10× the larger of the median recent mid change (over the last
/// 64 accepted ticks) and 10 points; three following ticks then decide. Suggested configuration
/// keys: `market.spike_multiple`, `market.spike_confirmation_ticks`, `market.spike_window`,
/// `market.spike_floor_points`.
public struct ValidationSettings: Sendable, Hashable, Codable {
    /// A mid-price jump larger than this multiple of the robust recent volatility makes a tick
    /// suspect. `.infinity` (or any value ≤ 0) turns the spike rule off. Default 10.
    public var spikeMultiple: Double
    /// How many following valid ticks decide whether a suspect tick was a spike (most of them
    /// return to the old level) or a genuine level shift. At least 1; default 3.
    public var confirmationTicks: Int
    /// How many recent accepted mid changes the robust volatility (their median) is taken over.
    /// At least 1; default 64.
    public var volatilityWindow: Int
    /// The least volatility assumed, in points of the symbol, so that in a quiet market (median
    /// change 0 or half a point) an ordinary move is not a spike. Default 10 points (1 pip on a
    /// 5-digit forex pair: with the default multiple, jumps under 10 pips are never suspect).
    public var volatilityFloorPoints: Double

    public init(
        spikeMultiple: Double = 10, confirmationTicks: Int = 3, volatilityWindow: Int = 64,
        volatilityFloorPoints: Double = 10
    ) {
        self.spikeMultiple = spikeMultiple
        self.confirmationTicks = confirmationTicks
        self.volatilityWindow = volatilityWindow
        self.volatilityFloorPoints = volatilityFloorPoints
    }

    /// The defaults.
    public static let standard = ValidationSettings()

    /// Whether the spike rule runs at all.
    public var spikeRuleEnabled: Bool { spikeMultiple > 0 && spikeMultiple.isFinite }
}
