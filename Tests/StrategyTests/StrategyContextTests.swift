import ErrorDNA
import Indicators
import Strategy
import Testing
import TradehubModel

/// A venue that records what a strategy asks and has a flat account.
final class RecordingVenue: ExecutionVenue {
    var submitted: [StrategyOrder] = []
    var closes: [Double] = []
    var equity: Double { 10_000 }
    var position: PositionSummary { PositionSummary(size: 0, pnl: 0) }
    var openTrades: [TradeRecord] { [] }
    var closedTrades: [TradeRecord] { [] }
    func submit(_ order: StrategyOrder) throws { submitted.append(order) }
    func closePosition(portion: Double) { closes.append(portion) }
}

/// A seeded random walk of candles.
func walk(_ count: Int, seed: UInt64 = 3) -> [Candle] {
    var state = seed
    var close = 100.0
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let open = close
        close = open * (1 + (Double(state >> 11) / Double(1 << 53) - 0.5) * 0.04)
        return Candle(open: open, high: max(open, close) + 0.5, low: min(open, close) - 0.5, close: close, volume: 1)
    }
}

/// Records everything the context lets it read on every bar.
struct Snooper: Strategy {
    var sma = IndicatorHandle?.none
    var seen: [[Double?]] = []
    /// The spreads readable on every bar, ago -3…3, then the spread column's last value.
    var spreads: [[Int32?]] = []

    mutating func initialize(_ context: StrategyContext) {
        sma = context.indicator(SMA(period: 5))
    }

    mutating func next(_ context: StrategyContext) {
        var row: [Double?] = []
        for ago in -3...3 {
            row.append(context.bars.price(.close, ago: ago))
            row.append(context.value(sma!, ago: ago))
            row.append(context.bars.candle(ago: ago)?.high)
        }
        seen.append(row)
        spreads.append((-3...3).map { context.bars.spread(ago: $0) } + [context.bars.spread.last])
    }
}

/// Drives `strategy` over `candles` (with `spreads` in points, zeros when nil) as the live loop would.
func drive<S: Strategy>(
    _ strategy: inout S, _ candles: [Candle], spreads: [Int32]? = nil, venue: RecordingVenue = RecordingVenue()
) throws {
    let context = StrategyContext(venue: venue)
    try strategy.initialize(context)
    for (i, candle) in candles.enumerated() {
        context.advance(time: Int64(i) * 60_000, candle, spread: spreads?[i] ?? 0)
        #expect(context.bars.count == i + 1)
        try strategy.next(context)
    }
}

/// Drives `strategy` over `candles` (with `spreads` in points, zeros when nil) as the backtester
/// does: the whole series is held and revealed bar by bar (the indicators are computed over all
/// of it at the first reveal).
func driveHeld<S: Strategy>(
    _ strategy: inout S, _ candles: [Candle], spreads: [Int32]? = nil, venue: RecordingVenue = RecordingVenue()
) throws {
    let context = StrategyContext(venue: venue)
    context.hold(times: candles.indices.map { Int64($0) * 60_000 }, open: candles.map(\.open), high: candles.map(\.high),
                 low: candles.map(\.low), close: candles.map(\.close), volume: candles.map(\.volume),
                 spread: spreads ?? [Int32](repeating: 0, count: candles.count))
    try strategy.initialize(context)
    for i in candles.indices {
        context.revealNextBar()
        #expect(context.bars.count == i + 1)
        try strategy.next(context)
    }
}

@Suite("Strategy context")
struct StrategyContextTests {
    @Test("no API reaches a later bar: negative offsets and offsets before the first bar are nil")
    func noFutureAccess() throws {
        var snooper = Snooper()
        try drive(&snooper, walk(50))
        for row in snooper.seen {
            // ago -3…-1 (the future) come first: three readings each, all nil.
            #expect(row.prefix(9).allSatisfy { $0 == nil })
        }
        #expect(snooper.seen[0][9] != nil && snooper.seen[0][12] == nil, "bar 0 has no bar before it")
        #expect(snooper.seen[4][10] != nil && snooper.seen[3][10] == nil, "SMA(5) first has a value on bar 4")
    }

    @Test("a held series shows a strategy exactly what appended bars show it, spreads included, no later bar included")
    func heldEqualsAppended() throws {
        let candles = walk(120)
        let spreads = candles.indices.map { Int32($0 * 7 % 23) }
        var appended = Snooper(), held = Snooper()
        try drive(&appended, candles, spreads: spreads)
        try driveHeld(&held, candles, spreads: spreads)
        #expect(held.seen == appended.seen)
        #expect(held.seen.allSatisfy { $0.prefix(9).allSatisfy { $0 == nil } })
        #expect(held.spreads == appended.spreads)
        for (bar, row) in held.spreads.enumerated() {
            #expect(row.prefix(3).allSatisfy { $0 == nil }, "no later bar's spread on bar \(bar)")
            #expect(row[3] == spreads[bar] && row[7] == spreads[bar], "bar \(bar)'s own spread")
            #expect(row[4] == (bar >= 1 ? spreads[bar - 1] : nil))
        }
    }

