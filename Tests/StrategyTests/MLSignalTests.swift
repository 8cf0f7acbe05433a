import ErrorDNA
import Features
import Foundation
import Indicators
import Learning
@testable import Strategy
import Testing
import TradehubModel

/// `candles` as hourly bars from 2024-01-01.
func hourlyBars(_ candles: [Candle]) -> [Bar] {
    candles.enumerated().map { index, candle in
        Bar(openTimeMs: 1_704_067_200_000 + Int64(index) * 3_600_000, open: candle.open, high: candle.high, low: candle.low,
            close: candle.close, realVolume: candle.volume)
    }
}

/// A tree model `id` trained on `bars` for `features` and a `direction(h=horizon)` label.
func trainedModel(_ id: String, _ features: String, on bars: [Bar], horizon: Int = 3, rounds: Int = 8) throws -> TreeModel {
    let featureSet = try FeatureSet(parsing: features)
    let set = try TrainingSet(
        bars: bars, featureSet: featureSet, timeframe: .h1, label: LabelSpec(parsing: "direction(h=\(horizon),threshold=0)"))
    let booster = try Booster.train(set.dataset, options: TrainingOptions(objective: .binaryLogistic, rounds: rounds, threads: 1))
    return TreeModel(id: id, featureSet: featureSet, timeframe: .h1, trees: try TreeEnsemble(json: booster.modelJSON()))
}

/// Advances `context` by `bar`, its spread included.
func advance(_ context: StrategyContext, _ bar: Bar) {
    context.advance(
        time: bar.openTimeMs, Candle(open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.realVolume),
        spread: bar.spread)
}

@Suite("ml-signal")
struct MLSignalTests {
    @Test("the strategy scores each bar exactly as the training rows were scored: no train/serve skew, nothing before warm-up")
    func servesWhatWasTrained() throws {
        let bars = hourlyBars(walk(900))
        let featureSet = try FeatureSet(parsing: "RSI(14),return(1),lag(RSI(14),2),SMA(10),hour()")
        let set = try TrainingSet(
            bars: bars, featureSet: featureSet, timeframe: Timeframe(name: "H1"), label: LabelSpec(parsing: "direction(h=5,threshold=0)"))
        let booster = try Booster.train(set.dataset, options: TrainingOptions(objective: .binaryLogistic, rounds: 20, threads: 1))
        let trees = try TreeEnsemble(json: booster.modelJSON())
        let expected = trees.predict(set.dataset.features)

        var signal = try StrategyCatalogue.named("ml-signal").make(
            model: SignalModel(TreeModel(id: "m-test", featureSet: featureSet, timeframe: Timeframe(name: "H1"), trees: trees)))
        let context = StrategyContext(venue: RecordingVenue())
        var scores: [Int: Double] = [:]
        for bar in bars {
            advance(context, bar)
            if let score = signal.score(context.bars) { scores[context.bars.index] = score }
        }
        #expect(scores.keys.min() == set.bars.first, "the first score is on the first training row's bar")
        for (row, bar) in set.bars.enumerated() {
            #expect(scores[bar] == Double(expected[row]), "bar \(bar)")
        }
    }

    @Test("an ensemble scores each bar as its combiner of its members' own ml-signal scores, once every member is warm",
          arguments: [EnsembleMethod.mean, .vote, .stack])
    func servesEnsembles(method: EnsembleMethod) throws {
        let bars = hourlyBars(walk(700, seed: 11))
        // Members with different features and warm-ups: the ensemble waits for the slowest (SMA(50)).
        let members = try [
            trainedModel("m1", "RSI(14),return(1)", on: bars), trainedModel("m2", "SMA(50),lag(return(1),3),hour()", on: bars),
            trainedModel("m3", "ATR(7)", on: bars),
        ]
        let combiner = try EnsembleModel(
            method: method, memberIDs: members.map(\.id),
            stacker: method == .stack ? LogisticRegression(weights: [1.5, -0.75, 2], bias: -1.25) : nil)
        let catalogue = try StrategyCatalogue.named("ml-signal")
        var ensemble = try catalogue.make(model: SignalModel(id: "m4", ensemble: combiner, members: members))
        var singles = try members.map { try catalogue.make(model: SignalModel($0)) }
        let context = StrategyContext(venue: RecordingVenue())
        var scored = 0
        for bar in bars {
            advance(context, bar)
            let memberScores = singles.indices.map { singles[$0].score(context.bars) }
            let score = ensemble.score(context.bars)
            guard memberScores.allSatisfy({ $0 != nil }) else {
                #expect(score == nil, "no opinion at bar \(context.bars.index) while a member warms up")
                continue
            }
            let expected = combiner.predict(memberProbabilities: memberScores.map { Float($0!) })
            #expect(score == Double(expected), "bar \(context.bars.index)")
            scored += 1
        }
        #expect(scored > 600 && scored < bars.count, "the ensemble scores from the slowest member's first complete row on")
    }

