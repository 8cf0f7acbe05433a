import Features
import Foundation
import Indicators
import Learning
import Live
import Strategy
import TradehubModel

/// `decision.latency`: a closed bar → the live decision loop (40 features, a 300-tree depth-6
/// XGBoost classifier on the native evaluator, threshold, risk rules) → its order intents;
/// `decision.tick_latency`: the same loop fed ticks, from a bar-closing tick to its intents.
enum DecisionBenchmarks {
    /// Bars the model is trained on, then fed to the loop untimed (its warm-up).
    static let training = 8_000

    /// Every rule on, none binding: the benchmark times their checks, not their refusals.
    static let rules = RiskRules(maxPositionUnits: 1_000_000, maxDailyLoss: 0.5, maxSpread: 1, tradingHours: .init(start: 0, end: 24))

    /// `training + count` seeded H1 bars and `ml-signal` (threshold 0.5) serving the benchmark's
    /// model, trained on the first `training` of them.
    static func servedModel(count: Int) throws -> (bars: [Bar], strategy: any Strategy) {
        let featureSet = try FeatureSet(parsing: FeatureBenchmarks.set)
        let bars = FeatureBenchmarks.hourlyBars(count: training + count, seed: 17)
        let set = try TrainingSet(
            bars: Array(bars.prefix(training)), featureSet: featureSet, timeframe: .h1,
            label: LabelSpec(parsing: "direction(h=12,threshold=0)"))
        let booster = try Booster.train(
            set.dataset,
            options: TrainingOptions(
                objective: .binaryLogistic, rounds: 300, seed: 1, threads: 1,
                parameters: ["max_depth": "6", "eta": "0.05"]))
        let trees = try TreeEnsemble(json: booster.modelJSON())
        let strategy = try StrategyCatalogue.named("ml-signal").make(
            model: SignalModel(TreeModel(id: "bench", featureSet: featureSet, timeframe: .h1, trees: trees)), ["threshold": 0.5])
        return (bars, strategy)
    }

    static let latency = Benchmark(
        name: "decision.latency",
        summary: "µs from a new bar to its order intent (40 features, 300 trees of depth 6, risk rules); value is the p99"
    ) { iterations in
        let count = iterations ?? 20_000
        let (bars, strategy) = try servedModel(count: count)
        let loop = try DecisionLoop(strategy: strategy, venue: PaperVenue(cash: 1_000_000), rules: rules, expectedBars: bars.count)
        var samples: [Double] = []
        samples.reserveCapacity(count)
        var intents = 0
        for (index, bar) in bars.enumerated() {
            let before = ContinuousClock.now
            let decided = try loop.onBar(timeMs: bar.openTimeMs, bar.candle, spreadPoints: bar.spread, marketSpread: 0)
            if index >= training { samples.append((ContinuousClock.now - before).seconds * 1e6) }
            intents += decided.count
        }
        precondition(intents > 0, "the model never decided: the benchmark would time nothing")
        let p99 = BenchRegistry.quantile(samples, 0.99)
        return [BenchResult(
            name: "decision.latency", value: p99, unit: "µs (p99)", iterations: count,
            p50: BenchRegistry.quantile(samples, 0.5), p99: p99)]
    }

    /// Ticks per bar: at its open, high, low and close, each with a quarter of its volume.
    static func ticks(of bar: Bar) -> [Tick] {
        [(0, bar.open), (900_000, bar.high), (1_800_000, bar.low), (3_599_000, bar.close)].map { offset, bid in
            Tick(timeMs: bar.openTimeMs + Int64(offset), bid: bid, ask: bid + 0.0002, volume: bar.realVolume / 4)
        }
    }

    static let tickLatency = Benchmark(
        name: "decision.tick_latency",
        summary: "µs from a bar-closing tick to its order intents (the decision.latency model, H1 bars from 4 ticks each);"
            + " value is the p99; decision.tick_latency.ordinary: ns per tick that closes no bar"
    ) { iterations in
        let count = iterations ?? 20_000
        let (bars, strategy) = try servedModel(count: count)
        let loop = try TickDecisionLoop(
            strategy: strategy, venue: PaperVenue(cash: 1_000_000), rules: rules, timeframe: .h1,
            symbol: Symbol("EURUSD", digits: 5), expectedBars: bars.count)
        var closing: [Double] = []
        var ordinary: [Double] = []
        closing.reserveCapacity(count)
        ordinary.reserveCapacity(3 * count)
        var intents = 0
        for (index, bar) in bars.enumerated() {
            for (position, tick) in ticks(of: bar).enumerated() {
                let before = ContinuousClock.now
                let decided = try loop.onTick(tick)
                let elapsed = (ContinuousClock.now - before).seconds
                intents += decided.count
                guard index > training else { continue }
                // The first tick of a bar closes the one before it.
                if position == 0 { closing.append(elapsed * 1e6) } else { ordinary.append(elapsed * 1e9) }
            }
        }
        precondition(intents > 0, "the model never decided: the benchmark would time nothing")
        precondition(loop.barsClosed == bars.count - 1, "every bar but the last is closed by the next one's first tick")
        let p99 = BenchRegistry.quantile(closing, 0.99)
        let ordinaryP99 = BenchRegistry.quantile(ordinary, 0.99)
        return [
            BenchResult(
                name: "decision.tick_latency", value: p99, unit: "µs (p99)", iterations: closing.count,
                p50: BenchRegistry.quantile(closing, 0.5), p99: p99),
            BenchResult(
                name: "decision.tick_latency.ordinary", value: ordinaryP99, unit: "ns (p99)", iterations: ordinary.count,
                p50: BenchRegistry.quantile(ordinary, 0.5), p99: ordinaryP99),
        ]
    }
}
