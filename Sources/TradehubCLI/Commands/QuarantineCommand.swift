import ArgumentParser
import ErrorDNA
import MarketData
import TradehubModel

/// `--tenant ID|NAME` of the commands that read or write market data.
struct TenantOption: ParsableArguments {
    @Option(help: "Tenant id or name (default: the embedded mode's default tenant).")
    var tenant: String?

    func resolve(in stores: Stores) throws -> TenantID {
        guard let tenant else { return .embeddedDefault }
        return try stores.marketData.tenant(named: tenant)
    }
}

struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine", abstract: "Inspect rejected ticks and lines: code, reason, source, raw text.",
        subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List quarantined records and counts per code.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var tenantOption: TenantOption

        @Option(help: "Only this symbol.")
        var symbol: String?

        @Option(help: "Only this code, e.g. E_SPIKE.")
        var code: String?

        @Option(help: "At most this many records, newest first.")
        var limit = 100

        struct Report: Encodable {
            let counts: [String: Int]
            let records: [Record]
        }

        struct Record: Encodable {
            let symbol, code, reason, source, raw: String
            let timeMs: Int64?
            enum CodingKeys: String, CodingKey { case symbol, code, reason, source, raw, timeMs = "time_ms" }
        }

        func run() throws {
            let stores = try CommandSetup.importManager(global).openStores()
            defer { try? stores.close() }
            let tenant = try tenantOption.resolve(in: stores)
            let codeFilter = code.map { ErrorCode($0.uppercased()) }
            if let codeFilter, ErrorCatalogue.definition(for: codeFilter) == nil {
                throw TradehubError(.unknownErrorCode, ["code": code ?? ""])
            }
            let counts = try stores.marketData.quarantineCounts(tenant: tenant, symbol: symbol)
            let records = try stores.marketData.quarantined(tenant: tenant, symbol: symbol, code: codeFilter, limit: limit)
            if output.json {
                try Terminal.printJSON(
                    Report(
                        counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
                        records: records.map {
                            Record(
                                symbol: $0.symbol, code: $0.code.rawValue, reason: $0.reason, source: $0.source, raw: $0.raw,
                                timeMs: $0.timeMs)
                        }))
                return
            }
            let total = counts.values.reduce(0, +)
            Terminal.standardOutput(
                "\(total) quarantined"
                    + (counts.isEmpty
                        ? "" : ": " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
            if !records.isEmpty {
                Terminal.standardOutput(
                    Terminal.table(
                        ["CODE", "SYMBOL", "SOURCE", "REASON", "RAW"],
                        records.map { [$0.code.rawValue, $0.symbol, $0.source, $0.reason, $0.raw] }))
            }
        }
    }
}
