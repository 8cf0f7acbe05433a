import TradehubModel

/// Builds the bars of one timeframe from ticks, one tick at a time in O(1), with MetaTrader 5's
/// conventions.
///
/// - open time: the start of the tick's period in the aggregator's time zone (see
///   `PeriodCalendar`), as a UTC instant;
/// - open, high, low, close: from the bid;
/// - tick volume: the number of ticks; real volume: the sum of their `volume`;
/// - spread: the smallest `ask − bid` seen in the bar, in points of the symbol, rounded to the
///   nearest point (half away from zero) after discarding binary floating-point error below a
///   millionth of a point, so `0.00012 / 0.00001 = 11.99999…` counts as 12;
/// - no bar for a period without ticks.
///
/// Ticks must arrive in non-decreasing time, as `TickValidator` delivers them. The batch form
/// (`bars(from:…)`) is this streaming form run over an array, so the two cannot disagree.
public struct BarAggregator: Sendable {
    /// The symbol whose point size the spread is counted in.
    public let symbol: Symbol
    /// The timeframe, time zone and week start the periods follow.
    public let calendar: PeriodCalendar
    /// The timeframe of the bars built.
    public var timeframe: Timeframe { calendar.timeframe }

    private var bar = Bar(openTimeMs: 0, open: 0, high: 0, low: 0, close: 0)
    private var hasBar = false
    private var minSpread = Double.infinity
    private var periodEndMs: Int64 = .min
    private let point: Double

    public init(timeframe: Timeframe, symbol: Symbol, timeZoneOffsetSeconds: Int = 0, weekStart: WeekStart = .monday) {
        self.symbol = symbol
        self.calendar = PeriodCalendar(timeframe: timeframe, timeZoneOffsetSeconds: timeZoneOffsetSeconds, weekStart: weekStart)
        self.point = symbol.point
    }

    /// The bar in progress (what MT5 shows as the last, still-forming bar), or nil before the first tick.
    public var current: Bar? {
        guard hasBar else { return nil }
        var result = bar
        result.spread = Self.spreadPoints(minSpread, point: point)
        return result
    }

    /// Adds a tick; returns the bar it completed when it opens a new period, else nil.
    @discardableResult
    public mutating func add(_ tick: Tick) -> Bar? {
        if tick.timeMs < periodEndMs {
            assert(tick.timeMs >= bar.openTimeMs, "ticks must arrive in time order")
            update(tick)
            return nil
        }
        return open(tick)
    }

    /// Ends the stream: returns the bar in progress (if any) and starts over empty.
    public mutating func finish() -> Bar? {
        let last = current
        hasBar = false
        periodEndMs = .min
        return last
    }

    mutating func update(_ tick: Tick) {
        let bid = tick.bid
        if bid > bar.high { bar.high = bid }
        if bid < bar.low { bar.low = bid }
        bar.close = bid
        bar.tickVolume &+= 1
        bar.realVolume += tick.volume
        let spread = tick.ask - tick.bid
        if spread < minSpread { minSpread = spread }
    }

    mutating func open(_ tick: Tick) -> Bar? {
        let completed = current
        let period = calendar.period(containing: tick.timeMs)
        periodEndMs = period.upperBound
        bar = Bar(
            openTimeMs: period.lowerBound, open: tick.bid, high: tick.bid, low: tick.bid, close: tick.bid,
            tickVolume: 1, spread: 0, realVolume: tick.volume)
        minSpread = tick.ask - tick.bid
        hasBar = true
        return completed
    }

    /// A price distance in whole points: `distance / point` rounded to the nearest integer, half
    /// away from zero, after snapping to a millionth of a point to remove binary floating-point
    /// error. Clamped to `Int32`; an infinite or NaN distance gives 0.
    public static func spreadPoints(_ distance: Double, point: Double) -> Int32 {
        let ratio = distance / point
        guard ratio.isFinite else { return 0 }
        let snapped = (ratio * 1_000_000).rounded() / 1_000_000
        let rounded = snapped.rounded(.toNearestOrAwayFromZero)
        return Int32(max(Double(Int32.min), min(Double(Int32.max), rounded)))
    }

    /// The bars of `ticks` (in time order), including the last, possibly incomplete, one.
    public static func bars<S: Sequence<Tick>>(
        from ticks: S, timeframe: Timeframe, symbol: Symbol, timeZoneOffsetSeconds: Int = 0,
        weekStart: WeekStart = .monday
    ) -> [Bar] {
        var aggregator = BarAggregator(
            timeframe: timeframe, symbol: symbol, timeZoneOffsetSeconds: timeZoneOffsetSeconds, weekStart: weekStart)
        var result: [Bar] = []
        for tick in ticks {
            if let bar = aggregator.add(tick) { result.append(bar) }
        }
        if let bar = aggregator.finish() { result.append(bar) }
        return result
    }
}

/// Feeds every tick to one `BarAggregator` per timeframe (by default M1…MN1) at once, in the
/// same time zone and week convention, reporting each bar as it completes.
public struct MultiTimeframeAggregator: Sendable {
    /// The timeframes aggregated, in the order given.
    public let timeframes: [Timeframe]
    private var aggregators: [BarAggregator]

    public init(
        symbol: Symbol, timeframes: [Timeframe] = Timeframe.allCases, timeZoneOffsetSeconds: Int = 0,
        weekStart: WeekStart = .monday
    ) {
        self.timeframes = timeframes
        aggregators = timeframes.map {
            BarAggregator(timeframe: $0, symbol: symbol, timeZoneOffsetSeconds: timeZoneOffsetSeconds, weekStart: weekStart)
        }
    }

    /// Adds a tick to every timeframe; `onClose` receives each bar this tick completed.
    public mutating func add(_ tick: Tick, onClose: (Timeframe, Bar) -> Void) {
        for index in aggregators.indices {
            if let bar = aggregators[index].add(tick) { onClose(aggregators[index].timeframe, bar) }
        }
    }

    /// Adds a tick to every timeframe, ignoring completed bars (read them with `current` as they form).
    public mutating func add(_ tick: Tick) { add(tick) { _, _ in } }

    /// The bar in progress of `timeframe`, or nil before the first tick or if it is not aggregated.
    public func current(_ timeframe: Timeframe) -> Bar? {
        aggregators.first { $0.timeframe == timeframe }?.current
    }

    /// Ends the stream: `onClose` receives the bar in progress of every timeframe.
    public mutating func finish(onClose: (Timeframe, Bar) -> Void) {
        for index in aggregators.indices {
            if let bar = aggregators[index].finish() { onClose(aggregators[index].timeframe, bar) }
        }
    }
}
