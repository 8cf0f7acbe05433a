import ArgumentParser
import ErrorDNA
import Features
import Foundation
import Learning
import MarketData
import Storage
import TradehubModel

/// `tradehub retrain`: a challenger with the champion's recipe, trained on the data before the
/// newest window, against the champion on that window, which neither has seen (the champion's
/// data ends before it). The challenger is promoted only when it scores higher; the decision
/// and both scores are logged either way. An ensemble's challenger is every member retrained with
/// its recipe and an ensemble of the same method over them.
struct RetrainCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Train a challenger on the newest data; promote it only if it beats the champion out of sample.",
        discussion: """
            Example: tradehub retrain --data EURUSD_H1_latest.csv --symbol EURUSD --timeframe H1
            The window is the bars after the champion's training data ended (at most --window rows, the
            newest); the challenger trains on the rows before it, purged of labels that reach into it.
            An ensemble champion's members are each retrained so (on the rows all members share) and
            combined by the same method; `stack` fits its stacker on their out-of-sample predictions on
            those rows only.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var tenantOption: TenantOption

    @Option(help: "OHLCV CSV with the newest bars (and enough history to train).")
    var data: String
    @Option(help: "Symbol of the series.")
    var symbol: String
    @Option(help: "Timeframe of the series.")
    var timeframe: String
    @Option(help: "Most rows in the comparison window.")
    var window = 1_000
    @Option(help: "Fewest rows the window needs for a decision.")
    var minimumWindow = 100

    func execute() throws -> RetrainDocument {
        let manager = try CommandSetup.importManager(global)
        let stores = try manager.openStores()
        defer { try? stores.close() }
        let tenant = try tenantOption.resolve(in: stores)
        guard let champion = try stores.models.champion(tenant: tenant, symbol: symbol, timeframe: timeframe) else {
            throw TradehubError(.modelNoChampion, ["symbol": symbol, "timeframe": timeframe])
        }
        let bars = try OHLCVTable.read(path: data).bars(path: data)
        let registry = Registry(models: stores.models, tenant: tenant, nowMs: manager.clock.nowMs(), dataPath: LearningArguments.recordedPath(data))
        if champion.spec.kind.hasPrefix("ensemble:") {
            return try retrainEnsemble(champion, bars: bars, stores: stores, registry: registry)
        }
        let trees = try stores.treeModel(champion).trees
        let label = try LabelSpec(parsing: champion.spec.label)
        let set = try TrainingSet(
            bars: bars, featureSet: FeatureSet(parsing: champion.spec.featureSet), timeframe: Timeframe(name: timeframe), label: label)
        let split = try self.split(times: set.times, labelWindowEnd: set.labelWindowEnd, horizon: label.horizon, seenToMs: champion.spec.dataToMs, by: champion)
        let challenge = try self.challenge(
            champion, trees: trees, training: set.dataset.rows(split.train), window: set.dataset.rows(split.window), split: split,
            registry: registry)
        return try decide(challenge, split: split, members: nil, registry: registry)
    }

    /// An ensemble champion's challenger: every member retrained with its recipe on the rows all
    /// members share before the window, and an ensemble of the same method over them (a stacker
    /// fitted only on the new members' out-of-sample predictions on those rows).
    private func retrainEnsemble(_ champion: ModelVersion, bars: [Bar], stores: Stores, registry: Registry) throws -> RetrainDocument {
        let served = try stores.signalModel(champion)
        let ensemble = served.ensemble!  // `signalModel` serves an ensemble kind as an ensemble or throws
        let members = try ensemble.memberIDs.map { try stores.modelVersion(tenant: registry.tenant, id: $0) }
        let rows = try EnsembleRows(members: members, bars: bars)
        // The champion has seen its members' training data and the rows its stacker was fitted on.
        let seenToMs = members.map(\.spec.dataToMs).reduce(champion.spec.dataToMs, max)
        let split = try self.split(times: rows.times, labelWindowEnd: rows.labelWindowEnd, horizon: rows.label.horizon, seenToMs: seenToMs, by: champion)
        let challenges = try members.indices.map { member in
            try self.challenge(
                members[member], trees: served.members[member].trees, training: rows.dataset(member: member, rows: split.train),
                window: rows.dataset(member: member, rows: split.window), split: split, registry: registry)
        }
        let ids = challenges.map(\.challenger.id)
        let model = switch ensemble.method {
        case .stack:
            try rows.outOfSample(rows: split.train, cv: champion.spec.parameters["cv"] ?? EnsembleCommand.defaultCV, method: .stack)
                .result.model(memberIDs: ids)
        case .mean, .vote: try EnsembleModel(method: ensemble.method, memberIDs: ids, stacker: nil)
        }
        func combined(_ ensemble: EnsembleModel, _ scores: KeyPath<Challenge, [Float]>) -> [Float] {
            (0..<split.window.count).map { row in ensemble.predict(memberProbabilities: challenges.map { $0[keyPath: scores][row] }) }
        }
        var parameters = champion.spec.parameters
        parameters["members"] = ids.joined(separator: ",")
        let challenge = try registry.challenge(
            champion, labels: split.window.map { rows.labels[$0] }, championScores: combined(ensemble, \.championScores),
            challengerScores: combined(model, \.challengerScores), split: split, parameters: parameters,
            artifact: JSONEncoder().encode(model))
        return try decide(challenge, split: split, members: challenges, registry: registry)
    }

    /// The comparison window and the rows a challenger trains on, over rows opening at `times`
    /// whose labels read up to `labelWindowEnd`. The window is the rows the champion never saw
    /// (their bar opens after its data ended at `seenToMs`, and after the bars its last labels
    /// read: an embargo of one horizon), the newest `--window` of them; the challenger trains
    /// only on rows whose label is known before the window starts.
    private func split(times: [Int64], labelWindowEnd: [Int], horizon: Int, seenToMs: Int64, by champion: ModelVersion) throws -> RetrainSplit {
        let unseen = (times.firstIndex { $0 > seenToMs } ?? times.count) + horizon
        let start = max(unseen, times.count - window)
        guard times.count - start >= minimumWindow else {
            throw TradehubError(.learningData, [
                "problem": "\(times.count - start) rows of \(data) are newer than \(champion.id)'s data (to "
                    + "\(Terminal.isoTime(ms: seenToMs))); a decision needs \(minimumWindow) (--minimum-window)",
            ])
        }
        let train = (0..<start).filter { labelWindowEnd[$0] < start }
        return RetrainSplit(window: start..<times.count, train: train, times: times)
    }

    /// `model`'s recipe (features, label, parameters, rounds) trained on `training` and registered
    /// as its challenger, both scored on `window`.
    private func challenge(
        _ model: ModelVersion, trees: TreeEnsemble, training: Dataset, window: Dataset, split: RetrainSplit, registry: Registry
    ) throws -> Challenge {
        let booster = try Booster.train(training, options: LearningArguments.trainingOptions(recordedIn: model.spec))
        let json = try booster.modelJSON()
        return try registry.challenge(
            model, labels: window.labels, championScores: trees.predict(window.features),
            challengerScores: try TreeEnsemble(json: json).predict(window.features), split: split, parameters: model.spec.parameters,
            artifact: Data(json))
    }

    /// Promotes the challenger if it scored higher, else keeps the champion; logs the decision with both scores.
    private func decide(_ challenge: Challenge, split: RetrainSplit, members: [Challenge]?, registry: Registry) throws -> RetrainDocument {
        let (champion, challenger) = (challenge.champion.id, challenge.challenger.id)
        let promoted = challenge.challengerAUC > challenge.championAUC
        let reason = "AUC on the \(split.window.count) newest rows (\(Terminal.isoTime(ms: split.windowFromMs)) → "
            + "\(Terminal.isoTime(ms: split.windowToMs))), unseen by both"
        let decision = ChampionDecision(
            symbol: symbol, timeframe: timeframe, action: promoted ? .promote : .kept, champion: promoted ? challenger : champion,
            previous: champion, challenger: challenger, metric: "auc", championScore: challenge.championAUC,
            challengerScore: challenge.challengerAUC, reason: reason, atMs: registry.nowMs)
        if promoted {
            try registry.models.promote(tenant: registry.tenant, id: challenger, decision: decision)
        } else {
            try registry.models.log(decision, tenant: registry.tenant)
        }
        return RetrainDocument(
            champion: champion, challenger: challenger, promoted: promoted, windowRows: split.window.count, trainRows: split.train.count,
            windowFromMs: split.windowFromMs, windowToMs: split.windowToMs, championAUC: challenge.championAUC,
            challengerAUC: challenge.challengerAUC, reason: reason, members: members?.map(RetrainDocument.Member.init))
    }
}

/// The rows `retrain` compares on and trains on, positions in rows opening at `times`.
private struct RetrainSplit {
    let window: Range<Int>
    let train: [Int]
    let times: [Int64]

    var windowFromMs: Int64 { times[window.lowerBound] }
    var windowToMs: Int64 { times[window.upperBound - 1] }
    var trainedFromMs: Int64 { times[train.first ?? 0] }
    var trainedToMs: Int64 { times[train.last ?? 0] }
}

/// A registered challenger and the model it challenges, with their probabilities and AUCs on the window.
private struct Challenge {
    let champion, challenger: ModelVersion
    let championScores, challengerScores: [Float]
    let championAUC, challengerAUC: Double
}

/// Where `retrain` registers its challengers: a tenant's model registry, at one moment.
private struct Registry {
    let models: any ModelStore
    let tenant: TenantID
    let nowMs: Int64
    /// The file the challengers are trained on, as the registry records it.
    let dataPath: String

    /// Scores `model` and its challenger (`artifact`, trained on `split.train` with `parameters`)
    /// on the window's `labels`, and registers the challenger: `model`'s spec with its data range,
    /// both AUCs and `model` as parent.
    func challenge(
        _ model: ModelVersion, labels: [Float], championScores: [Float], challengerScores: [Float], split: RetrainSplit,
        parameters: [String: String], artifact: Data
    ) throws -> Challenge {
        let championAUC = try Metrics.auc(labels: labels, scores: championScores)
        let challengerAUC = try Metrics.auc(labels: labels, scores: challengerScores)
        var spec = model.spec
        spec.dataFromMs = split.trainedFromMs
        spec.dataToMs = split.trainedToMs
        spec.parameters = parameters
        spec.parameters["data"] = dataPath
        spec.metrics = ["auc": challengerAUC, "champion_auc_same_window": championAUC]
        spec.parent = model.id
        return Challenge(
            champion: model, challenger: try models.register(spec, artifact: artifact, tenant: tenant, nowMs: nowMs),
            championScores: championScores, challengerScores: challengerScores, championAUC: championAUC, challengerAUC: challengerAUC)
    }
}

/// `tradehub retrain --json`: both scores on the same window and what was decided; for an
/// ensemble champion, each member and its retrained challenger with their scores on that window.
struct RetrainDocument: Encodable, TextReport {
    /// A retrained member of an ensemble.
    struct Member: Encodable {
        let champion, challenger: String
        let championAUC, challengerAUC: Double

        fileprivate init(_ challenge: Challenge) {
            champion = challenge.champion.id
            challenger = challenge.challenger.id
            championAUC = challenge.championAUC
            challengerAUC = challenge.challengerAUC
        }

        enum CodingKeys: String, CodingKey {
            case champion, challenger, championAUC = "champion_auc", challengerAUC = "challenger_auc"
        }
    }

    let champion, challenger: String
    let promoted: Bool
    let windowRows, trainRows: Int
    let windowFromMs, windowToMs: Int64
    let championAUC, challengerAUC: Double
    let reason: String
    /// Nil when the champion is one model.
    let members: [Member]?

    enum CodingKeys: String, CodingKey {
        case champion, challenger, promoted, windowRows = "window_rows", trainRows = "train_rows"
        case windowFromMs = "window_from_ms", windowToMs = "window_to_ms"
        case championAUC = "champion_auc", challengerAUC = "challenger_auc", reason, members
    }

    var text: String {
        var lines = [
            "champion   \(champion): AUC \(TrainDocument.format(championAUC))",
            "challenger \(challenger): AUC \(TrainDocument.format(challengerAUC)) (trained on \(trainRows) rows)",
        ]
        for member in members ?? [] {
            lines.append(
                "  member \(member.champion) retrained as \(member.challenger): AUC \(TrainDocument.format(member.challengerAUC))"
                    + " (\(member.champion): \(TrainDocument.format(member.championAUC)))")
        }
        lines.append(reason)
        lines.append(promoted ? "promoted \(challenger)" : "kept \(champion); \(challenger) stays a candidate")
        return lines.joined(separator: "\n")
    }
}
