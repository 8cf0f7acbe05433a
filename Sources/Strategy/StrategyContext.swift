import Indicators
import TradehubModel

/// The bars seen so far, oldest first. The columns end at the current bar: a later bar has not
/// been appended yet (live) or lies past the end of every column (a backtest hands the driver's
/// whole series over once and reveals it bar by bar), so no read can reach it.
public struct BarHistory: Sendable {
    private var storedTimes: [Int64] = []
    private var storedOpen: [Double] = []
    private var storedHigh: [Double] = []
    private var storedLow: [Double] = []
    private var storedClose: [Double] = []
    private var storedVolume: [Double] = []
    private var storedSpread: [Int32] = []

    /// Bars seen, the current one included.
    public private(set) var count = 0
    /// The current bar's index (0-based), -1 before the first.
    public var index: Int { count - 1 }

    public var times: ArraySlice<Int64> { storedTimes[..<count] }
    public var open: ArraySlice<Double> { storedOpen[..<count] }
    public var high: ArraySlice<Double> { storedHigh[..<count] }
    public var low: ArraySlice<Double> { storedLow[..<count] }
    public var close: ArraySlice<Double> { storedClose[..<count] }
    public var volume: ArraySlice<Double> { storedVolume[..<count] }
    /// Each bar's spread in points of the symbol (`Bar.spread`), 0 where the data has none.
    public var spread: ArraySlice<Int32> { storedSpread[..<count] }

    /// The bar `ago` bars back (0 = the current bar); nil before the first bar.
    public func candle(ago: Int = 0) -> Candle? {
        guard let k = position(ago) else { return nil }
        return candle(at: k)
    }

    /// The time (epoch milliseconds) of the bar `ago` bars back.
    public func time(ago: Int = 0) -> Int64? { position(ago).map { storedTimes[$0] } }

    /// The spread in points of the bar `ago` bars back.
    public func spread(ago: Int = 0) -> Int32? { position(ago).map { storedSpread[$0] } }

    /// One price of the bar `ago` bars back.
    public func price(_ source: PriceSource, ago: Int = 0) -> Double? {
        position(ago).map { price(source, at: $0) }
    }

    @inline(__always)
    func position(_ ago: Int) -> Int? {
        let k = count - 1 - ago
        return ago >= 0 && k >= 0 ? k : nil
    }

    @inline(__always)
    func candle(at k: Int) -> Candle {
        Candle(open: storedOpen[k], high: storedHigh[k], low: storedLow[k], close: storedClose[k], volume: storedVolume[k])
    }

    @inline(__always)
    func price(_ source: PriceSource, at k: Int) -> Double {
        switch source {
        case .open: storedOpen[k]
        case .high: storedHigh[k]
        case .low: storedLow[k]
        case .close: storedClose[k]
        case .volume: storedVolume[k]
        }
    }

    mutating func reserve(_ n: Int) {
        for keyPath in [\BarHistory.storedOpen, \.storedHigh, \.storedLow, \.storedClose, \.storedVolume] {
            self[keyPath: keyPath].reserveCapacity(n)
        }
        storedTimes.reserveCapacity(n)
        storedSpread.reserveCapacity(n)
    }

    /// Appends a bar after the last one known (live), with its spread in points; it becomes the
    /// current bar.
    mutating func append(time: Int64, _ candle: Candle, spread: Int32) {
        precondition(count == storedClose.count, "a history that reveals known bars takes no appended ones")
        storedTimes.append(time)
        storedOpen.append(candle.open)
        storedHigh.append(candle.high)
        storedLow.append(candle.low)
        storedClose.append(candle.close)
        storedVolume.append(candle.volume)
        storedSpread.append(spread)
        count += 1
    }

