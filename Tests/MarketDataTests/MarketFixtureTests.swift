import MarketData
import Testing
import TradehubModel

/// Compares every bar of every timeframe with pandas' `resample`, as written by
/// `scripts/oracles/market_fixtures.py` into `Tests/Fixtures/market/`.
@Suite("Market fixtures (pandas)")
struct MarketFixtureTests {
    typealias Kit = MarketTestKit

    /// The fixture's ticks through the validator: all valid, the two news jumps held then accepted.
    static func validated() throws -> [Tick] {
        let input = try Kit.fixtureTicks()
        var validator = TickValidator(symbol: Kit.eurusd)
        var sink = Kit.Recorder()
        var holds = 0
        for (tick, line) in input {
            let wasHolding = validator.heldTick != nil
            validator.process(tick, source: "ticks.csv:\(line)", raw: "", into: &sink)
            if !wasHolding && validator.heldTick != nil { holds += 1 }
        }
        validator.finish(into: &sink)
        #expect(sink.records.isEmpty, "\(sink.records.prefix(3))")
        #expect(sink.accepted == input.map(\.tick))
        #expect(holds >= 2, "the level shifts should have been held for confirmation")
        return sink.accepted
    }

    /// The expected bars of a series; offset-7200 series identical to UTC are stored once, under 0.
    static func expected(_ bars: [String: [Int: [Bar]]], _ series: String, _ offset: Int) -> [Bar] {
        bars[series]?[offset] ?? bars[series]![0]!
    }

    @Test("streaming, batch and M1-resampled bars equal pandas for every timeframe, in UTC and UTC+2")
    func everyBar() throws {
        let ticks = try Self.validated()
        #expect(ticks.count > 45_000)
        let bars = try Kit.fixtureBars()
        for offset in [0, 7200] {
            for week in WeekStart.allCases {
                var multi = MultiTimeframeAggregator(symbol: Kit.eurusd, timeZoneOffsetSeconds: offset, weekStart: week)
                var streamed: [Timeframe: [Bar]] = [:]
                for tick in ticks { multi.add(tick) { streamed[$0, default: []].append($1) } }
                multi.finish { streamed[$0, default: []].append($1) }
                let m1 = streamed[.m1]!
                for tf in Timeframe.allCases {
                    if week == .sunday && tf != .w1 { continue }
                    let series = tf == .w1 && week == .sunday ? "W1-SUN" : tf.rawValue
                    let expected = Self.expected(bars, series, offset)
                    let label = "\(series) offset \(offset)"
                    let batch = BarAggregator.bars(from: ticks, timeframe: tf, symbol: Kit.eurusd, timeZoneOffsetSeconds: offset, weekStart: week)
                    let resampled = BarResampler.resample(m1, from: .m1, to: tf, timeZoneOffsetSeconds: offset, weekStart: week)
                    for (kind, bars) in [("streaming", streamed[tf]!), ("batch", batch), ("from M1", resampled)] {
                        let difference = Kit.firstDifference(bars, expected)
                        #expect(difference == nil, "\(label), \(kind)")
                    }
                }
            }
        }
    }
}
