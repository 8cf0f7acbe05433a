import ErrorDNA
import Foundation
import MarketData
import Testing

@Suite("Import format detection")
struct ImportFormatTests {
    @Test("each format is told from its first line", arguments: [
        ("<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>", ImportFormat.mt5Ticks),
        ("<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>", .mt5Bars),
        ("<DATE>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>", .mt5Bars),
        ("20240102 000000123,1.104210,1.104310,0", .histdataTicks),
        ("20240102 000000;1.104210;1.104350;1.104200;1.104300;0", .histdataM1),
        (",Open,High,Low,Close,Volume", .ohlcv),
        ("Date,close,LOW,High,Open", .ohlcv),
        ("time,open,high,low,close,tick_volume,spread,real_volume", .ohlcv),
        ("time,bid,ask,last,volume,flags", .ticksCSV),
        ("Time,Bid,Ask", .ticksCSV),
    ])
    func detects(line: String, format: ImportFormat) {
        #expect(ImportFormat.detect(firstLine: line) == format)
    }

    @Test("raw values are the --format names")
    func names() {
        #expect(ImportFormat.allCases.map(\.rawValue)
            == ["mt5-ticks", "mt5-bars", "histdata-ticks", "histdata-m1", "ohlcv", "ticks-csv"])
        #expect(ImportFormat(rawValue: "histdata-m1") == .histdataM1)
        #expect(ImportFormat.mt5Ticks.content == .ticks && ImportFormat.ohlcv.content == .bars)
        #expect(ImportFormat.histdataTicks.defaultTimeZoneOffsetSeconds == -18_000)
    }

    @Test("an unknown first line is E_FORMAT_UNKNOWN with path, line and reason")
    func unknown() throws {
        let scratch = ImportScratch()
        let path = scratch.write("x.csv", "\n\nhello,world\n1,2\n")
        let error = try #require(throws: TradehubError.self) { try ImportFormat.detect(path: path) }
        #expect(error.code == .formatUnknown)
        #expect(error["path"] == path)
        #expect(error["line"] == "3")
        #expect(error["reason"]?.contains("hello,world") == true)
        #expect(error.message.hasPrefix("\(path):3: cannot tell the format"))

        let empty = scratch.write("empty.csv", "")
        let emptyError = try #require(throws: TradehubError.self) {
            try MarketDataReader(path: empty, symbol: "EURUSD")
        }
        #expect(emptyError.code == .formatUnknown && emptyError["reason"] == "the file is empty")

        let zip = scratch.write("DAT_ASCII_EURUSD_T_202401.zip", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x0A])
        let zipError = try #require(throws: TradehubError.self) { try ImportFormat.detect(path: zip) }
        #expect(zipError.code == .formatUnknown && zipError["reason"]?.contains("unzip") == true)
    }

    @Test("a missing file is E_INPUT_NOT_FOUND naming it")
    func missing() throws {
        let error = try #require(throws: TradehubError.self) {
            try MarketDataReader(path: "/nonexistent/EURUSD.csv", symbol: "EURUSD")
        }
        #expect(error.code == .inputNotFound && error["path"] == "/nonexistent/EURUSD.csv")
        let directory = try #require(throws: TradehubError.self) {
            try MarketDataReader(path: FileManager.default.temporaryDirectory.path, symbol: "EURUSD")
        }
        #expect(directory.code == .inputNotFound)
    }

    @Test("a forced format whose header lacks a column is refused before reading")
    func forcedHeader() throws {
        let scratch = ImportScratch()
        let path = scratch.write("b.csv", "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\n")
        let error = try #require(throws: TradehubError.self) {
            try MarketDataReader(path: path, symbol: "EURUSD", format: .mt5Ticks)
        }
        #expect(error.code == .formatUnknown && error["reason"]?.contains("<BID>") == true)
        let ohlcv = scratch.write("o.csv", "time,open,high,close\n")
        let header = try #require(throws: TradehubError.self) {
            try MarketDataReader(path: ohlcv, symbol: "EURUSD", format: .ohlcv)
        }
        #expect(header.code == .csvHeader && header["missing"] == "Low")
    }
}

@Suite("Symbol inference")
struct SymbolInferenceTests {
    @Test("from the file name", arguments: [
        ("/data/EURUSD_ticks.csv", "EURUSD"),
        ("DAT_ASCII_EURUSD_T_202401.csv", "EURUSD"),
        ("DAT_ASCII_USDJPY_M1_2023.csv", "USDJPY"),
        ("HISTDATA_COM_ASCII_GBPUSD_T202401.zip", "GBPUSD"),
        ("EURUSD.csv", "EURUSD"),
        ("../shared/data/GOOG.csv", "GOOG"),
        ("XAUUSD_M1_202401020000_202401312359.csv", "XAUUSD"),
        ("EURUSD_202401020000_202401312359.csv.gz", "EURUSD"),
        ("ticks/eurusd-ticks.csv", "EURUSD"),
        ("C:\\MT5\\Files\\US30_ticks.csv", "US30"),
    ])
    func infers(path: String, symbol: String) {
        #expect(inferSymbol(fromPath: path) == symbol)
    }

    @Test("nil when the name holds no symbol", arguments: ["data.csv", "ticks.csv", "2024-01-02.csv", "/tmp/export.csv.gz", ""])
    func none(path: String) {
        #expect(inferSymbol(fromPath: path) == nil)
    }
}
