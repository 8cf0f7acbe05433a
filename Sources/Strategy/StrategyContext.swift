import Indicators
import TradehubModel

/// The bars seen so far, oldest first. The driver appends one bar at a time, so a later bar is
/// not in memory yet: there is no way to read one.
public struct BarHistory: Sendable {
    public private(set) var times: [Int64] = []
    public private(set) var open: [Double] = []
    public private(set) var high: [Double] = []
    public private(set) var low: [Double] = []
    public private(set) var close: [Double] = []
    public private(set) var volume: [Double] = []

    /// Bars seen, the current one included.
    public var count: Int { close.count }
    /// The current bar's index (0-based), -1 before the first.
    public var index: Int { close.count - 1 }

    /// The bar `ago` bars back (0 = the current bar); nil before the first bar.
    public func candle(ago: Int = 0) -> Candle? {
        guard let k = position(ago) else { return nil }
        return Candle(open: open[k], high: high[k], low: low[k], close: close[k], volume: volume[k])
    }

    /// The time (epoch milliseconds) of the bar `ago` bars back.
    public func time(ago: Int = 0) -> Int64? { position(ago).map { times[$0] } }

    /// One price of the bar `ago` bars back.
    public func price(_ source: PriceSource, ago: Int = 0) -> Double? {
        candle(ago: ago).map(source.pick)
    }

    @inline(__always)
    func position(_ ago: Int) -> Int? {
        let k = close.count - 1 - ago
        return ago >= 0 && k >= 0 ? k : nil
    }

    mutating func reserve(_ n: Int) {
        for keyPath in [\BarHistory.open, \.high, \.low, \.close, \.volume] { self[keyPath: keyPath].reserveCapacity(n) }
        times.reserveCapacity(n)
    }

    mutating func append(time: Int64, _ candle: Candle) {
        times.append(time)
        open.append(candle.open)
        high.append(candle.high)
        low.append(candle.low)
        close.append(candle.close)
        volume.append(candle.volume)
    }
}

/// An indicator a strategy registered with `StrategyContext.indicator(_:)`.
public struct IndicatorHandle: Sendable, Hashable {
    let slot: Int
}

/// A series a strategy compares: a price, an indicator output or a constant.
public enum Series: Sendable {
    case price(PriceSource)
    case indicator(IndicatorHandle, output: Int = 0)
    case constant(Double)
}

/// The data a context updates every bar, in one value so each bar costs one access to it.
struct ContextState {
    var bars = BarHistory()
    var indicators: [any Indicator] = []
    /// One column per indicator output (`firstColumn[slot] + output`), one value a bar; NaN during warm-up.
    var columns: [[Double]] = []
    var firstColumn: [Int] = []
    var outputCount: [Int] = []

    mutating func advance(time: Int64, _ candle: Candle) {
        bars.append(time: time, candle)
        for slot in indicators.indices {
            let ready = indicators[slot].update(candle)
            let first = firstColumn[slot]
            for output in 0..<outputCount[slot] {
                columns[first + output].append(ready ? indicators[slot].value(output) : .nan)
            }
        }
    }

    /// The value of `series` `ago` bars back, NaN when there is none.
    @inline(__always)
    func value(_ series: Series, ago: Int) -> Double {
        guard let k = bars.position(ago) else { return .nan }
        switch series {
        case .price(let source):
            switch source {
            case .open: return bars.open[k]
            case .high: return bars.high[k]
            case .low: return bars.low[k]
            case .close: return bars.close[k]
            case .volume: return bars.volume[k]
            }
        case .indicator(let handle, let output): return columns[firstColumn[handle.slot] + output][k]
        case .constant(let c): return c
        }
    }

    func crossover(_ a: Series, _ b: Series) -> Bool {
        value(a, ago: 1) < value(b, ago: 1) && value(a, ago: 0) > value(b, ago: 0)
    }
}

