import Foundation
import Learning
import Testing

/// The native evaluator against XGBoost's own prediction, row by row.
@Suite struct TreeEnsembleTests {
    static let deep = ["max_depth": "6", "eta": "0.1", "subsample": "0.8", "colsample_bytree": "0.8"]

    /// The largest difference between the two predictions over every row.
    static func largestDifference(_ booster: Booster, _ features: FloatMatrix) throws -> Float {
        let ensemble = try TreeEnsemble(json: booster.modelJSON())
        let theirs = try booster.predict(features)
        let batch = ensemble.predict(features)
        var worst: Float = 0
        for row in 0..<features.rowCount {
            let single = ensemble.predict(row: Array(features[row]))
            #expect(single == batch[row], "row \(row): one-row and batch evaluation differ")
            worst = max(worst, abs(batch[row] - theirs[row]))
        }
        return worst
    }

    @Test(arguments: [Objective.binaryLogistic, .squaredError])
    func equalsXGBoostOnHeldOutRowsWithMissingValues(_ objective: Objective) throws {
        let data = try LearningTestKit.synthetic(rows: 4000, columns: 12, missing: 0.1, seed: 11)
        let labels = objective == .binaryLogistic ? data.classes : data.values
        let all = try Dataset(features: data.features, labels: labels)
        let options = TrainingOptions(objective: objective, rounds: 300, seed: 7, parameters: Self.deep)
        let booster = try Booster.train(all.rows(0..<3000), options: options)
        let ensemble = try TreeEnsemble(json: booster.modelJSON())
        #expect(ensemble.treeCount == 300)
        #expect(ensemble.featureCount == 12)
        let held = data.features.rows(3000..<4000)
        #expect(held.values.contains { $0.isNaN })
        #expect(try Self.largestDifference(booster, held) <= 1e-6)
    }

    @Test func rowsWithEveryFeatureMissingFollowTheDefaults() throws {
        let data = try LearningTestKit.synthetic(rows: 1000, columns: 5, missing: 0.2, seed: 12)
        let train = try Dataset(features: data.features, labels: data.classes)
        let booster = try Booster.train(train, options: TrainingOptions(objective: .binaryLogistic, rounds: 50, seed: 1, parameters: Self.deep))
        let empty = try FloatMatrix(values: [Float](repeating: .nan, count: 5 * 3), columnCount: 5)
        #expect(try Self.largestDifference(booster, empty) <= 1e-6)
    }

    @Test(arguments: [Objective.binaryLogistic, .squaredError])
    func equalsXGBoostOnEURUSDReturns(_ objective: Objective) throws {
        let data = try LearningTestKit.laggedReturns(closes: LearningTestKit.eurusdCloses(), lags: 10)
        let labels = objective == .binaryLogistic ? data.direction : data.next.map { $0 * 1000 }
        let all = try Dataset(features: data.features, labels: labels)
        let split = all.rowCount * 4 / 5
        let options = TrainingOptions(objective: objective, rounds: 300, seed: 5, parameters: Self.deep)
        let booster = try Booster.train(all.rows(0..<split), options: options)
        #expect(try Self.largestDifference(booster, data.features.rows(split..<all.rowCount)) <= 1e-6)
    }

    @Test func savedFileReadsLikeTheBuffer() throws {
        let data = try LearningTestKit.synthetic(rows: 300, columns: 4, missing: 0.1, seed: 13)
        let booster = try Booster.train(
            Dataset(features: data.features, labels: data.classes), options: TrainingOptions(objective: .binaryLogistic, rounds: 10))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ensemble-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try booster.save(to: path)
        let fromFile = try TreeEnsemble(contentsOf: path)
        let fromBuffer = try TreeEnsemble(json: booster.modelJSON())
        #expect(fromFile.nodes == fromBuffer.nodes)
        #expect(fromFile.predict(data.features) == fromBuffer.predict(data.features))
    }

    @Test func unsupportedModelsAreRefused() {
        #expect(throws: (any Error).self) { try TreeEnsemble(json: Array("{}".utf8)) }
        let dart = #"{"learner":{"gradient_booster":{"name":"dart"},"learner_model_param":{"base_score":"5E-1","num_feature":"2","num_class":"0"},"objective":{"name":"binary:logistic"}}}"#
        #expect(throws: (any Error).self) { try TreeEnsemble(json: Array(dart.utf8)) }
    }
}
