import Foundation
import Storage
import Testing

@testable import TradehubCLI

@Suite("tradehub retrain of an ensemble champion")
struct RetrainEnsembleTests {
    static let label = "direction(h=1,threshold=0)"
    static let memberFeatures = ["return(1),return(2)", "return(1),lag(return(1),1),return(3)"]

    /// Hourly bars whose returns follow an AR(1) with coefficient +0.5 (trending: the next bar's
    /// direction tends to repeat the last one's) or −0.5 (reverting), one segment after another,
    /// from a fixed seed: a model learns the regime it is trained on and misreads the other.
    static func bars(_ segments: [(trending: Bool, count: Int)]) -> [(timeMs: Int64, close: Double)] {
        var generator = SeededGenerator(state: 42)
        var rows: [(timeMs: Int64, close: Double)] = []
        var (close, last) = (1.1, 0.0)
        for segment in segments {
            for _ in 0..<segment.count {
                let u = max(Double(generator.next() >> 11) / Double(1 << 53), 1e-12), v = Double(generator.next() >> 11) / Double(1 << 53)
                let noise = (-2 * log(u)).squareRoot() * cos(2 * .pi * v) * 0.001
                last = (segment.trending ? 0.5 : -0.5) * last + noise
                close *= exp(last)
                rows.append((1_600_000_000_000 + Int64(rows.count) * 3_600_000, close))
            }
        }
        return rows
    }

    /// Writes `rows` as an OHLCV CSV (each bar opening at the last close); returns its path.
    static func write(_ rows: ArraySlice<(timeMs: Int64, close: Double)>, to path: String) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        var text = ",Open,High,Low,Close,Volume\n"
        var open = rows.first!.close
        for row in rows {
            let time = formatter.string(from: Date(timeIntervalSince1970: Double(row.timeMs) / 1000))
            text += "\(time),\(open),\(max(open, row.close) + 0.0002),\(min(open, row.close) - 0.0002),\(row.close),100\n"
            open = row.close
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A champion ensemble (m3 over m1, m2) learnt on trending bars, retrained on later bars that
    /// revert throughout (the challenger learns the new regime and wins) or revert and then trend
    /// again in the window (the challenger learnt the wrong regime and loses).
    @Test(
        "an ensemble champion's challenger retrains every member and combines them by the same method; it is promoted only if better",
        arguments: zip(["stack", "mean"], [true, false]))
    func retrainEnsemble(method: String, challengerWins: Bool) async throws {
        let scratch = TemporaryPath()
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let series = Self.bars(challengerWins ? [(true, 1500), (false, 2200)] : [(true, 1500), (false, 1200), (true, 1100)])
        let older = try Self.write(series[..<1500], to: scratch.path + "/older.csv")
        let newer = try Self.write(series[1500...], to: scratch.path + "/newer.csv")
        let dataDir = ["--data-dir", scratch.path + "/data"]
        for features in Self.memberFeatures {
            _ = try TrainCommand.parse(dataDir + [
                "--data", older, "--symbol", "SYN", "--timeframe", "H1", "--features", features, "--label", Self.label,
                "--cv", "walk-forward(folds=3)", "--rounds", "20", "--threads", "1",
            ]).execute()
        }
        let cv = "walk-forward(folds=3)"
        let ensemble = try EnsembleCommand.parse(dataDir + ["--data", older, "--models", "m1,m2", "--method", method, "--cv", cv]).execute()
        #expect(ensemble.modelID == "m3")
        #expect(await TradehubCommand.main(arguments: ["models", "promote", "m3"] + dataDir) == 0)

        let outcome = try RetrainCommand.parse(dataDir + ["--data", newer, "--symbol", "SYN", "--timeframe", "H1"]).execute()
        #expect(outcome.champion == "m3" && outcome.challenger == "m6" && outcome.windowRows == 1000)
        #expect(outcome.members?.map(\.champion) == ["m1", "m2"] && outcome.members?.map(\.challenger) == ["m4", "m5"])
        #expect(outcome.promoted == challengerWins, "champion AUC \(outcome.championAUC), challenger \(outcome.challengerAUC)")
        #expect(outcome.promoted == (outcome.challengerAUC > outcome.championAUC))
        #expect(outcome.text.contains("member m1 retrained as m4") && outcome.text.contains("member m2 retrained as m5"))
        let json = try #require(try JSONSerialization.jsonObject(with: Terminal.jsonEncoder.encode(outcome)) as? [String: Any])
        let members = try #require(json["members"] as? [[String: Any]])
        #expect(members.map { $0["champion"] as? String } == ["m1", "m2"] && members.map { $0["challenger"] as? String } == ["m4", "m5"])
        #expect(members.allSatisfy { $0["champion_auc"] is Double && $0["challenger_auc"] is Double })

        do {  // the data directory stays locked until `stores` is gone
            let stores = try CommandSetup.importManager(GlobalOptions.parse(dataDir)).openStores()
            defer { try? stores.close() }
            func model(_ id: String) throws -> ModelVersion { try #require(try stores.models.model(tenant: .embeddedDefault, id: id)) }
            let last = try #require(try stores.models.decisions(tenant: .embeddedDefault, symbol: "SYN", timeframe: "H1").last)
            #expect(last.action == (challengerWins ? .promote : .kept) && last.challenger == "m6" && last.previous == "m3")
            #expect(last.championScore == outcome.championAUC && last.challengerScore == outcome.challengerAUC)
            let champion = try stores.models.champion(tenant: .embeddedDefault, symbol: "SYN", timeframe: "H1")
            #expect(champion?.id == (challengerWins ? "m6" : "m3"))

            let challenger = try model("m6")
            #expect(challenger.spec.kind == "ensemble:\(method)" && challenger.spec.parent == "m3")
            #expect(challenger.spec.parameters == [
                "members": "m4,m5", "method": method, "cv": cv, "data": LearningArguments.recordedPath(newer),
            ])
            #expect(challenger.spec.metrics == ["auc": outcome.challengerAUC, "champion_auc_same_window": outcome.championAUC])
            // The window rule: the champion and its members learnt nothing of the window, and no
            // retrained member trained on a row whose label (one bar ahead) reaches into it.
            let seen = try ["m1", "m2", "m3"].map { try model($0).spec.dataToMs }
            #expect(seen.allSatisfy { $0 < outcome.windowFromMs })
            for (old, new) in [("m1", "m4"), ("m2", "m5")] {
                let (member, recipe) = (try model(new), try model(old))
                #expect(member.spec.parent == old && member.spec.featureSet == recipe.spec.featureSet)
                #expect(member.spec.kind == "xgboost:binary:logistic" && member.spec.label == Self.label)
                #expect(member.spec.dataToMs + 3_600_000 < outcome.windowFromMs, "\(new) trained on the window")
                #expect(member.spec.dataFromMs >= series[1500].timeMs, "\(new) trained on the newest file")
            }
        }
        let decided = try DecideCommand.parse(dataDir + ["--data", newer, "--model", "m6", "--param", "threshold=0.5"]).execute()
        #expect(decided.modelID == "m6" && !decided.intents.isEmpty, "the challenger ensemble is servable")
        let deleted = try #require(thrownError { try ModelsCommand.Delete.parse(dataDir + ["m4"]).run() })
        #expect(deleted.code == .modelInUse && deleted.message.contains("ensemble m6"), "a retrained member is in use by its ensemble")
    }
}