/// Everything a strategy sees and does: the bars and indicator values up to now, the account,
/// and order calls. The backtester and the live loop each drive one over their venue; a
/// strategy cannot tell which.
public final class StrategyContext {
    private var state = ContextState()
    private let venue: any ExecutionVenue
    private let expectedBars: Int

    /// A context over `venue`; `expectedBars` (when known) reserves the history's memory.
    package init(venue: any ExecutionVenue, expectedBars: Int = 0) {
        self.venue = venue
        self.expectedBars = expectedBars
        state.bars.reserve(expectedBars)
    }

    /// The bars seen so far, the current one last.
    public var bars: BarHistory { state.bars }

    /// The current bar's close (NaN before the first bar).
    public var lastClose: Double { state.value(.price(.close), ago: 0) }

    // MARK: indicators

    /// Registers an indicator updated with every bar from now on (call it in `initialize`).
    public func indicator(_ indicator: some Indicator) -> IndicatorHandle {
        var fresh = indicator
        fresh.reset()
        state.firstColumn.append(state.columns.count)
        state.outputCount.append(fresh.outputNames.count)
        for _ in fresh.outputNames {
            var column: [Double] = []
            column.reserveCapacity(expectedBars)
            state.columns.append(column)
        }
        state.indicators.append(fresh)
        return IndicatorHandle(slot: state.indicators.count - 1)
    }

    /// Output `output` of `handle` `ago` bars back; nil during warm-up or before the first bar.
    public func value(_ handle: IndicatorHandle, output: Int = 0, ago: Int = 0) -> Double? {
        let v = state.value(.indicator(handle, output: output), ago: ago)
        return v.isNaN ? nil : v
    }

    /// The largest lookback of the registered indicators: the bars before their first value.
    public var warmUp: Int { state.indicators.map(\.lookback).max() ?? 0 }

    /// `a` crossed above `b` on this bar: the previous bar strictly below, this bar strictly
    /// above (backtesting.py's `crossover`). False while either has no value.
    public func crossover(_ a: Series, _ b: Series) -> Bool { state.crossover(a, b) }

    // MARK: account and orders

    public var equity: Double { venue.equity }
    public var position: PositionSummary { venue.position }
    public var openTrades: [TradeRecord] { venue.openTrades }
    public var closedTrades: [TradeRecord] { venue.closedTrades }

    /// A long order: market unless `limit` or `stop` is given; `sl`/`tp` bracket the trade.
    public func buy(size: OrderSize = .allAvailable, limit: Double? = nil, stop: Double? = nil,
                    sl: Double? = nil, tp: Double? = nil, reason: OrderReason? = nil) throws {
        try venue.submit(StrategyOrder(side: .buy, size: size, limit: limit, stop: stop, sl: sl, tp: tp, reason: reason))
    }

    /// A short order; see `buy`.
    public func sell(size: OrderSize = .allAvailable, limit: Double? = nil, stop: Double? = nil,
                     sl: Double? = nil, tp: Double? = nil, reason: OrderReason? = nil) throws {
        try venue.submit(StrategyOrder(side: .sell, size: size, limit: limit, stop: stop, sl: sl, tp: tp, reason: reason))
    }

    /// Closes `portion` of every open trade at the next market price.
    public func closePosition(portion: Double = 1) {
        venue.closePosition(portion: portion)
    }

    // MARK: the driver's side

    /// Appends the next bar and updates every indicator with it.
    package func advance(time: Int64, _ candle: Candle) {
        state.advance(time: time, candle)
    }
}

/// A trading strategy: registers its indicators once, then decides on every bar, seeing the
/// world only through its context (bars and indicator values up to now, the account, orders).
/// The same value runs in a backtest and live.
public protocol Strategy {
    /// Called once before the first bar: register indicators (backtesting.py's `init`).
    mutating func initialize(_ context: StrategyContext) throws
    /// Called on every bar once the indicators have warmed up, a moment before the bar closes.
    mutating func next(_ context: StrategyContext) throws
}
