import ArgumentParser
import ErrorDNA
import Foundation
import Indicators
import MarketData

struct TACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ta",
        abstract: "Compute TA-Lib-equal indicators and candlestick patterns over an OHLCV CSV file.",
        discussion: """
            Example: tradehub ta --input GOOG.csv --indicators "SMA(20),RSI(14),MACD(12,26,9),CDLENGULFING"
            Missing arguments take TA-Lib's defaults; `tradehub ta --list` shows every function.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "OHLCV CSV: a time column (or an empty first header cell) and Open, High, Low, Close[, Volume].")
    var input: String?

    @Option(help: ArgumentHelp("Comma-separated functions, e.g. \"SMA(20),BBANDS(20,2,2)\".", valueName: "list"))
    var indicators: String?

    @Option(name: .customLong("output"), help: "Write the CSV here instead of stdout.")
    var outputFile: String?

    @Option(help: "Price read by single-series functions: open, high, low or close.")
    var price: String = "close"

    @Flag(help: "List every function with parameters, defaults, outputs and warm-up.")
    var list = false

    func run() throws {
        _ = try CommandSetup.importManager(global)
        if list { return try printList() }
        guard let input else { throw TradehubError(.usage, ["argument": "--input", "problem": "required (or --list)"]) }
        guard let indicators else {
            throw TradehubError(.usage, ["argument": "--indicators", "problem": "required, e.g. \"SMA(20),RSI(14)\""])
        }
        guard let source = PriceSource(rawValue: price.lowercased()), source != .volume else {
            throw TradehubError(.usage, ["argument": "--price", "problem": "'\(price)' is not open, high, low or close"])
        }
        let specs = try IndicatorSpec.parseList(indicators)
        let plan = try IndicatorPlan(specs, source: source)
        let table = try OHLCVTable.read(path: input)
        if plan.inputs.contains(.volume) && !table.hasVolume {
            let needing = zip(specs, plan.functions).filter { $0.1.inputs.contains(.volume) }.map(\.0.text)
            throw TradehubError(.csvHeader, [
                "path": input, "missing": "Volume (needed by \(needing.joined(separator: ", ")))",
                "found": "time, Open, High, Low, Close",
            ])
        }
        let sink = try OutputSink(path: outputFile)
        try TAReport.write(table: table, plan: plan, to: sink)
        try sink.commit()
    }

    private func printList() throws {
        struct Entry: Encodable {
            let name, group, summary: String
            let inputs: [String]
            let parameters: [Parameter]
            let outputs: [String]
            let warmup: Int
        }
        struct Parameter: Encodable {
            let name: String
            let defaultValue: Double
            let min, max: Double
            let integer: Bool
            enum CodingKeys: String, CodingKey { case name, defaultValue = "default", min, max, integer }
        }
        let entries = try IndicatorCatalogue.all.map { function in
            Entry(
                name: function.name, group: function.group, summary: function.summary,
                inputs: function.inputs.map(\.rawValue),
                parameters: function.parameters.map {
                    Parameter(
                        name: $0.name, defaultValue: $0.defaultValue, min: $0.range.lowerBound, max: $0.range.upperBound,
                        integer: $0.isInteger)
                },
                outputs: function.outputs, warmup: try function.make().lookback)
        }
        if output.json {
            try Terminal.printJSON(entries)
        } else {
            Terminal.standardOutput(
                Terminal.table(
                    ["FUNCTION", "PARAMETERS", "OUTPUTS", "WARM-UP", "SUMMARY"],
                    zip(IndicatorCatalogue.all, entries).map { function, entry in
                        [
                            function.name,
                            function.parameters.map { "\($0.name)=\(TAReport.format($0.defaultValue))" }.joined(separator: ","),
                            entry.outputs.joined(separator: ","), String(entry.warmup), entry.summary,
                        ]
                    }))
        }
    }
}

/// Writes the `ta` CSV: `time` unchanged from the input, then one column per output, warm-up empty.
enum TAReport {
    static func write(table: OHLCVTable, plan: IndicatorPlan, to sink: OutputSink) throws {
        var plan = plan
        var row = [Double?](repeating: nil, count: plan.columnNames.count)
        var buffer = ""
        buffer.reserveCapacity(1 << 20)
        buffer += (["time"] + plan.columnNames).map(CSV.escape).joined(separator: ",") + "\n"
        let hasVolume = table.hasVolume
        for index in 0..<table.count {
            let candle = Candle(
                open: table.open[index], high: table.high[index], low: table.low[index], close: table.close[index],
                volume: hasVolume ? table.volume[index] : 0)
            plan.update(candle, into: &row)
            buffer += CSV.escape(table.times[index])
            for cell in row {
                buffer += ","
                if let cell { buffer += format(cell) }
            }
            buffer += "\n"
            if buffer.utf8.count >= 1 << 20 {
                try sink.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try sink.write(buffer)
    }

    /// The shortest text that reads back to the same Double; integral values without `.0`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }
}

/// Where a report goes: stdout, or a file written under a temporary name and renamed into
/// place only when complete, so a failed run leaves no half-written output.
final class OutputSink {
    private let path: String?
    private let temporaryPath: String?
    private let handle: FileHandle

    init(path: String?) throws {
        self.path = path
        guard let path else {
            temporaryPath = nil
            handle = FileHandle.standardOutput
            return
        }
        let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw TradehubError(.io, ["operation": "create", "path": path, "reason": "cannot create the file"])
        }
        temporaryPath = temporary
        self.handle = handle
    }

    deinit {
        if let temporaryPath, FileManager.default.fileExists(atPath: temporaryPath) {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporaryPath)
        }
    }

    func write(_ text: String) throws { try write(Array(text.utf8)) }

    func write(_ bytes: [UInt8]) throws {
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw TradehubError(.io, ["operation": "write", "path": path ?? "stdout", "reason": "\(error)"])
        }
    }

    func commit() throws {
        guard let path, let temporaryPath else { return }
        try handle.close()
        if FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
        do {
            try FileManager.default.moveItem(atPath: temporaryPath, toPath: path)
        } catch {
            throw TradehubError(.io, ["operation": "rename", "path": path, "reason": "\(error)"])
        }
    }
}
