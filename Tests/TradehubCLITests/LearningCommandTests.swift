import ErrorDNA
import Foundation
import Storage
import Testing

@testable import TradehubCLI

@Suite("tradehub train, models, decide, backtest --strategy ml-signal")
struct LearningCommandTests {
    static let eurusd = LayerCheckTests.repository.appendingPathComponent("Tests/Fixtures/data/EURUSD.csv").path
    static let features = "RSI(14),ATR(14),return(1),return(5),lag(RSI(14),3),hour()"

    @Test("train reports out-of-sample folds with purged ranges and registers a model that decide and backtest then trade")
    func trainThenTrade() async throws {
        let scratch = TemporaryPath()
        let dataDir = ["--data-dir", scratch.path]
        let trained = try TrainCommand.parse(dataDir + [
            "--data", Self.eurusd, "--features", Self.features, "--label", "direction(h=12,threshold=0.0005)",
            "--cv", "walk-forward(folds=3,embargo=12)", "--rounds", "15", "--threads", "1", "--json",
        ]).execute()
        #expect(trained.modelID == "m1" && trained.symbol == "EURUSD" && trained.timeframe == "H1")
        #expect(trained.folds.count == 3)
        for fold in trained.folds {
            #expect(fold.trainTo! < fold.testFrom, "training ends before its test rows")
            #expect((0.3...0.7).contains(fold.auc), "EURUSD H1 direction is close to a coin flip out of sample")
        }
        #expect(trained.backtestTrades > 0)

        let json = String(decoding: try Terminal.jsonEncoder.encode(trained), as: UTF8.self)
        for key in ["\"model_id\"", "\"folds\"", "\"train_from\"", "\"test_to\"", "\"oos\"", "\"logloss\"", "\"backtest\"", "\"Sharpe Ratio\""] {
            #expect(json.contains(key), "\(key) in train --json")
        }

        #expect(await TradehubCommand.main(arguments: ["models", "promote", "m1"] + dataDir) == 0)
        do {  // the data directory stays locked until `stores` is gone
            let stores = try CommandSetup.importManager(GlobalOptions.parse(dataDir)).openStores()
            let champion = try stores.models.champion(tenant: .embeddedDefault, symbol: "EURUSD", timeframe: "H1")
            #expect(champion?.id == "m1" && champion?.spec.metrics["auc"] == trained.oos.auc)
            try stores.close()
        }

        let decided = try DecideCommand.parse(dataDir + [
            "--data", Self.eurusd, "--symbol", "EURUSD", "--timeframe", "H1", "--trading-hours", "7-20",
        ]).execute()
        #expect(decided.modelID == "m1", "without --model, the champion decides")
        #expect(!decided.intents.isEmpty)
        for intent in decided.intents {
            let p = try #require(intent.reason?.score)
            #expect(intent.reason?["RSI(14)"] != nil)
            #expect(intent.side == .buy ? p >= 0.55 : p <= 0.45)
            if intent.blocked != nil { #expect(intent.blocked!.contains("trading hours")) }
        }
        #expect(decided.intents.contains { $0.blocked != nil } && decided.intents.contains { $0.blocked == nil })

        let backtest = try BacktestCommand.parse(dataDir + [
            "--data", Self.eurusd, "--strategy", "ml-signal", "--model", "m1", "--exclusive-orders",
        ]).execute()
        #expect(!backtest.result.trades.isEmpty)

        let optimize = try OptimizeCommand.parse(dataDir + [
            "--data", Self.eurusd, "--strategy", "ml-signal", "--model", "m1", "--exclusive-orders",
            "--grid", "threshold=0.5,0.55,0.6", "--maximize", "Return [%]",
        ])
        let (bars, maker) = try optimize.arguments.load(optimize.global)
        let outcomes = try await optimize.search(on: bars, maker: maker)
        #expect(outcomes.count == 3)
        let atDefault = try #require(outcomes.first { $0.parameters["threshold"] == 0.55 })
        #expect(atDefault.statistics["Return [%]"] == backtest.result.statistics["Return [%]"], "the same model read once trades as backtest does")
    }

    @Test("automl is deterministic for a seed and registers its best trial; ensembles combine members out of sample")
    func automlAndEnsemble() throws {
        let scratch = TemporaryPath()
        let arguments = [
            "--data-dir", scratch.path, "--data", Self.eurusd, "--features", Self.features, "--cv", "walk-forward(folds=3)",
            "--rounds", "30", "--trials", "4", "--seed", "5",
        ]
        let first = try AutoMLCommand.parse(arguments + ["--workers", "1"]).execute()
        let second = try AutoMLCommand.parse(arguments + ["--workers", "2"]).execute()
        #expect(first.modelID == "m1" && second.modelID == "m2")
        #expect(first.trials.map(\.index) == second.trials.map(\.index))
        #expect(first.trials.map(\.meanAUC) == second.trials.map(\.meanAUC))
        let ensemble = try EnsembleCommand.parse([
            "--data-dir", scratch.path, "--data", Self.eurusd, "--models", "m1,m2", "--method", "mean", "--cv", "walk-forward(folds=3)",
        ]).execute()
        #expect(ensemble.modelID == "m3" && ensemble.members == ["m1", "m2"] && (0.3...0.7).contains(ensemble.oos.auc))

        let recorded = try EnsembleCommand.parse([
            "--data-dir", scratch.path, "--models", "m1,m2", "--method", "mean", "--cv", "walk-forward(folds=3)",
        ]).execute()
        #expect(recorded.modelID == "m4" && recorded.rows == ensemble.rows && recorded.oos.auc == ensemble.oos.auc,
                "without --data, the file the members were trained on")

        let copy = scratch.path + "/EURUSD copy.csv"
        try FileManager.default.copyItem(atPath: Self.eurusd, toPath: copy)
        _ = try TrainCommand.parse([
            "--data-dir", scratch.path, "--data", copy, "--features", Self.features, "--cv", "walk-forward(folds=3)", "--rounds", "5",
            "--threads", "1",
        ]).execute()
        #expect(throws: TradehubError.self, "m5 was trained on another file") {
            try EnsembleCommand.parse(["--data-dir", scratch.path, "--models", "m1,m5"]).execute()
        }
        try FileManager.default.removeItem(atPath: copy)
        _ = try TrainCommand.parse([
            "--data-dir", scratch.path, "--data", Self.eurusd, "--features", Self.features, "--rounds", "5", "--threads", "1",
        ]).execute()
        #expect(throws: TradehubError.self, "m5's file is gone") {
            try EnsembleCommand.parse(["--data-dir", scratch.path, "--models", "m5,m6"]).execute()
        }
    }

    @Test("an ensemble is served by decide, backtest --strategy ml-signal and, as champion, the decision loop; its members stay")
    func ensembleServed() async throws {
        let scratch = TemporaryPath()
        let dataDir = ["--data-dir", scratch.path]
        for features in [Self.features, "SMA(20),return(3),lag(return(1),2),hour()"] {
            _ = try TrainCommand.parse(dataDir + [
                "--data", Self.eurusd, "--features", features, "--label", "direction(h=12,threshold=0.0005)", "--rounds", "15", "--threads", "1",
            ]).execute()
        }
        let ensemble = try EnsembleCommand.parse(dataDir + [
            "--data", Self.eurusd, "--models", "m1,m2", "--method", "stack", "--cv", "walk-forward(folds=3)",
        ]).execute()
        #expect(ensemble.modelID == "m3")

        let decided = try DecideCommand.parse(dataDir + ["--data", Self.eurusd, "--model", "m3", "--param", "threshold=0.5"]).execute()
        #expect(decided.modelID == "m3" && !decided.intents.isEmpty)
        for intent in decided.intents {
            let reason = try #require(intent.reason)
            let p = try #require(reason.score)
            #expect(reason.summary.hasPrefix("ensemble m3 (stack of m1, m2)"))
            #expect(reason["m1:RSI(14)"] != nil && reason["m2:SMA(20)"] != nil && reason["m1:p(up)"] != nil)
            #expect(intent.side == .buy ? p >= 0.5 : p <= 0.5)
        }
        #expect(decided.text.contains("\(decided.intents.count) intents on 5000 bars"))

        let backtest = try BacktestCommand.parse(dataDir + [
            "--data", Self.eurusd, "--strategy", "ml-signal", "--model", "m3", "--param", "threshold=0.5", "--exclusive-orders",
        ]).execute()
        #expect(!backtest.result.trades.isEmpty)

        #expect(await TradehubCommand.main(arguments: ["models", "promote", "m3"] + dataDir) == 0)
        let live = try DecideCommand.parse(dataDir + [
            "--data", Self.eurusd, "--symbol", "EURUSD", "--timeframe", "H1", "--param", "threshold=0.5",
        ]).execute()
        #expect(live.modelID == "m3" && live.intents == decided.intents, "the champion ensemble decides as it does by id")

        let inUse = try #require(thrownError { try ModelsCommand.Delete.parse(dataDir + ["m1"]).run() })
        #expect(inUse.code == .modelInUse && inUse.message.contains("ensemble m3"))
    }

    @Test("an ensemble whose member is missing, is itself an ensemble or has another timeframe is refused, naming both")
    func brokenEnsembles() throws {
        let scratch = TemporaryPath()
        let dataDir = ["--data-dir", scratch.path]
        do {  // the data directory stays locked until `stores` is gone
            let stores = try CommandSetup.importManager(GlobalOptions.parse(dataDir)).openStores()
            defer { try? stores.close() }
            func register(_ kind: String, timeframe: String = "H1", members: [String] = []) throws {
                let spec = ModelSpec(
                    symbol: "EURUSD", timeframe: timeframe, kind: kind, featureSet: "RSI(14)", featureHash: "-",
                    label: "direction(h=12,threshold=0)", dataFromMs: 0, dataToMs: 1, parameters: [:], metrics: [:],
                    parent: members.isEmpty ? nil : members.joined(separator: ","))
                let artifact = #"{"method":"mean","memberIDs":[\#(members.map { "\"\($0)\"" }.joined(separator: ","))]}"#
                _ = try stores.models.register(spec, artifact: Data(artifact.utf8), tenant: .embeddedDefault, nowMs: 0)
            }
            try register("xgboost:binary:logistic", timeframe: "M15")  // m1
            try register("ensemble:mean", members: ["m9"])  // m2: a member that is not (or no longer) in the registry
            try register("ensemble:mean", members: ["m2"])  // m3: an ensemble of an ensemble
            try register("ensemble:mean", members: ["m1"])  // m4: a member of another timeframe
        }
        for (id, member, problem) in [
            ("m2", "m9", "no longer in the registry"), ("m3", "m2", "of kind ensemble:mean"), ("m4", "m1", "trained on M15 bars"),
        ] {
            let error = try #require(thrownError {
                _ = try DecideCommand.parse(dataDir + ["--data", Self.eurusd, "--model", id]).execute()
            })
            #expect(error.code == .modelFormat, "\(id)")
            #expect(error.message.contains("\(member) (member of ensemble \(id))") && error.message.contains(problem), "\(error.message)")
        }
    }

    @Test("retrain scores champion and challenger on the same unseen window, logs both, and promotes only a better challenger")
    func retrain() async throws {
        let scratch = TemporaryPath()
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let lines = try String(contentsOfFile: Self.eurusd, encoding: .utf8).split(separator: "\n")
        let older = scratch.path + "/older.csv"
        try (lines.prefix(3001).joined(separator: "\n") + "\n").write(toFile: older, atomically: true, encoding: .utf8)
        let dataDir = ["--data-dir", scratch.path + "/data"]
        _ = try TrainCommand.parse(dataDir + [
            "--data", older, "--symbol", "EURUSD", "--features", Self.features, "--rounds", "20", "--threads", "1",
        ]).execute()
        #expect(await TradehubCommand.main(arguments: ["models", "promote", "m1"] + dataDir) == 0)
        let outcome = try RetrainCommand.parse(dataDir + ["--data", Self.eurusd, "--symbol", "EURUSD", "--timeframe", "H1"]).execute()
        #expect(outcome.champion == "m1" && outcome.challenger == "m2" && outcome.windowRows == 1000)
        let stores = try CommandSetup.importManager(GlobalOptions.parse(dataDir)).openStores()
        defer { try? stores.close() }
        let last = try #require(try stores.models.decisions(tenant: .embeddedDefault, symbol: "EURUSD", timeframe: "H1").last)
        #expect(last.championScore == outcome.championAUC && last.challengerScore == outcome.challengerAUC)
        #expect(last.action == (outcome.challengerAUC > outcome.championAUC ? .promote : .kept))
        let champion = try stores.models.champion(tenant: .embeddedDefault, symbol: "EURUSD", timeframe: "H1")
        #expect(champion?.id == (outcome.promoted ? "m2" : "m1"))
        #expect(try stores.models.model(tenant: .embeddedDefault, id: "m2")?.spec.parent == "m1")
    }

    @Test("bad --cv and an unknown model are clear errors")
    func errors() throws {
        let scratch = TemporaryPath()
        let badCV = try #require(thrownError {
            _ = try TrainCommand.parse([
                "--data-dir", scratch.path, "--data", Self.eurusd, "--features", "RSI(14)", "--cv", "k-fold(folds=3)",
            ]).execute()
        })
        #expect(badCV.code == .cvArgument && badCV.message.contains("k-fold"))
        let noSpread = try #require(thrownError {
            _ = try TrainCommand.parse(["--data-dir", scratch.path, "--data", Self.eurusd, "--features", "RSI(14),spread()"]).execute()
        })
        #expect(noSpread.code == .csvHeader, "a feature set reading spread() on a file without a Spread column is refused, not fed zeros")
        let unknown = try #require(thrownError {
            _ = try DecideCommand.parse(["--data-dir", scratch.path, "--data", Self.eurusd, "--model", "m7"]).execute()
        })
        #expect(unknown.code == .modelUnknown)
        let noChampion = try #require(thrownError {
            _ = try RetrainCommand.parse(["--data-dir", scratch.path, "--data", Self.eurusd, "--symbol", "EURUSD", "--timeframe", "H1"]).execute()
        })
        #expect(noChampion.code == .modelNoChampion)
    }
}
