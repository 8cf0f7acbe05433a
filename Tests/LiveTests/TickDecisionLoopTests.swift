import Foundation
import Indicators
import Live
import MarketData
import Strategy
import Testing
import TradehubModel

@Suite("Tick decision loop")
struct TickDecisionLoopTests {
    static let symbol = Symbol("EURUSD", digits: 5)

    /// About 13 ticks per M5 bar from 2024-01-01 00:00 UTC: a zig-zag bid with seeded noise, 1–2 points of spread.
    static let ticks: [Tick] = {
        var random = SplitMix64(seed: 7)
        return (0..<2_000).map { i in
            let phase = Double(i % 160) / 80
            let wave = phase < 1 ? phase : 2 - phase
            let points = 110_000 + Int(wave * 200) + Int(random.next() % 9) - 4
            let spread = 1 + Int(random.next() % 2)
            return Tick(
                timeMs: 1_704_067_200_000 + Int64(i) * 23_000, bid: Double(points) / 100_000,
                ask: Double(points + spread) / 100_000, volume: 1)
        }
    }()

    /// A strategy over the closed bars only: its "feature" is the last close change in points and
    /// its score a logistic of it; it buys 1,000 units above 0.6 unless long, sells below 0.4 unless short.
    struct ChangeStrategy: Strategy {
        mutating func initialize(_ context: StrategyContext) throws {}

        mutating func next(_ context: StrategyContext) throws {
            guard let close = context.bars.price(.close), let previous = context.bars.price(.close, ago: 1) else { return }
            let change = (close - previous) / TickDecisionLoopTests.symbol.point
            let score = 1 / (1 + exp(-change / 3))
            let reason = OrderReason(summary: "close change", score: score, names: ["close", "change"], values: [close, change])
            if score >= 0.6, !context.position.isLong {
                try context.buy(size: .units(1_000), reason: reason)
            } else if score <= 0.4, !context.position.isShort {
                try context.sell(size: .units(1_000), reason: reason)
            }
        }
    }

    static func tickLoop(_ rules: RiskRules = RiskRules(), venue: PaperVenue = PaperVenue(cash: 100_000)) throws -> TickDecisionLoop {
        try TickDecisionLoop(strategy: ChangeStrategy(), venue: venue, rules: rules, timeframe: .m5, symbol: symbol)
    }