    @Test("what a strategy sees on a bar is the same whether or not later bars exist")
    func prefixInvariance() throws {
        let candles = walk(120)
        var full = Snooper()
        try drive(&full, candles)
        for cut in [1, 7, 60, 119] {
            var prefix = Snooper()
            try drive(&prefix, Array(candles.prefix(cut)))
            #expect(prefix.seen == Array(full.seen.prefix(cut)))
        }
    }

    @Test("indicator values equal the indicator's batch form")
    func indicatorValues() throws {
        let candles = walk(80)
        var snooper = Snooper()
        try drive(&snooper, candles)
        let batch = SMA(period: 5).batch(candles)[0]
        #expect(snooper.seen.map { $0[10] } == batch)
    }

    @Test("crossover: previous bar strictly below, this bar strictly above")
    func crossover() throws {
        let closes: [Double] = [1, 3, 2, 2, 3, 1, 2, 4]
        let context = StrategyContext(venue: RecordingVenue())
        var crossings: [Bool] = []
        for (i, close) in closes.enumerated() {
            context.advance(time: Int64(i), Candle(open: close, high: close, low: close, close: close))
            crossings.append(context.crossover(.price(.close), .constant(2)))
        }
        #expect(crossings == [false, true, false, false, false, false, false, false])
    }

    @Test("cross: above and below are the two crossovers, read once")
    func cross() throws {
        let closes: [Double] = [1, 3, 2, 2, 3, 1, 2, 4, .nan, 1]
        let context = StrategyContext(venue: RecordingVenue())
        var crossings: [Cross?] = []
        for (i, close) in closes.enumerated() {
            context.advance(time: Int64(i), Candle(open: close, high: close, low: close, close: close))
            let cross = context.cross(.price(.close), .constant(2))
            #expect((cross == .above) == context.crossover(.price(.close), .constant(2)))
            #expect((cross == .below) == context.crossover(.constant(2), .price(.close)))
            crossings.append(cross)
        }
        #expect(crossings == [nil, .above, nil, nil, nil, .below, nil, nil, nil, nil])
    }

    @Test("orders go to the venue as asked")
    func ordersForwarded() throws {
        let venue = RecordingVenue()
        let context = StrategyContext(venue: venue)
        context.advance(time: 0, Candle(open: 1, high: 1, low: 1, close: 1))
        try context.buy()
        try context.sell(size: .units(3), limit: 1.2, sl: 1.5, tp: 0.8)
        context.closePosition(portion: 0.5)
        #expect(venue.submitted == [
            StrategyOrder(side: .buy, size: .allAvailable),
            StrategyOrder(side: .sell, size: .units(3), limit: 1.2, sl: 1.5, tp: 0.8),
        ])
        #expect(venue.closes == [0.5])
        #expect(context.equity == 10_000)
    }
}

@Suite("Built-in strategies")
struct StrategyCatalogueTests {
    @Test("names, parameters and defaults")
    func catalogue() throws {
        #expect(StrategyCatalogue.all.map(\.name) == ["sma-cross", "rsi-reversion", "bbands-breakout", "ml-signal"])
        let sma = try StrategyCatalogue.named("sma-cross")
        #expect(sma.parameters.map(\.name) == ["fast", "slow", "sl", "tp"])
        #expect(sma.parameters.map(\.defaultValue) == [10, 20, 0, 0])
        let rsi = try StrategyCatalogue.named("rsi-reversion")
        #expect(rsi.parameters.prefix(3).map(\.defaultValue) == [14, 30, 70])
    }

    @Test("bad names and parameters are catalogue errors")
    func errors() throws {
        #expect(throws: TradehubError.self) { try StrategyCatalogue.named("nope") }
        for (given, problem) in [(["speed": 3.0], "is not one of"), (["fast": 2.5], "whole number"), (["fast": 1], "outside")] {
            do {
                _ = try StrategyCatalogue.named("sma-cross").make(given)
                Issue.record("\(given) was accepted")
            } catch let error as TradehubError {
                #expect(error.code == .strategyParameter)
                #expect(error.message.contains(problem))
            }
        }
    }

    @Test("sma-cross buys on the bar the fast SMA crosses above the slow one")
    func smaCrossSignals() throws {
        let candles = walk(300, seed: 9)
        var strategy = try StrategyCatalogue.named("sma-cross").make(["fast": 3, "slow": 8])
        let venue = RecordingVenue()
        try drive(&strategy, candles, venue: venue)
        let fast = SMA(period: 3).batch(candles)[0], slow = SMA(period: 8).batch(candles)[0]
        var expected: [Side] = []
        for i in 1..<candles.count {
            guard let f0 = fast[i - 1], let s0 = slow[i - 1], let f1 = fast[i], let s1 = slow[i] else { continue }
            if f0 < s0 && f1 > s1 { expected.append(.buy) } else if s0 < f0 && s1 > f1 { expected.append(.sell) }
        }
        #expect(!expected.isEmpty)
        #expect(venue.submitted.map(\.side) == expected)
    }
}
