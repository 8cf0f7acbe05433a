import ErrorDNA
import Foundation
import MarketData
import Storage
import Testing
import TradehubModel

@testable import TradehubCLI

@Suite("import, bars, export, quarantine")
struct MarketDataCommandTests {
    static let mt5Ticks = """
        <DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>
        2024.01.02\t00:00:00.100\t1.10000\t1.10002\t\t\t6
        2024.01.02\t00:00:00.100\t1.10001\t1.10003\t\t\t6
        2024.01.02\t00:00:30.000\t\t1.10004\t\t\t4
        2024.01.02\t00:00:31.000\t1.09x66\t1.10004\t\t\t6
        2024.01.02\t00:00:32.000\t1.10010\t1.10005\t\t\t6
        2024.01.02\t00:01:05.000\t1.10003\t1.10005\t\t\t6
        2024.01.02\t00:01:05.000\t1.10003\t1.10005\t\t\t6
        2024.01.02\t00:00:50.000\t1.10003\t1.10006\t\t\t6
        2024.01.02\t01:10:00.000\t1.10020\t1.10021\t\t\t6

        """

    final class Workspace {
        let path = TemporaryPath()
        var dataDir: String { path.path + "/data" }
        init() throws { try FileManager.default.createDirectory(atPath: path.path, withIntermediateDirectories: true) }
        func write(_ name: String, _ text: String) throws -> String {
            let file = path.path + "/" + name
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }
        func run(_ arguments: [String]) async -> Int32 {
            await TradehubCommand.main(arguments: arguments + ["--data-dir", dataDir, "--log-level", "error"])
        }
        func store<T>(_ body: (SQLiteMarketDataStore) throws -> T) throws -> T {
            let database = try SQLiteDatabase(directory: try DataDirectory(path: dataDir))
            defer { try? database.close() }
            return try body(SQLiteMarketDataStore(database: database))
        }
    }

    @Test("import validates, stores accepted ticks, quarantines the rest with file:line, and is idempotent")
    func importTicks() async throws {
        let workspace = try Workspace()
        let file = try workspace.write("EURUSD_ticks.csv", Self.mt5Ticks)
        #expect(await workspace.run(["import", file]) == 0)
        #expect(await workspace.run(["import", file]) == 0)
        try workspace.store { store in
            var ticks: [Tick] = []
            try store.forEachTick(tenant: .embeddedDefault, symbol: "EURUSD", fromMs: .min, toMs: .max) { ticks.append($0) }
            #expect(ticks.count == 5)
            #expect(ticks[2].bid == 1.10001 && ticks[2].ask == 1.10004, "empty BID carries the previous line's")
            let counts = try store.quarantineCounts(tenant: .embeddedDefault, symbol: "EURUSD")
            #expect(counts == [.malformed: 1, .crossedQuote: 1, .duplicate: 1, .outOfOrder: 1])
            let malformed = try store.quarantined(tenant: .embeddedDefault, symbol: nil, code: .malformed, limit: 5)
            #expect(malformed.first?.source == file + ":5")
            #expect(malformed.first?.raw.contains("1.09x66") == true)
        }
    }

    @Test("bars are built from stored ticks; export and re-import of ticks-csv is lossless")
    func barsAndExport() async throws {
        let workspace = try Workspace()
        let file = try workspace.write("EURUSD_ticks.csv", Self.mt5Ticks)
        #expect(await workspace.run(["import", file]) == 0)
        let barsFile = workspace.path.path + "/m1.csv"
        #expect(await workspace.run(["bars", "--symbol", "EURUSD", "--timeframe", "M1", "--output", barsFile]) == 0)
        let bars = try String(contentsOfFile: barsFile, encoding: .utf8).split(separator: "\n")
        #expect(bars.first == "time,open,high,low,close,tick_volume,spread,real_volume")
        #expect(bars.dropFirst().map { String($0.prefix(20)) } == ["2024-01-02T00:00:00Z", "2024-01-02T00:01:00Z", "2024-01-02T01:10:00Z"])
        #expect(bars[1] == "2024-01-02T00:00:00Z,1.1,1.10001,1.1,1.10001,3,2,0")
        let exported = workspace.path.path + "/ticks.csv"
        #expect(await workspace.run(["export", "ticks", "--symbol", "EURUSD", "--output", exported]) == 0)
        let second = try Workspace()
        #expect(await second.run(["import", exported, "--format", "ticks-csv", "--symbol", "EURUSD"]) == 0)
        let again = second.path.path + "/again.csv"
        #expect(await second.run(["export", "ticks", "--symbol", "EURUSD", "--output", again]) == 0)
        #expect(try String(contentsOfFile: again, encoding: .utf8) == String(contentsOfFile: exported, encoding: .utf8))
    }

