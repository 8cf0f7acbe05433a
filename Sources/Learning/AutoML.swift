import Dispatch
import ErrorDNA
import Foundation
import Synchronization
import TradehubModel

/// A random search over XGBoost classifier hyperparameters and feature-column subsets, each trial
/// scored by the mean out-of-sample AUC of the caller's (purged walk-forward) folds.
///
/// Honesty: a fold's test rows only ever score. Early stopping watches an inner validation split
/// carved from the end of that fold's own training rows (`innerSplit`), so the number of rounds is
/// chosen without seeing the test fold.
///
/// Determinism: trial `i` (its parameters, columns and XGBoost seed) is a pure function of the
/// search seed and `i`, every booster runs on one thread, and results are gathered by index, so
/// a search with a trial count gives the same leaderboard for a seed whatever the worker count
/// (only `seconds` differs).
public enum AutoML {
    /// Where a real-valued hyperparameter is drawn from: uniformly, or uniformly in its logarithm.
    public struct Interval: Sendable, Equatable, Codable {
        /// How values between the bounds are spread.
        public enum Scale: String, Sendable, Codable {
            case linear
            case logarithmic
        }

        public var lower: Double
        public var upper: Double
        public var scale: Scale

        public init(_ lower: Double, _ upper: Double, scale: Scale = .linear) {
            self.lower = lower
            self.upper = upper
            self.scale = scale
        }

        /// An interval holding one value: the hyperparameter is fixed.
        public static func fixed(_ value: Double) -> Interval { Interval(value, value) }

        func sample(using random: inout SplitMix64) -> Double {
            guard upper > lower else { return lower }
            switch scale {
            case .linear: return Double.random(in: lower...upper, using: &random)
            case .logarithmic: return exp(Double.random(in: log(lower)...log(upper), using: &random))
            }
        }

        func validate(_ name: String) throws {
            let problem: String? =
                if !lower.isFinite || !upper.isFinite || lower > upper { "needs finite bounds, lower ≤ upper" }
                else if scale == .logarithmic && lower <= 0 { "a logarithmic interval needs a positive lower bound" }
                else if lower < 0 { "must not be negative" }
                else { nil }
            if let problem {
                throw TradehubError(.learningParameter, ["parameter": name, "value": "\(lower)…\(upper)", "problem": problem])
            }
        }
    }

    /// Which feature columns a trial trains on.
    public enum ColumnSubsets: Sendable, Equatable, Codable {
        /// Every column, in every trial.
        case all
        /// Each column kept with this probability; when none is kept, one drawn at random is.
        case random(inclusion: Double)
        /// The given subsets in turn: trial `i` takes `subsets[i % subsets.count]`.
        case candidates([[Int]])
    }

    /// The hyperparameters a search draws and the fixed settings of every trial.
    public struct SearchSpace: Sendable, Equatable, Codable {
        /// XGBoost `max_depth`, drawn uniformly.
        public var maxDepth: ClosedRange<Int>
        public var eta: Interval
        public var subsample: Interval
        /// XGBoost `colsample_bytree`.
        public var columnSampleByTree: Interval
        public var minChildWeight: Interval
        /// XGBoost `lambda` (L2 on leaf weights).
        public var lambda: Interval
        /// XGBoost `alpha` (L1 on leaf weights).
        public var alpha: Interval
        /// The most boosting rounds a fold's model runs before early stopping cuts it back.
        public var maxRounds: Int
        /// Rounds without a better inner-validation log loss before a fold's training stops.
        public var earlyStoppingRounds: Int
        /// The fraction of each fold's training rows, taken from their end, that early stopping watches.
        public var validationFraction: Double
        public var columns: ColumnSubsets

        public init(
            maxDepth: ClosedRange<Int> = 2...6, eta: Interval = Interval(0.01, 0.3, scale: .logarithmic),
            subsample: Interval = Interval(0.5, 1), columnSampleByTree: Interval = Interval(0.5, 1),
            minChildWeight: Interval = Interval(1, 20, scale: .logarithmic),
            lambda: Interval = Interval(0.1, 10, scale: .logarithmic), alpha: Interval = Interval(0.001, 1, scale: .logarithmic),
            maxRounds: Int = 300, earlyStoppingRounds: Int = 20, validationFraction: Double = 0.2,
            columns: ColumnSubsets = .random(inclusion: 0.7)
        ) {
            self.maxDepth = maxDepth
            self.eta = eta
            self.subsample = subsample
            self.columnSampleByTree = columnSampleByTree
            self.minChildWeight = minChildWeight
            self.lambda = lambda
            self.alpha = alpha
            self.maxRounds = maxRounds
            self.earlyStoppingRounds = earlyStoppingRounds
            self.validationFraction = validationFraction
            self.columns = columns
        }

