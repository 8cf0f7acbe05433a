import Foundation
import MarketData
import Testing
import TradehubModel

@Suite("CSV exports")
struct MarketDataCSVTests {
    @Test("tick export: header, ISO 8601 milliseconds, shortest numbers")
    func tickText() {
        let text = MarketDataCSV.text(ticks: [
            Tick(timeMs: utc(2024, 1, 2, ms: 123), bid: 1.10382, ask: 1.10392, last: 0, volume: 0, flags: 6),
            Tick(timeMs: utc(2024, 1, 2, 0, 0, 1), bid: 0.1 + 0.2, ask: 1e-7, last: 123_456.5, volume: 2, flags: 4_294_967_295),
        ])
        #expect(text == """
            time,bid,ask,last,volume,flags
            2024-01-02T00:00:00.123Z,1.10382,1.10392,0,0,6
            2024-01-02T00:00:01.000Z,0.30000000000000004,1e-07,123456.5,2,4294967295

            """)
    }

    @Test("bar export: header and whole-second ISO 8601 times")
    func barText() {
        let text = MarketDataCSV.text(bars: [
            Bar(openTimeMs: utc(2024, 1, 2), open: 1.1, high: 1.2, low: 1, close: 1.15, tickVolume: 42, spread: 7,
                realVolume: 1.5),
        ])
        #expect(text == "time,open,high,low,close,tick_volume,spread,real_volume\n2024-01-02T00:00:00Z,1.1,1.2,1,1.15,42,7,1.5\n")
    }

    static func randomTicks(_ count: Int, seed: UInt64) -> [Tick] {
        var generator = SplitMix(seed: seed)
        var time = utc(2023, 12, 31, 23, 59, 58)
        return (0..<count).map { i in
            time += Int64(generator.next() % 1500)
            let bid = Double(100_000 + Int(generator.next() % 20_000)) / 100_000
            let special: [Double] = [0.1 + 0.2, 1e-9, 123_456_789.123_456_78, 5e15, 1 / 3, 0]
            return Tick(
                timeMs: i == 0 ? -123 : time, bid: i % 7 == 0 ? special[i % special.count] : bid,
                ask: bid + Double(generator.next() % 30) / 100_000,
                last: i % 5 == 0 ? Double(generator.next() % 1_000_000) / 1000 : 0,
                volume: i % 3 == 0 ? Double.random(in: 0..<1000, using: &generator) : 0,
                flags: UInt32(truncatingIfNeeded: generator.next()))
        }
    }

    @Test("import(export(ticks)) == ticks", arguments: [1, 2, 3])
    func tickRoundTrip(seed: UInt64) throws {
        let ticks = Self.randomTicks(5000, seed: seed)
        let scratch = ImportScratch()
        var bytes: [UInt8] = []
        var writer = MarketDataCSVWriter(content: .ticks, chunkBytes: 4096) { bytes += $0 }
        for tick in ticks { try writer.write(tick) }
        try writer.finish()
        #expect(writer.rowCount == ticks.count)
        let path = scratch.write("EURUSD_ticks.csv", bytes)
        let reader = try MarketDataReader(path: path, symbol: "EURUSD")
        #expect(reader.format == .ticksCSV)
        let back = try reader.ticks
        #expect(back.count == ticks.count)
        #expect(back == ticks)
        #expect(String(decoding: bytes, as: UTF8.self) == MarketDataCSV.text(ticks: ticks))
        let forced = try MarketDataReader(path: path, symbol: "EURUSD", format: .ticksCSV, timeZoneOffsetSeconds: 3600)
        #expect(try forced.ticks == ticks)
    }

    @Test("import(export(bars)) == bars")
    func barRoundTrip() throws {
        var generator = SplitMix(seed: 11)
        var bars: [Bar] = []
        for i in 0..<2000 {
            let open = Double(100_000 + Int(generator.next() % 20_000)) / 100_000
            bars.append(Bar(
                openTimeMs: utc(2024, 1, 1) + Int64(i) * 60_000 + (i == 5 ? 250 : 0), open: open,
                high: open + 0.001, low: open - 0.000_7, close: open + Double(generator.next() % 100) / 100_000,
                tickVolume: Int64(generator.next() % 10_000), spread: Int32(generator.next() % 50),
                realVolume: i % 2 == 0 ? 0 : Double.random(in: 0..<1e6, using: &generator)))
        }
        let text = MarketDataCSV.text(bars: bars)
        let reader = try MarketDataReader(bytes: Array(text.utf8), sourceName: "EURUSD_M1.csv", symbol: "EURUSD")
        #expect(reader.format == .ohlcv)
        #expect(try reader.bars == bars)
    }
}
