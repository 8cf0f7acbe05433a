import ErrorDNA
import Foundation
import Learning
import Testing
import TradehubModel

@Suite struct EnsembleTests {
    static let members: [[Float?]] = [
        [0.1, 0.2, 0.8, 0.3, 0.6, 0.4],
        [0.3, 0.6, 0.6, 0.1, 0.7, 0.2],
        [0.5, 0.4, 0.2, 0.4, 0.9, 0.8],
    ]
    static let labels: [Float] = [0, 1, 1, 0, 1, 0]

    /// Folds testing rows 2–3 and 4–5.
    static func folds() throws -> [ValidationFold] {
        try CrossValidation.walkForward(rowCount: 6, horizon: 0, folds: 2, embargo: 0)
    }

    @Test func meanAveragesTheTestedRows() throws {
        let result = try Ensemble.combine(method: .mean, members: Self.members, labels: Self.labels, folds: Self.folds())
        let expected: [Float?] = [nil, nil, 1.6 / 3, 0.8 / 3, 2.2 / 3, 1.4 / 3]
        #expect(result.predictions.count == 6)
        for (got, want) in zip(result.predictions, expected) {
            #expect((got == nil) == (want == nil))
            if let got, let want { #expect(abs(got - want) < 1e-6) }
        }
        #expect(result.folds.map(\.accuracy) == [1, 1])
        #expect(result.stacker == nil && result.foldStackers.isEmpty)
    }

    @Test func voteTakesTheMajorityAndHalfOnATie() throws {
        let three = try Ensemble.combine(method: .vote, members: Self.members, labels: Self.labels, folds: Self.folds())
        #expect(three.predictions == [nil, nil, 1, 0, 1, 0])
        let two = try Ensemble.combine(method: .vote, members: [Self.members[0], Self.members[2]], labels: Self.labels, folds: Self.folds())
        #expect(two.predictions == [nil, nil, 0.5, 0, 1, 0.5])
        #expect(two.folds.map(\.auc) == [1, 1])
        let model = try two.model(memberIDs: ["a", "b"])
        #expect(model.predict(memberProbabilities: [0.5, 0.51]) == 0.5)
        #expect(model.predict(memberProbabilities: [0.9, 0.51]) == 1)
    }

    @Test func everyTestedRowNeedsEveryMembersPrediction() throws {
        var members = Self.members
        members[1][0] = nil
        #expect(throws: Never.self) { try Ensemble.combine(method: .mean, members: members, labels: Self.labels, folds: Self.folds()) }
        members[1][3] = nil
        #expect(throws: TradehubError.self) { try Ensemble.combine(method: .mean, members: members, labels: Self.labels, folds: Self.folds()) }
        #expect(throws: TradehubError.self) { try Ensemble.combine(method: .mean, members: [], labels: Self.labels, folds: Self.folds()) }
        let one = try CrossValidation.walkForward(rowCount: 6, horizon: 0, folds: 2, embargo: 0).prefix(1)
        #expect(throws: TradehubError.self) { try Ensemble.combine(method: .stack, members: Self.members, labels: Self.labels, folds: Array(one)) }
    }

    /// Two members whose probabilities drive the label through `σ(-2 + 3 x₀ + x₁)`.
    static func synthetic(rows: Int, seed: UInt64) -> (members: [[Float?]], labels: [Float]) {
        var random = SplitMix64(seed: seed)
        var members: [[Float?]] = [[], []]
        var labels: [Float] = []
        for _ in 0..<rows {
            let x = (0..<2).map { _ in Float.random(in: 0..<1, using: &random) }
            let p = 1 / (1 + exp(-(-2 + 3 * Double(x[0]) + Double(x[1]))))
            labels.append(Double.random(in: 0..<1, using: &random) < p ? 1 : 0)
            members[0].append(x[0])
            members[1].append(x[1])
        }
        return (members, labels)
    }

    @Test func stackRecoversTheWeightsOfTheLabel() throws {
        let data = Self.synthetic(rows: 12000, seed: 9)
        let folds = try CrossValidation.walkForward(rowCount: 12000, horizon: 0, folds: 3, embargo: 0)
        let result = try Ensemble.combine(method: .stack, members: data.members, labels: data.labels, folds: folds)
        let stacker = try #require(result.stacker)
        #expect(abs(stacker.bias + 2) < 0.2 && abs(stacker.weights[0] - 3) < 0.3 && abs(stacker.weights[1] - 1) < 0.3, "\(stacker)")
        #expect(result.predictions[..<6000].allSatisfy { $0 == nil }, "rows 0–2999 are untested; fold 0 (3000–5999) has no earlier fold")
        #expect(result.predictions[6000...].allSatisfy { $0 != nil })
        #expect(result.folds.map(\.fold.index) == [1, 2] && result.foldStackers.map { $0 == nil } == [true, false, false])
        let model = try result.model(memberIDs: ["m1", "m2"])
        let decoded = try JSONDecoder().decode(EnsembleModel.self, from: JSONEncoder().encode(model))
        #expect(decoded == model)
        let expected = 1 / (1 + exp(-(stacker.bias + stacker.weights[0] * 0.7 + stacker.weights[1] * 0.2)))
        #expect(abs(Double(decoded.predict(memberProbabilities: [0.7, 0.2])) - expected) < 1e-6)
    }

    @Test func stackNeverSeesAFoldsOwnRows() throws {
        let data = Self.synthetic(rows: 1000, seed: 3)
        let windows = CrossValidation.fixedHorizon(rowCount: 1000, horizon: 5)
        let folds = try CrossValidation.walkForward(labelWindowEnd: windows, folds: 4, embargo: 2)
        let result = try Ensemble.combine(method: .stack, members: data.members, labels: data.labels, folds: folds)
        for (fold, stacker) in zip(folds, result.foldStackers).dropFirst() {
            let rows = (0..<fold.test.lowerBound).filter { $0 >= folds[0].test.lowerBound && windows[$0] < fold.test.lowerBound - 2 }
            let direct = try LogisticRegression.fit(rows: rows.map { [data.members[0][$0]!, data.members[1][$0]!] }, labels: rows.map { data.labels[$0] })
            #expect(stacker == direct, "fold \(fold.index)")
        }
        var poisoned = data.labels
        for row in folds[2].test { poisoned[row] = 1 - poisoned[row] }
        let again = try Ensemble.combine(method: .stack, members: data.members, labels: poisoned, folds: folds)
        #expect(again.predictions[..<folds[3].test.lowerBound] == result.predictions[..<folds[3].test.lowerBound])
        #expect(again.predictions[folds[3].test] != result.predictions[folds[3].test])
    }

    @Test func logisticRegressionStaysFiniteOnSeparableRows() throws {
        let fit = try LogisticRegression.fit(rows: [[0], [0.2], [0.8], [1]], labels: [0, 0, 1, 1])
        #expect(fit.weights[0].isFinite && fit.weights[0] > 0 && fit.bias.isFinite)
        #expect(fit.probability([1]) > 0.9 && fit.probability([0]) < 0.1)
        #expect(throws: TradehubError.self) { try LogisticRegression.fit(rows: [[0], [1]], labels: [0, 2]) }
    }

    @Test func servingModelsAreChecked() {
        #expect(throws: TradehubError.self) { try EnsembleModel(method: .stack, memberIDs: ["a"], stacker: nil) }
        #expect(throws: TradehubError.self) {
            try EnsembleModel(method: .stack, memberIDs: ["a"], stacker: LogisticRegression(weights: [1, 2], bias: 0))
        }
        #expect(throws: TradehubError.self) { try EnsembleModel(method: .mean, memberIDs: [], stacker: nil) }
    }
}
