import ErrorDNA
import Learning
import Testing
import TradehubModel

@Suite struct AutoMLTests {
    /// Column 0 decides the label (`x0 + noise > 0`); columns 1–3 are noise.
    static func learnable(rows: Int = 600, seed: UInt64 = 7) throws -> Dataset {
        var random = SplitMix64(seed: seed)
        var values: [Float] = []
        var labels: [Float] = []
        for _ in 0..<rows {
            let row = (0..<4).map { _ in Float.random(in: -1..<1, using: &random) }
            labels.append(row[0] + Float.random(in: -0.3..<0.3, using: &random) > 0 ? 1 : 0)
            values += row
        }
        return try Dataset(features: FloatMatrix(values: values, columnCount: 4), labels: labels)
    }

    static let space = AutoML.SearchSpace(maxDepth: 2...4, maxRounds: 40, earlyStoppingRounds: 5)

    static func folds(_ dataset: Dataset) throws -> [ValidationFold] {
        try CrossValidation.walkForward(rowCount: dataset.rowCount, horizon: 1, folds: 3, embargo: 0)
    }

    /// Everything but the wall-clock time.
    static func outcome(_ board: AutoML.Leaderboard) -> [String] {
        board.trials.map {
            "\($0.index) \($0.parameters.sorted { $0.key < $1.key }) \($0.columns) \($0.rounds) \($0.foldRounds) "
                + "\($0.xgboostSeed) \($0.foldAUCs) \($0.meanLogLoss) \($0.meanAccuracy)"
        }
    }

    @Test func sameSeedGivesTheSameLeaderboardWhateverTheWorkerCount() throws {
        let dataset = try Self.learnable()
        let folds = try Self.folds(dataset)
        let one = try AutoML.search(dataset, folds: folds, space: Self.space, trials: 6, budget: nil, seed: 11, workers: 1)
        let two = try AutoML.search(dataset, folds: folds, space: Self.space, trials: 6, budget: nil, seed: 11, workers: 2)
        #expect(one.trials.count == 6)
        #expect(Self.outcome(one) == Self.outcome(two))
        #expect(!one.stoppedByBudget)
        let other = try AutoML.search(dataset, folds: folds, space: Self.space, trials: 6, budget: nil, seed: 12, workers: 2)
        #expect(Self.outcome(other) != Self.outcome(one))
        #expect(zip(one.trials, one.trials.dropFirst()).allSatisfy { $0.meanAUC >= $1.meanAUC })
    }

    @Test func aTrialDependsOnlyOnTheSeedAndItsIndex() {
        let trial = AutoML.trial(5, seed: 3, space: .default, columnCount: 10)
        #expect(trial == AutoML.trial(5, seed: 3, space: .default, columnCount: 10))
        #expect(trial != AutoML.trial(6, seed: 3, space: .default, columnCount: 10))
        #expect(!trial.columns.isEmpty && trial.columns.allSatisfy { (0..<10).contains($0) })
        let lonely = AutoML.trial(0, seed: 3, space: AutoML.SearchSpace(columns: .random(inclusion: 1e-9)), columnCount: 10)
        #expect(lonely.columns.count == 1)
        let depth = Int(trial.parameters["max_depth"] ?? "") ?? 0
        #expect((2...6).contains(depth))
        let eta = Double(trial.parameters["eta"] ?? "") ?? 0
        #expect(eta >= 0.01 && eta <= 0.3)
    }

    @Test func aBudgetedSearchIsAPrefixOfTheFullOne() throws {
        let dataset = try Self.learnable(rows: 300)
        let folds = try Self.folds(dataset)
        let full = try AutoML.search(dataset, folds: folds, space: Self.space, trials: 4, budget: nil, seed: 5, workers: 2)
        let budgeted = try AutoML.search(
            dataset, folds: folds, space: Self.space, trials: 4, budget: .milliseconds(1), seed: 5, workers: 1)
        let ran = Set(budgeted.trials.map(\.index))
        #expect(ran == Set(0..<ran.count))
        #expect(Self.outcome(budgeted) == Self.outcome(full).filter { line in ran.contains(Int(line.prefix { $0 != " " }) ?? -1) })
        #expect(budgeted.stoppedByBudget == (ran.count < 4))
    }

    @Test func earlyStoppingWatchesOnlyTheEndOfTheFoldsTrainingRows() throws {
        let windows = CrossValidationTests.uneven(rowCount: 900, seed: 4)
        let folds = try CrossValidation.walkForward(labelWindowEnd: windows, folds: 4, embargo: 3)
        for fold in folds {
            let inner = try AutoML.innerSplit(fold, validationFraction: 0.25, labelWindowEnd: windows)
            let train = fold.trainIndices
            #expect(inner.validation == Array(train.suffix(inner.validation.count)))
            #expect(inner.validation.count == Int((Double(train.count) * 0.25).rounded(.up)))
            #expect(Set(inner.train).isSubset(of: train) && Set(inner.train).isDisjoint(with: inner.validation))
            #expect(!inner.train.contains { fold.test.contains($0) } && !inner.validation.contains { fold.test.contains($0) })
            #expect(inner.train.allSatisfy { windows[$0] < inner.validation[0] }, "fold \(fold.index) leaks into its validation")
        }
    }

    @Test func findsTheInformativeColumn() throws {
        let dataset = try Self.learnable()
        let folds = try Self.folds(dataset)
        var space = Self.space
        space.columns = .candidates([[1, 2, 3], [0, 2]])
        let board = try AutoML.search(dataset, folds: folds, space: space, trials: 4, budget: nil, seed: 1, workers: 2)
        let best = try #require(board.best)
        #expect(best.meanAUC > 0.8, "best mean out-of-sample AUC \(best.meanAUC)")
        #expect(best.columns == [0, 2])
        let informative = board.trials.filter { $0.columns.contains(0) }.map(\.meanAUC)
        let blind = board.trials.filter { !$0.columns.contains(0) }.map(\.meanAUC)
        #expect((informative.min() ?? 0) > (blind.max() ?? 1), "with column 0 \(informative), without \(blind)")
        #expect(best.foldAUCs.count == folds.count && best.foldRounds.allSatisfy { (1...40).contains($0) })
    }

    @Test func argumentsAreChecked() throws {
        let dataset = try Self.learnable(rows: 100)
        let folds = try Self.folds(dataset)
        #expect(throws: TradehubError.self) {
            try AutoML.search(dataset, folds: folds, trials: nil, budget: nil, seed: 0, workers: 1)
        }
        #expect(throws: TradehubError.self) {
            try AutoML.search(dataset, folds: folds, trials: 1, budget: nil, seed: 0, workers: 0)
        }
        #expect(throws: TradehubError.self) {
            try AutoML.search(
                dataset, folds: folds, space: AutoML.SearchSpace(columns: .candidates([[4]])), trials: 1, budget: nil, seed: 0,
                workers: 1)
        }
        #expect(throws: TradehubError.self) {
            try AutoML.search(
                dataset, folds: folds, space: AutoML.SearchSpace(eta: .init(0, 0.1, scale: .logarithmic)), trials: 1, budget: nil,
                seed: 0, workers: 1)
        }
    }
}
