import ErrorDNA

/// The arguments of backtesting.py's `Backtest(...)`, with its defaults.
public struct BacktestOptions: Sendable, Equatable {
    /// Starting cash.
    public var cash: Double = 10_000
    /// Bid-ask spread as a fraction of the price: longs fill that much higher, shorts lower.
    public var spread: Double = 0
    /// Relative commission per fill, a fraction of the fill's value.
    public var commission: Double = 0
    /// Fixed commission per fill in account currency (backtesting.py's `(fixed, relative)` tuple).
    public var fixedCommission: Double = 0
    /// Margin requirement (1 / leverage); 1 means no leverage.
    public var margin: Double = 1
    /// Market orders fill at the close of the bar they were placed on instead of the next open.
    public var tradeOnClose = false
    /// Long and short trades may coexist instead of netting first-in-first-out.
    public var hedging = false
    /// Every new order first cancels pending orders and closes every open trade.
    public var exclusiveOrders = false
    /// Open trades are closed at the end so they count in the statistics.
    public var finalizeTrades = false

    public init() {}

    /// Throws `E_BACKTEST_ARGUMENT` for a value backtesting.py would refuse.
    public func validate() throws {
        func check(_ ok: Bool, _ argument: String, _ value: Double, _ problem: String) throws {
            if !ok { throw TradehubError(.backtestArgument, ["argument": argument, "value": "\(value)", "problem": problem]) }
        }
        try check(cash > 0 && cash.isFinite, "cash", cash, "must be a positive number")
        try check(margin > 0 && margin <= 1, "margin", margin, "must be in (0, 1]")
        try check(commission >= -0.1 && commission < 0.1, "commission", commission, "must be in [-0.1, 0.1)")
        try check(fixedCommission >= 0 && fixedCommission.isFinite, "fixed commission", fixedCommission, "must be ≥ 0")
        try check(spread >= 0 && spread < 1, "spread", spread, "must be in [0, 1)")
    }
}
