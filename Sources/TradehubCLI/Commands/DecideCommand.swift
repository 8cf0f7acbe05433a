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

/// `tradehub decide`: replays a CSV of bars, or of ticks aggregated into the model's bars, through
/// the live decision loop (features → model → threshold → risk rules) and prints every order
/// intent with its reason.
struct DecideCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Replay a CSV through the live decision loop with a registry model; print the order intents and why.",
        discussion: """
            Example: tradehub decide --data EURUSD_H1.csv --model m1 --param threshold=0.6 --trading-hours 7-20
                     tradehub decide --ticks EURUSD_ticks.csv --model m1 --max-spread-points 20
            Each bar is handed to the loop as it closes, exactly as live: the ml-signal strategy computes the
            model's features on the bars so far, scores them, and risk rules may block the order. With --ticks,
            the ticks (validated as `import` does; quarantined ones are left out) are aggregated into bars of the
            model's timeframe; a bar is decided when the first tick of the next one arrives, whose spread the
            max-spread rule checks and at whose quote (buy at ask, sell at bid) the paper venue fills.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var tenantOption: TenantOption

    @Option(help: "OHLCV CSV: a time column and Open, High, Low, Close[, Volume][, Spread in points].")
    var data: String?
    @Option(help: "Ticks instead of bars: an MT5 tick export, histdata ticks or ticks-csv (what `import` reads).")
    var ticks: String?
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
    @Option(help: "Risk: widest spread in points at which to trade (bars: their Spread column; ticks: the closing tick's).")
    var maxSpreadPoints: Double?
    @Option(help: "Risk: UTC hours to trade in, START-END (7-20 = 07:00 to 19:59).")
    var tradingHours: String?
    @Option(help: "The symbol: its champion when --model is not given, and its point size for spreads (default: the model's).")
    var symbol: String?

    /// Replays the file; returns every intent.
    func execute() throws -> DecideDocument {
        guard (data == nil) != (ticks == nil) else {
            throw TradehubError(.usage, ["argument": "--data", "problem": "give either --data BARS.csv or --ticks TICKS.csv"])
        }
        let manager = try CommandSetup.importManager(global)
        let stores = try manager.openStores()
        defer { try? stores.close() }
        let tenant = try tenantOption.resolve(in: stores)
        let version = try model.map { try stores.modelVersion(tenant: tenant, id: $0) } ?? champion(stores, tenant: tenant)
        let signal = try stores.signalModel(version)
        let traded = try manager.symbolBook().symbol(symbol ?? version.spec.symbol)
        let given = try BacktestArguments.given(parameters)
        let strategy = try StrategyCatalogue.named("ml-signal").make(model: signal, given)
        let venue = PaperVenue(cash: cash)
        let rules = try rules(point: traded.point)
        var replay = Replay()
        if let data {
            let table = try OHLCVTable.read(path: data)
            try FeaturesCommand.requireColumns(of: signal, in: table, path: data)
            let bars = try table.bars(path: data)
            let loop = try DecisionLoop(strategy: strategy, venue: venue, rules: rules, expectedBars: bars.count)
            for bar in bars {
                try replay.step {
                    try loop.onBar(
                        timeMs: bar.openTimeMs, bar.candle, spreadPoints: bar.spread, marketSpread: Double(bar.spread) * traded.point)
                }
            }
            return replay.document(modelID: version.id)
        }
        let file = try TickFile.read(path: ticks!, symbol: traded, settings: manager.validationSettings)
        let loop = try TickDecisionLoop(
            strategy: strategy, venue: venue, rules: rules, timeframe: try modelTimeframe(version), symbol: traded)
        for tick in file.ticks {
            let closed = loop.barsClosed
            try replay.step(decided: { loop.barsClosed > closed }) { try loop.onTick(tick) }
        }
        return replay.document(modelID: version.id, ticks: (file.ticks.count, file.quarantined))
    }

    /// The model's timeframe, which `--ticks` aggregates into; `--timeframe`, if given, must agree.
    private func modelTimeframe(_ version: ModelVersion) throws -> Timeframe {
        guard let trained = Timeframe(name: version.spec.timeframe) else {
            throw TradehubError(.modelFormat, [
                "source": "model \(version.id)", "problem": "its timeframe '\(version.spec.timeframe)' is not one of M1 M5 M15 M30 H1 H4 D1 W1 MN1",
            ])
        }
        if let timeframe, Timeframe(name: timeframe) != trained {
            throw TradehubError(.usage, [
                "argument": "--timeframe", "problem": "the ticks are aggregated into the model's \(trained.rawValue) bars, not \(timeframe)",
            ])
        }
        return trained
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

/// A replay's intents and the latency of each decision (a bar handed to the loop → its intents).
struct Replay {
    private var intents: [OrderIntent] = []
    private var latencies: [Double] = []

    /// Runs one step of the replay; its time is a decision's latency when `decided` says the step
    /// handed a bar to the loop (every bar of a bar replay; a bar-closing tick of a tick replay).
    mutating func step(decided: () -> Bool = { true }, _ body: () throws -> [OrderIntent]) rethrows {
        let started = ContinuousClock.now
        let decisions = try body()
        let elapsed = ContinuousClock.now - started
        if decided() { latencies.append(elapsed.seconds * 1e6) }
        intents += decisions
    }

    /// What `decide` prints; `ticks` are the ticks replayed and those validation left out.
    func document(modelID: String, ticks: (replayed: Int, quarantined: Int)? = nil) -> DecideDocument {
        func quantile(_ q: Double) -> Double { latencies.isEmpty ? 0 : BenchRegistry.quantile(latencies, q) }
        return DecideDocument(
            modelID: modelID, bars: latencies.count, ticks: ticks?.replayed, ticksQuarantined: ticks?.quarantined,
            intents: intents, latencyMicroseconds: .init(p50: quantile(0.5), p99: quantile(0.99)))
    }
}

/// `tradehub decide --json`.
struct DecideDocument: Encodable, TextReport {
    struct Latency: Encodable { let p50, p99: Double }
    let modelID: String
    /// Bars decided on; with `--ticks`, the bars a tick closed (the last, still forming, is not).
    let bars: Int
    /// With `--ticks`: the valid ticks replayed and the ticks validation quarantined.
    let ticks: Int?
    let ticksQuarantined: Int?
    let intents: [OrderIntent]
    let latencyMicroseconds: Latency

    enum CodingKeys: String, CodingKey {
        case modelID = "model_id", bars, ticks, ticksQuarantined = "ticks_quarantined", intents, latencyMicroseconds = "latency_us"
    }

    var text: String {
        let sent = intents.filter { $0.blocked == nil }.count
        let source = ticks.map { " from \($0) ticks (\(ticksQuarantined ?? 0) quarantined)" } ?? ""
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
            "\(intents.count) intents on \(bars) bars\(source) (\(sent) sent, \(intents.count - sent) blocked by risk rules);"
                + " bar → decision p50 \(String(format: "%.1f", latencyMicroseconds.p50)) µs, p99 \(String(format: "%.1f", latencyMicroseconds.p99)) µs",
        ]
        if intents.isEmpty { lines.insert("no intents: the model never crossed the threshold", at: 0) }
        return lines.joined(separator: "\n")
    }
}
