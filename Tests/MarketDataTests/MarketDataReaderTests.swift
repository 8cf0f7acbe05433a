import ErrorDNA
import Foundation
import MarketData
import Testing
import TradehubModel

@Suite("Market data readers")
struct MarketDataReaderTests {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/data")

    static let mt5Ticks = """
        <DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>
        2024.01.02\t00:00:00.123\t1.10382\t1.10392\t\t\t6
        2024.01.02\t00:00:01.456\t\t1.10393\t\t\t4
        2024.01.02\t00:00:01.456\t1.10384\t\t\t\t2
        2024.01.02\t00:00:02.000\t1.10385\t1.10395\t1.1039\t3\t30

        """

    @Test("MT5 ticks: header columns, empty BID/ASK carried forward, empty LAST/VOLUME 0, flags")
    func mt5Ticks() throws {
        let reader = try MarketDataReader(bytes: Array(Self.mt5Ticks.utf8), sourceName: "EURUSD.csv", symbol: "EURUSD")
        #expect(reader.format == .mt5Ticks && reader.content == .ticks)
        let records = try reader.records()
        #expect(records.map(\.line) == [2, 3, 4, 5])
        #expect(records.compactMap(\.tick) == [
            Tick(timeMs: utc(2024, 1, 2, ms: 123), bid: 1.10382, ask: 1.10392, last: 0, volume: 0, flags: 6),
            Tick(timeMs: utc(2024, 1, 2, 0, 0, 1, ms: 456), bid: 1.10382, ask: 1.10393, flags: 4),
            Tick(timeMs: utc(2024, 1, 2, 0, 0, 1, ms: 456), bid: 1.10384, ask: 1.10393, flags: 2),
            Tick(timeMs: utc(2024, 1, 2, 0, 0, 2), bid: 1.10385, ask: 1.10395, last: 1.1039, volume: 3, flags: 30),
        ])
    }

    @Test("MT5 ticks: an empty BID with no earlier value is malformed; the carry skips malformed lines")
    func carryForwardEdges() throws {
        let text = """
            <DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>
            2024.01.02\t00:00:00.100\t\t1.10392\t\t\t4
            2024.01.02\t00:00:00.200\t1.10380\t1.10390\t\t\t6
            2024.01.02\t00:00:00.300\t1.2\t1.3x\t\t\t6
            2024.01.02\t00:00:00.400\t\t\t\t\t0
            """
        let records = try MarketDataReader(bytes: Array(text.utf8), sourceName: "t.tsv", symbol: "EURUSD").records()
        #expect(records.count == 4)
        let first = try #require(records[0].quarantine)
        #expect(first.code == .malformed && first.source == "t.tsv:2")
        #expect(first.reason.contains("bid") && first.reason.contains("no earlier line"))
        #expect(first.timeMs == utc(2024, 1, 2, ms: 100))
        #expect(records[2].quarantine?.reason.contains("'1.3x'") == true)
        #expect(records[3].tick == Tick(timeMs: utc(2024, 1, 2, ms: 400), bid: 1.10380, ask: 1.10390))
    }

    @Test("malformed lines are quarantined with file:line, field, value and raw text; the rest is read")
    func malformed() throws {
        let scratch = ImportScratch()
        let text = """
            <DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>
            2024.01.02\t00:00:00.123\t1.09x66\t1.10392\t\t\t6
            2024.01.02\t00:00:00.200\t1.10380\t1.10390\t\t\t6
            2024.13.02\t00:00:00.300\t1.10380\t1.10390\t\t\t6
            2024.01.02\t25:00:00.300\t1.10380\t1.10390\t\t\t6
            2024.01.02\t00:00:00.400\t1.10380\t1.10390\t\t6
            2024.01.02\t00:00:00.500\t1.10380\t1.10390\t\t\t-1
            2024.01.02\t00:00:00.600\t1.10381\t1.10391\t\t\t6
            """
        let path = scratch.write("EURUSD_ticks.csv", text)
        let reader = try MarketDataReader(path: path, symbol: "EURUSD")
        var ticks: [Tick] = []
        var quarantined: [(QuarantineRecord, TradehubError)] = []
        try reader.forEachRecord { record in
            switch record.kind {
            case .tick(let tick): ticks.append(tick)
            case .malformed(let q, let error): quarantined.append((q, error))
            case .bar: Issue.record("bar in a tick file")
            }
        }
        #expect(ticks.map(\.timeMs) == [utc(2024, 1, 2, ms: 200), utc(2024, 1, 2, ms: 600)])
        #expect(quarantined.map(\.0.source) == [2, 4, 5, 6, 7].map { "\(path):\($0)" })
        let (first, error) = quarantined[0]
        #expect(first.code == .malformed && first.symbol == "EURUSD")
        #expect(first.raw == "2024.01.02\t00:00:00.123\t1.09x66\t1.10392\t\t\t6")
        #expect(error["source"] == "\(path):2" && error["field"] == "bid" && error["value"] == "1.09x66")
        #expect(error["problem"] == "not a number")
        #expect(first.reason == "\(path):2: malformed bid '1.09x66': not a number")
        #expect(quarantined[1].1["field"] == "date" && quarantined[1].1["value"] == "2024.13.02")
        #expect(quarantined[2].1["field"] == "time")
        #expect(quarantined[3].1["field"] == "row" && quarantined[3].1["problem"] == "6 cells where 7 are expected")
        #expect(quarantined[4].1["field"] == "flags")
        for (q, e) in quarantined { #expect(e.definition.placeholders.allSatisfy { e[$0] != nil }, "\(q.reason)") }
    }

    @Test("the raw text is given on request for accepted lines too")
    func rawText() throws {
        let reader = try MarketDataReader(bytes: Array(Self.mt5Ticks.utf8), sourceName: "x", symbol: "EURUSD")
        var raws: [String] = []
        try reader.forEachRecord { record, rawText in
            if record.line == 3 { raws.append(rawText()) }
            #expect(reader.source(of: record) == "x:\(record.line)")
        }
        #expect(raws == ["2024.01.02\t00:00:01.456\t\t1.10393\t\t\t4"])
    }

    @Test("MT5 bars: HH:MM and HH:MM:SS times, D1 without a TIME column")
    func mt5Bars() throws {
        let text = """
            <DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>
            2024.01.02\t00:00\t1.10382\t1.10400\t1.10300\t1.10350\t120\t0\t8
            2024.01.02\t00:01:00\t1.10350\t1.10360\t1.10340\t1.10345\t98\t5\t7
            """
        let bars = try MarketDataReader(bytes: Array(text.utf8), sourceName: "b", symbol: "EURUSD").bars
        #expect(bars == [
            Bar(openTimeMs: utc(2024, 1, 2), open: 1.10382, high: 1.104, low: 1.103, close: 1.1035, tickVolume: 120,
                spread: 8, realVolume: 0),
            Bar(openTimeMs: utc(2024, 1, 2, 0, 1), open: 1.1035, high: 1.1036, low: 1.1034, close: 1.10345,
                tickVolume: 98, spread: 7, realVolume: 5),
        ])
        let daily = "<DATE>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>\n2024.01.03\t1\t2\t0.5\t1.5\t10\t0\t3\n"
        let d1 = try MarketDataReader(bytes: Array(daily.utf8), sourceName: "d", symbol: "EURUSD").bars
        #expect(d1 == [Bar(openTimeMs: utc(2024, 1, 3), open: 1, high: 2, low: 0.5, close: 1.5, tickVolume: 10, spread: 3)])
    }

    @Test("histdata ticks and M1: EST without daylight saving is UTC-5 all year")
    func histdata() throws {
        let ticks = "20240102 000000123,1.104210,1.104310,0\n20240702 235959999,1.2,1.3,5\n"
        let reader = try MarketDataReader(bytes: Array(ticks.utf8), sourceName: "DAT_ASCII_EURUSD_T_202401.csv",
                                          symbol: "EURUSD")
        #expect(reader.format == .histdataTicks && reader.timeZoneOffsetSeconds == -18_000)
        #expect(try reader.ticks == [
            Tick(timeMs: utc(2024, 1, 2, 5, 0, 0, ms: 123), bid: 1.10421, ask: 1.10431),
            Tick(timeMs: utc(2024, 7, 3, 4, 59, 59, ms: 999), bid: 1.2, ask: 1.3, volume: 5),  // July: still -5
        ])
        let m1 = "20240102 170000;1.104210;1.104350;1.104200;1.104300;0\n20240102 170100;1;2;0.5;1.5;7\n"
        let bars = try MarketDataReader(bytes: Array(m1.utf8), sourceName: "m1", symbol: "EURUSD").bars
        #expect(bars == [
            Bar(openTimeMs: utc(2024, 1, 2, 22), open: 1.10421, high: 1.10435, low: 1.1042, close: 1.1043),
            Bar(openTimeMs: utc(2024, 1, 2, 22, 1), open: 1, high: 2, low: 0.5, close: 1.5, realVolume: 7),
        ])
        // An explicit offset overrides the format's zone.
        let asUTC = try MarketDataReader(bytes: Array(ticks.utf8), sourceName: "t", symbol: "EURUSD", timeZoneOffsetSeconds: 0)
        #expect(try asUTC.ticks.first?.timeMs == utc(2024, 1, 2, ms: 123))
    }

    @Test("--tz-offset: local server time = UTC + offset is converted to UTC")
    func timeZoneOffset() throws {
        let reader = try MarketDataReader(bytes: Array(Self.mt5Ticks.utf8), sourceName: "x", symbol: "EURUSD",
                                          timeZoneOffsetSeconds: 7200)
        #expect(try reader.ticks.first?.timeMs == utc(2024, 1, 1, 22, 0, 0, ms: 123))
        // ISO times with Z carry their own zone and ignore the offset.
        let csv = "time,bid,ask,last,volume,flags\n2024-01-02T00:00:00.123Z,1,2,0,0,6\n"
        let own = try MarketDataReader(bytes: Array(csv.utf8), sourceName: "c", symbol: "EURUSD", timeZoneOffsetSeconds: 7200)
        #expect(try own.ticks.first?.timeMs == utc(2024, 1, 2, ms: 123))
        let bars = "time,open,high,low,close\n2024-01-02 09:00:00,1,2,0.5,1.5\n"
        let shifted = try MarketDataReader(bytes: Array(bars.utf8), sourceName: "o", symbol: "X", timeZoneOffsetSeconds: -3600)
        #expect(try shifted.bars.first?.openTimeMs == utc(2024, 1, 2, 10))
    }

    @Test("ohlcv: the shared EURUSD and GOOG files read like OHLCVTable")
    func sharedFiles() throws {
        for name in ["EURUSD.csv", "GOOG.csv", "BTCUSD.csv"] {
            let path = Self.shared.appendingPathComponent(name).path
            let table = try OHLCVTable.read(path: path)
            let reader = try MarketDataReader(path: path, symbol: "X")
            #expect(reader.format == .ohlcv)
            let records = try reader.records()
            #expect(records.allSatisfy { $0.bar != nil })
            let bars = records.compactMap(\.bar)
            #expect(bars.count == table.count)
            #expect(bars.map(\.open) == table.open && bars.map(\.close) == table.close)
            #expect(bars.map(\.high) == table.high && bars.map(\.low) == table.low)
            #expect(bars.map(\.realVolume) == table.volume)
            #expect(bars.map(\.openTimeMs) == table.times.map { MarketTime.parse($0)! })
        }
    }

    @Test("ohlcv: time cell shapes, quoted cells, a date and a time column; bad rows are malformed records")
    func ohlcvShapes() throws {
        let text = """
            Date,Open,High,Low,Close,Volume
            2024-01-02,1,2,0.5,1.5,10
            2024-01-02 09:00:00,1,2,0.5,1.5,10
            2024-01-02T09:00:00Z,1,2,0.5,1.5,10
            2024-01-02T10:00:00+01:00,1,2,0.5,1.5,10
            2024-01-02T09:00:00.250Z,1,2,0.5,1.5,10
            1704186000,1,2,0.5,1.5,10
            1704186000000,1,2,0.5,1.5,10
            "2024-01-02 09:00:00","1","2","0.5","1.5","1,000"
            2024-01-02,1,2,0.5,1.5
            2024-01-02,1,2,0.5,x,10
            yesterday,1,2,0.5,1.5,10
            """
        let records = try MarketDataReader(bytes: Array(text.utf8), sourceName: "o.csv", symbol: "X").records()
        let nine = utc(2024, 1, 2, 9)
        #expect(records.prefix(7).map { $0.bar?.openTimeMs } == [utc(2024, 1, 2), nine, nine, nine, nine + 250, nine, nine])
        let quoted = try #require(records[7].quarantine)
        #expect(quoted.reason == "o.csv:9: malformed real_volume '1,000': not a number")
        #expect(records[8].quarantine?.reason.contains("5 cells where 6 are expected") == true)
        #expect(records[9].quarantine?.reason.contains("close 'x'") == true)
        #expect(records[10].quarantine?.reason.contains("time 'yesterday'") == true)

        let split = "Date,Time,Open,High,Low,Close\n2024.01.02,09:30,1,2,0.5,1.5\n\"2024-01-02\",\"09:31:00\",1,2,0.5,1.5\n"
        let bars = try MarketDataReader(bytes: Array(split.utf8), sourceName: "s", symbol: "X").bars
        #expect(bars.map(\.openTimeMs) == [utc(2024, 1, 2, 9, 30), utc(2024, 1, 2, 9, 31)])
    }

    @Test("ticks-csv reads its header's columns and ISO 8601 milliseconds")
    func ticksCSV() throws {
        let text = "time,bid,ask,last,volume,flags\n2024-01-02T00:00:00.123Z,1.10382,1.10392,0,0,6\n"
        let reader = try MarketDataReader(bytes: Array(text.utf8), sourceName: "t", symbol: "EURUSD")
        #expect(reader.format == .ticksCSV)
        #expect(try reader.ticks == [Tick(timeMs: utc(2024, 1, 2, ms: 123), bid: 1.10382, ask: 1.10392, flags: 6)])
    }

    @Test("a forced format reads a headerless file in the format's column order")
    func forcedHeaderless() throws {
        let text = "2024.01.02\t00:00:00.123\t1.1\t1.2\t\t\t6\n"
        let reader = try MarketDataReader(bytes: Array(text.utf8), sourceName: "t", symbol: "EURUSD", format: .mt5Ticks)
        #expect(try reader.ticks == [Tick(timeMs: utc(2024, 1, 2, ms: 123), bid: 1.1, ask: 1.2, flags: 6)])
        let unknown = try #require(throws: TradehubError.self) {
            try MarketDataReader(bytes: Array(text.utf8), sourceName: "t", symbol: "EURUSD")
        }
        #expect(unknown.code == .formatUnknown && unknown["line"] == "1")
    }
}

