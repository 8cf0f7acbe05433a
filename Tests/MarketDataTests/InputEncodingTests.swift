import CZlib
import ErrorDNA
import Foundation
import MarketData
import Testing
import TradehubModel

@Suite("Import input: encodings, line ends, gzip")
struct InputEncodingTests {
    static let text = MarketDataReaderTests.mt5Ticks
    static var expected: [Tick] {
        get throws { try MarketDataReader(bytes: Array(text.utf8), sourceName: "x", symbol: "EURUSD").ticks }
    }

    @Test("UTF-16LE with a BOM and CRLF, as MT5 writes its exports")
    func utf16LittleEndianCRLF() throws {
        let scratch = ImportScratch()
        let path = scratch.write("EURUSD_ticks.csv", utf16LE(Self.text.replacingOccurrences(of: "\n", with: "\r\n")))
        let reader = try MarketDataReader(path: path, symbol: "EURUSD")
        #expect(reader.format == .mt5Ticks)
        let records = try reader.records()
        #expect(records.count == 4 && records.allSatisfy { $0.tick != nil })
        #expect(records.compactMap(\.tick) == (try Self.expected))
    }

    @Test("UTF-16BE with a BOM, UTF-8 with a BOM, UTF-16LE without one")
    func otherEncodings() throws {
        let bomless = Array(utf16LE(Self.text).dropFirst(2))
        for bytes in [utf16BE(Self.text), [0xEF, 0xBB, 0xBF] + Array(Self.text.utf8), bomless] {
            let reader = try MarketDataReader(bytes: bytes, sourceName: "x", symbol: "EURUSD")
            #expect(reader.format == .mt5Ticks)
            #expect(try reader.ticks == (try Self.expected))
        }
    }

    @Test("non-ASCII text and a damaged UTF-16 surrogate only quarantine their line")
    func damagedUTF16() throws {
        var bytes = utf16LE("time,bid,ask\n2024-01-02T00:00:00Z,1é,2\n2024-01-02T00:00:01Z,1,2\n")
        bytes += [0x00, 0xD8]  // a lone high surrogate, then the end
        let records = try MarketDataReader(bytes: bytes, sourceName: "x", symbol: "EURUSD").records()
        #expect(records.count == 3)
        #expect(records[0].quarantine?.raw == "2024-01-02T00:00:00Z,1é,2")
        #expect(records[1].tick == Tick(timeMs: utc(2024, 1, 2, 0, 0, 1), bid: 1, ask: 2))
        #expect(records[2].quarantine?.raw == "\u{FFFD}")
    }

    @Test("gzip made with zlib's deflate is read as it is, UTF-16 inside included")
    func gzipped() throws {
        let scratch = ImportScratch()
        let plain = utf16LE(Self.text.replacingOccurrences(of: "\n", with: "\r\n"))
        let compressed = deflateGzip(plain)
        #expect(compressed.starts(with: [0x1F, 0x8B]))
        let path = scratch.write("EURUSD_ticks.csv.gz", compressed)
        let reader = try MarketDataReader(path: path, symbol: "EURUSD")
        #expect(reader.format == .mt5Ticks)
        #expect(try reader.ticks == (try Self.expected))
        #expect(try Gzip.decompress(Gzip.compress(plain)) == plain)
    }

    @Test("a file made by the gzip tool (with its file-name header field) is read")
    func gzipTool() throws {
        // `printf 'time,bid,ask\n2024-01-02T00:00:00.123Z,1.1,1.2\n' > EURUSD.csv; gzip -9 -c EURUSD.csv`
        let bytes: [UInt8] = [
            0x1F, 0x8B, 0x08, 0x08, 0xCD, 0xDF, 0x06, 0x6B, 0x02, 0x03, 0x45, 0x55, 0x52, 0x55, 0x53, 0x44, 0x2E, 0x63,
            0x73, 0x76, 0x00, 0x2B, 0xC9, 0xCC, 0x4D, 0xD5, 0x49, 0xCA, 0x4C, 0xD1, 0x49, 0x2C, 0xCE, 0xE6, 0x32, 0x32,
            0x30, 0x32, 0xD1, 0x35, 0x30, 0xD4, 0x35, 0x30, 0x0A, 0x31, 0x30, 0xB0, 0x02, 0x23, 0x3D, 0x43, 0x23, 0xE3,
            0x28, 0x1D, 0x43, 0x3D, 0x43, 0x20, 0x36, 0xE2, 0x02, 0x00, 0x30, 0x03, 0x4A, 0x1F, 0x2E, 0x00, 0x00, 0x00,
        ]
        let scratch = ImportScratch()
        let reader = try MarketDataReader(path: scratch.write("EURUSD.csv.gz", bytes), symbol: "EURUSD")
        #expect(reader.format == .ticksCSV)
        #expect(try reader.ticks == [Tick(timeMs: utc(2024, 1, 2, ms: 123), bid: 1.1, ask: 1.2)])
    }

