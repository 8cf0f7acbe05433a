import ErrorDNA
import Foundation
import MarketData
import Storage
import TradehubModel

/// Imports market data files: read → validate (ticks) → store, quarantining what is rejected.
///
/// Every file is opened (format detected, symbol known) before anything is written, so a bad
/// argument fails the whole command without half an import; ticks are stored in batches, one
/// transaction each, and a re-import stores nothing twice.
struct MarketImporter {
    let store: any MarketDataStore
    let tenant: TenantID
    let settings: ValidationSettings
    /// Precision of every symbol (`market.digits`).
    let book: SymbolBook
    /// The configured symbol list (`market.symbols`), nil when every symbol is accepted.
    let allowList: [Symbol]?
    let clock: any WallClock
    var batchSize = 20_000

    /// What one file gave.
    struct FileSummary: Encodable {
        var file: String
        var format: String
        var symbol: String
        var timeframe: String?
        var rows = 0
        var accepted = 0
        var stored = 0
        var quarantined: [String: Int] = [:]
        var elapsedSeconds = 0.0
        var rowsPerSecond: Double { elapsedSeconds > 0 ? Double(rows) / elapsedSeconds : 0 }

        enum CodingKeys: String, CodingKey {
            case file, format, symbol, timeframe, rows, accepted, stored, quarantined
            case elapsedSeconds = "elapsed_seconds", rowsPerSecond = "rows_per_second"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(format, forKey: .format)
            try container.encode(symbol, forKey: .symbol)
            try container.encodeIfPresent(timeframe, forKey: .timeframe)
            try container.encode(rows, forKey: .rows)
            try container.encode(accepted, forKey: .accepted)
            try container.encode(stored, forKey: .stored)
            try container.encode(quarantined, forKey: .quarantined)
            try container.encode(elapsedSeconds, forKey: .elapsedSeconds)
            try container.encode(rowsPerSecond, forKey: .rowsPerSecond)
        }
    }

    /// Opens every file first: format, symbol and header problems surface before any write.
    static func open(
        _ paths: [String], symbol: String?, format: ImportFormat?, timeZoneOffsetSeconds: Int?
    ) throws -> [MarketDataReader] {
        try paths.map { path in
            guard let name = symbol ?? inferSymbol(fromPath: path) else {
                throw TradehubError(.symbolNotInferred, ["path": path])
            }
            return try MarketDataReader(path: path, symbol: name, format: format, timeZoneOffsetSeconds: timeZoneOffsetSeconds)
        }
    }

    /// Imports one file; `progress` is called now and then with the rows read so far.
    func importFile(
        _ reader: MarketDataReader, timeframe: Timeframe?, progress: (Int) -> Void = { _ in }
    ) throws -> FileSummary {
        let start = ContinuousClock.now
        var summary = FileSummary(file: reader.sourceName, format: reader.format.rawValue, symbol: reader.symbol)
        switch reader.content {
        case .ticks: try importTicks(reader, into: &summary, progress: progress)
        case .bars: try importBars(reader, timeframe: timeframe, into: &summary, progress: progress)
        }
        summary.elapsedSeconds = (ContinuousClock.now - start).seconds
        return summary
    }

    private func importTicks(_ reader: MarketDataReader, into summary: inout FileSummary, progress: (Int) -> Void) throws {
        var sink = StoringSink(store: store, tenant: tenant, batchSize: batchSize, recordedMs: clock.nowMs())
        let book = book
        var pipeline = TickPipeline(settings: settings, symbols: allowList, precision: { book.symbol($0) })
        let sourceName = reader.sourceName
        try reader.forEachRecord { record, rawText in
            summary.rows += 1
            if summary.rows & 0xFFFF == 0 { progress(summary.rows) }
            switch record.kind {
            case .tick(let tick):
                pipeline.process(tick, symbol: reader.symbol, source: "\(sourceName):\(record.line)", raw: rawText(), into: &sink)
            case .bar:
                break
            case .malformed(let quarantined, _):
                sink.quarantine(quarantined)
            }
            try sink.rethrow()
        }
        pipeline.finish(into: &sink)
        try sink.finish()
        summary.accepted = sink.accepted
        summary.stored = sink.stored
        summary.quarantined = sink.counts
    }

