import ArgumentParser
import ErrorDNA
import Features
import Foundation
import Indicators
import Learning
import Live
import MarketData
import Storage
import Strategy
import TradehubModel

extension Stores {
    /// The registered model `id` of `tenant`; throws `E_MODEL_UNKNOWN`.
    func modelVersion(tenant: TenantID, id: String) throws -> ModelVersion {
        guard let version = try models.model(tenant: tenant, id: id) else { throw TradehubError(.modelUnknown, ["id": id]) }
        return version
    }

    /// A registry model ready for `ml-signal`: an XGBoost model, or an ensemble of XGBoost
    /// members of its timeframe, on the native evaluator.
    func signalModel(_ version: ModelVersion) throws -> SignalModel {
        guard version.spec.kind.hasPrefix("ensemble:") else { return SignalModel(try treeModel(version)) }
        let source = "ensemble \(version.id)"
        let ensemble: EnsembleModel
        do {
            ensemble = try JSONDecoder().decode(EnsembleModel.self, from: try artifact(of: version))
        } catch let error as DecodingError {
            throw TradehubError(.modelFormat, ["source": source, "problem": "its artifact is not an ensemble's JSON (\(error))"])
        }
        let members = try ensemble.memberIDs.map { id in
            let member = "\(id) (member of \(source))"
            guard let memberVersion = try models.model(tenant: version.tenant, id: id) else {
                throw TradehubError(.modelFormat, ["source": member, "problem": "it is no longer in the registry"])
            }
            let timeframe = memberVersion.spec.timeframe
            guard timeframe == version.spec.timeframe else {
                throw TradehubError(.modelFormat, [
                    "source": member, "problem": "it was trained on \(timeframe) bars, the ensemble serves \(version.spec.timeframe)",
                ])
            }
            return try treeModel(memberVersion, source: member)
        }
        return SignalModel(id: version.id, ensemble: ensemble, members: members)
    }

    /// An XGBoost registry model's feature set and its trees on the native evaluator; `source`
    /// names it in errors. Throws `E_MODEL_FORMAT` for a model of another kind.
    func treeModel(_ version: ModelVersion, source: String? = nil) throws -> TreeModel {
        let source = source ?? "model \(version.id)"
        guard version.spec.kind.hasPrefix("xgboost:") else {
            throw TradehubError(.modelFormat, ["source": source, "problem": "it is of kind \(version.spec.kind), not an XGBoost model"])
        }
        return TreeModel(
            id: version.id, featureSet: try FeatureSet(parsing: version.spec.featureSet), timeframe: Timeframe(name: version.spec.timeframe),
            trees: try TreeEnsemble(json: try artifact(of: version), source: source))
    }

    /// The trained artifact of `version`; throws `E_MODEL_UNKNOWN`.
    private func artifact(of version: ModelVersion) throws -> Data {
        guard let artifact = try models.artifact(tenant: version.tenant, id: version.id) else {
            throw TradehubError(.modelUnknown, ["id": version.id])
        }
        return artifact
    }
}

extension Bar {
    /// The bar as a strategy's context holds it: prices and the real (traded) volume.
    var candle: Candle { Candle(open: open, high: high, low: low, close: close, volume: realVolume) }
}

