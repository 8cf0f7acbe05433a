import MarketData
import Testing
import TradehubModel

@Suite("Bar aggregation")
struct BarAggregationTests {
    typealias Kit = MarketTestKit

    static func ms(_ year: Int, _ month: Int, _ day: Int, _ hour: Int64 = 0, _ minute: Int64 = 0, _ second: Int64 = 0) -> Int64 {
        PeriodCalendar.days(year: year, month: month, day: day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000
    }

    @Test("civil dates: round trip over 1900…2200, known days and ISO 8601 text")
    func civil() {
        for day in Int64(-25_567)...Int64(84_000) {
            let date = PeriodCalendar.civil(fromDays: day)
            #expect(PeriodCalendar.days(year: date.year, month: date.month, day: date.day) == day)
        }
        #expect(PeriodCalendar.days(year: 1970, month: 1, day: 1) == 0)
        #expect(PeriodCalendar.days(year: 2024, month: 2, day: 29) == 19_782)
        #expect(PeriodCalendar.civil(fromDays: 19_783) == (2024, 3, 1))
        #expect(PeriodCalendar.civil(fromDays: -1) == (1969, 12, 31))
        #expect(PeriodCalendar.iso8601(ms: 1_704_153_600_123) == "2024-01-02T00:00:00.123Z")
        #expect(PeriodCalendar.iso8601(ms: Self.ms(2024, 2, 29, 23, 59, 59), milliseconds: false) == "2024-02-29T23:59:59Z")
        #expect(PeriodCalendar.iso8601(ms: -1) == "1969-12-31T23:59:59.999Z")
    }

    @Test("period starts: fixed lengths from local midnight, W1 on Monday or Sunday, MN1 on the 1st, in a time zone")
    func periods() {
        let t = Self.ms(2024, 3, 31, 23, 17, 42) + 345  // a Sunday, the last day of March
        func start(_ tf: Timeframe, _ offset: Int = 0, _ week: WeekStart = .monday) -> Int64 {
            PeriodCalendar(timeframe: tf, timeZoneOffsetSeconds: offset, weekStart: week).start(containing: t)
        }
        #expect(start(.m1) == Self.ms(2024, 3, 31, 23, 17))
        #expect(start(.m5) == Self.ms(2024, 3, 31, 23, 15))
        #expect(start(.m15) == Self.ms(2024, 3, 31, 23, 15))
        #expect(start(.m30) == Self.ms(2024, 3, 31, 23, 0))
        #expect(start(.h1) == Self.ms(2024, 3, 31, 23))
        #expect(start(.h4) == Self.ms(2024, 3, 31, 20))
        #expect(start(.d1) == Self.ms(2024, 3, 31))
        #expect(start(.w1) == Self.ms(2024, 3, 25))
        #expect(start(.w1, 0, .sunday) == Self.ms(2024, 3, 31))
        #expect(start(.mn1) == Self.ms(2024, 3, 1))
        // UTC+2: locally it is Monday 1 April 01:17:42.
        #expect(start(.h4, 7200) == Self.ms(2024, 4, 1) - 7_200_000)
        #expect(start(.d1, 7200) == Self.ms(2024, 3, 31, 22))
        #expect(start(.w1, 7200) == Self.ms(2024, 3, 31, 22))
        #expect(start(.w1, 7200, .sunday) == Self.ms(2024, 3, 30, 22))
        #expect(start(.mn1, 7200) == Self.ms(2024, 3, 31, 22))
        #expect(PeriodCalendar(timeframe: .mn1, timeZoneOffsetSeconds: 7200).period(containing: t)
            == Self.ms(2024, 3, 31, 22)..<Self.ms(2024, 4, 30, 22))
        // UTC−5 and an offset that is not whole minutes.
        #expect(start(.d1, -18_000) == Self.ms(2024, 3, 31, 5))
        #expect(start(.m1, 30) == Self.ms(2024, 3, 31, 23, 17, 30))
        #expect(PeriodCalendar(timeframe: .mn1).period(containing: Self.ms(2023, 12, 31, 12)) == Self.ms(2023, 12, 1)..<Self.ms(2024, 1, 1))
        #expect(PeriodCalendar(timeframe: .mn1).period(containing: Self.ms(2024, 2, 10)) == Self.ms(2024, 2, 1)..<Self.ms(2024, 3, 1))
    }

