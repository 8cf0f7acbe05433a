import TradehubModel

/// Builds the bars of a higher timeframe from bars of a lower one, streaming, in O(1) per bar:
/// open of the first, highest high, lowest low, close of the last, summed tick and real volume,
/// smallest spread. For any source timeframe up to D1 the result equals the bars built from the
/// ticks directly (real volume up to floating-point summation order), provided the source bars
/// were built with the same time-zone offset (and, for W1, the same week start).
///
/// Valid pairs: a source of M1…D1 into any larger timeframe, or a timeframe into itself; W1 bars
/// cannot make MN1 bars (weeks straddle months).
public struct BarResampler: Sendable {
    /// The timeframe of the bars fed in.
    public let source: Timeframe
    /// The target timeframe, time zone and week start.
    public let calendar: PeriodCalendar
    /// The timeframe of the bars built.
    public var target: Timeframe { calendar.timeframe }

    private var bar = Bar(openTimeMs: 0, open: 0, high: 0, low: 0, close: 0)
    private var hasBar = false
    private var periodEndMs: Int64 = .min

    /// Whether bars of `source` tile the periods of `target` exactly.
    public static func canResample(from source: Timeframe, to target: Timeframe) -> Bool {
        source == target || (source <= .d1 && source < target)
    }

    /// Requires `canResample(from: source, to: target)`.
    public init(from source: Timeframe, to target: Timeframe, timeZoneOffsetSeconds: Int = 0, weekStart: WeekStart = .monday) {
        precondition(Self.canResample(from: source, to: target), "cannot build \(target) bars from \(source) bars")
        self.source = source
        self.calendar = PeriodCalendar(timeframe: target, timeZoneOffsetSeconds: timeZoneOffsetSeconds, weekStart: weekStart)
    }

    /// The higher-timeframe bar in progress, or nil before the first bar.
    public var current: Bar? { hasBar ? bar : nil }

    /// Adds a source bar (in time order); returns the bar it completed when it opens a new period.
    @discardableResult
    public mutating func add(_ input: Bar) -> Bar? {
        if input.openTimeMs < periodEndMs {
            assert(input.openTimeMs >= bar.openTimeMs, "bars must arrive in time order")
            if input.high > bar.high { bar.high = input.high }
            if input.low < bar.low { bar.low = input.low }
            bar.close = input.close
            bar.tickVolume &+= input.tickVolume
            bar.realVolume += input.realVolume
            if input.spread < bar.spread { bar.spread = input.spread }
            return nil
        }
        let completed = current
        let period = calendar.period(containing: input.openTimeMs)
        periodEndMs = period.upperBound
        bar = input
        bar.openTimeMs = period.lowerBound
        hasBar = true
        return completed
    }

    /// Ends the stream: returns the bar in progress (if any) and starts over empty.
    public mutating func finish() -> Bar? {
        let last = current
        hasBar = false
        periodEndMs = .min
        return last
    }

    /// The `target` bars of `bars` (of timeframe `source`, in time order), including the last one.
    public static func resample<S: Sequence<Bar>>(
        _ bars: S, from source: Timeframe, to target: Timeframe, timeZoneOffsetSeconds: Int = 0,
        weekStart: WeekStart = .monday
    ) -> [Bar] {
        var resampler = BarResampler(from: source, to: target, timeZoneOffsetSeconds: timeZoneOffsetSeconds, weekStart: weekStart)
        var result: [Bar] = []
        for bar in bars {
            if let done = resampler.add(bar) { result.append(done) }
        }
        if let done = resampler.finish() { result.append(done) }
        return result
    }
}