/// `tradehub decide`: replays a CSV bar by bar through the live decision loop (features →
/// model → threshold → risk rules) and prints every order intent with its reason.
struct DecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Replay a CSV through the live decision loop with a registry model; print the order intents and why.",
        discussion: """
            Example: tradehub decide --data EURUSD_H1.csv --model m1 --param threshold=0.6 --trading-hours 7-20
            Each bar is handed to the loop as it closes, exactly as live: the ml-signal strategy computes the
            model's features on the bars so far, scores them, and risk rules may block the order.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var tenantOption: TenantOption

    @Option(help: "OHLCV CSV: a time column and Open, High, Low, Close[, Volume][, Spread in points].")
    var data: String
    @Option(help: "The registry model (default: the champion of --symbol and --timeframe).")
    var model: String?
    @Option(help: "Timeframe of the champion to use when --model is not given.")
    var timeframe: String?
    @Option(name: .customLong("param"), help: ArgumentHelp("An ml-signal parameter, e.g. threshold=0.6 (repeatable).", valueName: "name=value"))
    var parameters: [String] = []
    @Option(help: "Paper account's starting cash.")
    var cash = 10_000.0
    @Option(help: "Risk: largest net position in units.")
    var maxPositionUnits: Int?
    @Option(help: "Risk: largest loss of a UTC day as a fraction of its first equity (0.02 = 2 %).")
    var maxDailyLoss: Double?
    @Option(help: "Risk: widest spread in points at which to trade (needs a Spread column).")
    var maxSpreadPoints: Double?
    @Option(help: "Risk: UTC hours to trade in, START-END (7-20 = 07:00 to 19:59).")
    var tradingHours: String?
    @Option(help: "The symbol: its champion when --model is not given, and its point size for spreads (default: the model's).")
    var symbol: String?

    func run() throws {
        let document = try execute()
        if output.json { return try Terminal.printJSON(document) }
        Terminal.standardOutput(document.text)
    }

    /// Replays the file; returns every intent.
    func execute() throws -> DecideDocument {
        let stores = try CommandSetup.importManager(global).openStores()
        defer { try? stores.close() }
        let tenant = try tenantOption.resolve(in: stores)
        let version = try model.map { try stores.modelVersion(tenant: tenant, id: $0) } ?? champion(stores, tenant: tenant)
        let signal = try stores.signalModel(version)
        let point = Symbol.standard(symbol ?? version.spec.symbol).point
        let given = try BacktestArguments.given(parameters)
        let strategy = try StrategyCatalogue.named("ml-signal").make(model: signal, given)
        let bars = try OHLCVTable.read(path: data).bars(path: data)
        let loop = try DecisionLoop(strategy: strategy, venue: PaperVenue(cash: cash), rules: try rules(point: point), expectedBars: bars.count)
        var intents: [OrderIntent] = []
        var latencies: [Double] = []
        latencies.reserveCapacity(bars.count)
        for bar in bars {
            let started = ContinuousClock.now
            intents += try loop.onBar(timeMs: bar.openTimeMs, bar.candle, spread: Double(bar.spread) * point)
            latencies.append((ContinuousClock.now - started).seconds * 1e6)
        }
        return DecideDocument(
            modelID: version.id, bars: bars.count, intents: intents,
            latencyMicroseconds: .init(p50: BenchRegistry.quantile(latencies, 0.5), p99: BenchRegistry.quantile(latencies, 0.99)))
    }

    /// The champion of `--symbol` and `--timeframe`, what the live loop trades.
    private func champion(_ stores: Stores, tenant: TenantID) throws -> ModelVersion {
        guard let symbol, let timeframe else {
            throw TradehubError(.usage, ["argument": "--model", "problem": "give --model ID, or --symbol and --timeframe to use their champion"])
        }
        guard let champion = try stores.models.champion(tenant: tenant, symbol: symbol, timeframe: timeframe) else {
            throw TradehubError(.modelNoChampion, ["symbol": symbol, "timeframe": timeframe])
        }
        return champion
    }

    func rules(point: Double) throws -> RiskRules {
        var rules = RiskRules(maxPositionUnits: maxPositionUnits, maxDailyLoss: maxDailyLoss, maxSpread: maxSpreadPoints.map { $0 * point })
        if let tradingHours {
            let parts = tradingHours.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, parts.allSatisfy({ (0...24).contains($0) }) else {
                throw TradehubError(.usage, ["argument": "--trading-hours", "problem": "'\(tradingHours)' is not START-END in UTC hours, e.g. 7-20"])
            }
            rules.tradingHours = .init(start: parts[0], end: parts[1])
        }
        return rules
    }
}

/// `tradehub decide --json`.
struct DecideDocument: Encodable {
    struct Latency: Encodable { let p50, p99: Double }
    let modelID: String
    let bars: Int
    let intents: [OrderIntent]
    let latencyMicroseconds: Latency

    enum CodingKeys: String, CodingKey { case modelID = "model_id", bars, intents, latencyMicroseconds = "latency_us" }

    var text: String {
        let sent = intents.filter { $0.blocked == nil }.count
        var lines = [
            Terminal.table(
                ["BAR", "TIME", "SIDE", "P(UP)", "DECISION"],
                intents.map { intent in
                    [
                        "\(intent.bar)", Terminal.isoTime(ms: intent.timeMs), intent.side.rawValue,
                        intent.reason?.score.map { String(format: "%.4f", $0) } ?? "-",
                        intent.blocked.map { "blocked: \($0)" } ?? "sent",
                    ]
                }),
            "",
            "\(intents.count) intents on \(bars) bars (\(sent) sent, \(intents.count - sent) blocked by risk rules);"
                + " bar → decision p50 \(String(format: "%.1f", latencyMicroseconds.p50)) µs, p99 \(String(format: "%.1f", latencyMicroseconds.p99)) µs",
        ]
        if intents.isEmpty { lines.insert("no intents: the model never crossed the threshold", at: 0) }
        return lines.joined(separator: "\n")
    }
}