    @Test("spread in points: nearest, half away from zero, immune to binary floating-point error")
    func spreadPoints() {
        #expect(BarAggregator.spreadPoints(0.00012, point: 0.00001) == 12)
        #expect(BarAggregator.spreadPoints(1.09012 - 1.09, point: Symbol("EURUSD", digits: 5).point) == 12)
        #expect(BarAggregator.spreadPoints(1.100125 - 1.1, point: 0.00001) == 13)
        #expect(BarAggregator.spreadPoints(1.100124 - 1.1, point: 0.00001) == 12)
        #expect(BarAggregator.spreadPoints(150.012 - 150, point: 0.001) == 12)
        #expect(BarAggregator.spreadPoints(2034.55 - 2034.2, point: 0.01) == 35)
        #expect(BarAggregator.spreadPoints(0, point: 0.00001) == 0)
        for points in 0...300 {
            for base in [1.08123, 0.61234, 1.27001] {
                let bid = base
                let ask = Double("\(Int((base * 100_000).rounded()) + points)e-5")!
                #expect(BarAggregator.spreadPoints(ask - bid, point: 0.00001) == Int32(points))
            }
        }
    }

    @Test("a bar: OHLC from the bid, tick and real volume, smallest spread, readable in progress; no bar for an empty period")
    func singleBars() {
        let symbol = Kit.eurusd
        var aggregator = BarAggregator(timeframe: .m1, symbol: symbol)
        let t = Self.ms(2024, 1, 2, 10, 0)
        #expect(aggregator.current == nil)
        #expect(aggregator.add(Tick(timeMs: t + 100, bid: 1.1, ask: 1.10015, volume: 1)) == nil)
        #expect(aggregator.current == Bar(openTimeMs: t, open: 1.1, high: 1.1, low: 1.1, close: 1.1, tickVolume: 1, spread: 15, realVolume: 1))
        aggregator.add(Tick(timeMs: t + 100, bid: 1.1002, ask: 1.10032))
        aggregator.add(Tick(timeMs: t + 30_000, bid: 1.0999, ask: 1.1, volume: 2.5))
        aggregator.add(Tick(timeMs: t + 59_999, bid: 1.10005, ask: 1.10025))
        let first = Bar(openTimeMs: t, open: 1.1, high: 1.1002, low: 1.0999, close: 1.10005, tickVolume: 4, spread: 10, realVolume: 3.5)
        #expect(aggregator.current == first)
        // The next tick is three minutes later: the first bar closes, no bars for the empty minutes.
        #expect(aggregator.add(Tick(timeMs: t + 180_000, bid: 1.2, ask: 1.2001)) == first)
        #expect(aggregator.finish() == Bar(openTimeMs: t + 180_000, open: 1.2, high: 1.2, low: 1.2, close: 1.2, tickVolume: 1, spread: 10))
        #expect(aggregator.finish() == nil && aggregator.current == nil)
    }