    /// Every intent of `ticks` replayed, with the index of the tick that returned it.
    static func replay(_ ticks: [Tick], _ loop: TickDecisionLoop) throws -> [(tick: Int, intent: OrderIntent)] {
        var intents: [(Int, OrderIntent)] = []
        for (index, tick) in ticks.enumerated() {
            let closedBefore = loop.barsClosed
            let decided = try loop.onTick(tick)
            if !decided.isEmpty { #expect(loop.barsClosed == closedBefore + 1, "only a bar-closing tick decides") }
            intents += decided.map { (index, $0) }
        }
        return intents
    }

    /// The first bar-deciding tick of `intents` whose bar is at least `from`.
    static func decidingTick(_ intents: [(tick: Int, intent: OrderIntent)], from bar: Int = 10) throws -> (tick: Int, intent: OrderIntent) {
        try #require(intents.first { $0.intent.bar >= bar })
    }

    @Test("ticks aggregated and decided give exactly the intents of onBar fed the bars BarAggregator makes of them")
    func sameIntentsAsBars() throws {
        let fromTicks = try Self.replay(Self.ticks, Self.tickLoop()).map(\.intent)
        let bars = BarAggregator.bars(from: Self.ticks, timeframe: .m5, symbol: Self.symbol)
        let barLoop = try DecisionLoop(strategy: ChangeStrategy(), venue: PaperVenue(cash: 100_000), rules: RiskRules())
        var fromBars: [OrderIntent] = []
        // The last bar is still forming when the ticks end: no tick closes it, so it is not decided.
        for bar in bars.dropLast() { fromBars += try barLoop.onBar(timeMs: bar.openTimeMs, bar.candle, spreadPoints: bar.spread) }
        #expect(fromTicks.count > 10 && Set(fromTicks.map(\.side)) == [.buy, .sell])
        #expect(fromTicks == fromBars)
    }

    /// Keeps the spread column its history shows (a class, so the loop's copy is this one).
    final class SpreadSpy: Strategy {
        var seen: [Int32] = []
        func initialize(_ context: StrategyContext) throws {}
        func next(_ context: StrategyContext) throws { seen = Array(context.bars.spread) }
    }

    @Test("the strategy sees each closed bar's own spread in points, as BarAggregator counts it, not the closing tick's")
    func strategySeesBarSpreads() throws {
        var ticks = Self.ticks
        for index in ticks.indices where index % 5 == 0 { ticks[index].ask = ticks[index].bid + 0.00004 }  // wider now and then
        let spy = SpreadSpy()
        let loop = try TickDecisionLoop(strategy: spy, venue: PaperVenue(cash: 100_000), rules: RiskRules(), timeframe: .m5, symbol: Self.symbol)
        for tick in ticks { _ = try loop.onTick(tick) }
        let bars = BarAggregator.bars(from: ticks, timeframe: .m5, symbol: Self.symbol).dropLast()
        #expect(bars.count > 10 && spy.seen == bars.map(\.spread))
        #expect(spy.seen.allSatisfy { (1...2).contains($0) }, "the smallest ask − bid of each bar, in points")
    }

    @Test("bar t's decision never depends on the tick that closes it; only its fill price does")
    func closingTickIsNotLookedAhead() throws {
        let (closing, decided) = try Self.decidingTick(try Self.replay(Self.ticks, Self.tickLoop()))
        var wild = Self.ticks
        wild[closing].bid *= 1.5
        wild[closing].ask = wild[closing].bid + 0.00002
        // Replays up to the closing tick; returns its intents and the cash it moved.
        func decide(_ ticks: [Tick]) throws -> (intents: [OrderIntent], cashMoved: Double, units: Int) {
            let venue = PaperVenue(cash: 100_000)
            let loop = try Self.tickLoop(venue: venue)
            for tick in ticks[..<closing] { _ = try loop.onTick(tick) }
            let (cash, units) = (venue.cash, venue.position.size)
            let intents = try loop.onTick(ticks[closing])
            return (intents, venue.cash - cash, venue.position.size - units)
        }
        let plain = try decide(Self.ticks)
        let shifted = try decide(wild)
        #expect(plain.intents == [decided] && shifted.intents == [decided], "same bar, side, score and features")
        let sign = decided.side == .buy ? 1.0 : -1.0
        #expect(plain.units == Int(sign) * 1_000 && shifted.units == plain.units)
        let quote = decided.side == .buy ? Self.ticks[closing].ask : Self.ticks[closing].bid
        #expect(abs(plain.cashMoved + sign * 1_000 * quote) < 1e-6,
                "filled at the closing tick's quote: a buy at the ask, a sell at the bid")
        #expect(shifted.cashMoved != plain.cashMoved, "only the fill price moved")
    }

    @Test("max-spread checks the spread of the tick that closes the bar, not the spreads inside it")
    func maxSpreadUsesTheTickSpread() throws {
        let rules = RiskRules(maxSpread: 0.0003)
        // The first intent opens a position (an order that only shrinks one passes every rule).
        let (closing, decided) = try Self.decidingTick(try Self.replay(Self.ticks, Self.tickLoop(rules)), from: 0)
        #expect(decided.blocked == nil)

        var wideClose = Self.ticks
        wideClose[closing].ask = wideClose[closing].bid + 0.0010
        let blocked = try #require(try Self.replay(Array(wideClose[...closing]), Self.tickLoop(rules)).last)
        #expect(blocked.tick == closing && blocked.intent.bar == decided.bar)
        #expect(blocked.intent.blocked?.contains("above max_spread") == true)

        var wideInside = Self.ticks
        wideInside[closing - 1].ask = wideInside[closing - 1].bid + 0.0010
        let sent = try #require(try Self.replay(Array(wideInside[...closing]), Self.tickLoop(rules)).last)
        #expect(sent.intent == decided, "a wide quote inside the bar does not block its decision")
    }
}
