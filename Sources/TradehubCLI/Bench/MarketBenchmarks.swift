import ErrorDNA
import Foundation
import MarketData
import Storage
import TradehubModel

/// `market.validate_aggregate` and `market.import`.
enum MarketBenchmarks {
    /// A seeded EURUSD-like tick stream: mostly 1-point moves, several ticks per millisecond.
    static func ticks(count: Int, seed: UInt64) -> [Tick] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var time: Int64 = 1_704_153_600_000
        var bid = 110_000
        return (0..<count).map { _ in
            time += Int64([0, 3, 40, 250, 900][Int(next() % 5)])
            bid += Int(next() % 3) - 1
            let spread = 1 + Int(next() % 3)
            return Tick(timeMs: time, bid: Double(bid) / 100_000, ask: Double(bid + spread) / 100_000, flags: 6)
        }
    }

    /// Collects nothing; counts what arrives (the validation benchmark measures validation, not a store).
    struct CountingSink: TickSink {
        var aggregator = MultiTimeframeAggregator(symbol: Symbol("EURUSD", digits: 5), timeframes: [.m1, .m5, .m15, .m30, .h1, .h4, .d1])
        var accepted = 0
        var quarantined = 0
        var bars = 0

        mutating func accept(_ tick: Tick, source: String) {
            accepted += 1
            aggregator.add(tick) { _, _ in bars += 1 }
        }

        mutating func quarantine(_ record: QuarantineRecord) { quarantined += 1 }
    }

    static let validateAggregate = Benchmark(
        name: "market.validate_aggregate",
        summary: "Ticks/s validated and aggregated into M1…D1 in memory (one core)"
    ) { iterations in
        let count = iterations ?? 2_000_000
        let stream = ticks(count: count, seed: 11)
        var validator = TickValidator(symbol: Symbol("EURUSD", digits: 5))
        var sink = CountingSink()
        let start = ContinuousClock.now
        for tick in stream { validator.process(tick, source: "bench", raw: "", into: &sink) }
        validator.finish(into: &sink)
        let seconds = (ContinuousClock.now - start).seconds
        blackHole(sink.bars)
        return [BenchResult(name: "market.validate_aggregate", value: Double(count) / seconds, unit: "ticks/s", iterations: count)]
    }

    static let importFile = Benchmark(
        name: "market.import",
        summary: "MT5 tick CSV parsed, validated and stored durably in SQLite, ticks/s"
    ) { iterations in
        let count = iterations ?? 1_000_000
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tradehub-bench-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var text = "<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>\n"
        text.reserveCapacity(count * 48)
        for tick in ticks(count: count, seed: 5) {
            let parts = MarketTime.components(ofEpochMs: tick.timeMs)
            text += String(
                format: "%04d.%02d.%02d\t%02d:%02d:%02d.%03d\t%.5f\t%.5f\t\t\t6\n", parts.year, parts.month, parts.day,
                parts.hour, parts.minute, parts.second, parts.millisecond, tick.bid, tick.ask)
        }
        let path = directory.appendingPathComponent("EURUSD_ticks.csv").path
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw TradehubError(.benchFailed, ["name": "market.import", "reason": "cannot write \(path)"])
        }
        let data = try DataDirectory(path: directory.appendingPathComponent("data").path)
        let database = try SQLiteDatabase(directory: data)
        defer { try? database.close() }
        let importer = MarketImporter(
            store: SQLiteMarketDataStore(database: database), tenant: .embeddedDefault, settings: .standard,
            book: SymbolBook(), allowList: nil, clock: SystemWallClock())
        let start = ContinuousClock.now
        let reader = try MarketDataReader(path: path, symbol: "EURUSD")
        let summary = try importer.importFile(reader, timeframe: nil)
        let seconds = (ContinuousClock.now - start).seconds
        guard summary.rows == count else {
            throw TradehubError(.benchFailed, ["name": "market.import", "reason": "read \(summary.rows) of \(count) rows"])
        }
        return [BenchResult(name: "market.import", value: Double(count) / seconds, unit: "ticks/s", iterations: count)]
    }
}
