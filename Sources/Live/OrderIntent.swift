import Strategy
import TradehubModel

/// An order the decision loop decided on a bar: what, when and why, and whether a risk rule
/// held it back. Sent intents go to the venue; blocked ones only to the log.
public struct OrderIntent: Sendable, Equatable, Encodable {
    /// The bar it was decided on (0-based) and that bar's time.
    public var bar: Int
    public var timeMs: Int64
    public var side: Side
    /// Units, or the fraction of available margin, as the strategy asked.
    public var units: Int?
    public var fraction: Double?
    public var sl: Double?
    public var tp: Double?
    public var reason: OrderReason?
    /// The risk rule that blocked it; nil when it was sent.
    public var blocked: String?

    public init(bar: Int, timeMs: Int64, order: StrategyOrder, blocked: String?) {
        self.bar = bar
        self.timeMs = timeMs
        side = order.side
        switch order.size {
        case .units(let n): units = n
        case .fraction(let f): fraction = f
        }
        sl = order.sl
        tp = order.tp
        reason = order.reason
        self.blocked = blocked
    }

    enum CodingKeys: String, CodingKey { case bar, timeMs = "time_ms", side, units, fraction, sl, tp, reason, blocked }
}
