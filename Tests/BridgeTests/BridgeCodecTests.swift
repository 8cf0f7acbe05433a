import ErrorDNA
import Testing
import TradehubModel

@testable import Bridge

@Suite("Bridge protocol codec")
struct BridgeCodecTests {
    func parse(_ line: String) -> Result<BridgeInbound, BridgeLineError> {
        var bytes = Array(line.utf8)
        return bytes.withUnsafeMutableBytes { BridgeCodec.parse(UnsafeRawBufferPointer($0)) }
    }

    @Test("the spec's example lines parse to their fields")
    func specExample() throws {
        #expect(try parse("HELLO|1|51234567|tk_live_9f2c|MetaQuotes-Demo|a1b2c3d4e5f60718|7200").get() == .hello(
            BridgeHello(version: "1", login: "51234567", key: "tk_live_9f2c", server: "MetaQuotes-Demo",
                        stream: "a1b2c3d4e5f60718", tzOffsetSeconds: 7200)))
        #expect(try parse("TICK|1|EURUSD|1700000000123|1.08512|1.08514|0|0|6").get() == .data(seq: 1, .tick(
            symbol: "EURUSD", tick: Tick(timeMs: 1_700_000_000_123, bid: 1.08512, ask: 1.08514, last: 0, volume: 0, flags: 6))))
        #expect(try parse("RESULT|o-7|10009|90011|90011|1.08514|0.10|1700000000410|done").get() == .result(
            orderID: "o-7", OrderResult(retcode: 10009, dealTicket: 90011, positionTicket: 90011, price: 1.08514,
                                        volume: 0.1, timeMs: 1_700_000_000_410, comment: "done")))
        #expect(try parse("BAR|5|EURUSD|H1|1700000000000|1.1|1.2|1.0|1.15|120|3|0").get() == .data(seq: 5, .bar(
            symbol: "EURUSD", timeframe: .h1,
            bar: Bar(openTimeMs: 1_700_000_000_000, open: 1.1, high: 1.2, low: 1.0, close: 1.15, tickVolume: 120, spread: 3))))
        #expect(try parse("PING|123\r").get() == .ping("123"))
    }

    @Test("a data line with a readable seq but bad fields is a malformed message of that seq")
    func malformedWithSeq() throws {
        for line in [
            "TICK|7|EURUSD|1700000000123|1.09x66|1.08514|0|0|6", "TICK|7|EURUSD|1700000000123|1e-5|1.08514|0|0|6",
            "TICK|7|EURUSD|1700000000123|NaN|1.08514|0|0|6", "TICK|7|EURUSD|1700000000123|1.08512",
            "TICK|7|EURUSD|1700000000123|1.123456789012|1.2|0|0|6", "BAR|7|EURUSD|H2|1|1|1|1|1|1|1|1",
            "TICK|7||1700000000123|1.1|1.2|0|0|6", "TICK|7|EURUSD|17e3|1.1|1.2|0|0|6",
        ] {
            guard case .success(.data(7, .malformed)) = parse(line) else {
                Issue.record("\(line) → \(parse(line))")
                continue
            }
        }
    }

    @Test("lines without a readable seq are protocol errors")
    func unreadable() {
        for line in ["TICK|x|EURUSD", "TICK|-1|EURUSD|1|1|1|0|0|0", "HELLO|1|2", "NOPE|1", "", "TICK|+3|E|1|1|1|0|0|0"] {
            guard case .failure(let error) = parse(line) else {
                Issue.record("\(line) parsed")
                continue
            }
            #expect(error.code == .malformed)
        }
    }

    @Test("numbers are written as plain decimals with at most 10 places")
    func decimals() {
        #expect(BridgeCodec.decimal(0) == "0")
        #expect(BridgeCodec.decimal(0.1) == "0.1")
        #expect(BridgeCodec.decimal(1.08512) == "1.08512")
        #expect(BridgeCodec.decimal(0.00001) == "0.00001")
        #expect(BridgeCodec.decimal(-3) == "-3")
        #expect(BridgeCodec.decimal(1e-12) == "0")
        #expect(BridgeCodec.fixed(108_512, digits: 5) == "1.08512")
        #expect(BridgeCodec.fixed(150_002, digits: 3) == "150.002")
        #expect(BridgeCodec.fixed(5, digits: 5) == "0.00005")
        #expect(BridgeCodec.fixed(-5, digits: 2) == "-0.05")
        #expect(BridgeCodec.fixed(42, digits: 0) == "42")
        #expect(BridgeCodec.order(OrderRequest(
            orderID: "o-7", login: "1", symbol: "EURUSD", side: .buy, volume: 0.1, stopLoss: 1.08312, takeProfit: 1.08912,
            magic: 777, comment: "sig|1193")) == "ORDER|o-7|EURUSD|BUY|MARKET|0.1|0|1.08312|1.08912|10|777|sig 1193\n")
    }

    @Test("random bytes never crash the parser", arguments: [1, 2, 3])
    func fuzz(seed: UInt64) {
        var random = Bridge.SplitMix64(seed: seed)
        let alphabet = Array("TICK|BAR|ACCOUNT|HELLO|RESULT|PING|0123456789.-e|\r\n EURUSD".utf8)
        for _ in 0..<20_000 {
            let length = Int(random.next() % 120)
            var bytes = (0..<length).map { _ in
                random.next() % 4 == 0 ? UInt8(truncatingIfNeeded: random.next()) : alphabet[Int(random.next() % UInt64(alphabet.count))]
            }
            _ = bytes.withUnsafeMutableBytes { BridgeCodec.parse(UnsafeRawBufferPointer($0)) }
        }
    }
}
