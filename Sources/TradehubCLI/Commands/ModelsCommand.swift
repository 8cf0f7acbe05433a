import ArgumentParser
import ErrorDNA
import Foundation
import Storage
import TradehubModel

/// `tradehub models list|show|promote|rollback|delete`: the model registry of a tenant.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "The model registry: versions, champions and their decisions.",
        subcommands: [List.self, Show.self, Promote.self, Rollback.self, Delete.self])

    /// The registry of the chosen tenant, opened for one command.
    struct Registry {
        let stores: Stores
        let tenant: TenantID
        let nowMs: Int64

        init(_ global: GlobalOptions, _ tenantOption: TenantOption) throws {
            let manager = try CommandSetup.importManager(global)
            stores = try manager.openStores()
            tenant = try tenantOption.resolve(in: stores)
            nowMs = manager.clock.nowMs()
        }

        func existing(_ id: String) throws -> ModelVersion { try stores.modelVersion(tenant: tenant, id: id) }
    }

    static func table(_ versions: [ModelVersion]) -> String {
        Terminal.table(
            ["ID", "SYMBOL", "TF", "STATUS", "KIND", "LABEL", "AUC (OOS)", "PARENT", "CREATED"],
            versions.map {
                [
                    $0.id, $0.spec.symbol, $0.spec.timeframe, $0.status.rawValue, $0.spec.kind, $0.spec.label,
                    $0.spec.metrics["auc"].map { String(format: "%.4f", $0) } ?? "-", $0.spec.parent ?? "-",
                    Terminal.isoTime(ms: $0.createdMs),
                ]
            })
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List model versions, newest first.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var tenantOption: TenantOption
        @Option(help: "Only this symbol.") var symbol: String?
        @Option(help: "Only this timeframe (M1 … MN1).") var timeframe: String?

        func run() throws {
            let registry = try Registry(global, tenantOption)
            defer { try? registry.stores.close() }
            let versions = try registry.stores.models.models(tenant: registry.tenant, symbol: symbol, timeframe: timeframe)
            if output.json { return try Terminal.printJSON(versions) }
            guard !versions.isEmpty else {
                return Terminal.standardError("no models yet: `tradehub train … --symbol S --timeframe TF` registers one")
            }
            Terminal.standardOutput(ModelsCommand.table(versions))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One version: what it was made from, its out-of-sample metrics and its series' decisions.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var tenantOption: TenantOption
        @Argument(help: "Model id (m1, m2, …).") var id: String

        struct Report: Encodable {
            let model: ModelVersion
            let decisions: [ChampionDecision]
        }

        func run() throws {
            let registry = try Registry(global, tenantOption)
            defer { try? registry.stores.close() }
            let version = try registry.existing(id)
            let decisions = try registry.stores.models.decisions(
                tenant: registry.tenant, symbol: version.spec.symbol, timeframe: version.spec.timeframe
            ).filter { [$0.champion, $0.previous, $0.challenger].contains(version.id) }
            if output.json { return try Terminal.printJSON(Report(model: version, decisions: decisions)) }
            let spec = version.spec
            var lines = [
                "model:       \(version.id) (\(version.status.rawValue))",
                "series:      \(spec.symbol) \(spec.timeframe)",
                "kind:        \(spec.kind)",
                "features:    \(spec.featureSet)  [hash \(spec.featureHash.prefix(12))]",
                "label:       \(spec.label)",
                "data:        \(Terminal.isoTime(ms: spec.dataFromMs)) → \(Terminal.isoTime(ms: spec.dataToMs))",
                "parameters:  \(spec.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))",
                "metrics:     \(spec.metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%.4f", $0.value))" }.joined(separator: " ")) (out-of-sample)",
                "parent:      \(spec.parent ?? "-")",
                "created:     \(Terminal.isoTime(ms: version.createdMs))",
            ]
            for decision in decisions {
                let scores = decision.metric.map { metric in
                    " (\(metric): champion \(decision.championScore.map { String(format: "%.4f", $0) } ?? "-"), "
                        + "challenger \(decision.challengerScore.map { String(format: "%.4f", $0) } ?? "-"))"
                } ?? ""
                lines.append(
                    "decision:    \(Terminal.isoTime(ms: decision.atMs)) \(decision.action.rawValue) → \(decision.champion ?? "-")"
                        + "\(scores): \(decision.reason)")
            }
            Terminal.standardOutput(lines.joined(separator: "\n"))
        }
    }

    struct Promote: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a version the champion of its symbol and timeframe (the former champion retires).")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var tenantOption: TenantOption
        @Argument(help: "Model id (m1, m2, …).") var id: String
        @Option(help: "Why, for the decision log.") var reason = "promoted by hand"

        func run() throws {
            let registry = try Registry(global, tenantOption)
            defer { try? registry.stores.close() }
            let version = try registry.existing(id)
            let previous = try registry.stores.models.champion(
                tenant: registry.tenant, symbol: version.spec.symbol, timeframe: version.spec.timeframe)
            let champion = try registry.stores.models.promote(
                tenant: registry.tenant, id: id,
                decision: ChampionDecision(
                    symbol: version.spec.symbol, timeframe: version.spec.timeframe, action: .promote, champion: id,
                    previous: previous?.id, reason: reason, atMs: registry.nowMs))
            if output.json { return try Terminal.printJSON(champion) }
            Terminal.standardOutput(
                "\(id) is the champion of \(version.spec.symbol) \(version.spec.timeframe)"
                    + (previous.map { " (was \($0.id))" } ?? ""))
        }
    }

    struct Rollback: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a series' champion place back to the champion it replaced.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var tenantOption: TenantOption
        @Option(help: "Symbol of the series.") var symbol: String
        @Option(help: "Timeframe of the series.") var timeframe: String

        func run() throws {
            let registry = try Registry(global, tenantOption)
            defer { try? registry.stores.close() }
            let champion = try registry.stores.models.rollback(
                tenant: registry.tenant, symbol: symbol, timeframe: timeframe, nowMs: registry.nowMs)
            if output.json { return try Terminal.printJSON(champion) }
            Terminal.standardOutput("\(champion.id) is again the champion of \(symbol) \(timeframe)")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a version that is neither a champion nor a member of an ensemble.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenantOption: TenantOption
        @Argument(help: "Model id (m1, m2, …).") var id: String

        func run() throws {
            let registry = try Registry(global, tenantOption)
            defer { try? registry.stores.close() }
            try registry.stores.models.delete(tenant: registry.tenant, id: id)
            Terminal.standardError("deleted \(id)")
        }
    }
}
