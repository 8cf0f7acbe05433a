import ArgumentParser
import ErrorDNA
import Foundation
import MarketData
import Storage
import Synchronization
import TradehubModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ImportManager {
    /// Validation settings from `market.*`.
    var validationSettings: ValidationSettings {
        ValidationSettings(
            spikeMultiple: config.double("market.spike_multiple") == 0 ? .infinity : config.double("market.spike_multiple"),
            confirmationTicks: Int(config.integer("market.spike_confirmation_ticks")),
            volatilityWindow: Int(config.integer("market.spike_window")),
            volatilityFloorPoints: config.double("market.spike_floor_points"))
    }

    /// Symbol precision from `market.digits`; a bad entry is a configuration error naming it.
    func symbolBook() throws -> SymbolBook {
        switch SymbolBook.parse(config.string("market.digits")) {
        case .success(let book):
            return book
        case .failure(let bad):
            throw TradehubError(.configType, [
                "key": "market.digits", "source": config.source("market.digits").description,
                "expected": "NAME=DIGITS pairs separated by commas, digits 0…10", "value": bad.text,
            ])
        }
    }

    /// The configured symbol list, nil when every symbol is accepted.
    func symbolList(_ book: SymbolBook) -> [Symbol]? {
        let names = config.string("market.symbols").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return names.isEmpty ? nil : names.map(book.symbol)
    }

    /// Deletes ticks beyond `storage.tick_retention_days`; returns how many.
    func applyRetention(_ stores: Stores) throws -> Int {
        let days = config.integer("storage.tick_retention_days")
        guard days > 0 else { return 0 }
        return try stores.marketData.deleteTicks(beforeMs: clock.nowMs() - days * 86_400_000)
    }
}

/// Parses `--from`/`--to`: ISO 8601, a date, or epoch seconds/milliseconds.
func parseTime(_ text: String?, flag: String) throws -> Int64? {
    guard let text else { return nil }
    guard let ms = MarketTime.parse(text) else {
        throw TradehubError(.timeParse, ["value": text, "problem": "\(flag) is not a time"])
    }
    return ms
}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import ticks or bars (MT5, HistData, OHLCV, ticks-csv; plain, UTF-16 or gzip), validating every tick.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var tenantOption: TenantOption

    @Argument(help: "Files to import.")
    var files: [String]

    @Option(help: "Symbol of the data (default: inferred from the file name).")
    var symbol: String?

    @Option(help: "Force a format: \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String?

    @Option(help: "The file's times are UTC + this many seconds (broker server time); default 0, HistData EST.")
    var tzOffset: Int?

    @Option(help: "Timeframe of imported bars (default: inferred from their spacing).")
    var timeframe: String?

    struct Report: Encodable {
        let files: [MarketImporter.FileSummary]
        let rows, accepted, stored: Int
        let quarantined: [String: Int]
        let elapsedSeconds, rowsPerSecond: Double
        let retentionDeleted: Int
        enum CodingKeys: String, CodingKey {
            case files, rows, accepted, stored, quarantined
            case elapsedSeconds = "elapsed_seconds", rowsPerSecond = "rows_per_second", retentionDeleted = "retention_deleted"
        }
    }

    func run() throws {
        let manager = try CommandSetup.importManager(global)
        let forcedFormat = try format.map { name in
            guard let format = ImportFormat(rawValue: name.lowercased()) else {
                throw TradehubError(.usage, [
                    "argument": "--format",
                    "problem": "'\(name)' is not one of \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", "))",
                ])
            }
            return format
        }
        let forcedTimeframe = try timeframe.map { name in
            guard let timeframe = Timeframe(name: name) else {
                throw TradehubError(.usage, [
                    "argument": "--timeframe", "problem": "'\(name)' is not one of M1 M5 M15 M30 H1 H4 D1 W1 MN1",
                ])
            }
            return timeframe
        }
        let readers = try MarketImporter.open(files, symbol: symbol, format: forcedFormat, timeZoneOffsetSeconds: tzOffset)
        let stores = try manager.openStores()
        defer { try? stores.close() }
        let book = try manager.symbolBook()
        let importer = MarketImporter(
            store: stores.marketData, tenant: try tenantOption.resolve(in: stores), settings: manager.validationSettings,
            book: book, allowList: manager.symbolList(book), clock: manager.clock)
        let progress = ProgressLine(enabled: !output.json)
        let start = ContinuousClock.now
        var summaries: [MarketImporter.FileSummary] = []
        for reader in readers {
            let fileStart = ContinuousClock.now
            let total = progress.isEnabled ? ProgressLine.lineCount(ofPath: reader.sourceName) : nil
            let summary = try importer.importFile(reader, timeframe: forcedTimeframe) { rows in
                let rate = Int(Double(rows) / max((ContinuousClock.now - fileStart).seconds, 1e-9))
                progress.show(ProgressLine.bar(done: rows, total: total) + " \(reader.sourceName): \(rows) rows, \(rate) rows/s")
            }
            progress.clear()
            summaries.append(summary)
        }
        let retentionDeleted = try manager.applyRetention(stores)
        let elapsed = (ContinuousClock.now - start).seconds
        let rows = summaries.reduce(0) { $0 + $1.rows }
        var quarantined: [String: Int] = [:]
        for summary in summaries { quarantined.merge(summary.quarantined, uniquingKeysWith: +) }
        let report = Report(
            files: summaries, rows: rows, accepted: summaries.reduce(0) { $0 + $1.accepted },
            stored: summaries.reduce(0) { $0 + $1.stored }, quarantined: quarantined, elapsedSeconds: elapsed,
            rowsPerSecond: elapsed > 0 ? Double(rows) / elapsed : 0, retentionDeleted: retentionDeleted)
        if output.json { return try Terminal.printJSON(report) }
        Terminal.standardOutput(
            Terminal.table(
                ["FILE", "FORMAT", "SYMBOL", "ROWS", "ACCEPTED", "NEW", "QUARANTINED", "ROWS/S"],
                summaries.map {
                    [
                        $0.file, $0.format + ($0.timeframe.map { " \($0)" } ?? ""), $0.symbol, String($0.rows),
                        String($0.accepted), String($0.stored), String($0.quarantined.values.reduce(0, +)),
                        String(Int($0.rowsPerSecond)),
                    ]
                }))
        let byCode = quarantined.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        Terminal.standardOutput(
            "\(rows) rows read, \(report.accepted) accepted (\(report.stored) new), "
                + "\(quarantined.values.reduce(0, +)) quarantined\(byCode.isEmpty ? "" : " (\(byCode))"), "
                + String(format: "%.2f s, %.0f rows/s", elapsed, report.rowsPerSecond)
                + (retentionDeleted > 0 ? "; retention deleted \(retentionDeleted) old ticks" : ""))
    }
}

