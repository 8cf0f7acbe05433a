import Indicators
import MarketData
import Strategy
import TradehubModel

/// The live decision loop fed by ticks, as the MT5 bridge delivers them: ticks are aggregated
/// into bars of the model's timeframe (`BarAggregator`, MT5 conventions: bid-based OHLC), and
/// each bar, once a tick of the next period closes it, goes to `DecisionLoop.onBar`
/// (features → model → rule → risk).
///
/// - No look-ahead: the decision sees the closed bar only; the tick that closed it is neither in
///   the bar nor in the prices the strategy sees while deciding.
/// - The closing tick is the market the decision meets: its spread (`ask − bid`) is what the
///   max-spread rule checks, and the paper venue fills the orders decided at its quote right
///   after the decision (a buy at the ask, a sell at the bid).
/// - The strategy sees the bar's own spread in points (`BarAggregator`: its smallest `ask − bid`),
///   what the bars `import` stores carry, so a model's `spread()` reads what it was trained on.
/// - Between bar closes a tick only updates the forming bar and the venue's prices (equity); it
///   decides nothing. The strategies run here, `ml-signal` in particular, were built on closed
///   bars, and a model trained on closed bars must not be scored on a half-formed one.
public final class TickDecisionLoop {
    private let loop: DecisionLoop
    private let venue: PaperVenue
    private var aggregator: BarAggregator

    /// A loop aggregating ticks of `symbol` (its point counts the bars' spread) into `timeframe`
    /// bars (UTC periods) and deciding on each over `venue`.
    public init(
        strategy: any Strategy, venue: PaperVenue, rules: RiskRules, timeframe: Timeframe, symbol: Symbol,
        expectedBars: Int = 0
    ) throws {
        loop = try DecisionLoop(strategy: strategy, venue: venue, rules: rules, expectedBars: expectedBars)
        self.venue = venue
        aggregator = BarAggregator(timeframe: timeframe, symbol: symbol)
    }

    /// The bar in progress, or nil before the first tick.
    public var formingBar: Bar? { aggregator.current }
    /// How many bars a tick has closed (and the loop decided on) so far.
    public private(set) var barsClosed = 0

    /// Feeds a tick (in time order); returns the intents decided on the bar it closed, empty when
    /// it closed none.
    public func onTick(_ tick: Tick) throws -> [OrderIntent] {
        guard let closed = aggregator.add(tick) else {
            venue.quote(bid: tick.bid, ask: tick.ask)
            return []
        }
        barsClosed += 1
        let intents = try loop.onBar(
            timeMs: closed.openTimeMs, closed.candle, spreadPoints: closed.spread, marketSpread: tick.ask - tick.bid)
        venue.quote(bid: tick.bid, ask: tick.ask)
        return intents
    }
}

extension Bar {
    /// The bar as a strategy's context holds it: prices and the real (traded) volume.
    public var candle: Candle { Candle(open: open, high: high, low: low, close: close, volume: realVolume) }
}