    @Test("resampler: valid pairs only; higher bars from lower ones")
    func resamplerPairs() {
        #expect(BarResampler.canResample(from: .m1, to: .mn1))
        #expect(BarResampler.canResample(from: .d1, to: .w1))
        #expect(BarResampler.canResample(from: .h4, to: .h4))
        #expect(!BarResampler.canResample(from: .w1, to: .mn1))
        #expect(!BarResampler.canResample(from: .h1, to: .m5))
        let bars = [
            Bar(openTimeMs: Self.ms(2024, 1, 2, 10, 0), open: 1, high: 3, low: 0.5, close: 2, tickVolume: 3, spread: 9, realVolume: 1),
            Bar(openTimeMs: Self.ms(2024, 1, 2, 10, 59), open: 2, high: 4, low: 1, close: 3, tickVolume: 2, spread: 7, realVolume: 2),
            Bar(openTimeMs: Self.ms(2024, 1, 2, 11, 0), open: 3, high: 3, low: 3, close: 3, tickVolume: 1, spread: 8, realVolume: 0),
        ]
        #expect(BarResampler.resample(bars, from: .m1, to: .h1) == [
            Bar(openTimeMs: Self.ms(2024, 1, 2, 10, 0), open: 1, high: 4, low: 0.5, close: 3, tickVolume: 5, spread: 7, realVolume: 3),
            bars[2],
        ])
    }

    static func everyBar(_ bars: [Bar], _ calendar: PeriodCalendar) -> Bool {
        bars.allSatisfy { $0.low <= $0.open && $0.low <= $0.close && $0.open <= $0.high && $0.close <= $0.high }
            && bars.allSatisfy { $0.tickVolume >= 1 && $0.spread >= 0 && calendar.start(containing: $0.openTimeMs) == $0.openTimeMs }
            && zip(bars, bars.dropFirst()).allSatisfy { $0.openTimeMs < $1.openTimeMs }
    }

    @Test("properties on random streams: OHLC order, daily tick volumes, streaming = batch, lower bars → higher = ticks → higher")
    func properties() {
        let offsets = [0, 7200, -18_000, 19_800, 30, 3 * 3600 + 45 * 60]
        for seed in UInt64(100)..<UInt64(112) {
            var random = Kit.Random(seed: seed)
            let digits = [5, 3, 2][Int(seed % 3)]
            let symbol = Symbol("S\(seed)", digits: digits)
            let raw = Kit.randomStream(&random, count: 6000, digits: digits)
            var validator = TickValidator(symbol: symbol)
            var sink = Kit.Recorder()
            for (index, tick) in raw.enumerated() { validator.process(tick, source: "\(index)", raw: "", into: &sink) }
            validator.finish(into: &sink)
            #expect(sink.accepted.count + sink.records.count == raw.count)
            let ticks = sink.accepted
            let offset = offsets[Int(seed) % offsets.count]
            let week: WeekStart = seed % 2 == 0 ? .monday : .sunday

            // Streaming, all timeframes at once, checking `current` as it goes.
            var multi = MultiTimeframeAggregator(symbol: symbol, timeZoneOffsetSeconds: offset, weekStart: week)
            var streamed: [Timeframe: [Bar]] = [:]
            for (index, tick) in ticks.enumerated() {
                multi.add(tick) { streamed[$0, default: []].append($1) }
                if index % 997 == 0 { #expect(multi.current(.m1)?.close == tick.bid) }
            }
            multi.finish { streamed[$0, default: []].append($1) }

            var batch: [Timeframe: [Bar]] = [:]
            for tf in Timeframe.allCases {
                let calendar = PeriodCalendar(timeframe: tf, timeZoneOffsetSeconds: offset, weekStart: week)
                let bars = BarAggregator.bars(from: ticks, timeframe: tf, symbol: symbol, timeZoneOffsetSeconds: offset, weekStart: week)
                batch[tf] = bars
                #expect(streamed[tf] == bars, "seed \(seed) \(tf): streaming differs from batch")
                #expect(Self.everyBar(bars, calendar), "seed \(seed) \(tf)")
                #expect(bars.reduce(0) { $0 + $1.tickVolume } == Int64(ticks.count))
            }

            // The tick volumes of a day's bars sum to that day's accepted ticks, for every timeframe up to D1.
            let day = PeriodCalendar(timeframe: .d1, timeZoneOffsetSeconds: offset)
            var ticksPerDay: [Int64: Int64] = [:]
            for tick in ticks { ticksPerDay[day.start(containing: tick.timeMs), default: 0] += 1 }
            for tf in [Timeframe.m1, .m5, .m15, .m30, .h1, .h4, .d1] {
                var perDay: [Int64: Int64] = [:]
                for bar in batch[tf]! { perDay[day.start(containing: bar.openTimeMs), default: 0] += bar.tickVolume }
                #expect(perDay == ticksPerDay, "seed \(seed) \(tf)")
            }

            // Every valid lower → higher pair equals ticks → higher (volumes are half lots: sums are exact).
            for source in Timeframe.allCases {
                for target in Timeframe.allCases where BarResampler.canResample(from: source, to: target) {
                    let resampled = BarResampler.resample(
                        batch[source]!, from: source, to: target, timeZoneOffsetSeconds: offset, weekStart: week)
                    #expect(resampled == batch[target], "seed \(seed) \(source)→\(target)")
                }
            }
        }
    }
}