struct BarsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bars",
        abstract: "Print bars of a timeframe built from stored ticks (or resampled from stored bars) as CSV.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var tenantOption: TenantOption

    @Option(help: "Symbol.")
    var symbol: String

    @Option(help: "M1, M5, M15, M30, H1, H4, D1, W1 or MN1.")
    var timeframe: String

    @Option(help: "First bar open time (inclusive): ISO 8601, a date, or epoch seconds/milliseconds.")
    var from: String?

    @Option(help: "Last bar open time (exclusive).")
    var to: String?

    @Option(help: "Bars in broker time: periods start at UTC + this many seconds.")
    var tzOffset = 0

    @Option(help: "First day of W1 bars: monday (default) or sunday (MT5's own).")
    var weekStart = "monday"

    @Option(name: .customLong("output"), help: "Write the CSV here instead of stdout.")
    var outputFile: String?

    func run() throws {
        guard let timeframe = Timeframe(name: timeframe) else {
            throw TradehubError(.usage, ["argument": "--timeframe", "problem": "'\(timeframe)' is not one of M1 M5 M15 M30 H1 H4 D1 W1 MN1"])
        }
        guard let weekStart = WeekStart(rawValue: weekStart.lowercased()) else {
            throw TradehubError(.usage, ["argument": "--week-start", "problem": "'\(weekStart)' is not monday or sunday"])
        }
        let fromMs = try parseTime(from, flag: "--from") ?? .min
        let toMs = try parseTime(to, flag: "--to") ?? .max
        let manager = try CommandSetup.importManager(global)
        let book = try manager.symbolBook()
        let stores = try manager.openStores()
        defer { try? stores.close() }
        let tenant = try tenantOption.resolve(in: stores)
        let bars = try BarQuery(store: stores.marketData, tenant: tenant, book: book)
            .bars(symbol: symbol, timeframe: timeframe, fromMs: fromMs, toMs: toMs, tzOffset: tzOffset, weekStart: weekStart)
        if output.json {
            struct Row: Encodable {
                let time: String
                let open, high, low, close: Double
                let tickVolume: Int64
                let spread: Int32
                let realVolume: Double
                enum CodingKeys: String, CodingKey {
                    case time, open, high, low, close, spread
                    case tickVolume = "tick_volume", realVolume = "real_volume"
                }
            }
            return try Terminal.printJSON(bars.map {
                Row(
                    time: MarketTime.iso8601(epochMs: $0.openTimeMs, withMilliseconds: false), open: $0.open, high: $0.high,
                    low: $0.low, close: $0.close, tickVolume: $0.tickVolume, spread: $0.spread, realVolume: $0.realVolume)
            })
        }
        let sink = try OutputSink(path: outputFile)
        var writer = MarketDataCSVWriter(content: .bars) { bytes in try sink.write(bytes) }
        for bar in bars { try writer.write(bar) }
        try writer.finish()
        try sink.commit()
    }
}

