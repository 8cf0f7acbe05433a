import Features
import Foundation
import Indicators
import Learning
import Live
import Strategy
import TradehubModel

/// `decision.latency`: a closed bar → the live decision loop (40 features, a 300-tree depth-6
/// XGBoost classifier on the native evaluator, threshold, risk rules) → its order intents.
enum DecisionBenchmarks {
    static let latency = Benchmark(
        name: "decision.latency",
        summary: "µs from a new bar to its order intent (40 features, 300 trees of depth 6, risk rules); value is the p99"
    ) { iterations in
        let featureSet = try FeatureSet(parsing: FeatureBenchmarks.set)
        let count = iterations ?? 20_000
        let training = 8_000
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
        let loop = try DecisionLoop(
            strategy: strategy, venue: PaperVenue(cash: 1_000_000),
            rules: RiskRules(maxPositionUnits: 1_000_000, maxDailyLoss: 0.5, maxSpread: 1, tradingHours: .init(start: 0, end: 24)),
            expectedBars: bars.count)
        var samples: [Double] = []
        samples.reserveCapacity(count)
        var intents = 0
        for (index, bar) in bars.enumerated() {
            let before = ContinuousClock.now
            let decided = try loop.onBar(timeMs: bar.openTimeMs, bar.candle, spread: 0)
            if index >= training { samples.append((ContinuousClock.now - before).seconds * 1e6) }
            intents += decided.count
        }
        precondition(intents > 0, "the model never decided: the benchmark would time nothing")
        let p99 = BenchRegistry.quantile(samples, 0.99)
        return [BenchResult(
            name: "decision.latency", value: p99, unit: "µs (p99)", iterations: count,
            p50: BenchRegistry.quantile(samples, 0.5), p99: p99)]
    }
}
