import TradehubModel

/// How much an order buys or sells: backtesting.py's `size` argument.
public enum OrderSize: Sendable, Equatable {
    /// A fraction in (0, 1) of the available margin, converted to whole units when the order fills.
    case fraction(Double)
    /// A whole number of units (≥ 1).
    case units(Int)

    /// backtesting.py's default: `1 - ε` of the available margin (shown there as `.9999`).
    public static let allAvailable = OrderSize.fraction(1 - Double.ulpOfOne)
}

/// A new order as a strategy submits it. Prices are optional; a market order has neither
/// `limit` nor `stop`. `sl` and `tp` become the trade's stop-loss and take-profit orders.
public struct StrategyOrder: Sendable, Equatable {
    public var side: Side
    public var size: OrderSize
    public var limit: Double?
    public var stop: Double?
    public var sl: Double?
    public var tp: Double?
    /// Why the strategy wants it, for the live decision log (a backtest ignores it).
    public var reason: OrderReason?

    public init(side: Side, size: OrderSize = .allAvailable, limit: Double? = nil, stop: Double? = nil,
                sl: Double? = nil, tp: Double? = nil, reason: OrderReason? = nil) {
        self.side = side
        self.size = size
        self.limit = limit
        self.stop = stop
        self.sl = sl
        self.tp = tp
        self.reason = reason
    }
}

/// Why a strategy placed an order: a one-line summary, the score it acted on (`ml-signal`'s
/// p(up)) and the named values it decided on (the model's features). Names and values are kept
/// as two arrays, so a reason costs one copy of the row, not a dictionary.
public struct OrderReason: Sendable, Equatable, Encodable {
    public var summary: String
    public var score: Double?
    public var names: [String]
    public var values: [Double]

    public init(summary: String, score: Double? = nil, names: [String] = [], values: [Double] = []) {
        precondition(names.count == values.count, "one value per name")
        self.summary = summary
        self.score = score
        self.names = names
        self.values = values
    }

    /// The value named `name`, if the reason has one.
    public subscript(name: String) -> Double? { names.firstIndex(of: name).map { values[$0] } }

    private struct Key: CodingKey {
        let stringValue: String
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// `{"summary", "score", "values": {name: value}}`; a missing (NaN) value is null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(summary, forKey: Key("summary"))
        try container.encode(score, forKey: Key("score"))
        var named = container.nestedContainer(keyedBy: Key.self, forKey: Key("values"))
        for (name, value) in zip(names, values) {
            if value.isFinite { try named.encode(value, forKey: Key(name)) } else { try named.encodeNil(forKey: Key(name)) }
        }
    }
}

/// A trade as a strategy sees it: open (no exit yet) or closed. Sizes are units, negative for
/// shorts; bars count from 0; times are epoch milliseconds.
public struct TradeRecord: Sendable, Equatable {
    public var size: Int
    public var entryBar: Int
    public var entryPrice: Double
    public var entryTime: Int64
    public var exitBar: Int?
    public var exitPrice: Double?
    public var exitTime: Int64?
    public var sl: Double?
    public var tp: Double?
    /// Profit after commissions in account currency (at the last price while open).
    public var pnl: Double
    /// Commissions paid on entry and exit (0 while open, as in backtesting.py).
    public var commission: Double
    /// backtesting.py's `ReturnPct`: the return after commissions as a fraction of the entry value.
    public var returnPct: Double
    /// Lots and pips in forex mode; nil for backtesting.py's units.
    public var forex: ForexFigures?

    public init(size: Int, entryBar: Int, entryPrice: Double, entryTime: Int64, exitBar: Int?, exitPrice: Double?,
                exitTime: Int64?, sl: Double?, tp: Double?, pnl: Double, commission: Double, returnPct: Double) {
        self.size = size
        self.entryBar = entryBar
        self.entryPrice = entryPrice
        self.entryTime = entryTime
        self.exitBar = exitBar
        self.exitPrice = exitPrice
        self.exitTime = exitTime
        self.sl = sl
        self.tp = tp
        self.pnl = pnl
        self.commission = commission
        self.returnPct = returnPct
    }
}

/// A forex trade's size in lots and its price move in pips (positive when it went the trade's way).
public struct ForexFigures: Sendable, Equatable {
    public var lots: Double
    public var pips: Double

    public init(lots: Double, pips: Double) {
        self.lots = lots
        self.pips = pips
    }
}

/// The net position: the sum of the open trades.
public struct PositionSummary: Sendable, Equatable {
    /// Units held, negative when short, 0 when flat.
    public var size: Int
    /// Unrealised profit at the last price.
    public var pnl: Double

    public init(size: Int, pnl: Double) {
        self.size = size
        self.pnl = pnl
    }

    public var isLong: Bool { size > 0 }
    public var isShort: Bool { size < 0 }
    public var isFlat: Bool { size == 0 }
}

/// Where a strategy's orders go and where its account lives: the backtester's simulated broker
/// or, live, the MT5 bridge. A strategy reaches it only through `StrategyContext`, so it cannot
/// tell the two apart.
public protocol ExecutionVenue: AnyObject {
    /// Cash plus the open trades valued at the last price.
    var equity: Double { get }
    var position: PositionSummary { get }
    var openTrades: [TradeRecord] { get }
    var closedTrades: [TradeRecord] { get }
    /// Queues an order; it fills by the venue's rules (in a backtest, from the next bar on).
    func submit(_ order: StrategyOrder) throws
    /// Closes `portion` (0 < portion ≤ 1) of every open trade at the next market price.
    func closePosition(portion: Double)
}