        public static let `default` = SearchSpace()

        func validate(columnCount: Int) throws {
            func bad(_ parameter: String, _ value: String, _ problem: String) -> TradehubError {
                TradehubError(.learningParameter, ["parameter": parameter, "value": value, "problem": problem])
            }
            guard maxDepth.lowerBound >= 1 else { throw bad("max_depth", "\(maxDepth)", "must be at least 1") }
            try eta.validate("eta")
            try subsample.validate("subsample")
            try columnSampleByTree.validate("colsample_bytree")
            try minChildWeight.validate("min_child_weight")
            try lambda.validate("lambda")
            try alpha.validate("alpha")
            guard eta.lower > 0 else { throw bad("eta", "\(eta.lower)", "must be positive") }
            for (name, interval) in [("subsample", subsample), ("colsample_bytree", columnSampleByTree)]
            where interval.lower <= 0 || interval.upper > 1 {
                throw bad(name, "\(interval.lower)…\(interval.upper)", "must lie in (0, 1]")
            }
            guard maxRounds >= 1 else { throw bad("rounds", "\(maxRounds)", "must be at least 1") }
            guard earlyStoppingRounds >= 1 else {
                throw bad("early_stopping_rounds", "\(earlyStoppingRounds)", "must be at least 1")
            }
            guard validationFraction > 0, validationFraction < 1 else {
                throw bad("validation_fraction", "\(validationFraction)", "must lie strictly between 0 and 1")
            }
            switch columns {
            case .all: break
            case .random(let inclusion):
                guard inclusion > 0, inclusion <= 1 else { throw bad("column_inclusion", "\(inclusion)", "must lie in (0, 1]") }
            case .candidates(let subsets):
                guard !subsets.isEmpty else { throw bad("columns", "[]", "give at least one column subset") }
                for subset in subsets where subset.isEmpty || !subset.allSatisfy({ (0..<columnCount).contains($0) }) {
                    throw bad("columns", "\(subset)", "each subset needs at least one column in 0..<\(columnCount)")
                }
            }
        }
    }

    /// One point of the search, drawn before any trial runs.
    public struct Trial: Sendable, Equatable, Codable {
        public let index: Int
        /// XGBoost parameters by their XGBoost names, values as XGBoost is given them.
        public let parameters: [String: String]
        /// Ascending indices of the dataset's columns the trial trains on.
        public let columns: [Int]
        /// XGBoost's `seed` for every fold of this trial.
        public let xgboostSeed: Int
    }

    /// A trial's out-of-sample scores: each fold's test rows predicted by a model that never saw them.
    public struct TrialResult: Sendable, Equatable, Codable {
        public let index: Int
        public let parameters: [String: String]
        /// The median over folds of the rounds early stopping kept (its best iteration + 1).
        public let rounds: Int
        public let foldRounds: [Int]
        public let columns: [Int]
        public let xgboostSeed: Int
        public let meanAUC: Double
        public let meanLogLoss: Double
        public let meanAccuracy: Double
        public let foldAUCs: [Double]
        /// Wall-clock time of the trial; the one field that differs between identical searches.
        public let seconds: Double

        /// Options that train this trial's model on all the rows: its parameters and median rounds.
        public var trainingOptions: TrainingOptions {
            TrainingOptions(objective: .binaryLogistic, rounds: rounds, seed: xgboostSeed, threads: 1, parameters: parameters)
        }
    }

    /// A search's trials, best mean out-of-sample AUC first (ties: lower index first).
    public struct Leaderboard: Sendable, Equatable, Codable {
        public let trials: [TrialResult]
        public let seed: UInt64
        /// Whether the time budget, not the trial count, ended the search. The trials are then
        /// those numbered `0..<trials.count`: a prefix of the unbudgeted search's trials, identical
        /// to them, but how long the prefix is depends on the machine and its load.
        public let stoppedByBudget: Bool

        public var best: TrialResult? { trials.first }
    }

