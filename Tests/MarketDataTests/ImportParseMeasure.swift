import Foundation
import MarketData
import Testing
import TradehubModel

/// Parse speed of the importers, run by hand (not a timed test):
/// `TRADEHUB_MEASURE=1 swift test -c release --filter ImportParseMeasure`
@Suite("Import parse speed (by hand)")
struct ImportParseMeasure {
    static let enabled = ProcessInfo.processInfo.environment["TRADEHUB_MEASURE"] != nil

    /// `count` MT5 tick lines as MT5 writes them: one side often empty, LAST and VOLUME empty.
    static func mt5Lines(_ count: Int) -> [UInt8] {
        var out = Array("<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>\n".utf8)
        out.reserveCapacity(count * 48)
        var generator = SplitMix(seed: 1)
        var ms: Int64 = 0
        var bid = 110_000
        for i in 0..<count {
            ms += Int64(generator.next() % 400)
            bid += Int(generator.next() % 5) - 2
            let t = MarketTime.components(ofEpochMs: MarketTime.epochMs(year: 2024, month: 1, day: 2) + ms)
            let date = String(format: "%04d.%02d.%02d\t%02d:%02d:%02d.%03d", t.year, t.month, t.day, t.hour, t.minute,
                              t.second, t.millisecond)
            let bidText = "1.\(String(format: "%05d", bid % 100_000))"
            let askText = "1.\(String(format: "%05d", (bid + 12) % 100_000))"
            switch i % 3 {
            case 0: out += Array("\(date)\t\(bidText)\t\(askText)\t\t\t6\n".utf8)
            case 1: out += Array("\(date)\t\(bidText)\t\t\t\t2\n".utf8)
            default: out += Array("\(date)\t\t\(askText)\t\t\t4\n".utf8)
            }
        }
        return out
    }

    static func measure(_ label: String, lines: Int, bytes: Int, _ run: () throws -> Int) rethrows {
        var best = Double.infinity
        var ticks = 0
        for _ in 0..<5 {
            let start = ContinuousClock.now
            ticks = try run()
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        let perSecond = Double(lines) / best
        print(String(format: "measure %@: %d lines (%d ticks) in %.3f s = %.2f M lines/s, %.0f MB/s", label, lines, ticks,
                     best, perSecond / 1e6, Double(bytes) / best / 1e6))
    }

    @Test("MT5 tick lines per second", .enabled(if: enabled))
    func mt5TickSpeed() throws {
        let count = 2_000_000
        let bytes = Self.mt5Lines(count)
        let scratch = ImportScratch()
        let path = scratch.write("EURUSD_ticks.csv", bytes)
        let utf16Path = scratch.write("EURUSD_ticks_utf16.csv", utf16LE(String(decoding: bytes, as: UTF8.self)))
        let gzipPath = scratch.write("EURUSD_ticks.csv.gz", Gzip.compress(bytes, level: 6))
        func countTicks(_ reader: MarketDataReader) throws -> Int {
            var n = 0
            var sum = 0.0
            try reader.forEachRecord { record in
                if case .tick(let tick) = record.kind {
                    n += 1
                    sum += tick.bid
                }
            }
            precondition(sum > 0)
            return n
        }
        try Self.measure("mt5-ticks memory", lines: count, bytes: bytes.count) {
            try countTicks(try MarketDataReader(bytes: bytes, sourceName: "m", symbol: "EURUSD"))
        }
        try Self.measure("mt5-ticks file", lines: count, bytes: bytes.count) {
            try countTicks(try MarketDataReader(path: path, symbol: "EURUSD"))
        }
        try Self.measure("mt5-ticks UTF-16LE file", lines: count, bytes: bytes.count) {
            try countTicks(try MarketDataReader(path: utf16Path, symbol: "EURUSD"))
        }
        try Self.measure("mt5-ticks gzip file", lines: count, bytes: bytes.count) {
            try countTicks(try MarketDataReader(path: gzipPath, symbol: "EURUSD"))
        }
        let ticks = try MarketDataReader(bytes: bytes, sourceName: "m", symbol: "EURUSD").ticks
        let csv = Array(MarketDataCSV.text(ticks: ticks).utf8)
        try Self.measure("ticks-csv memory", lines: count, bytes: csv.count) {
            try countTicks(try MarketDataReader(bytes: csv, sourceName: "c", symbol: "EURUSD"))
        }
        Self.measure("ticks-csv export", lines: count, bytes: csv.count) {
            var out: [UInt8] = []
            out.reserveCapacity(csv.count)
            for tick in ticks { MarketDataCSV.appendRow(tick, to: &out) }
            precondition(out.count + MarketDataCSV.ticksHeader.utf8.count + 1 == csv.count)
            return ticks.count
        }
    }
}
