import Backtest
import MarketData
import Strategy
import Testing

/// Every trade and statistic equals backtesting.py 0.6.6's on every fixture case.
@Suite("Backtests equal backtesting.py")
struct BacktestingEquivalenceTests {
    static let cases = (try? BacktestingFixture.all()) ?? []

    static func close(_ ours: Double, _ theirs: Double) -> Bool {
        ours == theirs || abs(ours - theirs) <= 1e-6 * max(abs(theirs), 1e-9)
    }

    static func close(_ ours: Double?, _ theirs: Double?) -> Bool {
        switch (ours, theirs) {
        case (nil, nil): true
        case let (a?, b?): close(a, b)
        default: false
        }
    }

    @Test("the fixture set is there") func fixturesLoad() throws {
        #expect(try BacktestingFixture.all().count >= 50)
    }

    @Test("same trades and statistics", arguments: cases)
    func sameResult(_ fixture: BacktestingFixture) throws {
        var strategy: any Strategy = OrderMix()
        if fixture.strategy != "order-mix" { strategy = try StrategyCatalogue.named(fixture.strategy).make(fixture.params) }
        let result = try Backtester.run(&strategy, on: fixture.bars(), options: fixture.options)

        #expect(result.trades.count == fixture.trades.count)
        for (ours, theirs) in zip(result.trades, fixture.trades) {
            #expect(ours.size == theirs.size)
            #expect(ours.entryBar == theirs.entry_bar)
            #expect(ours.exitBar == theirs.exit_bar)
            #expect(Self.close(ours.entryPrice, theirs.entry_price))
            #expect(Self.close(ours.exitPrice, theirs.exit_price))
            #expect(Self.close(ours.sl, theirs.sl))
            #expect(Self.close(ours.tp, theirs.tp))
            #expect(Self.close(ours.pnl, theirs.pnl), "pnl of trade entered at \(theirs.entry_bar)")
            #expect(Self.close(ours.commission, theirs.commission))
            #expect(Self.close(ours.returnPct, theirs.return_pct))
            #expect(MarketTime.iso8601(epochMs: ours.entryTime, withMilliseconds: false) == theirs.entry_time)
            #expect(ours.exitTime.map { MarketTime.iso8601(epochMs: $0, withMilliseconds: false) } == theirs.exit_time)
        }

        #expect(result.statistics.entries.map(\.name) == fixture.stats.map(\.0))
        for (name, expected) in fixture.stats {
            let ours = result.statistics[name].map(Self.comparable) ?? .text("missing")
            switch (ours, expected) {
            case let (.number(a), .number(b)):
                #expect(Self.close(a, b), "\(name): ours \(a), backtesting.py \(b)")
            default:
                #expect(ours == expected, "\(name)")
            }
        }
    }

    /// A statistic as the fixture writes it.
    static func comparable(_ value: StatisticValue) -> BacktestingFixture.Expected {
        func number(_ x: Double) -> BacktestingFixture.Expected {
            x.isNaN ? .null : x.isInfinite ? .text(x > 0 ? "inf" : "-inf") : .number(x)
        }
        return switch value {
        case .time(let ms): .text(MarketTime.iso8601(epochMs: ms, withMilliseconds: false))
        case .duration(let seconds): number(seconds)
        case .number(let x): number(x)
        case .count(let n): .number(Double(n))
        }
    }
}
