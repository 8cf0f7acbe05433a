import ErrorDNA
import Foundation
import MarketData
import Testing

@Suite("OHLCV CSV")
struct OHLCVTableTests {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/data")

    final class Scratch {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("md-\(UUID().uuidString)")
        init() { try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: directory) }
        func write(_ name: String, _ data: Data) -> String {
            let url = directory.appendingPathComponent(name)
            _ = FileManager.default.createFile(atPath: url.path, contents: data)
            return url.path
        }
    }

    @Test("reads the shared GOOG file: empty first header cell, time cells unchanged")
    func goog() throws {
        let table = try OHLCVTable.read(path: Self.shared.appendingPathComponent("GOOG.csv").path)
        #expect(table.count == 2148)
        #expect(table.times.first == "2004-08-19")
        #expect(table.open.first == 100 && table.close.first == 100.34 && table.volume.first == 22_351_900)
        #expect(table.hasVolume)
    }

    @Test("any case and order of columns; Volume optional; CRLF; UTF-8 BOM")
    func flexibleHeader() throws {
        let scratch = Scratch()
        let text = "\u{FEFF}Date,close,LOW,High,Open\r\n2024-01-02,4,1,5,2\r\n2024-01-03,6,3,7,4\r\n"
        let table = try OHLCVTable.read(path: scratch.write("a.csv", Data(text.utf8)))
        #expect(table.times == ["2024-01-02", "2024-01-03"])
        #expect(table.open == [2, 4] && table.high == [5, 7] && table.low == [1, 3] && table.close == [4, 6])
        #expect(!table.hasVolume && table.volume.isEmpty)
    }

    @Test("UTF-16LE with a byte-order mark, as MT5 writes")
    func utf16() throws {
        let scratch = Scratch()
        let text = "time,open,high,low,close\n2024-01-02 00:00,1.1,1.2,1.0,1.15\n"
        var data = Data([0xFF, 0xFE])
        data.append(text.data(using: .utf16LittleEndian)!)
        let table = try OHLCVTable.read(path: scratch.write("u.csv", data))
        #expect(table.close == [1.15])
    }

    @Test("numbers are strict: 1.09x66 is malformed, named with file:line and column", arguments: ["1.09x66", "nan", "inf", "0x1p3", "", "1,2"])
    func strictNumbers(cell: String) throws {
        let scratch = Scratch()
        let path = scratch.write("bad.csv", Data("time,open,high,low,close\nt1,1,2,0.5,1.5\nt2,1,2,0.5,\(cell)\n".utf8))
        let error = try #require(throws: TradehubError.self) { try OHLCVTable.read(path: path) }
        #expect(error.code == .csvMalformed)
        #expect(error.message.contains("bad.csv:3"))
    }

    @Test("a missing column or file is a clear error")
    func missing() throws {
        let scratch = Scratch()
        let path = scratch.write("h.csv", Data("time,open,high,close\nt,1,2,3\n".utf8))
        let header = try #require(throws: TradehubError.self) { try OHLCVTable.read(path: path) }
        #expect(header.code == .csvHeader && header.message.contains("Low"))
        let none = try #require(throws: TradehubError.self) { try OHLCVTable.read(path: scratch.directory.path + "/nope.csv") }
        #expect(none.code == .inputNotFound)
    }

    @Test("RFC 4180 quoting round-trips")
    func quoting() {
        #expect(CSV.split("a,\"b,c\",\"d\"\"e\"").map(String.init) == ["a", "b,c", "d\"e"])
        #expect(CSV.escape("MACD(12,26,9).macd") == "\"MACD(12,26,9).macd\"")
        #expect(CSV.escape("SMA") == "SMA")
    }
}
