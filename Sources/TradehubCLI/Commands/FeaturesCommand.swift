import ArgumentParser
import ErrorDNA
import Features
import Foundation
import MarketData
import Strategy
import TradehubModel

struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Compute a feature set over an OHLCV CSV file: one row per bar, no look-ahead.",
        discussion: """
            Example: tradehub features --data EURUSD.csv --features "RSI(14),ATR(14),return(1),lag(RSI(14),3),RSI(14)@H4" --output f.csv
            --features takes an inline list or a .toml/.json feature-set file. Row t uses only bars 0…t;
            a higher-timeframe feature (@H4) is the value of the last closed bar of that timeframe.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "OHLCV CSV: a time column and Open, High, Low, Close[, Volume][, Spread in points].")
    var data: String

    @Option(help: ArgumentHelp("Inline feature list or a feature-set file (.toml, .json).", valueName: "list-or-file"))
    var features: String

    @Option(name: .customLong("output"), help: "Write the CSV here instead of stdout (required with --json).")
    var outputFile: String?

    @Option(help: "Timeframe of the bars (M1…MN1); inferred from the times when omitted.")
    var timeframe: String?

    func run() throws {
        _ = try CommandSetup.importManager(global)
        if output.json && outputFile == nil {
            throw TradehubError(.usage, ["argument": "--output", "problem": "required with --json (stdout holds the summary)"])
        }
        let featureSet = try FeatureSetFile.load(features)
        let table = try OHLCVTable.read(path: data)
        try Self.requireColumns(of: featureSet, in: table, path: data)
        let bars = try table.bars(path: data)
        let barTimeframe = try resolvedTimeframe(bars, needed: !featureSet.timeframes.isEmpty)
        var engine = try FeatureEngine(featureSet, timeframe: barTimeframe)
        let sink = try OutputSink(path: outputFile)
        let progress = ProgressLine(enabled: !output.json)
        let start = ContinuousClock.now
        try FeatureReport.write(table: table, bars: bars, engine: &engine, to: sink) { done in
            progress.show(ProgressLine.bar(done: done, total: bars.count) + " \(done)/\(bars.count) bars")
        }
        progress.clear()
        try sink.commit()
        guard output.json else { return }
        struct Summary: Encodable {
            let rows, columns: Int
            let names: [String]
            let hash: String
            let timeframe: String?
            let output: String
            let seconds: Double
        }
        try Terminal.printJSON(Summary(
            rows: bars.count, columns: engine.columnCount, names: featureSet.names, hash: featureSet.hash,
            timeframe: barTimeframe?.rawValue, output: outputFile ?? "", seconds: (ContinuousClock.now - start).seconds))
    }

    private func resolvedTimeframe(_ bars: [Bar], needed: Bool) throws -> Timeframe? {
        try Self.timeframe(timeframe, of: bars, path: data, needed: needed)
    }

    /// Throws `E_CSV_HEADER` when `featureSet` reads a Volume or Spread column `table` lacks
    /// (rather than computing it from zeros).
    static func requireColumns(of featureSet: FeatureSet, in table: OHLCVTable, path: String) throws {
        let found = "time, Open, High, Low, Close" + (table.hasVolume ? ", Volume" : "") + (table.hasSpread ? ", Spread" : "")
        if featureSet.readsVolume && !table.hasVolume {
            throw TradehubError(.csvHeader, ["path": path, "missing": "Volume (needed by a volume indicator)", "found": found])
        }
        if featureSet.readsSpread && !table.hasSpread {
            throw TradehubError(.csvHeader, ["path": path, "missing": "Spread (needed by spread())", "found": found])
        }
    }

    /// `requireColumns` for the feature set of each tree model `model` scores (every member of an
    /// ensemble), before serving it over `table`.
    static func requireColumns(of model: SignalModel, in table: OHLCVTable, path: String) throws {
        for member in model.members { try requireColumns(of: member.featureSet, in: table, path: path) }
    }

    /// `--timeframe` when given, else the one the bars' times show; when `needed` is false (no
    /// higher-timeframe feature) bars of irregular spacing are fine and give nil.
    static func timeframe(_ flag: String?, of bars: [Bar], path: String, needed: Bool) throws -> Timeframe? {
        guard let flag else {
            guard needed else { return try? MarketImporter.inferTimeframe(bars, path: path) }
            return try MarketImporter.inferTimeframe(bars, path: path)
        }
        guard let parsed = Timeframe(name: flag) else {
            throw TradehubError(.usage, [
                "argument": "--timeframe", "problem": "'\(flag)' is not one of M1 M5 M15 M30 H1 H4 D1 W1 MN1",
            ])
        }
        return parsed
    }
}

/// Writes the `features` CSV: `time` unchanged from the input, then one column per feature,
/// cells empty where a feature is not yet available.
enum FeatureReport {
    static func write(
        table: OHLCVTable, bars: [Bar], engine: inout FeatureEngine, to sink: OutputSink, progress: (Int) -> Void
    ) throws {
        var row = [Double](repeating: .nan, count: engine.columnCount)
        var buffer = ""
        buffer.reserveCapacity(1 << 20)
        buffer += (["time"] + engine.featureSet.names).map(CSV.escape).joined(separator: ",") + "\n"
        for (index, bar) in bars.enumerated() {
            engine.update(bar, into: &row)
            buffer += CSV.escape(table.times[index])
            for cell in row {
                buffer += ","
                if !cell.isNaN { buffer += TAReport.format(cell) }
            }
            buffer += "\n"
            if buffer.utf8.count >= 1 << 20 {
                try sink.write(buffer)
                buffer.removeAll(keepingCapacity: true)
                progress(index + 1)
            }
        }
        try sink.write(buffer)
    }
}

/// `--features`: an inline list, or a feature-set file read with the configuration's TOML reader
/// (feature specs as strings or arrays of strings under `[features]`) or as JSON
/// (`{"features": ["RSI(14)", …]}`).
enum FeatureSetFile {
    static func load(_ argument: String) throws -> FeatureSet {
        let lower = argument.lowercased()
        let isFile = lower.hasSuffix(".toml") || lower.hasSuffix(".json") || FileManager.default.fileExists(atPath: argument)
        guard isFile else { return try FeatureSet(parsing: argument) }
        guard let data = FileManager.default.contents(atPath: argument) else {
            throw TradehubError(.inputNotFound, ["path": argument])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TradehubError(.featureFile, ["source": argument, "problem": "the file is not UTF-8 text"])
        }
        let declarations = lower.hasSuffix(".json") ? try json(text, path: argument) : try toml(text, path: argument)
        guard !declarations.isEmpty else {
            throw TradehubError(.featureFile, ["source": argument, "problem": "no features declared"])
        }
        return try FeatureSet(declarations: declarations)
    }

    static func toml(_ text: String, path: String) throws -> [FeatureDeclaration] {
        try TOMLSubset.parse(text, path: path).flatMap { entry -> [FeatureDeclaration] in
            let source = "\(path):\(entry.line)"
            guard entry.key.hasPrefix("features.") else {
                throw TradehubError(.featureFile, [
                    "source": source, "problem": "unknown key '\(entry.key)'; list feature specs under [features]",
                ])
            }
            let values: [TOMLValue]
            if case .array(let items) = entry.value { values = items } else { values = [entry.value] }
            return try values.map { value in
                guard case .string(let spec) = value else {
                    throw TradehubError(.featureFile, [
                        "source": source, "problem": "\(entry.key) = \(entry.value): a feature is a string, e.g. \"RSI(14)\"",
                    ])
                }
                return FeatureDeclaration(text: spec, source: source)
            }
        }
    }

    static func json(_ text: String, path: String) throws -> [FeatureDeclaration] {
        let object = try? JSONSerialization.jsonObject(with: Data(text.utf8))
        guard let features = (object as? [String: Any])?["features"] as? [Any] else {
            throw TradehubError(.featureFile, [
                "source": path, "problem": "expected an object {\"features\": [\"RSI(14)\", …]}",
            ])
        }
        return try features.enumerated().map { index, item in
            guard let spec = item as? String else {
                throw TradehubError(.featureFile, ["source": "\(path): features[\(index)]", "problem": "a feature is a string"])
            }
            return FeatureDeclaration(text: spec, source: "\(path): features[\(index)]")
        }
    }
}
