import Backtest
import Features
import Foundation
import Learning
import MarketData
@testable import Strategy
import Testing
import TradehubModel

/// `ml-signal` on what the backtester hands it: the spreads of the data's Spread column.
@Suite("ml-signal in a backtest")
struct MLSignalBacktestTests {
    /// Records, on every bar the backtest shows it, the features and score `ml-signal` computes.
    struct Recorder: Strategy {
        var signal: MLSignal
        var rows: [Int: [Double]] = [:]
        var scores: [Int: Double] = [:]

        mutating func initialize(_ context: StrategyContext) { signal.initialize(context) }

        mutating func next(_ context: StrategyContext) {
            guard let score = signal.score(context.bars) else { return }
            scores[context.bars.index] = score
            rows[context.bars.index] = signal.reason(score).values
        }
    }

    /// 600 H1 bars of the EURUSD fixture with a Spread column in points (5 to 29, seeded), as a CSV.
    static func csvWithSpread() throws -> String {
        let path = BacktestingFixture.fixtures.appendingPathComponent("data/EURUSD.csv").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        var state: UInt64 = 9
        let rows = lines[1...600].map { line in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return "\(line),\(5 + (state >> 33) % 25)"
        }
        return ([lines[0] + ",Spread"] + rows).joined(separator: "\n") + "\n"
    }

    @Test("a model reading spread() scores each backtest bar on the features its training rows had, spreads from the Spread column")
    func spreadFeaturesServed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spread-\(UUID().uuidString).csv").path
        try Self.csvWithSpread().write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = try OHLCVTable.read(path: path)
        let featureSet = try FeatureSet(parsing: "RSI(14),spread(),lag(spread(),2),return(1)")
        let set = try TrainingSet(
            bars: table.bars(path: path), featureSet: featureSet, timeframe: .h1, label: LabelSpec(parsing: "direction(h=3,threshold=0)"))
        let booster = try Booster.train(set.dataset, options: TrainingOptions(objective: .binaryLogistic, rounds: 10, threads: 1))
        let trees = try TreeEnsemble(json: booster.modelJSON())
        let model = SignalModel(TreeModel(id: "m-spread", featureSet: featureSet, timeframe: .h1, trees: trees))
        let bars = try BarSeries(table, path: path)
        #expect(Set(bars.spread).count > 5, "the backtest holds the Spread column")

        var recorder = Recorder(signal: try StrategyCatalogue.named("ml-signal").make(model: model))
        _ = try Backtester.run(&recorder, on: bars, options: BacktestOptions())
        let expected = trees.predict(set.dataset.features)
        #expect(recorder.rows.keys.min() == set.bars.first, "the first score is on the first training row's bar")
        #expect(recorder.rows.count == set.rowCount + (bars.count - 1 - set.bars.last!), "a score on every bar from the first row on")
        let spreadColumn = try #require(featureSet.names.firstIndex(of: "spread()"))
        for (row, bar) in set.bars.enumerated() {
            let served = try #require(recorder.rows[bar], "bar \(bar)")
            #expect(served.map(Float.init) == Array(set.dataset.features[row]), "bar \(bar)")
            #expect(served[spreadColumn] == Double(bars.spread[bar]))
            #expect(recorder.scores[bar] == Double(expected[row]), "bar \(bar)")
        }
    }
}
