import ArgumentParser
import ErrorDNA
import Foundation
import Learning
import MarketData
import Storage

/// `tradehub ensemble`: combines registry models by their out-of-sample predictions on a file,
/// each member retrained fold by fold with its own recipe, so no member and no stacker ever
/// scores a row it learnt from.
struct EnsembleCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "ensemble",
        abstract: "Combine registry models (mean, vote or stack) by their out-of-sample predictions; register the ensemble.",
        discussion: """
            Example: tradehub ensemble --models m1,m2,m3 --method stack
            Without --data, the members are scored on the file they were trained on (the registry records
            it; all members must share it). Every member is retrained walk-forward on the rows all members share (its features, label,
            parameters and rounds from the registry); `stack` fits its logistic regression for each fold
            only on earlier folds' out-of-sample predictions.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var tenantOption: TenantOption

    @Option(help: "OHLCV CSV the members are scored on (default: the file they were all trained on).")
    var data: String?
    @Option(help: "Member model ids, comma-separated (same label).")
    var models: String
    @Option(help: "mean, vote or stack.")
    var method: String = "mean"
    @Option(help: "walk-forward(folds=N,embargo=E); embargo defaults to the label's horizon.")
    var cv = Self.defaultCV

    /// The `--cv` an ensemble is validated (and a stacker fitted) with unless told otherwise.
    static let defaultCV = "walk-forward(folds=5)"

    func execute() throws -> EnsembleDocument {
        let manager = try CommandSetup.importManager(global)
        guard let ensembleMethod = EnsembleMethod(rawValue: method) else {
            throw TradehubError(.usage, ["argument": "--method", "problem": "'\(method)' is not mean, vote or stack"])
        }
        let ids = models.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard ids.count >= 2 else { throw TradehubError(.usage, ["argument": "--models", "problem": "give at least two model ids"]) }
        let stores = try manager.openStores()
        defer { try? stores.close() }
        let tenant = try tenantOption.resolve(in: stores)
        let members = try ids.map { try stores.modelVersion(tenant: tenant, id: $0) }
        let data = try self.data ?? Self.sharedTrainingFile(of: members)
        let bars = try OHLCVTable.read(path: data).bars(path: data)
        let rows = try EnsembleRows(members: members, bars: bars)
        let evaluation = try rows.outOfSample(rows: Array(0..<rows.count), cv: cv, method: ensembleMethod)
        let result = evaluation.result
        let model = try result.model(memberIDs: ids)
        let version = try stores.models.register(
            ModelSpec(
                symbol: members[0].spec.symbol, timeframe: members[0].spec.timeframe, kind: "ensemble:\(ensembleMethod.rawValue)",
                featureSet: members.map(\.spec.featureSet).joined(separator: " | "),
                featureHash: members.map(\.spec.featureHash).joined(separator: ","), label: members[0].spec.label,
                dataFromMs: rows.times.first!, dataToMs: rows.times.last!,
                parameters: [
                    "members": ids.joined(separator: ","), "method": ensembleMethod.rawValue, "cv": cv,
                    "data": LearningArguments.recordedPath(data),
                ],
                metrics: ["auc": result.meanAUC, "logloss": result.meanLogLoss, "accuracy": result.meanAccuracy],
                parent: ids.joined(separator: ",")),
            artifact: try JSONEncoder().encode(model), tenant: tenant, nowMs: manager.clock.nowMs())
        let memberScores = try evaluation.predictions.map { member in
            try Self.score(member, labels: evaluation.labels, folds: evaluation.folds)
        }
        return EnsembleDocument(
            modelID: version.id, method: ensembleMethod.rawValue, members: ids, rows: rows.count,
            oos: OutOfSampleJSON(auc: result.meanAUC, logloss: result.meanLogLoss, accuracy: result.meanAccuracy),
            memberAUC: Dictionary(uniqueKeysWithValues: zip(ids, memberScores)),
            weights: result.stacker.map { $0.weights } , bias: result.stacker?.bias)
    }

    /// The data file every member records it was trained on; `E_USAGE` (give `--data`) when one
    /// records none, they differ, or the file is gone.
    static func sharedTrainingFile(of members: [ModelVersion]) throws -> String {
        let files = Set(members.map { $0.spec.parameters["data"] ?? "" })
        guard files.count == 1, let file = files.first, !file.isEmpty else {
            let listed = members.map { "\($0.id): \($0.spec.parameters["data"] ?? "no file recorded")" }.joined(separator: ", ")
            throw TradehubError(.usage, ["argument": "--data", "problem": "the members were not all trained on one recorded file (\(listed)); give --data"])
        }
        guard FileManager.default.fileExists(atPath: file) else {
            throw TradehubError(.usage, ["argument": "--data", "problem": "the members' training file \(file) is gone; give --data"])
        }
        return file
    }

    /// A member's mean out-of-sample AUC over the folds the ensemble is scored on.
    static func score(_ predictions: [Float?], labels: [Float], folds: [ValidationFold]) throws -> Double {
        let aucs = try folds.map { fold in
            try Metrics.auc(labels: fold.test.map { labels[$0] }, scores: fold.test.map { predictions[$0] ?? 0.5 })
        }
        return aucs.reduce(0, +) / Double(aucs.count)
    }
}

/// `tradehub ensemble --json`.
struct EnsembleDocument: Encodable, TextReport {
    let modelID: String
    let method: String
    let members: [String]
    let rows: Int
    let oos: OutOfSampleJSON
    let memberAUC: [String: Double]
    let weights: [Double]?
    let bias: Double?

    enum CodingKeys: String, CodingKey { case modelID = "model_id", method, members, rows, oos, memberAUC = "member_auc", weights, bias }

    var text: String {
        var lines = members.map { "member \($0): out-of-sample AUC \(String(format: "%.4f", memberAUC[$0] ?? .nan))" }
        lines.append(
            "\(method) of \(members.count) on \(rows) rows: AUC \(TrainDocument.format(oos.auc)), log loss \(TrainDocument.format(oos.logloss)),"
                + " accuracy \(TrainDocument.format(oos.accuracy)) (out of sample)")
        if let weights, let bias {
            lines.append("stacker (fitted on every out-of-sample row, for serving): bias \(String(format: "%.4f", bias)), weights "
                + weights.map { String(format: "%.4f", $0) }.joined(separator: " "))
        }
        lines.append("registered as \(modelID)")
        return lines.joined(separator: "\n")
    }
}
