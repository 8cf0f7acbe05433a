import Indicators
import Strategy

/// The oracle's `OrderMix` (scripts/oracles/backtesting_fixtures.py): stop, limit and stop-limit
/// entries with brackets, fixed and fractional sizes, partial closes, on a 20-bar cycle.
struct OrderMix: Strategy {
    mutating func initialize(_ context: StrategyContext) {
        _ = context.indicator(SMA(period: 10))
    }

    func next(_ context: StrategyContext) throws {
        let i = context.bars.index
        let c = context.bars.close[i]
        switch i % 20 {
        case 0: try context.buy(stop: c * 1.01, sl: c * 0.97, tp: c * 1.05)
        case 5: try context.sell(limit: c * 1.01, sl: c * 1.04, tp: c * 0.96)
        case 10: try context.buy(size: .units(3), limit: c * 0.995, stop: c * 1.005)
        case 13: context.closePosition(portion: 0.5)
        case 15: try context.sell(size: .fraction(0.3), sl: c * 1.02)
        case 17: try context.buy(size: .fraction(0.2), limit: c * 0.99, tp: c * 1.03)
        default: break
        }
    }
}
