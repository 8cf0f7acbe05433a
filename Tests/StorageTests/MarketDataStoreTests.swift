import ErrorDNA
import Foundation
import MarketData
import Storage
import Testing
import TradehubModel

@Suite("Market data store")
struct MarketDataStoreTests {
    static let eurusd = Symbol("EURUSD", digits: 5)
    static let other = TenantID(rawValue: 2)

    static func ticks(_ count: Int, startMs: Int64 = 1_704_153_600_000) -> [Tick] {
        (0..<count).map { (index: Int) -> Tick in
            // Three ticks share each millisecond: MT5 sends several per ms in fast markets.
            let step: Double = Double(index) * 1e-5
            let time: Int64 = startMs + Int64(index / 3)
            return Tick(timeMs: time, bid: 1.1 + step, ask: 1.10002 + step, volume: Double(index % 2), flags: 6)
        }
    }

    static func collect(_ store: some MarketDataStore, tenant: TenantID = .embeddedDefault) throws -> [Tick] {
        var ticks: [Tick] = []
        try store.forEachTick(tenant: tenant, symbol: "EURUSD", fromMs: .min, toMs: .max) { ticks.append($0) }
        return ticks
    }

    @Test("ticks come back in time and arrival order, several per millisecond, across batches")
    func roundTrip() throws {
        let store = SQLiteMarketDataStore(database: try .inMemory())
        let writer = try store.tickWriter(tenant: .embeddedDefault, symbol: Self.eurusd, batchSize: 7)
        let ticks = Self.ticks(100)
        for tick in ticks { try writer.append(tick) }
        try writer.flush()
        #expect(writer.inserted == 100)
        #expect(try Self.collect(store) == ticks)
        #expect(try store.hasTicks(tenant: .embeddedDefault, symbol: "EURUSD"))
    }

    @Test("importing the same ticks twice stores each once")
    func idempotent() throws {
        let store = SQLiteMarketDataStore(database: try .inMemory())
        for _ in 0..<2 {
            let writer = try store.tickWriter(tenant: .embeddedDefault, symbol: Self.eurusd, batchSize: 10)
            for tick in Self.ticks(50) { try writer.append(tick) }
            try writer.flush()
        }
        #expect(try Self.collect(store).count == 50)
    }

    @Test("range queries are half-open and tenants never see each other's rows")
    func rangesAndTenants() throws {
        let store = SQLiteMarketDataStore(database: try .inMemory())
        let writer = try store.tickWriter(tenant: .embeddedDefault, symbol: Self.eurusd, batchSize: 100)
        for tick in Self.ticks(30) { try writer.append(tick) }
        try writer.flush()
        var inRange: [Tick] = []
        try store.forEachTick(tenant: .embeddedDefault, symbol: "EURUSD", fromMs: 1_704_153_600_002, toMs: 1_704_153_600_004) {
            inRange.append($0)
        }
        #expect(inRange.count == 6)
        #expect(try Self.collect(store, tenant: Self.other).isEmpty)
        #expect(try !store.hasTicks(tenant: Self.other, symbol: "EURUSD"))
    }

    @Test("bars are replaced by open time and listed by timeframe")
    func bars() throws {
        let store = SQLiteMarketDataStore(database: try .inMemory())
        let bars = (0..<5).map { Bar(openTimeMs: Int64($0) * 60_000, open: 1, high: 2, low: 0.5, close: 1.5, tickVolume: 3, spread: 2) }
        try store.storeBars(bars, tenant: .embeddedDefault, symbol: Self.eurusd, timeframe: .m1)
        var replaced = bars[2]
        replaced.close = 1.75
        try store.storeBars([replaced], tenant: .embeddedDefault, symbol: Self.eurusd, timeframe: .m1)
        try store.storeBars([bars[0]], tenant: .embeddedDefault, symbol: Self.eurusd, timeframe: .h1)
        var read: [Bar] = []
        try store.forEachBar(tenant: .embeddedDefault, symbol: "EURUSD", timeframe: .m1, fromMs: .min, toMs: .max) { read.append($0) }
        #expect(read.count == 5 && read[2].close == 1.75 && read[4] == bars[4])
        #expect(try store.storedTimeframes(tenant: .embeddedDefault, symbol: "EURUSD") == [.m1, .h1])
        #expect(try store.storedTimeframes(tenant: Self.other, symbol: "EURUSD").isEmpty)
    }

    @Test("quarantine keeps each record once, filters by symbol and code, counts per code")
    func quarantine() throws {
        let store = SQLiteMarketDataStore(database: try .inMemory())
        let records = [
            QuarantineRecord(symbol: "EURUSD", code: .crossedQuote, reason: "r", source: "a.csv:2", raw: "x", timeMs: 1),
            QuarantineRecord(symbol: "EURUSD", code: .malformed, reason: "r", source: "a.csv:3", raw: "y", timeMs: nil),
            QuarantineRecord(symbol: "USDJPY", code: .malformed, reason: "r", source: "b.csv:9", raw: "z", timeMs: nil),
        ]
        #expect(try store.quarantine(records, tenant: .embeddedDefault, recordedMs: 5) == 3)
        #expect(try store.quarantine(records, tenant: .embeddedDefault, recordedMs: 6) == 0)
        #expect(try store.quarantined(tenant: .embeddedDefault, symbol: nil, code: .malformed, limit: 10).count == 2)
        #expect(try store.quarantined(tenant: .embeddedDefault, symbol: "EURUSD", code: nil, limit: 10).map(\.source) == ["a.csv:3", "a.csv:2"])
        #expect(try store.quarantineCounts(tenant: .embeddedDefault, symbol: nil) == [.malformed: 2, .crossedQuote: 1])
        #expect(try store.quarantineCounts(tenant: Self.other, symbol: nil).isEmpty)
    }

    @Test("retention deletes ticks older than the cut-off")
    func retention() throws {
        let store = SQLiteMarketDataStore(database: try .inMemory())
        let writer = try store.tickWriter(tenant: .embeddedDefault, symbol: Self.eurusd, batchSize: 100)
        for tick in Self.ticks(30) { try writer.append(tick) }
        try writer.flush()
        #expect(try store.deleteTicks(beforeMs: 1_704_153_600_005) == 15)
        #expect(try Self.collect(store).first?.timeMs == 1_704_153_600_005)
    }

    @Test("ticks survive closing and reopening the data directory")
    func durable() throws {
        let scratch = TemporaryDirectory()
        do {
            let database = try SQLiteDatabase(directory: try DataDirectory(path: scratch.path))
            let writer = try SQLiteMarketDataStore(database: database).tickWriter(
                tenant: .embeddedDefault, symbol: Self.eurusd, batchSize: 10)
            for tick in Self.ticks(25) { try writer.append(tick) }
            try writer.flush()
            try database.close()
        }
        let database = try SQLiteDatabase(directory: try DataDirectory(path: scratch.path))
        #expect(try Self.collect(SQLiteMarketDataStore(database: database)) == Self.ticks(25))
    }
}