    @Test("an ensemble's order reason names it and carries each member's probability and features")
    func ensembleReason() throws {
        let bars = hourlyBars(walk(400, seed: 5))
        let members = try [trainedModel("m1", "RSI(14)", on: bars, horizon: 2), trainedModel("m2", "SMA(10),return(2)", on: bars, horizon: 2)]
        let model = SignalModel(id: "m3", ensemble: try EnsembleModel(method: .mean, memberIDs: ["m1", "m2"], stacker: nil), members: members)
        let venue = RecordingVenue()
        let context = StrategyContext(venue: venue)
        var strategy = try StrategyCatalogue.named("ml-signal").make(model: model, ["threshold": 0.5])
        for bar in bars {
            advance(context, bar)
            try strategy.next(context)
        }
        let reason = try #require(venue.submitted.first?.reason)
        #expect(reason.summary.hasPrefix("ensemble m3 (mean of m1, m2)"))
        #expect(reason.names == ["m1:p(up)", "m1:RSI(14)", "m2:p(up)", "m2:SMA(10)", "m2:return(2)"])
        let p1 = try #require(reason["m1:p(up)"]), p2 = try #require(reason["m2:p(up)"])
        #expect(reason.score == Double(Float((p1 + p2) / 2)))
        #expect(reason.values.allSatisfy { $0.isFinite })
    }

    @Test("ml-signal without a model is an error that says so")
    func needsModel() throws {
        let error = try #require(throws: TradehubError.self) { try StrategyCatalogue.named("ml-signal").make() }
        #expect(error.code == .strategyNeedsModel)
    }

    @Test("a model reading spread() is served each bar's spread as appended, the features its training rows had; so is an ensemble member")
    func servesSpreads() throws {
        let bars = hourlyBars(walk(300, seed: 13)).enumerated().map { index, bar in
            var bar = bar
            bar.spread = Int32(3 + index * 5 % 17)
            return bar
        }
        let featureSet = try FeatureSet(parsing: "RSI(14),spread()")
        let set = try TrainingSet(bars: bars, featureSet: featureSet, timeframe: .h1, label: LabelSpec(parsing: "direction(h=3,threshold=0)"))
        let booster = try Booster.train(set.dataset, options: TrainingOptions(objective: .binaryLogistic, rounds: 4, threads: 1))
        let member = TreeModel(id: "m-spread", featureSet: featureSet, timeframe: .h1, trees: try TreeEnsemble(json: booster.modelJSON()))
        let catalogue = try StrategyCatalogue.named("ml-signal")
        var signal = try catalogue.make(model: SignalModel(member))
        let context = StrategyContext(venue: RecordingVenue())
        var rows: [Int: [Double]] = [:]
        for bar in bars {
            advance(context, bar)
            if let score = signal.score(context.bars) { rows[context.bars.index] = signal.reason(score).values }
        }
        for (row, bar) in set.bars.enumerated() {
            #expect(rows[bar]?.map(Float.init) == Array(set.dataset.features[row]), "bar \(bar)")
            #expect(rows[bar]?[1] == Double(bars[bar].spread))
        }
        let other = try trainedModel("m-rsi", "RSI(14)", on: bars, rounds: 2)
        let ensemble = SignalModel(
            id: "m-ensemble", ensemble: try EnsembleModel(method: .mean, memberIDs: [other.id, member.id], stacker: nil),
            members: [other, member])
        #expect(throws: Never.self) { try catalogue.make(model: ensemble) }
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
