import Indicators
import Live
import Strategy
import Testing
import TradehubModel

@Suite("Decision loop and risk rules")
struct DecisionLoopTests {
    /// A zig-zag close so that SMAs cross often; one bar an hour from 2024-01-01 00:00 UTC.
    static let bars: [(Int64, Candle)] = (0..<400).map { i in
        let close = 100 + 10 * triangle(Double(i) / 7) + Double(i % 3)
        return (1_704_067_200_000 + Int64(i) * 3_600_000, Candle(open: close - 0.5, high: close + 1, low: close - 1, close: close))
    }

    /// A wave between -1 and 1 with period 2π.
    static func triangle(_ x: Double) -> Double {
        let t = x / (2 * Double.pi)
        let f = t - t.rounded(.down)
        return f < 0.5 ? 4 * f - 1 : 3 - 4 * f
    }

    @Test("sma-cross through the loop decides on exactly the bars where the SMAs cross")
    func sameDecisionsAsTheIndicators() throws {
        let strategy = try StrategyCatalogue.named("sma-cross").make(["fast": 5, "slow": 12])
        let loop = try DecisionLoop(strategy: strategy, venue: PaperVenue(cash: 1_000_000), rules: RiskRules())
        var decided: [Int: Side] = [:]
        for (time, candle) in Self.bars {
            for intent in try loop.onBar(timeMs: time, candle) { decided[intent.bar] = intent.side }
        }
        let candles = Self.bars.map(\.1)
        let fast = SMA(period: 5).batch(candles)[0].map { $0 ?? .nan }
        let slow = SMA(period: 12).batch(candles)[0].map { $0 ?? .nan }
        var expected: [Int: Side] = [:]
        for i in 12..<candles.count {
            if fast[i - 1] < slow[i - 1] && fast[i] > slow[i] { expected[i] = .buy }
            else if slow[i - 1] < fast[i - 1] && slow[i] > fast[i] { expected[i] = .sell }
        }
        #expect(!expected.isEmpty)
        #expect(decided == expected)
    }

    @Test("trading hours, spread, position and daily-loss limits block orders that add risk, never ones that reduce it")
    func riskRules() {
        var riskGuard = RiskGuard(rules: RiskRules(
            maxPositionUnits: 10, maxDailyLoss: 0.02, maxSpread: 0.0003,
            tradingHours: .init(start: 7, end: 20)))
        let nine = Int64(1_704_099_600_000)  // 2024-01-01 09:00 UTC
        func moment(_ time: Int64, equity: Double = 10_000, position: Int = 0, spread: Double? = 0.0001) -> RiskGuard.Moment {
            .init(timeMs: time, equity: equity, position: position, spread: spread)
        }
        let buy = StrategyOrder(side: .buy)
        let sell = StrategyOrder(side: .sell)
        #expect(riskGuard.violation(of: buy, at: moment(nine)) == nil)
        #expect(riskGuard.violation(of: buy, at: moment(nine - 5 * 3_600_000))?.contains("trading hours") == true)
        #expect(riskGuard.violation(of: buy, at: moment(nine, spread: 0.0005))?.contains("spread") == true)
        #expect(riskGuard.violation(of: buy, at: moment(nine, position: 10))?.contains("max_position_units") == true)
        #expect(riskGuard.violation(of: StrategyOrder(side: .sell, size: .units(10)), at: moment(nine - 5 * 3_600_000, position: 10)) == nil,
                "closing a long passes even outside trading hours")
        #expect(riskGuard.violation(of: sell, at: moment(nine - 5 * 3_600_000, position: 10)) != nil,
                "a margin-fraction sell against a long flips it, so it is new risk")
        #expect(riskGuard.violation(of: sell, at: moment(nine, equity: 9_700))?.contains("daily loss") == true)
        let nextDay = nine + 86_400_000
        #expect(riskGuard.violation(of: sell, at: moment(nextDay, equity: 9_700)) == nil, "a new day, a new budget")
        #expect(RiskRules.TradingHours(start: 22, end: 6).contains(hour: 23))
        #expect(!RiskRules.TradingHours(start: 22, end: 6).contains(hour: 12))
    }

    @Test("a blocked intent is logged with its rule and never reaches the venue")
    func blockedIntents() throws {
        let strategy = try StrategyCatalogue.named("sma-cross").make(["fast": 5, "slow": 12])
        let venue = PaperVenue(cash: 1_000_000)
        let loop = try DecisionLoop(
            strategy: strategy, venue: venue, rules: RiskRules(maxPositionUnits: 0))
        var intents: [OrderIntent] = []
        for (time, candle) in Self.bars { intents += try loop.onBar(timeMs: time, candle) }
        #expect(!intents.isEmpty && intents.allSatisfy { $0.blocked != nil })
        #expect(venue.position.isFlat && venue.cash == 1_000_000)
    }
}
