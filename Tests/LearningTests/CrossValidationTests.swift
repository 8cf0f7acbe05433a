import ErrorDNA
import Foundation
import Learning
import Testing
import TradehubModel

@Suite struct CrossValidationTests {
    /// Label windows of varying length, as a triple-barrier label makes.
    static func uneven(rowCount: Int, seed: UInt64) -> [Int] {
        var random = SplitMix64(seed: seed)
        return (0..<rowCount).map { min($0 + Int.random(in: 0...15, using: &random), rowCount - 1) }
    }

    @Test(arguments: [0, 5, 20])
    func walkForwardTrainsOnlyOnLabelsResolvedBeforeTheEmbargoedCut(_ embargo: Int) throws {
        let windows = Self.uneven(rowCount: 1003, seed: 1)
        let folds = try CrossValidation.walkForward(labelWindowEnd: windows, folds: 5, embargo: embargo)
        #expect(folds.map(\.test) == [168..<335, 335..<502, 502..<669, 669..<836, 836..<1003])
        for fold in folds {
            let train = fold.trainIndices
            #expect(train.allSatisfy { windows[$0] < fold.test.lowerBound - embargo })
            let kept = Set(train)
            let expected = (0..<fold.test.lowerBound).filter { windows[$0] < fold.test.lowerBound - embargo }
            #expect(train == expected, "fold \(fold.index) purges more than it must")
            #expect(kept.isDisjoint(with: fold.test))
        }
    }

    @Test func purgedKFoldPurgesBothSidesAndEmbargoesAfterTheTest() throws {
        let windows = Self.uneven(rowCount: 500, seed: 2)
        let embargo = 7
        let folds = try CrossValidation.purgedKFold(labelWindowEnd: windows, folds: 4, embargo: embargo)
        #expect(folds.map(\.test) == [0..<125, 125..<250, 250..<375, 375..<500])
        for fold in folds {
            let testWindows = fold.test.map { $0...windows[$0] }
            for row in fold.trainIndices {
                #expect(!fold.test.contains(row))
                #expect(!testWindows.contains { $0.overlaps(row...windows[row]) }, "row \(row) overlaps fold \(fold.index)")
                #expect(!(fold.test.upperBound..<fold.test.upperBound + embargo).contains(row))
            }
        }
        #expect(folds[0].train.first?.lowerBound ?? 0 >= 125 + embargo)
    }

    @Test func fixedHorizonPurgesTheLastHorizonRows() throws {
        let folds = try CrossValidation.walkForward(rowCount: 120, horizon: 4, folds: 3, embargo: 0)
        #expect(folds[0].test == 30..<60)
        #expect(folds[0].train == [0..<26])
    }

    @Test func argumentsAreChecked() {
        #expect(throws: TradehubError.self) { try CrossValidation.walkForward(rowCount: 100, horizon: 1, folds: 1, embargo: 0) }
        #expect(throws: TradehubError.self) { try CrossValidation.walkForward(rowCount: 100, horizon: 1, folds: 3, embargo: -1) }
        #expect(throws: TradehubError.self) { try CrossValidation.walkForward(rowCount: 100, horizon: 30, folds: 3, embargo: 0) }
        #expect(throws: TradehubError.self) { try CrossValidation.walkForward(labelWindowEnd: [0, 0, 1], folds: 2, embargo: 0) }
    }

    /// The check: a model cannot predict a pure random walk out of sample.
    @Test func randomWalkOutOfSampleAUCIsChance() throws {
        let steps = LearningTestKit.gaussians(6000, seed: 42)
        var price = 100.0
        let closes = steps.map { step -> Double in
            price *= exp(0.001 * step)
            return price
        }
        let data = try LearningTestKit.laggedReturns(closes: closes, lags: 8)
        let dataset = try Dataset(features: data.features, labels: data.direction)
        let folds = try CrossValidation.walkForward(rowCount: dataset.rowCount, horizon: 1, folds: 5, embargo: 2)
        let options = TrainingOptions(objective: .binaryLogistic, rounds: 60, seed: 1, parameters: ["max_depth": "4", "eta": "0.1"])
        let report = try OutOfSampleEvaluation.run(dataset, folds: folds, options: options)
        #expect(report.folds.count == 5)
        #expect(report.meanAUC > 0.45 && report.meanAUC < 0.55, "mean out-of-sample AUC \(report.meanAUC)")
        #expect(report.meanAccuracy > 0.45 && report.meanAccuracy < 0.55)
        #expect(report.predictions.compactMap { $0 }.count == folds.reduce(0) { $0 + $1.test.count })
    }
}