@Suite("Strict numbers and times on bytes")
struct ByteParsingTests {
    @Test("the byte parser equals StrictNumber on tricky and random texts")
    func numbers() {
        var texts = [
            "1.09466", "1.09x66", "0", "-0", "+1", ".5", "5.", ".", "-", "", "1e5", "1E-5", "1e", "1e+", "--1", "1-2",
            "nan", "inf", "0x1p3", " 1", "1 ", "123456789012345678901234567890", "0.1", "0.30000000000000004",
            "1e308", "1e309", "4.9e-324", "2.2250738585072014e-308", "9007199254740993", "0.000000000000000000001",
            "1.7976931348623157e308", "00012.500", "1,5", "1.2.3", "e5", "1e-400", "12345678901234567890.5",
        ]
        var generator = SplitMix(seed: 7)
        for _ in 0..<20_000 {
            let digits = Int(generator.next() % 20) + 1
            var text = generator.next() % 5 == 0 ? "-" : ""
            for i in 0..<digits {
                if i == Int(generator.next() % UInt64(digits)) && !text.contains(".") { text += "." }
                text += String(generator.next() % 10)
            }
            if generator.next() % 4 == 0 { text += "e\(Int(generator.next() % 60) - 30)" }
            texts.append(text)
        }
        for text in texts {
            var copy = text
            let fast = copy.withUTF8 { StrictNumber.parse(utf8: $0) }
            let reference = StrictNumber.parse(text)
            #expect(fast?.bitPattern == reference?.bitPattern, "\(text)")
        }
    }

