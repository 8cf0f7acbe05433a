@testable import Backtest
import Foundation
import Strategy
import Testing
import TradehubModel

/// The one-pass arithmetic of the statistics against the plain formulas it replaces.
@Suite("Statistics arithmetic")
struct StatisticsArithmeticTests {
    @Test("a log of a ratio near 1 agrees with log(a / b) within the rounding of a / b, and a far one is log itself")
    func logRatio() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<100_000 {
            let b = 1 + Double.random(in: 0..<1, using: &random) * 100
            let a = b * (1 + (Double.random(in: 0..<1, using: &random) - 0.5) * 0.13)
            let expected = log(a / b)
            // log(a / b) carries the division's rounding, up to 2⁻⁵³ absolute.
            #expect(abs(Statistics.logRatio(a, b) - expected) <= 0x1p-53 + 2 * expected.ulp)
        }
        #expect(Statistics.logRatio(3, 2) == log(1.5))
        #expect(Statistics.logRatio(0, 2) == -.infinity)
        #expect(Statistics.logRatio(2, 2) == 0)
        #expect(Statistics.logRatio(0, 0).isNaN)
    }

    @Test("beta equals the two-pass covariance of log returns over the market's variance")
    func betaMatchesTwoPass() {
        var random = SplitMix64(seed: 5)
        var market = [100.0], equity = [10_000.0]
        for _ in 0..<5000 {
            let move = (Double.random(in: 0..<1, using: &random) - 0.5) * 0.004
            market.append(market.last! * (1 + move))
            equity.append(equity.last! * (1 + 0.7 * move + (Double.random(in: 0..<1, using: &random) - 0.5) * 0.001))
        }
        let x = (1..<equity.count).map { log(equity[$0] / equity[$0 - 1]) }
        let y = (1..<market.count).map { log(market[$0] / market[$0 - 1]) }
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        let covariance = zip(x, y).reduce(0.0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let variance = y.reduce(0.0) { $0 + ($1 - my) * ($1 - my) }
        let expected = covariance / variance
        #expect(abs(Statistics.beta(equity: equity, market: market) - expected) <= 1e-12 * abs(expected))
    }

    @Test("beta is NaN without market moves or with equity gone")
    func betaUndefined() {
        #expect(Statistics.beta(equity: [1, 2, 3, 4], market: [5, 5, 5, 5]).isNaN)
        #expect(Statistics.beta(equity: [1, 2, 0, 0], market: [5, 6, 7, 8]).isNaN)
        #expect(Statistics.beta(equity: [1, 2], market: [5, 6]).isNaN)
    }

    @Test("exposed bars from merged trade spans equal marking every bar of every trade")
    func exposure() {
        var random = SplitMix64(seed: 9)
        for _ in 0..<200 {
            let trades = (0..<Int.random(in: 0...12, using: &random)).map { _ in
                let entry = Int.random(in: 0..<200, using: &random)
                let exit: Int? = Bool.random(using: &random) ? nil : entry + Int.random(in: -2...30, using: &random)
                return TradeRecord(size: 1, entryBar: entry, entryPrice: 1, entryTime: 0, exitBar: exit, exitPrice: exit.map { _ in 1 },
                                   exitTime: exit.map { _ in 0 }, sl: nil, tp: nil, pnl: 0, commission: 0, returnPct: 0)
            }
            var marked = Set<Int>()
            for trade in trades where (trade.exitBar ?? trade.entryBar) >= trade.entryBar {
                marked.formUnion(trade.entryBar...(trade.exitBar ?? trade.entryBar))
            }
            #expect(Statistics.exposedBars(trades) == marked.count)
        }
    }
}