    /// Takes a whole series to reveal bar by bar with `revealNext` (the arrays are shared, not copied).
    mutating func hold(
        times: [Int64], open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double], spread: [Int32]
    ) {
        precondition(count == 0 && [open.count, high.count, low.count, close.count, volume.count, spread.count].allSatisfy { $0 == times.count })
        (storedTimes, storedOpen, storedHigh, storedLow, storedClose, storedVolume) = (times, open, high, low, close, volume)
        storedSpread = spread
    }

    /// Makes the next held bar the current one.
    @inline(__always)
    mutating func revealNext() {
        count += 1
    }

    /// Whether a held bar is still to be revealed.
    var hasHeldBar: Bool { count < storedClose.count }

    /// Bars held or appended, revealed or not.
    var heldCount: Int { storedClose.count }

    /// Calls `body` with every bar held or appended, revealed or not, in order; the columns are
    /// read through buffer pointers, so a loop over them carries no bounds checks and an
    /// indicator that reads one price loads only that one.
    @inline(__always)
    func forEachHeldCandle(_ body: (_ index: Int, Candle) -> Void) {
        storedOpen.withUnsafeBufferPointer { open in
            storedHigh.withUnsafeBufferPointer { high in
                storedLow.withUnsafeBufferPointer { low in
                    storedClose.withUnsafeBufferPointer { close in
                        storedVolume.withUnsafeBufferPointer { volume in
                            for k in close.indices {
                                body(k, Candle(open: open[k], high: high[k], low: low[k], close: close[k], volume: volume[k]))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// An indicator a strategy registered with `StrategyContext.indicator(_:)`.
public struct IndicatorHandle: Sendable, Hashable {
    /// Where its first output sits among a bar's indicator values.
    let column: Int
}

/// The direction of a crossing (`StrategyContext.cross`).
public enum Cross: Sendable {
    case above, below
}

/// A series a strategy compares: a price, an indicator output or a constant.
public enum Series: Sendable {
    case price(PriceSource)
    case indicator(IndicatorHandle, output: Int = 0)
    case constant(Double)
}

/// One registered indicator. Its value lives behind a pointer the closures own, and they are
/// made where the indicator's type is known, so an update is one indirect call into code
/// specialised for that type: no existential box to copy, no uniqueness or exclusivity check.
final class IndicatorFeed {
    let lookback: Int
    let outputCount: Int
    /// Feeds the bar and appends its outputs (NaN during warm-up) to `values`.
    let update: (Candle, inout [Double]) -> Void
    /// Feeds every bar of a history, held bars included, from the first: bar k's outputs go to
    /// `values[k * stride + column + output]` (left as they are during warm-up). The same
    /// updates in the same order as `update`, so the same numbers.
    let fill: (_ bars: BarHistory, _ values: UnsafeMutableBufferPointer<Double>, _ stride: Int, _ column: Int) -> Void
    private let release: () -> Void

    init<I: Indicator>(_ indicator: I) {
        let storage = UnsafeMutablePointer<I>.allocate(capacity: 1)
        storage.initialize(to: indicator)
        let outputs = indicator.outputNames.count
        lookback = indicator.lookback
        outputCount = outputs
        update = { candle, values in
            if storage.pointee.update(candle) {
                for output in 0..<outputs { values.append(storage.pointee.value(output)) }
            } else {
                for _ in 0..<outputs { values.append(.nan) }
            }
        }
        fill = { bars, values, stride, column in
            // A local copy lives in registers; through the pointer, every running total would make
            // a round trip through memory on each bar.
            var indicator = storage.move()
            bars.forEachHeldCandle { k, candle in
                guard indicator.update(candle) else { return }
                for output in 0..<outputs { values[k * stride + column + output] = indicator.value(output) }
            }
            storage.initialize(to: indicator)
        }
        release = {
            storage.deinitialize(count: 1)
            storage.deallocate()
        }
    }

    deinit { release() }
}

/// The data a context updates every bar, in one value so each bar costs one access to it.
struct ContextState {
    var bars = BarHistory()
    var feeds: [IndicatorFeed] = []
    /// Every feed's update in registration order, as one call (one closure to reach per bar).
    var updateAll: (Candle, inout [Double]) -> Void = { _, _ in }
    /// Every indicator output of every bar, a bar's outputs side by side (`stride` of them, the
    /// outputs of slot s from `firstColumn[s]` on); NaN during warm-up.
    var values: [Double] = []
    var stride = 0
    var firstColumn: [Int] = []
    /// Bars the driver expects, to reserve memory for.
    var expectedBars = 0

    mutating func advance(time: Int64, _ candle: Candle, spread: Int32) {
        if bars.count == 0 { bars.reserve(expectedBars) }
        bars.append(time: time, candle, spread: spread)
        update(candle)
    }

    /// Makes the next held bar the current one. The first reveal computes every indicator over
    /// the whole held series at once (what backtesting.py's `init` does); a value is still read
    /// only up to the current bar.
    mutating func revealNext() {
        if bars.count == 0 { fillHeldValues() }
        bars.revealNext()
    }

    private mutating func fillHeldValues() {
        values = [Double](repeating: .nan, count: bars.heldCount * stride)
        let (bars, stride, firstColumn, feeds) = (bars, stride, firstColumn, feeds)
        values.withUnsafeMutableBufferPointer { buffer in
            for (slot, feed) in feeds.enumerated() { feed.fill(bars, buffer, stride, firstColumn[slot]) }
        }
    }

    @inline(__always)
    private mutating func update(_ candle: Candle) {
        updateAll(candle, &values)
    }

    /// The value of `series` `ago` bars back, NaN when there is none.
    @inline(__always)
    func value(_ series: Series, ago: Int) -> Double {
        guard let k = bars.position(ago) else { return .nan }
        return value(series, at: k)
    }

    /// The value of `series` at bar `k` (which exists).
    @inline(__always)
    func value(_ series: Series, at k: Int) -> Double {
        switch series {
        case .price(let source): bars.price(source, at: k)
        case .indicator(let handle, let output): values[k * stride + handle.column + output]
        case .constant(let c): c
        }
    }

    /// The values of `series` at bars `k − 1` and `k` (which exist), read with one dispatch.
    @inline(__always)
    private func lastTwo(_ series: Series, at k: Int) -> (Double, Double) {
        switch series {
        case .price(let source): (bars.price(source, at: k - 1), bars.price(source, at: k))
        case .indicator(let handle, let output):
            (values[(k - 1) * stride + handle.column + output], values[k * stride + handle.column + output])
        case .constant(let c): (c, c)
        }
    }

    func cross(_ a: Series, _ b: Series) -> Cross? {
        let k = bars.count - 1
        guard k >= 1 else { return nil }
        let ((a0, a1), (b0, b1)) = (lastTwo(a, at: k), lastTwo(b, at: k))
        if a0 < b0 && a1 > b1 { return .above }
        if a0 > b0 && a1 < b1 { return .below }
        return nil
    }
}

/// Everything a strategy sees and does: the bars and indicator values up to now, the account,
/// and order calls. The backtester and the live loop each drive one over their venue; a
/// strategy cannot tell which.
public final class StrategyContext {
    /// Read or written on every bar by one thread, never in overlapping accesses: the runtime's
    /// exclusivity check would only cost.
    @exclusivity(unchecked) private var state = ContextState()
    private let venue: any ExecutionVenue

    /// A context over `venue`; `expectedBars` (when known) reserves the history's memory.
    package init(venue: any ExecutionVenue, expectedBars: Int = 0) {
        self.venue = venue
        state.expectedBars = expectedBars
    }

    /// The bars seen so far, the current one last.
    public var bars: BarHistory { state.bars }

    /// The current bar's close (NaN before the first bar).
    public var lastClose: Double { state.value(.price(.close), ago: 0) }

    // MARK: indicators

    /// Registers an indicator updated with every bar from now on (call it in `initialize`).
    public func indicator(_ indicator: some Indicator) -> IndicatorHandle {
        precondition(state.bars.count == 0, "register indicators in `initialize`, before the first bar")
        var fresh = indicator
        fresh.reset()
        let feed = IndicatorFeed(fresh)
        let column = state.stride
        state.firstColumn.append(column)
        state.stride += feed.outputCount
        state.feeds.append(feed)
        let previous = state.updateAll
        let update = feed.update
        state.updateAll = { candle, values in
            previous(candle, &values)
            withExtendedLifetime(feed) { update(candle, &values) }  // the feed owns the indicator's memory
        }
        state.values.reserveCapacity(state.stride * state.expectedBars)
        return IndicatorHandle(column: column)
    }

    /// Output `output` of `handle` `ago` bars back; nil during warm-up or before the first bar.
    public func value(_ handle: IndicatorHandle, output: Int = 0, ago: Int = 0) -> Double? {
        let v = state.value(.indicator(handle, output: output), ago: ago)
        return v.isNaN ? nil : v
    }

    /// The largest lookback of the registered indicators: the bars before their first value.
    public var warmUp: Int { state.feeds.map(\.lookback).max() ?? 0 }

    /// `a` crossed above `b` on this bar: the previous bar strictly below, this bar strictly
    /// above (backtesting.py's `crossover`). False while either has no value.
    public func crossover(_ a: Series, _ b: Series) -> Bool { state.cross(a, b) == .above }

    /// Which way `a` crossed `b` on this bar: `.above` is `crossover(a, b)`, `.below` is
    /// `crossover(b, a)`; nil for neither. Reads the four values once.
    public func cross(_ a: Series, _ b: Series) -> Cross? { state.cross(a, b) }

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

    /// Appends the next bar, with its spread in points (0 when unknown), and updates every
    /// indicator with it.
    package func advance(time: Int64, _ candle: Candle, spread: Int32 = 0) {
        state.advance(time: time, candle, spread: spread)
    }

    /// Hands over a whole series (a backtest's, spreads in points) to be revealed one bar at a
    /// time by `revealNextBar`; the arrays are shared, not copied.
    package func hold(
        times: [Int64], open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double], spread: [Int32]
    ) {
        state.bars.hold(times: times, open: open, high: high, low: low, close: close, volume: volume, spread: spread)
    }

    /// Makes the next held bar the current one and updates every indicator with it.
    package func revealNextBar() {
        precondition(state.bars.hasHeldBar, "no held bar left")
        state.revealNext()
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