    @Test("bars of a higher timeframe are resampled from imported OHLCV bars")
    func resampledBars() async throws {
        let workspace = try Workspace()
        let goog = LayerCheckTests.repository.appendingPathComponent("Tests/Fixtures/data/GOOG.csv").path
        #expect(await workspace.run(["import", goog]) == 0)
        let weekly = workspace.path.path + "/w1.csv"
        #expect(await workspace.run(["bars", "--symbol", "GOOG", "--timeframe", "W1", "--from", "2004-08-16", "--to", "2004-09-01", "--output", weekly]) == 0)
        let rows = try String(contentsOfFile: weekly, encoding: .utf8).split(separator: "\n")
        #expect(rows.dropFirst().map { String($0.prefix(20)) } == ["2004-08-16T00:00:00Z", "2004-08-23T00:00:00Z", "2004-08-30T00:00:00Z"])
        #expect(rows[1].hasPrefix("2004-08-16T00:00:00Z,100,109.08,95.96,108.31,0,0,"))
        #expect(await workspace.run(["bars", "--symbol", "GOOG", "--timeframe", "M1"]) == 1, "no bars make M1")
    }

    @Test("a missing file or an unknown symbol fails before anything is written")
    func failsEarly() async throws {
        let workspace = try Workspace()
        let good = try workspace.write("EURUSD_ticks.csv", Self.mt5Ticks)
        let anonymous = try workspace.write("data.csv", Self.mt5Ticks)
        #expect(await workspace.run(["import", good, workspace.path.path + "/missing.csv"]) == 1)
        #expect(await workspace.run(["import", good, anonymous]) == 1)
        #expect(!FileManager.default.fileExists(atPath: workspace.dataDir))
        #expect(await workspace.run(["import", anonymous, "--symbol", "EURUSD"]) == 0)
    }

    @Test("a configured symbol list quarantines other symbols; bad market.digits is a configuration error")
    func symbolConfiguration() async throws {
        let workspace = try Workspace()
        let file = try workspace.write("EURUSD_ticks.csv", Self.mt5Ticks)
        #expect(await workspace.run(["import", file, "--set", "market.digits=EURUSD=x"]) == 1)
        #expect(await workspace.run(["import", file, "--set", "market.symbols=USDJPY,XAUUSD"]) == 0)
        try workspace.store { (store) throws -> Void in
            #expect(try !store.hasTicks(tenant: .embeddedDefault, symbol: "EURUSD"))
            #expect(try store.quarantineCounts(tenant: .embeddedDefault, symbol: "EURUSD")[.unknownSymbol] == 8)
        }
        #expect(SymbolBook.parse("EURUSD=4, XAUUSD = 3") == .success(SymbolBook(digits: ["EURUSD": 4, "XAUUSD": 3])))
        #expect(SymbolBook(digits: ["EURUSD": 4]).symbol("EURUSD").digits == 4)
        #expect(SymbolBook().symbol("USDJPY").digits == 3)
    }
}

@Suite("Progress display")
struct ProgressLineTests {
    @Test("the bar fills with the fraction done; an unknown total shows no percentage")
    func bar() {
        #expect(ProgressLine.bar(done: 0, total: 10, width: 4) == "[----]   0%")
        #expect(ProgressLine.bar(done: 5, total: 10, width: 4) == "[##--]  50%")
        #expect(ProgressLine.bar(done: 20, total: 10, width: 4) == "[####] 100%")
        #expect(ProgressLine.bar(done: 5, total: nil) == "[…]")
    }
}