    @Test("civil dates match Foundation over four centuries, both ways")
    func calendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var day = DateComponents(calendar: calendar, year: 1900, month: 1, day: 1).date!
        let end = DateComponents(calendar: calendar, year: 2300, month: 1, day: 1).date!
        while day < end {
            let c = calendar.dateComponents([.year, .month, .day], from: day)
            let ms = MarketTime.epochMs(year: c.year!, month: c.month!, day: c.day!)
            #expect(ms == Int64(day.timeIntervalSince1970) * 1000)
            let back = MarketTime.components(ofEpochMs: ms + 3_723_004)
            #expect(back.year == c.year && back.month == c.month && back.day == c.day)
            #expect(back.hour == 1 && back.minute == 2 && back.second == 3 && back.millisecond == 4)
            day = calendar.date(byAdding: .day, value: 17, to: day)!
        }
    }

    @Test("time texts")
    func times() {
        #expect(MarketTime.parse("2024-02-29") == utc(2024, 2, 29))
        #expect(MarketTime.parse("2023-02-29") == nil)
        #expect(MarketTime.parse("2024-01-02T00:00:00.123Z") == utc(2024, 1, 2, ms: 123))
        #expect(MarketTime.parse("2024-01-02T00:00:00.123456Z") == utc(2024, 1, 2, ms: 123))
        #expect(MarketTime.parse("2024-01-02 02:00:00+02:00") == utc(2024, 1, 2))
        #expect(MarketTime.parse("2024-01-02 02:00", timeZoneOffsetSeconds: 7200) == utc(2024, 1, 2))
        #expect(MarketTime.parse("1969-12-31T23:59:59.999Z") == -1)
        #expect(MarketTime.parse("2024-01-02T24:00:00Z") == nil)
        #expect(MarketTime.parse("2024-01-02T00:00:00.Z") == nil)
        #expect(MarketTime.parse("1704153600") == utc(2024, 1, 2))
        #expect(MarketTime.parse("1704153600123") == utc(2024, 1, 2, ms: 123))
        #expect(MarketTime.iso8601(epochMs: utc(2024, 1, 2, ms: 123), withMilliseconds: true) == "2024-01-02T00:00:00.123Z")
        #expect(MarketTime.iso8601(epochMs: -1, withMilliseconds: true) == "1969-12-31T23:59:59.999Z")
        #expect(MarketTime.iso8601(epochMs: utc(2024, 1, 2, 9), withMilliseconds: false) == "2024-01-02T09:00:00Z")
    }
}

/// A small deterministic generator (SplitMix64) so random tests repeat exactly.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
