import ErrorDNA
import Foundation
import Learning
import Testing

@Suite struct BoosterTests {
    static let small = TrainingOptions(objective: .binaryLogistic, rounds: 20, seed: 3, parameters: ["max_depth": "3"])

    @Test func trainsAClassifierThatBeatsChanceOnHeldOutRows() throws {
        let data = try LearningTestKit.synthetic(rows: 2000, columns: 6, missing: 0, seed: 1)
        let all = try Dataset(features: data.features, labels: data.classes)
        let booster = try Booster.train(all.rows(0..<1500), options: Self.small)
        let held = all.rows(1500..<2000)
        let probabilities = try booster.predict(held.features)
        #expect(probabilities.count == 500)
        #expect(try Metrics.auc(labels: held.labels, scores: probabilities) > 0.8)
        #expect(try booster.featureCount() == 6)
        #expect(try booster.boostedRounds() == 20)
    }

    @Test func sameSeedSameModel() throws {
        let data = try LearningTestKit.synthetic(rows: 500, columns: 4, missing: 0.1, seed: 2)
        let train = try Dataset(features: data.features, labels: data.classes)
        var options = Self.small
        options.parameters["subsample"] = "0.7"
        let first = try Booster.train(train, options: options).modelJSON()
        let second = try Booster.train(train, options: options).modelJSON()
        #expect(first == second)
    }

    @Test func earlyStoppingKeepsTheBestRound() throws {
        let data = try LearningTestKit.synthetic(rows: 1200, columns: 6, missing: 0, seed: 4)
        let all = try Dataset(features: data.features, labels: data.classes)
        var options = TrainingOptions(
            objective: .binaryLogistic, rounds: 500, earlyStoppingRounds: 10, seed: 1,
            parameters: ["max_depth": "6", "eta": "0.5"])
        options.threads = 1
        let booster = try Booster.train(all.rows(0..<800), validation: all.rows(800..<1200), options: options)
        let best = try #require(booster.bestIteration)
        #expect(booster.validationHistory.count == best + 11)
        #expect(booster.validationHistory[best] == booster.validationHistory.min())
        #expect(try booster.boostedRounds() == best + 1)
    }

    @Test func savesJSONThatLoadsBackToTheSamePredictions() throws {
        let data = try LearningTestKit.synthetic(rows: 600, columns: 5, missing: 0.05, seed: 5)
        let train = try Dataset(features: data.features, labels: data.values)
        let booster = try Booster.train(train, options: TrainingOptions(objective: .squaredError, rounds: 15, seed: 2))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("learning-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try booster.save(to: path)
        let loaded = try Booster(contentsOf: path)
        #expect(loaded.objective == .squaredError)
        #expect(try loaded.predict(data.features) == booster.predict(data.features))
        let config = try booster.configJSON()
        #expect(config.contains("\"reg:squarederror\""))
        #expect(config.contains("\"nthread\":\"1\""))
    }

    @Test func xgboostErrorsBecomeTradehubErrors() throws {
        let data = try LearningTestKit.synthetic(rows: 50, columns: 4, missing: 0, seed: 6)
        let train = try Dataset(features: data.features, labels: data.classes)
        let bad = TrainingOptions(objective: .binaryLogistic, rounds: 2, parameters: ["max_depth": "deep"])
        let error = try #require(throws: TradehubError.self) { try Booster.train(train, options: bad) }
        #expect(error.code == .xgboost)
        #expect(error["call"] == "XGBoosterUpdateOneIter" || error["call"]?.hasPrefix("XGBoosterSetParam") == true)
        #expect(error["reason"]?.isEmpty == false)
        #expect(!(error["reason"] ?? "").contains("Stack trace"))
        #expect(throws: TradehubError.self) { try Booster(contentsOf: "/nonexistent/model.json") }
    }

    @Test func optionsWithTheirOwnFieldAreRefusedAsParameters() throws {
        let data = try LearningTestKit.synthetic(rows: 50, columns: 4, missing: 0, seed: 6)
        let train = try Dataset(features: data.features, labels: data.classes)
        let options = TrainingOptions(objective: .binaryLogistic, parameters: ["nthread": "8"])
        let error = try #require(throws: TradehubError.self) { try Booster.train(train, options: options) }
        #expect(error.code == .learningParameter)
        #expect(error["parameter"] == "nthread")
    }

    @Test func shapesAreChecked() {
        #expect(throws: TradehubError.self) { try FloatMatrix(values: [1, 2, 3], columnCount: 2) }
        #expect(throws: TradehubError.self) { try FloatMatrix(rows: [[1, 2], [3]]) }
        #expect(throws: TradehubError.self) {
            try Dataset(features: FloatMatrix(values: [1, 2], columnCount: 1), labels: [1])
        }
        #expect(throws: TradehubError.self) {
            try Dataset(features: FloatMatrix(values: [1, 2], columnCount: 1), labels: [1, .nan])
        }
    }
}
