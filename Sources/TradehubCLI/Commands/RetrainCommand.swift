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
/// and both scores are logged either way.
struct RetrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain",
        abstract: "Train a challenger on the newest data; promote it only if it beats the champion out of sample.",
        discussion: """
            Example: tradehub retrain --data EURUSD_H1_latest.csv --symbol EURUSD --timeframe H1
            The window is the bars after the champion's training data ended (at most --window rows, the
            newest); the challenger trains on the rows before it, purged of labels that reach into it.
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

    func run() throws {
        let document = try execute()
        if output.json { return try Terminal.printJSON(document) }
        Terminal.standardOutput(document.text)
    }

    func execute() throws -> RetrainDocument {
        let manager = try CommandSetup.importManager(global)
        let stores = try manager.openStores()
        defer { try? stores.close() }
        let tenant = try tenantOption.resolve(in: stores)
        guard let champion = try stores.models.champion(tenant: tenant, symbol: symbol, timeframe: timeframe) else {
            throw TradehubError(.modelNoChampion, ["symbol": symbol, "timeframe": timeframe])
        }
        let trees = try stores.treeModel(champion).trees
        let featureSet = try FeatureSet(parsing: champion.spec.featureSet)
        let label = try LabelSpec(parsing: champion.spec.label)
        let bars = try OHLCVTable.read(path: data).bars(path: data)
        let set = try TrainingSet(bars: bars, featureSet: featureSet, timeframe: Timeframe(name: timeframe), label: label)
        // Rows the champion never saw: their bar opens after its data ended, and after the bars its
        // last labels read (an embargo of one horizon). The newest `window` of them.
        let unseen = (set.times.firstIndex { $0 > champion.spec.dataToMs } ?? set.rowCount) + label.horizon
        let start = max(unseen, set.rowCount - window)
        guard set.rowCount - start >= minimumWindow else {
            throw TradehubError(.learningData, [
                "problem": "\(set.rowCount - start) rows of \(data) are newer than \(champion.id)'s data (to "
                    + "\(Terminal.isoTime(ms: champion.spec.dataToMs))); a decision needs \(minimumWindow) (--minimum-window)",
            ])
        }
        let test = start..<set.rowCount
        // Train only on rows whose label is known before the window starts.
        let train = (0..<start).filter { set.labelWindowEnd[$0] < start }
        let options = LearningArguments.trainingOptions(recordedIn: champion.spec)
        let booster = try Booster.train(set.dataset.rows(train), options: options)
        let window = set.dataset.rows(test)
        let championScore = try Metrics.auc(labels: window.labels, scores: trees.predict(window.features))
        let challengerScore = try Metrics.auc(
            labels: window.labels, scores: try TreeEnsemble(json: booster.modelJSON()).predict(window.features))
        let challenger = try stores.models.register(
            ModelSpec(
                symbol: symbol, timeframe: timeframe, kind: champion.spec.kind, featureSet: champion.spec.featureSet,
                featureHash: champion.spec.featureHash, label: champion.spec.label, dataFromMs: set.times[train.first ?? 0],
                dataToMs: set.times[(train.last ?? 0)], parameters: champion.spec.parameters,
                metrics: ["auc": challengerScore, "champion_auc_same_window": championScore], parent: champion.id),
            artifact: Data(try booster.modelJSON()), tenant: tenant, nowMs: manager.clock.nowMs())
        let promoted = challengerScore > championScore
        let reason = "AUC on the \(test.count) newest rows (\(Terminal.isoTime(ms: set.times[test.lowerBound])) → "
            + "\(Terminal.isoTime(ms: set.times[test.upperBound - 1]))), unseen by both"
        let decision = ChampionDecision(
            symbol: symbol, timeframe: timeframe, action: promoted ? .promote : .kept,
            champion: promoted ? challenger.id : champion.id, previous: champion.id, challenger: challenger.id, metric: "auc",
            championScore: championScore, challengerScore: challengerScore, reason: reason, atMs: manager.clock.nowMs())
        if promoted {
            try stores.models.promote(tenant: tenant, id: challenger.id, decision: decision)
        } else {
            try stores.models.log(decision, tenant: tenant)
        }
        return RetrainDocument(
            champion: champion.id, challenger: challenger.id, promoted: promoted, windowRows: test.count, trainRows: train.count,
            championAUC: championScore, challengerAUC: challengerScore, reason: reason)
    }
}

/// `tradehub retrain --json`: both scores on the same window and what was decided.
struct RetrainDocument: Encodable {
    let champion, challenger: String
    let promoted: Bool
    let windowRows, trainRows: Int
    let championAUC, challengerAUC: Double
    let reason: String

    enum CodingKeys: String, CodingKey {
        case champion, challenger, promoted, windowRows = "window_rows", trainRows = "train_rows"
        case championAUC = "champion_auc", challengerAUC = "challenger_auc", reason
    }

    var text: String {
        """
        champion   \(champion): AUC \(TrainDocument.format(championAUC))
        challenger \(challenger): AUC \(TrainDocument.format(challengerAUC)) (trained on \(trainRows) rows)
        \(reason)
        \(promoted ? "promoted \(challenger)" : "kept \(champion); \(challenger) stays a candidate")
        """
    }
}
