import ArgumentParser
import ErrorDNA
import Features
import Foundation
import Learning
import Storage
import Synchronization
import TradehubModel

/// `tradehub automl`: a seeded search over XGBoost's hyperparameters and feature subsets against
/// the purged walk-forward score; the best trial, trained on every row, goes into the registry.
struct AutoMLCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "automl",
        abstract: "Search XGBoost hyperparameters and feature subsets by out-of-sample AUC; register the best.",
        discussion: """
            Example: tradehub automl --data EURUSD_H1.csv --features Examples/features.toml --trials 40 --seed 7
            Trials are drawn from the seed before any runs, so a seed gives the same leaderboard on any
            number of cores. Early stopping watches the last 20 % of each fold's training rows, never its
            test rows. With --budget the search stops starting trials when the time is spent.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var tenantOption: TenantOption
    @OptionGroup var learning: LearningArguments

    @Option(help: "Trials to run.")
    var trials: Int?
    @Option(help: "Time budget instead of (or as well as) --trials: 90s, 10m, 1h.")
    var budget: String?
    @Option(help: "Trials run at once (default: every core).")
    var workers: Int?
    @Option(help: "Leaderboard rows to print.")
    var top = 10

    func render(_ report: AutoMLDocument) -> String { report.text(top: top) }

    func execute() throws -> AutoMLDocument {
        let manager = try CommandSetup.importManager(global)
        guard trials != nil || budget != nil else {
            throw TradehubError(.usage, ["argument": "--trials / --budget", "problem": "give a number of trials, a time budget, or both"])
        }
        let timeBudget = try budget.map(Self.duration)
        let input = try learning.load()
        let folds = try learning.folds(for: input.set)
        var space = AutoML.SearchSpace.default
        space.maxRounds = learning.rounds
        let progress = ProgressLine(enabled: !output.json)
        let finished = Mutex(0)
        let planned = trials.map { "/\($0)" } ?? ""
        let leaderboard = try AutoML.search(
            input.set.dataset, folds: folds, space: space, trials: trials, budget: timeBudget, seed: UInt64(learning.seed),
            workers: workers ?? max(1, ProcessInfo.processInfo.activeProcessorCount), labelWindowEnd: input.set.labelWindowEnd
        ) { result in
            let done = finished.withLock { count in
                count += 1
                return count
            }
            progress.show("trial \(done)\(planned): #\(result.index) AUC \(String(format: "%.4f", result.meanAUC))")
        }
        progress.clear()
        guard let best = leaderboard.best else {
            throw TradehubError(.learningData, ["problem": "the budget ended before any trial finished"])
        }
        var options = best.trainingOptions
        options.threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let booster = try Booster.train(input.set.dataset.columns(best.columns), options: options)
        let featureSet = try FeatureSet(best.columns.map { input.featureSet.columns[$0] })
        let stores = try manager.openStores()
        defer { try? stores.close() }
        let version = try stores.models.register(
            ModelSpec(
                symbol: input.symbol, timeframe: input.timeframe?.rawValue ?? "", kind: "xgboost:\(Objective.binaryLogistic.rawValue)",
                featureSet: featureSet.canonical, featureHash: featureSet.hash, label: input.label.canonical,
                dataFromMs: input.set.times.first ?? 0, dataToMs: input.set.times.last ?? 0,
                parameters: best.parameters.merging(
                    ["rounds": "\(best.rounds)", "seed": "\(best.xgboostSeed)", "cv": learning.cv, "automl_seed": "\(learning.seed)",
                     "automl_trial": "\(best.index)", "data": LearningArguments.recordedPath(learning.data)]) { $1 },
                metrics: ["auc": best.meanAUC, "logloss": best.meanLogLoss, "accuracy": best.meanAccuracy]),
            artifact: Data(try booster.modelJSON()), tenant: try tenantOption.resolve(in: stores), nowMs: manager.clock.nowMs())
        return AutoMLDocument(
            modelID: version.id, seed: leaderboard.seed, stoppedByBudget: leaderboard.stoppedByBudget,
            featureNames: input.set.featureNames, trials: leaderboard.trials)
    }

    /// `90s`, `10m`, `1h` (a bare number is seconds).
    static func duration(_ text: String) throws -> Duration {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        let scale = text.last.flatMap { units[$0] }
        guard let value = Double(scale == nil ? text : String(text.dropLast())), value > 0 else {
            throw TradehubError(.usage, ["argument": "--budget", "problem": "'\(text)' is not a duration like 90s, 10m or 1h"])
        }
        return .milliseconds(Int64(value * (scale ?? 1) * 1000))
    }
}

/// `tradehub automl --json`: the registered model and the leaderboard, best first.
struct AutoMLDocument: Encodable {
    let modelID: String
    let seed: UInt64
    let stoppedByBudget: Bool
    let featureNames: [String]
    let trials: [AutoML.TrialResult]

    enum CodingKeys: String, CodingKey {
        case modelID = "model_id", seed, stoppedByBudget = "stopped_by_budget", featureNames = "features", trials
    }

    func text(top: Int) -> String {
        let rows = trials.prefix(top).enumerated().map { rank, trial in
            [
                "\(rank + 1)", "#\(trial.index)", String(format: "%.4f", trial.meanAUC), String(format: "%.4f", trial.meanLogLoss),
                String(format: "%.4f", trial.meanAccuracy), trial.parameters["max_depth"] ?? "-",
                trial.parameters["eta"].flatMap(Double.init).map { String(format: "%.3f", $0) } ?? "-", "\(trial.rounds)",
                "\(trial.columns.count)/\(featureNames.count)",
            ]
        }
        return [
            Terminal.table(["RANK", "TRIAL", "AUC (OOS)", "LOG LOSS", "ACCURACY", "DEPTH", "ETA", "ROUNDS", "FEATURES"], rows),
            "",
            "\(trials.count) trials, seed \(seed)\(stoppedByBudget ? ", stopped by the budget" : ""); the best, trained on every row, is \(modelID)"
                + " (`tradehub models show \(modelID)`).",
            "Each score is out of sample, but the best is the highest of \(trials.count): expect a little less on new data.",
        ].joined(separator: "\n")
    }
}
