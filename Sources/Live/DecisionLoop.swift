import Indicators
import Strategy
import TradehubModel

/// The live decision loop: for every new bar, the strategy decides through its context (the
/// same API a backtest drives), each order passes the risk rules, and what passes goes to the
/// venue. Every decision comes back as an `OrderIntent` with its reason.
public final class DecisionLoop {
    private var strategy: any Strategy
    private let context: StrategyContext
    private let recorder: RecordingVenue
    private var bar = -1

    /// A loop over `venue`; the strategy is initialised here, before the first bar.
    public init(strategy: any Strategy, venue: PaperVenue, rules: RiskRules, expectedBars: Int = 0) throws {
        self.strategy = strategy
        recorder = RecordingVenue(inner: venue, guard: RiskGuard(rules: rules))
        context = StrategyContext(venue: recorder, expectedBars: expectedBars)
        try self.strategy.initialize(context)
    }

    /// Feeds the bar that just closed; returns the intents decided on it.
    /// - Parameters:
    ///   - spreadPoints: the bar's spread in points of the symbol (`Bar.spread`), what the
    ///     strategy sees in its history (and a model's `spread()`); 0 when the data has none.
    ///   - marketSpread: the spread in price units the orders decided now would meet, which the
    ///     max-spread rule checks; nil when unknown.
    public func onBar(timeMs: Int64, _ candle: Candle, spreadPoints: Int32 = 0, marketSpread: Double? = nil) throws -> [OrderIntent] {
        bar += 1
        recorder.inner.open(at: candle.open)
        recorder.inner.close(at: candle.close)
        context.advance(time: timeMs, candle, spread: spreadPoints)
        // As in the backtester: the strategy decides once its indicators have warmed up.
        guard bar >= 1 + context.warmUp else { return [] }
        recorder.begin(bar: bar, timeMs: timeMs, spread: marketSpread)
        try strategy.next(context)
        return recorder.take()
    }
}

/// Passes the strategy's orders through the risk guard to the venue and records each decision.
final class RecordingVenue: ExecutionVenue {
    let inner: PaperVenue
    private var riskGuard: RiskGuard
    private var intents: [OrderIntent] = []
    private var bar = 0
    private var timeMs: Int64 = 0
    private var spread: Double?

    init(inner: PaperVenue, guard riskGuard: RiskGuard) {
        self.inner = inner
        self.riskGuard = riskGuard
    }

    var equity: Double { inner.equity }
    var position: PositionSummary { inner.position }
    var openTrades: [TradeRecord] { inner.openTrades }
    var closedTrades: [TradeRecord] { inner.closedTrades }

    func begin(bar: Int, timeMs: Int64, spread: Double?) {
        self.bar = bar
        self.timeMs = timeMs
        self.spread = spread
        riskGuard.observe(moment)
    }

    private var moment: RiskGuard.Moment {
        RiskGuard.Moment(timeMs: timeMs, equity: inner.equity, position: inner.position.size, spread: spread)
    }

    func take() -> [OrderIntent] {
        defer { intents.removeAll(keepingCapacity: true) }
        return intents
    }

    func submit(_ order: StrategyOrder) throws {
        let blocked = riskGuard.violation(of: order, at: moment)
        if blocked == nil { try inner.submit(order) }
        intents.append(OrderIntent(bar: bar, timeMs: timeMs, order: order, blocked: blocked))
    }

    func closePosition(portion: Double) { inner.closePosition(portion: portion) }
}