    @Test("a large gzip file streams across chunk boundaries; concatenated members are read in full")
    func gzipLarge() throws {
        var text = "<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>\n"
        let count = 60_000
        for i in 0..<count {
            text += "2024.01.02\t\(String(format: "%02d:%02d:%02d.%03d", i / 3_600_000, i / 60_000 % 60, i / 1000 % 60, i % 1000))"
            text += "\t1.\(10000 + i % 5000)\t1.\(10010 + i % 5000)\t\t\t6\n"
        }
        let bytes = Array(text.utf8)
        let half = bytes.count / 2
        let cut = bytes[half...].firstIndex(of: 0x0A)! + 1
        let twoMembers = deflateGzip(Array(bytes[..<cut])) + deflateGzip(Array(bytes[cut...]))
        let crlf = Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        for input in [twoMembers, bytes, crlf, utf16LE(text), deflateGzip(utf16BE(text))] {
            let reader = try MarketDataReader(bytes: input, sourceName: "big", symbol: "EURUSD")
            var n = 0
            var lastTime: Int64 = -1
            try reader.forEachRecord { record in
                guard let tick = record.tick else {
                    Issue.record("line \(record.line) malformed")
                    return
                }
                if tick.timeMs <= lastTime || record.line != n + 2 { Issue.record("line \(record.line) out of order") }
                lastTime = tick.timeMs
                n += 1
            }
            #expect(n == count)
        }
    }

    @Test("truncated gzip is E_INPUT_ENCODING, not a silent short read")
    func truncatedGzip() throws {
        let compressed = deflateGzip(Array(String(repeating: Self.text, count: 200).utf8))
        let truncated = Array(compressed.prefix(compressed.count / 2))
        let reader = try MarketDataReader(bytes: truncated, sourceName: "t.gz", symbol: "EURUSD")
        let error = try #require(throws: TradehubError.self) { try reader.forEachRecord { _ in } }
        #expect(error.code == .inputEncoding && error["encoding"] == "gzip")
    }

    @Test("LF, CRLF, a last line without a line end, blank lines: same records and line numbers")
    func lineEnds() throws {
        let lf = "time,bid,ask\n\n2024-01-02T00:00:00Z,1,2\n   \n2024-01-02T00:00:01Z,1,2"
        for text in [lf, lf.replacingOccurrences(of: "\n", with: "\r\n"), lf + "\n", lf + "\r\n"] {
            let records = try MarketDataReader(bytes: Array(text.utf8), sourceName: "x", symbol: "E").records()
            #expect(records.map(\.line) == [3, 5])
            #expect(records.allSatisfy { $0.tick != nil })
        }
    }

    /// gzip bytes with zlib's deflate directly (windowBits 15 + 16), independent of `Gzip`.
    func deflateGzip(_ input: [UInt8]) -> [UInt8] {
        // zlib keeps a pointer back to its stream, so the stream lives at a fixed address.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        #expect(deflateInit2_(stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                              Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(stream) }
        var output = [UInt8](repeating: 0, count: input.count + input.count / 10 + 1024)
        var input = input
        let written = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.pointee.next_in = inBuffer.baseAddress
                stream.pointee.avail_in = uInt(inBuffer.count)
                stream.pointee.next_out = outBuffer.baseAddress
                stream.pointee.avail_out = uInt(outBuffer.count)
                let status = deflate(stream, Z_FINISH)
                #expect(status == Z_STREAM_END)
                return outBuffer.count - Int(stream.pointee.avail_out)
            }
        }
        return Array(output.prefix(written))
    }
}