    private func importBars(
        _ reader: MarketDataReader, timeframe: Timeframe?, into summary: inout FileSummary, progress: (Int) -> Void
    ) throws {
        var bars: [Bar] = []
        var quarantined: [QuarantineRecord] = []
        try reader.forEachRecord { record, rawText in
            summary.rows += 1
            if summary.rows & 0xFFFF == 0 { progress(summary.rows) }
            switch record.kind {
            case .bar(let bar):
                if let problem = Self.problem(with: bar) {
                    let source = reader.source(of: record)
                    quarantined.append(QuarantineRecord(
                        symbol: reader.symbol,
                        error: TradehubError(.malformed, ["source": source, "field": "bar", "value": rawText(), "problem": problem]),
                        source: source, raw: rawText(), timeMs: bar.openTimeMs))
                } else {
                    bars.append(bar)
                }
            case .tick:
                break
            case .malformed(let record, _):
                quarantined.append(record)
            }
        }
        let resolved = try timeframe ?? Self.inferTimeframe(bars, path: reader.sourceName)
        summary.timeframe = resolved.rawValue
        try store.storeBars(bars, tenant: tenant, symbol: book.symbol(reader.symbol), timeframe: resolved)
        try store.quarantine(quarantined, tenant: tenant, recordedMs: clock.nowMs())
        summary.accepted = bars.count
        summary.stored = bars.count
        for record in quarantined { summary.quarantined[record.code.rawValue, default: 0] += 1 }
    }

    /// Why a bar cannot be a bar, or nil.
    static func problem(with bar: Bar) -> String? {
        guard bar.open > 0, bar.high > 0, bar.low > 0, bar.close > 0 else { return "prices must be positive" }
        guard bar.low <= min(bar.open, bar.close), bar.high >= max(bar.open, bar.close) else {
            return "low ≤ open, close ≤ high does not hold"
        }
        return nil
    }

    /// The timeframe of imported bars: the smallest gap between consecutive bars.
    static func inferTimeframe(_ bars: [Bar], path: String) throws -> Timeframe {
        var smallest = Int64.max
        for (previous, next) in zip(bars, bars.dropFirst()) where next.openTimeMs > previous.openTimeMs {
            smallest = min(smallest, next.openTimeMs - previous.openTimeMs)
        }
        let seconds = smallest / 1000
        if let exact = Timeframe.allCases.first(where: { Int64($0.nominalSeconds) == seconds && $0 != .mn1 }) {
            return exact
        }
        if (28 * 86_400...31 * 86_400).contains(seconds) { return .mn1 }
        throw TradehubError(.usage, [
            "argument": "--timeframe",
            "problem": "cannot infer the timeframe of the bars in \(path) (smallest gap \(seconds) s); pass --timeframe",
        ])
    }
}

/// Accepted ticks go to the store in batches, rejected ones to the quarantine.
private struct StoringSink: SymbolTickSink {
    let store: any MarketDataStore
    let tenant: TenantID
    let batchSize: Int
    let recordedMs: Int64
    var writers: [String: TickWriter] = [:]
    var pendingQuarantine: [QuarantineRecord] = []
    var accepted = 0
    var counts: [String: Int] = [:]
    var failure: (any Error)?

    init(store: any MarketDataStore, tenant: TenantID, batchSize: Int, recordedMs: Int64) {
        self.store = store
        self.tenant = tenant
        self.batchSize = batchSize
        self.recordedMs = recordedMs
    }

    var stored: Int { writers.values.reduce(0) { $0 + $1.inserted } }

    mutating func accept(_ tick: Tick, symbol: Symbol, source: String) {
        guard failure == nil else { return }
        do {
            let writer: TickWriter
            if let existing = writers[symbol.name] {
                writer = existing
            } else {
                writer = try store.tickWriter(tenant: tenant, symbol: symbol, batchSize: batchSize)
                writers[symbol.name] = writer
            }
            try writer.append(tick)
            accepted += 1
        } catch {
            failure = error
        }
    }

    mutating func quarantine(_ record: QuarantineRecord) {
        counts[record.code.rawValue, default: 0] += 1
        pendingQuarantine.append(record)
        if pendingQuarantine.count >= 1000 { flushQuarantine() }
    }

    private mutating func flushQuarantine() {
        guard failure == nil, !pendingQuarantine.isEmpty else { return }
        do {
            try store.quarantine(pendingQuarantine, tenant: tenant, recordedMs: recordedMs)
            pendingQuarantine.removeAll(keepingCapacity: true)
        } catch {
            failure = error
        }
    }

    /// Rethrows the first store error, stopping the import.
    func rethrow() throws {
        if let failure { throw failure }
    }

    mutating func finish() throws {
        flushQuarantine()
        try rethrow()
        for writer in writers.values { try writer.flush() }
    }
}