/// Bars of a symbol and timeframe from what is stored: ticks when there are any, else the
/// stored bars of the largest timeframe that resamples to the one asked.
struct BarQuery {
    let store: any MarketDataStore
    let tenant: TenantID
    let book: SymbolBook

    func bars(
        symbol: String, timeframe: Timeframe, fromMs: Int64, toMs: Int64, tzOffset: Int, weekStart: WeekStart
    ) throws -> [Bar] {
        var bars: [Bar] = []
        let calendar = PeriodCalendar(timeframe: timeframe, timeZoneOffsetSeconds: tzOffset, weekStart: weekStart)
        let readFrom = fromMs == .min ? .min : calendar.start(containing: fromMs)
        func keep(_ bar: Bar) { if bar.openTimeMs >= fromMs && bar.openTimeMs < toMs { bars.append(bar) } }
        if try store.hasTicks(tenant: tenant, symbol: symbol) {
            var aggregator = BarAggregator(
                timeframe: timeframe, symbol: book.symbol(symbol), timeZoneOffsetSeconds: tzOffset, weekStart: weekStart)
            try store.forEachTick(tenant: tenant, symbol: symbol, fromMs: readFrom, toMs: toMs) { tick in
                if let closed = aggregator.add(tick) { keep(closed) }
            }
            if let last = aggregator.finish() { keep(last) }
            return bars
        }
        let stored = try store.storedTimeframes(tenant: tenant, symbol: symbol)
        guard let source = stored.last(where: { BarResampler.canResample(from: $0, to: timeframe) }) else {
            throw TradehubError(.noMarketData, [
                "symbol": symbol, "timeframe": timeframe.rawValue,
                "stored": stored.isEmpty ? "nothing" : "bars of " + stored.map(\.rawValue).joined(separator: ", "),
            ])
        }
        var resampler = BarResampler(from: source, to: timeframe, timeZoneOffsetSeconds: tzOffset, weekStart: weekStart)
        try store.forEachBar(tenant: tenant, symbol: symbol, timeframe: source, fromMs: readFrom, toMs: toMs) { bar in
            if let closed = resampler.add(bar) { keep(closed) }
        }
        if let last = resampler.finish() { keep(last) }
        return bars
    }
}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export stored market data.", subcommands: [Ticks.self])

    struct Ticks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write stored ticks as CSV (time,bid,ask,last,volume,flags); `import --format ticks-csv` reads it back.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var tenantOption: TenantOption

        @Option(help: "Symbol.")
        var symbol: String

        @Option(help: "From this time (inclusive).")
        var from: String?

        @Option(help: "To this time (exclusive).")
        var to: String?

        @Option(name: .customLong("output"), help: "The CSV file to write (stdout when omitted).")
        var outputFile: String?

        func run() throws {
            let fromMs = try parseTime(from, flag: "--from") ?? .min
            let toMs = try parseTime(to, flag: "--to") ?? .max
            let stores = try CommandSetup.importManager(global).openStores()
            defer { try? stores.close() }
            let tenant = try tenantOption.resolve(in: stores)
            let sink = try OutputSink(path: outputFile)
            var writer = MarketDataCSVWriter(content: .ticks) { bytes in try sink.write(bytes) }
            try stores.marketData.forEachTick(tenant: tenant, symbol: symbol, fromMs: fromMs, toMs: toMs) { tick in
                try writer.write(tick)
            }
            try writer.finish()
            try sink.commit()
        }
    }
}

/// A one-line progress display on a terminal's stderr, rewritten in place; silent otherwise.
final class ProgressLine: Sendable {
    private let enabled: Bool
    private let lastShown = Mutex(ContinuousClock.now - .seconds(1))

    init(enabled: Bool) { self.enabled = enabled && isatty(STDERR_FILENO) == 1 }

    /// Whether anything is shown (stderr is a terminal and the output is not JSON).
    var isEnabled: Bool { enabled }

    /// `[#########-----------]  45%`, or `[…]` when the total is unknown.
    static func bar(done: Int, total: Int?, width: Int = 24) -> String {
        guard let total, total > 0 else { return "[…]" }
        let fraction = min(1, Double(done) / Double(total))
        let filled = Int(fraction * Double(width))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + String(format: "%3d%%", Int(fraction * 100))
    }

    /// Lines of a plain file (a fast newline count), nil for compressed or unreadable files.
    static func lineCount(ofPath path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var count = 0
        var first = true
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            if first, chunk.starts(with: [0x1F, 0x8B]) { return nil }
            first = false
            count += chunk.reduce(into: 0) { total, byte in if byte == 0x0A { total += 1 } }
        }
        return count
    }

    func show(_ text: String) {
        let due = enabled && lastShown.withLock { last in
            guard ContinuousClock.now - last > .milliseconds(200) else { return false }
            last = ContinuousClock.now
            return true
        }
        guard due else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
