import ArgumentParser
import Backtest
import ErrorDNA
import Features
import Foundation
import Learning
import MarketData
import Storage
import Strategy
import TradehubModel

/// `tradehub train`: features and labels over a CSV, XGBoost scored fold by fold out of sample
/// (purged walk-forward), a backtest of those out-of-sample signals with costs, and the model
/// trained on every row into the registry.
struct TrainCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an XGBoost classifier with purged walk-forward validation; every reported figure is out of sample.",
        discussion: """
            Example: tradehub train --data EURUSD_H1.csv --features "RSI(14),ATR(14),return(1),lag(RSI(14),3)" \\
                       --label "direction(h=12,threshold=0.0005)" --cv "walk-forward(folds=5,embargo=12)"
            Each fold trains only on rows whose label window ends before its test rows (minus the embargo),
            scores its test rows, and those out-of-sample probabilities are backtested with costs. The model
            kept in the registry is then trained on every row (`tradehub models list`).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var tenantOption: TenantOption
    @OptionGroup var learning: LearningArguments

    @Option(help: "Probability at or above which the backtest buys (sells at or below 1 − threshold).")
    var threshold = 0.55
    @Option(help: "Backtest commission per fill, a fraction of its value.")
    var commission = 0.0002
    @Option(help: "Backtest spread, a fraction of the price.")
    var spread = 0.0
    @Option(help: "Backtest starting cash.")
    var cash = 10_000.0

    /// Trains, scores, backtests and registers; returns the report.
    func execute() throws -> TrainDocument {
        let manager = try CommandSetup.importManager(global)
        let progress = ProgressLine(enabled: !output.json)
        let clock = ContinuousClock()
        let started = clock.now
        let input = try learning.load()
        let folds = try learning.folds(for: input.set)
        progress.show("training \(folds.count) folds on \(input.set.rowCount) rows × \(input.set.featureNames.count) features…")
        let options = try learning.trainingOptions()
        let report = try OutOfSampleEvaluation.run(input.set.dataset, folds: folds, options: options)
        progress.show("backtesting the out-of-sample signals…")
        let backtest = try outOfSampleBacktest(input, report)
        progress.show("training the model on every row…")
        let booster = try Booster.train(input.set.dataset, options: options)
        progress.clear()

        let stores = try manager.openStores()
        defer { try? stores.close() }
        let tenant = try tenantOption.resolve(in: stores)
        let statistics = backtest.result.statistics
        var metrics = ["auc": report.meanAUC, "logloss": report.meanLogLoss, "accuracy": report.meanAccuracy]
        for (name, key) in [("Return [%]", "backtest_return_pct"), ("Sharpe Ratio", "backtest_sharpe")] {
            if case .number(let value)? = statistics.entries.first(where: { $0.name == name })?.value, value.isFinite {
                metrics[key] = value
            }
        }
        let version = try stores.models.register(
            ModelSpec(
                symbol: input.symbol, timeframe: input.timeframe?.rawValue ?? "", kind: "xgboost:\(Objective.binaryLogistic.rawValue)",
                featureSet: input.featureSet.canonical, featureHash: input.featureSet.hash, label: input.label.canonical,
                dataFromMs: input.set.times.first ?? 0, dataToMs: input.set.times.last ?? 0,
                parameters: learning.recordedParameters(options, folds: folds), metrics: metrics),
            artifact: Data(try booster.modelJSON()), tenant: tenant, nowMs: manager.clock.nowMs())
        return TrainDocument(
            modelID: version.id, symbol: input.symbol, timeframe: input.timeframe?.rawValue, rows: input.set.rowCount,
            features: input.set.featureNames, label: input.label.canonical,
            folds: report.folds.map { FoldJSON($0, times: input.set.times) },
            oos: OutOfSampleJSON(auc: report.meanAUC, logloss: report.meanLogLoss, accuracy: report.meanAccuracy),
            backtest: StatisticsJSON(statistics), backtestTrades: backtest.result.trades.count,
            elapsedMs: (clock.now - started).seconds * 1000)
    }

    /// Backtests the out-of-sample probabilities (bars no fold tests have none) with costs.
    private func outOfSampleBacktest(_ input: LearningInput, _ report: OutOfSampleReport) throws -> BacktestRun {
        var probabilities = [Double?](repeating: nil, count: input.bars.count)
        for (row, probability) in report.predictions.enumerated() {
            if let probability { probabilities[input.set.bars[row]] = Double(probability) }
        }
        let descriptor = try StrategyCatalogue.named("ml-signal")
        var strategy = PrecomputedSignal(
            probabilities: probabilities,
            try StrategyParameters(strategy: descriptor.name, parameters: descriptor.parameters, given: ["threshold": threshold]))
        var options = BacktestOptions()
        options.cash = cash
        options.commission = commission
        options.spread = spread
        options.exclusiveOrders = true
        options.finalizeTrades = true
        let series = BarSeries(input.bars)
        let started = ContinuousClock.now
        let result = try Backtester.run(&strategy, on: series, options: options)
        return BacktestRun(bars: series, result: result, elapsedMs: (ContinuousClock.now - started).seconds * 1000)
    }
}

/// The data, features, label and validation of a learning command (`train`, `automl`).
struct LearningArguments: ParsableArguments {
    @Option(help: "OHLCV CSV: a time column and Open, High, Low, Close[, Volume][, Spread in points].")
    var data: String

    @Option(help: ArgumentHelp("Inline feature list or a feature-set file (.toml, .json).", valueName: "list-or-file"))
    var features: String

    @Option(help: "The label: direction(h=…,threshold=…[,neutral=drop]) or triple_barrier(tp=…,sl=…,h=…).")
    var label = "direction(h=12,threshold=0.0005)"

    @Option(help: "walk-forward(folds=N,embargo=E) or purged-kfold(folds=N,embargo=E); embargo defaults to the label's horizon.")
    var cv = "walk-forward(folds=5)"

    @Option(name: .customLong("param"), help: ArgumentHelp("An XGBoost parameter, e.g. max_depth=4 (repeatable).", valueName: "k=v"))
    var parameters: [String] = []

    @Option(help: "Boosting rounds.")
    var rounds = 200

    @Option(help: "Seed of XGBoost's sampling.")
    var seed = 0

    @Option(help: "Threads per model (default: every core).")
    var threads: Int?

    @Option(help: "The symbol the model trades (default: the file name up to its first '_' or '.').")
    var symbol: String?

    @Option(help: "Timeframe of the bars (M1…MN1); inferred from the times when omitted.")
    var timeframe: String?

    func load() throws -> LearningInput {
        let featureSet = try FeatureSetFile.load(features)
        let labelSpec = try LabelSpec(parsing: label)
        let table = try OHLCVTable.read(path: data)
        try FeaturesCommand.requireColumns(of: featureSet, in: table, path: data)
        let bars = try table.bars(path: data)
        let barTimeframe = try FeaturesCommand.timeframe(timeframe, of: bars, path: data, needed: !featureSet.timeframes.isEmpty)
        let set = try TrainingSet(bars: bars, featureSet: featureSet, timeframe: barTimeframe, label: labelSpec)
        let name = URL(fileURLWithPath: data).lastPathComponent
        let stem = name.prefix { $0 != "_" && $0 != "." && $0 != "-" }
        return LearningInput(
            bars: bars, featureSet: featureSet, label: labelSpec, timeframe: barTimeframe, set: set,
            symbol: symbol ?? (stem.isEmpty ? name : String(stem)).uppercased())
    }

    /// The folds `--cv` names over the rows of `set`.
    func folds(for set: TrainingSet) throws -> [ValidationFold] {
        try Self.folds(cv: cv, labelWindowEnd: set.labelWindowEnd, horizon: try LabelSpec(parsing: label).horizon)
    }

    /// The folds `cv` (a `--cv` value) names over rows whose labels end at `labelWindowEnd`.
    static func folds(cv: String, labelWindowEnd: [Int], horizon: Int) throws -> [ValidationFold] {
        let text = cv.filter { !$0.isWhitespace }
        func fail(_ problem: String) -> TradehubError {
            TradehubError(.cvArgument, ["problem": "--cv \(cv): \(problem)"])
        }
        guard let open = text.firstIndex(of: "("), text.last == ")" else {
            throw fail("write walk-forward(folds=5,embargo=12) or purged-kfold(folds=5,embargo=12)")
        }
        var arguments: [String: Int] = [:]
        for pair in text[text.index(after: open)..<text.index(before: text.endIndex)].split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Int(parts[1]), value >= 0 else { throw fail("'\(pair)' is not key=whole number") }
            arguments[String(parts[0])] = value
        }
        let folds = arguments.removeValue(forKey: "folds") ?? 5
        let embargo = arguments.removeValue(forKey: "embargo") ?? horizon
        if let unknown = arguments.keys.sorted().first { throw fail("unknown argument '\(unknown)' (folds, embargo)") }
        switch text[..<open] {
        case "walk-forward": return try CrossValidation.walkForward(labelWindowEnd: labelWindowEnd, folds: folds, embargo: embargo)
        case "purged-kfold": return try CrossValidation.purgedKFold(labelWindowEnd: labelWindowEnd, folds: folds, embargo: embargo)
        default: throw fail("'\(text[..<open])' is not walk-forward or purged-kfold")
        }
    }

    func trainingOptions() throws -> TrainingOptions {
        var extra: [String: String] = [:]
        for parameter in parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw TradehubError(.usage, ["argument": "--param", "problem": "'\(parameter)' is not k=v"])
            }
            extra[parts[0]] = parts[1]
        }
        guard rounds >= 1 else { throw TradehubError(.usage, ["argument": "--rounds", "problem": "must be at least 1"]) }
        return TrainingOptions(
            objective: .binaryLogistic, rounds: rounds, seed: seed,
            threads: threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount), parameters: extra)
    }

    /// Keys the registry records beside XGBoost's parameters.
    static let recordedKeys: Set<String> = ["rounds", "seed", "cv", "folds", "automl_seed", "automl_trial", "data"]

    /// The options that retrain a registered model's recipe (its XGBoost parameters, rounds and seed), on every core.
    static func trainingOptions(recordedIn spec: ModelSpec) -> TrainingOptions {
        TrainingOptions(
            objective: .binaryLogistic, rounds: Int(spec.parameters["rounds"] ?? "") ?? 100,
            seed: Int(spec.parameters["seed"] ?? "") ?? 0, threads: max(1, ProcessInfo.processInfo.activeProcessorCount),
            parameters: spec.parameters.filter { !recordedKeys.contains($0.key) })
    }

    /// What the registry records of the training run, the data file's absolute path among it.
    func recordedParameters(_ options: TrainingOptions, folds: [ValidationFold]) -> [String: String] {
        options.parameters.merging([
            "rounds": "\(options.rounds)", "seed": "\(options.seed)", "cv": cv, "folds": "\(folds.count)", "data": Self.recordedPath(data),
        ]) { $1 }
    }

    /// How the registry records a data file: its absolute path, so `ensemble` can find it again.
    static func recordedPath(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}

/// The loaded input of a learning command.
struct LearningInput {
    let bars: [Bar]
    let featureSet: FeatureSet
    let label: LabelSpec
    let timeframe: Timeframe?
    let set: TrainingSet
    let symbol: String
}

/// `tradehub train --json`.
struct TrainDocument: Encodable, TextReport {
    let modelID: String
    let symbol: String
    let timeframe: String?
    let rows: Int
    let features: [String]
    let label: String
    let folds: [FoldJSON]
    let oos: OutOfSampleJSON
    let backtest: StatisticsJSON
    let backtestTrades: Int
    let elapsedMs: Double

    enum CodingKeys: String, CodingKey {
        case modelID = "model_id", symbol, timeframe, rows, features, label, folds, oos, backtest
        case backtestTrades = "backtest_trades", elapsedMs = "elapsed_ms"
    }

    var text: String {
        var lines = [
            "model \(modelID): \(symbol) \(timeframe ?? "?"), \(rows) rows × \(features.count) features, label \(label)",
            "",
            Terminal.table(
                ["FOLD", "TRAIN FROM", "TRAIN TO", "TEST FROM", "TEST TO", "TRAIN ROWS", "TEST ROWS", "AUC", "LOG LOSS", "ACCURACY"],
                folds.enumerated().map { index, fold in
                    [
                        "\(index + 1)", fold.trainFrom ?? "-", fold.trainTo ?? "-", fold.testFrom, fold.testTo, "\(fold.trainRows)",
                        "\(fold.testRows)", Self.format(fold.auc), Self.format(fold.logloss), Self.format(fold.accuracy),
                    ]
                }),
            "",
            "out of sample (mean of folds): AUC \(Self.format(oos.auc)), log loss \(Self.format(oos.logloss)), accuracy \(Self.format(oos.accuracy))",
            "",
            "backtest of the out-of-sample signals (\(backtestTrades) trades, costs included):",
        ]
        for (name, value) in backtest.entries {
            lines.append("  " + name.padding(toLength: 26, withPad: " ", startingAt: 0) + ReportFormat.statistic(value))
        }
        lines.append("")
        lines.append("The registry keeps \(modelID), trained on every row (in-sample fit, not scored above): `tradehub models show \(modelID)`.")
        return lines.joined(separator: "\n")
    }

    static func format(_ x: Double) -> String { x.isFinite ? String(format: "%.4f", x) : "-" }
}

/// One fold of `tradehub train --json`: its time ranges and out-of-sample scores.
struct FoldJSON: Encodable {
    let trainFrom, trainTo: String?
    let testFrom, testTo: String
    let trainRows, testRows: Int
    let auc, logloss, accuracy: Double

    init(_ score: FoldScore, times: [Int64]) {
        trainFrom = score.fold.train.first.map { ReportFormat.time(times[$0.lowerBound]) }
        trainTo = score.fold.train.last.map { ReportFormat.time(times[$0.upperBound - 1]) }
        testFrom = ReportFormat.time(times[score.fold.test.lowerBound])
        testTo = ReportFormat.time(times[score.fold.test.upperBound - 1])
        trainRows = score.fold.trainCount
        testRows = score.fold.test.count
        auc = score.auc
        logloss = score.logLoss
        accuracy = score.accuracy
    }

    enum CodingKeys: String, CodingKey {
        case trainFrom = "train_from", trainTo = "train_to", testFrom = "test_from", testTo = "test_to"
        case trainRows = "train_rows", testRows = "test_rows", auc, logloss, accuracy
    }
}

/// The mean out-of-sample scores.
struct OutOfSampleJSON: Encodable {
    let auc, logloss, accuracy: Double
}
