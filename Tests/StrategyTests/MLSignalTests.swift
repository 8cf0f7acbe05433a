import ErrorDNA
import Features
import Foundation
import Indicators
import Learning
@testable import Strategy
import Testing
import TradehubModel

@Suite("ml-signal")
struct MLSignalTests {
    @Test("the strategy scores each bar exactly as the training rows were scored: no train/serve skew, nothing before warm-up")
    func servesWhatWasTrained() throws {
        let bars = walk(900).enumerated().map { index, candle in
            Bar(openTimeMs: 1_704_067_200_000 + Int64(index) * 3_600_000, open: candle.open, high: candle.high, low: candle.low,
                close: candle.close, realVolume: candle.volume)
        }
        let featureSet = try FeatureSet(parsing: "RSI(14),return(1),lag(RSI(14),2),SMA(10),hour()")
        let set = try TrainingSet(
            bars: bars, featureSet: featureSet, timeframe: Timeframe(name: "H1"), label: LabelSpec(parsing: "direction(h=5,threshold=0)"))
        let booster = try Booster.train(set.dataset, options: TrainingOptions(objective: .binaryLogistic, rounds: 20, threads: 1))
        let trees = try TreeEnsemble(json: booster.modelJSON())
        let expected = trees.predict(set.dataset.features)

        var signal = try StrategyCatalogue.named("ml-signal").make(
            model: SignalModel(id: "m-test", featureSet: featureSet, timeframe: Timeframe(name: "H1"), trees: trees))
        let context = StrategyContext(venue: RecordingVenue())
        var scores: [Int: Double] = [:]
        for bar in bars {
            context.advance(time: bar.openTimeMs, Candle(open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.realVolume))
            if let score = signal.score(context.bars) { scores[context.bars.index] = score }
        }
        #expect(scores.keys.min() == set.bars.first, "the first score is on the first training row's bar")
        for (row, bar) in set.bars.enumerated() {
            #expect(scores[bar] == Double(expected[row]), "bar \(bar)")
        }
    }

    @Test("ml-signal without a model, or with one that reads spreads it cannot see, is an error that says so")
    func refusals() throws {
        let error = try #require(throws: TradehubError.self) { try StrategyCatalogue.named("ml-signal").make() }
        #expect(error.code == .strategyNeedsModel)
        let bars = (0..<200).map { i in
            Bar(openTimeMs: Int64(i) * 3_600_000, open: 1, high: 1.1, low: 0.9, close: 1 + Double(i % 7) / 100, spread: 12)
        }
        let featureSet = try FeatureSet(parsing: "RSI(14),spread()")
        let set = try TrainingSet(bars: bars, featureSet: featureSet, timeframe: nil, label: LabelSpec(parsing: "direction(h=3,threshold=0)"))
        let booster = try Booster.train(set.dataset, options: TrainingOptions(objective: .binaryLogistic, rounds: 2, threads: 1))
        let model = SignalModel(id: "m-spread", featureSet: featureSet, timeframe: nil, trees: try TreeEnsemble(json: booster.modelJSON()))
        let spread = try #require(throws: TradehubError.self) { try StrategyCatalogue.named("ml-signal").make(model: model) }
        #expect(spread.code == .modelFormat && spread.message.contains("spread()"))
    }
}

@Suite("Order reasons")
struct OrderReasonTests {
    @Test("a reason's JSON names each value; a missing (NaN) feature is null, not an encoding error")
    func json() throws {
        let reason = OrderReason(summary: "s", score: 0.6, names: ["a", "b"], values: [1.5, .nan])
        #expect(reason["a"] == 1.5 && reason["c"] == nil)
        let text = String(decoding: try JSONEncoder().encode(reason), as: UTF8.self)
        #expect(text.contains(#""b":null"#) && text.contains(#""a":1.5"#) && text.contains(#""score":0.6"#))
    }
}
