import ErrorDNA
import Strategy

/// The outcome of one backtest: what backtesting.py's `run()` returns.
public struct BacktestResult: Sendable {
    public let statistics: Statistics
    /// Closed trades in backtesting.py's order.
    public let trades: [TradeRecord]
    /// Trades still open at the end (valued at the last close).
    public let openTrades: [TradeRecord]
    /// Equity at every bar.
    public let equity: [Double]
}

/// The event-driven backtest: bar by bar, the strategy sees history up to now through its
/// context while the simulated broker fills its orders, exactly as backtesting.py's
/// `Backtest(data, strategy, …).run()`.
public enum Backtester {
    /// Runs `strategy` over `bars`; throws `E_BACKTEST_ARGUMENT` for bad options or no bars,
    /// and whatever the strategy throws (`E_ORDER_INVALID` for an impossible order).
    public static func run<S: Strategy>(_ strategy: inout S, on bars: BarSeries, options: BacktestOptions) throws -> BacktestResult {
        try options.validate()
        let n = bars.count
        guard n > 0 else {
            throw TradehubError(.backtestArgument, ["argument": "data", "value": "0 bars", "problem": "there is nothing to backtest"])
        }
        let broker = SimulatedBroker(bars: bars, options: options)
        let context = StrategyContext(venue: broker, expectedBars: n)
        context.hold(
            times: bars.times, open: bars.open, high: bars.high, low: bars.low, close: bars.close, volume: bars.volume, spread: bars.spread)
        try strategy.initialize(context)
        // backtesting.py finds the warm-up as the first non-NaN value, 0 if there is none.
        let warmUp = context.warmUp < n ? context.warmUp : 0
        let start = 1 + warmUp
        var outOfMoney = false
        for i in 0..<n {
            context.revealNextBar()
            guard i >= start else { continue }
            do {
                try broker.next(bar: i)
            } catch is SimulatedBroker.OutOfMoney {
                outOfMoney = true
                break
            }
            try strategy.next(context)
        }
        if !outOfMoney && options.finalizeTrades {
            broker.finalize()
            if start < n { try? broker.next(bar: n - 1) }
        }
        var equity = broker.takeEquityCurve()
        let first = equity.firstIndex { !$0.isNaN }.map { equity[$0] } ?? broker.cash
        for k in equity.indices {
            guard equity[k].isNaN else { break }
            equity[k] = first
        }
        let trades = broker.closedTrades
        var statistics = Statistics(trades: trades, equity: equity, bars: bars, firstTradingBar: warmUp)
        if options.forex != nil { statistics = statistics.appendingForex(trades) }
        return BacktestResult(statistics: statistics, trades: trades, openTrades: broker.openTrades, equity: equity)
    }
}