    /// Runs trials `0, 1, 2, …` on up to `workers` threads (never more at once than the machine has
    /// cores) until `trials` have run or, with `budget`, until the budget is spent: then no new
    /// trial starts and the running ones finish. At least one of `trials` and `budget` is needed.
    ///
    /// `labelWindowEnd` (the last row each row's label reads) purges the inner split: training
    /// rows whose label is resolved inside the inner validation rows are left out. `progress` is
    /// called on a worker thread as each trial ends, in completion order. The first failing trial
    /// (lowest index) stops the search and its error is thrown.
    public static func search(
        _ dataset: Dataset, folds: [ValidationFold], space: SearchSpace = .default, trials: Int?, budget: Duration?,
        seed: UInt64, workers: Int, labelWindowEnd: [Int]? = nil, progress: (@Sendable (TrialResult) -> Void)? = nil
    ) throws -> Leaderboard {
        try validate(dataset, folds: folds, trials: trials, budget: budget, workers: workers, labelWindowEnd: labelWindowEnd)
        try space.validate(columnCount: dataset.features.columnCount)
        let deadline = budget.map { ContinuousClock.now + $0 }
        let state = SearchState()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while !state.failed.load(ordering: .relaxed) {
                if let deadline, ContinuousClock.now >= deadline {
                    state.budgetSpent.store(true, ordering: .relaxed)
                    return
                }
                let index = state.next.wrappingAdd(1, ordering: .relaxed).oldValue
                if let trials, index >= trials { return }
                let trial = self.trial(index, seed: seed, space: space, columnCount: dataset.features.columnCount)
                let outcome = Result {
                    try run(trial, on: dataset, folds: folds, space: space, labelWindowEnd: labelWindowEnd)
                }
                state.outcomes.withLock { $0[index] = outcome }
                switch outcome {
                case .success(let result): progress?(result)
                case .failure: state.failed.store(true, ordering: .relaxed)
                }
            }
        }
        let outcomes = state.outcomes.withLock { $0 }.sorted { $0.key < $1.key }.map(\.value)
        let results = try outcomes.map { try $0.get() }
        return Leaderboard(
            trials: results.sorted { ($0.meanAUC, -$0.index) > ($1.meanAUC, -$1.index) }, seed: seed,
            stoppedByBudget: state.budgetSpent.load(ordering: .relaxed) && results.count < (trials ?? .max))
    }

    /// Trial `index` of a search with `seed`: drawn from a generator seeded by both, so it does not
    /// depend on how many trials run or in what order.
    public static func trial(_ index: Int, seed: UInt64, space: SearchSpace, columnCount: Int) -> Trial {
        var mixer = SplitMix64(seed: seed &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        var random = SplitMix64(seed: mixer.next())
        func draw(_ interval: Interval) -> String { String(format: "%.4g", interval.sample(using: &random)) }
        let parameters = [
            "max_depth": String(Int.random(in: space.maxDepth, using: &random)),
            "eta": draw(space.eta),
            "subsample": draw(space.subsample),
            "colsample_bytree": draw(space.columnSampleByTree),
            "min_child_weight": draw(space.minChildWeight),
            "lambda": draw(space.lambda),
            "alpha": draw(space.alpha),
        ]
        let columns: [Int]
        switch space.columns {
        case .all:
            columns = Array(0..<columnCount)
        case .random(let inclusion):
            let kept = (0..<columnCount).filter { _ in Double.random(in: 0..<1, using: &random) < inclusion }
            columns = kept.isEmpty ? [Int.random(in: 0..<columnCount, using: &random)] : kept
        case .candidates(let subsets):
            columns = Array(Set(subsets[index % subsets.count])).sorted()
        }
        return Trial(index: index, parameters: parameters, columns: columns, xgboostSeed: Int(random.next() >> 33))
    }

    /// The rows of `fold`'s training set that early stopping trains on and watches: the last
    /// `validationFraction` of them (at least one) validate, the rest train, less those whose label
    /// window (when given) reaches the first validation row. Test rows are never in either.
    public static func innerSplit(
        _ fold: ValidationFold, validationFraction: Double, labelWindowEnd: [Int]? = nil
    ) throws -> (train: [Int], validation: [Int]) {
        let rows = fold.trainIndices
        guard !rows.isEmpty else { throw TradehubError(.cvArgument, ["problem": "fold \(fold.index) has no training rows"]) }
        let validationCount = min(max(Int((Double(rows.count) * validationFraction).rounded(.up)), 1), rows.count)
        let validation = Array(rows.suffix(validationCount))
        let cut = validation[0]
        let train = rows.dropLast(validationCount).filter { row in labelWindowEnd.map { $0[row] < cut } ?? true }
        guard !train.isEmpty else {
            throw TradehubError(.cvArgument, [
                "problem": "fold \(fold.index) keeps no inner training rows before its \(validationCount) early-stopping rows",
            ])
        }
        return (train, validation)
    }

    /// Trains and scores one trial on every fold.
    public static func run(
        _ trial: Trial, on dataset: Dataset, folds: [ValidationFold], space: SearchSpace, labelWindowEnd: [Int]? = nil
    ) throws -> TrialResult {
        let started = ContinuousClock.now
        let data = dataset.columns(trial.columns)
        let options = TrainingOptions(
            objective: .binaryLogistic, rounds: space.maxRounds, earlyStoppingRounds: space.earlyStoppingRounds,
            seed: trial.xgboostSeed, threads: 1, evalMetric: "logloss", parameters: trial.parameters)
        var aucs: [Double] = [], logLosses: [Double] = [], accuracies: [Double] = [], rounds: [Int] = []
        for fold in folds {
            let inner = try innerSplit(fold, validationFraction: space.validationFraction, labelWindowEnd: labelWindowEnd)
            let booster = try Booster.train(data.rows(inner.train), validation: data.rows(inner.validation), options: options)
            let test = data.rows(fold.test)
            let probabilities = try booster.predict(test.features)
            aucs.append(try Metrics.auc(labels: test.labels, scores: probabilities))
            logLosses.append(try Metrics.logLoss(labels: test.labels, probabilities: probabilities))
            accuracies.append(try Metrics.accuracy(labels: test.labels, probabilities: probabilities))
            rounds.append((booster.bestIteration ?? space.maxRounds - 1) + 1)
        }
        let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
        return TrialResult(
            index: trial.index, parameters: trial.parameters, rounds: rounds.sorted()[rounds.count / 2], foldRounds: rounds,
            columns: trial.columns, xgboostSeed: trial.xgboostSeed, meanAUC: mean(aucs), meanLogLoss: mean(logLosses),
            meanAccuracy: mean(accuracies), foldAUCs: aucs,
            seconds: (ContinuousClock.now - started) / .seconds(1))
    }

    private static func validate(
        _ dataset: Dataset, folds: [ValidationFold], trials: Int?, budget: Duration?, workers: Int, labelWindowEnd: [Int]?
    ) throws {
        func bad(_ parameter: String, _ value: String, _ problem: String) -> TradehubError {
            TradehubError(.learningParameter, ["parameter": parameter, "value": value, "problem": problem])
        }
        guard trials != nil || budget != nil else { throw bad("trials", "none", "give a trial count, a time budget or both") }
        if let trials, trials < 1 { throw bad("trials", "\(trials)", "must be at least 1") }
        if let budget, budget <= .zero { throw bad("budget", "\(budget)", "must be positive") }
        guard workers >= 1 else { throw bad("workers", "\(workers)", "must be at least 1") }
        guard !folds.isEmpty else { throw TradehubError(.cvArgument, ["problem": "AutoML needs at least one fold"]) }
        for fold in folds {
            let rows = fold.train + [fold.test]
            guard rows.allSatisfy({ $0.lowerBound >= 0 && $0.upperBound <= dataset.rowCount }), !fold.test.isEmpty else {
                throw TradehubError(.cvArgument, ["problem": "fold \(fold.index) names rows outside the \(dataset.rowCount) of the dataset"])
            }
        }
        if let labelWindowEnd, labelWindowEnd.count != dataset.rowCount {
            throw TradehubError(.cvArgument, ["problem": "\(labelWindowEnd.count) label windows for \(dataset.rowCount) rows"])
        }
    }
}

/// What the workers of one search share: the next trial index, each trial's outcome by index,
/// and whether to stop.
private final class SearchState: Sendable {
    let next = Atomic<Int>(0)
    let failed = Atomic<Bool>(false)
    let budgetSpent = Atomic<Bool>(false)
    let outcomes = Mutex<[Int: Result<AutoML.TrialResult, any Error>]>([:])
}
