import ErrorDNA
import Foundation
import Logging
import MarketData
import Storage
import Testing
import TradehubModel

@testable import Bridge

#if canImport(Glibc)
import Glibc
#endif

/// A bridge on a free loopback port over an in-memory database, with two tenants.
final class BridgeFixture: @unchecked Sendable {
    let database: SQLiteDatabase
    let tenants: SQLiteTenantStore
    let market: SQLiteMarketDataStore
    let server: BridgeServer
    let port: Int
    let keyA: String
    let keyB: String
    let tenantA: TenantID
    let tenantB: TenantID

    init(settings: BridgeSettings = BridgeSettings()) async throws {
        database = try SQLiteDatabase.inMemory()
        tenants = SQLiteTenantStore(database: database)
        market = SQLiteMarketDataStore(database: database)
        let (a, keyA) = try tenants.create(name: "alpha", nowMs: 0)
        let (b, keyB) = try tenants.create(name: "beta", nowMs: 0)
        (self.keyA, self.keyB, tenantA, tenantB) = (keyA, keyB, a.id, b.id)
        server = BridgeServer(
            host: "127.0.0.1", port: 0, tenants: tenants, store: SQLiteBridgeStore(database: database),
            settings: settings, clock: SystemWallClock(), logger: Logger(label: "test.bridge"), threads: 1)
        port = try await server.start()
    }

    func stop() async { await server.stop() }

    func ticks(_ tenant: TenantID, _ symbol: String = "EURUSD") throws -> [Tick] {
        var ticks: [Tick] = []
        try market.forEachTick(tenant: tenant, symbol: symbol, fromMs: .min, toMs: .max) { ticks.append($0) }
        return ticks
    }

    func connect() throws -> LineClient { try LineClient(port: port) }
}

/// A blocking line client on loopback, the way a terminal talks to the bridge.
final class LineClient {
    private let descriptor: Int32
    private var pending: [UInt8] = []

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw TradehubError(.serverUnreachable, ["address": "127.0.0.1:\(port)", "reason": "connect"]) }
    }

    deinit { close(descriptor) }

    func send(_ lines: String...) {
        let text = lines.map { $0 + "\n" }.joined()
        _ = text.withCString { Glibc.send(descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// The next line, or nil when the connection closed (or nothing came for 5 s).
    func line() -> String? {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeFirst(newline + 1)
                return line
            }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { return nil }
            pending.append(contentsOf: buffer[0..<count])
        }
    }

    /// Lines until one starts with `prefix` (that one included).
    func lines(until prefix: String) -> [String] {
        var seen: [String] = []
        while let line = line() {
            seen.append(line)
            if line.hasPrefix(prefix) { break }
        }
        return seen
    }

    func hello(key: String, stream: String, login: String = "51234567", tz: Int = 0, version: Int = 1) -> String? {
        send("HELLO|\(version)|\(login)|\(key)|MetaQuotes-Demo|\(stream)|\(tz)")
        return line()
    }
}

@Suite("Bridge server", .serialized)
struct BridgeServerTests {
    static func tick(_ seq: Int, _ ms: Int64, _ bid: String, _ ask: String, symbol: String = "EURUSD") -> String {
        "TICK|\(seq)|\(symbol)|\(ms)|\(bid)|\(ask)|0|0|6"
    }

    @Test("a wrong key gets E_AUTH, a wrong version E_VERSION, data before HELLO E_HELLO_REQUIRED; each closes")
    func sessionErrors() async throws {
        let bridge = try await BridgeFixture()
        let wrongKey = try bridge.connect()
        #expect(wrongKey.hello(key: "tk_nope", stream: "s1")?.hasPrefix("ERROR|E_AUTH|") == true)
        #expect(wrongKey.line() == nil)
        let wrongVersion = try bridge.connect()
        #expect(wrongVersion.hello(key: bridge.keyA, stream: "s1", version: 2)?.hasPrefix("ERROR|E_VERSION|") == true)
        #expect(wrongVersion.line() == nil)
        let early = try bridge.connect()
        early.send(Self.tick(1, 1, "1.1", "1.2"))
        #expect(early.line()?.hasPrefix("ERROR|E_HELLO_REQUIRED|") == true)
        #expect(early.line() == nil)
        let long = try bridge.connect()
        long.send(String(repeating: "x", count: 5000))
        #expect(long.line()?.hasPrefix("ERROR|E_LINE_TOO_LONG|") == true)
        await bridge.stop()
    }

    @Test("ticks are validated, stored, ACKed after the commit; a bad one is REJECTed and quarantined")
    func streamAndAck() async throws {
        let bridge = try await BridgeFixture()
        let client = try bridge.connect()
        #expect(client.hello(key: bridge.keyA, stream: "a1b2", tz: 7200) == "WELCOME|s-1|0")
        let base: Int64 = 1_700_000_000_123
        client.send(
            Self.tick(1, base, "1.08512", "1.08514"), Self.tick(2, base + 122, "1.08513", "1.08514"),
            Self.tick(3, base + 178, "1.08600", "1.08510"), "TICK|4|EURUSD|oops")
        let answers = client.lines(until: "ACK|4")
        #expect(answers.contains { $0.hasPrefix("REJECT|3|E_CROSSED_QUOTE|") })
        #expect(answers.contains { $0.hasPrefix("REJECT|4|E_MALFORMED|") })
        #expect(answers.last == "ACK|4")
        let stored = try bridge.ticks(bridge.tenantA)
        #expect(stored.map(\.timeMs) == [base - 7_200_000, base + 122 - 7_200_000])
        let quarantined = try bridge.market.quarantined(tenant: bridge.tenantA, symbol: nil, code: nil, limit: 10)
        #expect(Set(quarantined.map(\.code)) == [.crossedQuote, .malformed])
        #expect(quarantined.allSatisfy { $0.source.hasPrefix("stream a1b2 seq ") })

        // A reconnect learns the durable seq; resent messages are ignored, the next one is stored.
        let again = try bridge.connect()
        #expect(again.hello(key: bridge.keyA, stream: "a1b2", tz: 7200) == "WELCOME|s-2|4")
        again.send(Self.tick(2, base + 122, "1.08513", "1.08514"), Self.tick(5, base + 200, "1.08514", "1.08516"))
        #expect(again.lines(until: "ACK").last == "ACK|5")
        #expect(try bridge.ticks(bridge.tenantA).count == 3)

        // A gap closes the connection with the seq expected.
        again.send(Self.tick(7, base + 300, "1.08514", "1.08516"))
        #expect(again.line() == "ERROR|E_SEQ_GAP|expected 6")
        #expect(again.line() == nil)
        await bridge.stop()
    }

    @Test("two tenants streaming the same symbol each see only their own ticks")
    func tenantsAreApart() async throws {
        let bridge = try await BridgeFixture()
        let a = try bridge.connect()
        let b = try bridge.connect()
        #expect(a.hello(key: bridge.keyA, stream: "same")?.hasPrefix("WELCOME|") == true)
        #expect(b.hello(key: bridge.keyB, stream: "same")?.hasPrefix("WELCOME|") == true)
        a.send(Self.tick(1, 1000, "1.1", "1.1002"), Self.tick(2, 1001, "1.1001", "1.1003"))
        b.send(Self.tick(1, 5000, "1.2", "1.2002"))
        #expect(a.lines(until: "ACK").last == "ACK|2")
        #expect(b.lines(until: "ACK").last == "ACK|1")
        #expect(try bridge.ticks(bridge.tenantA).map(\.timeMs) == [1000, 1001])
        #expect(try bridge.ticks(bridge.tenantB).map(\.timeMs) == [5000])
        let live = try #require(bridge.server.ingest.liveBar(tenant: bridge.tenantA, symbol: "EURUSD", timeframe: .m1))
        #expect(live.openTimeMs == 0 && live.open == 1.1 && live.close == 1.1001 && live.tickVolume == 2)
        #expect(bridge.server.ingest.liveBar(tenant: bridge.tenantB, symbol: "EURUSD", timeframe: .m1)?.tickVolume == 1)
        #expect(try bridge.ticks(.embeddedDefault).isEmpty)
        await bridge.stop()
    }

    @Test("orders go to the terminal of their login, the RESULT is stored, the same order_id executes once")
    func orders() async throws {
        let bridge = try await BridgeFixture()
        let terminal = try bridge.connect()
        #expect(terminal.hello(key: bridge.keyA, stream: "o1", login: "777")?.hasPrefix("WELCOME|") == true)
        let request = OrderRequest(
            orderID: "o-7", login: "777", symbol: "EURUSD", side: .buy, volume: 0.1, stopLoss: 1.08312, takeProfit: 1.08912,
            magic: 777, comment: "sig-1193")
        let desk = bridge.server.orders
        let tenant = bridge.tenantA
        async let sent = desk.send(request, tenant: tenant)
        #expect(terminal.line() == "ORDER|o-7|EURUSD|BUY|MARKET|0.1|0|1.08312|1.08912|10|777|sig-1193")
        terminal.send("RESULT|o-7|10009|90011|90011|1.08514|0.10|1700000000410|done")
        let record = try await sent
        #expect(record.state == .filled)
        #expect(record.result?.dealTicket == 90011)
        #expect(record.sentMs != nil && record.finishedMs != nil)
        let again = try await desk.send(request, tenant: tenant)
        #expect(again.state == .filled)
        await #expect(throws: TradehubError.self) {
            try await desk.send(OrderRequest(orderID: "o-8", login: "999", symbol: "EURUSD", volume: 1), tenant: tenant)
        }
        #expect(try desk.order(tenant: tenant, orderID: "o-8")?.state == .unroutable)
        await #expect(throws: TradehubError.self) {
            try await desk.send(OrderRequest(orderID: "bad id", login: "777", symbol: "EURUSD", volume: 1), tenant: tenant)
        }
        #expect(try desk.list(tenant: bridge.tenantB, limit: 10).isEmpty)
        await bridge.stop()
    }

    @Test("an order without RESULT times out; a late RESULT is still stored")
    func orderTimeout() async throws {
        var settings = BridgeSettings()
        settings.orderTimeoutMs = 100
        let bridge = try await BridgeFixture(settings: settings)
        let terminal = try bridge.connect()
        #expect(terminal.hello(key: bridge.keyA, stream: "t1", login: "778")?.hasPrefix("WELCOME|") == true)
        let record = try await bridge.server.orders.send(
            OrderRequest(orderID: "o-9", login: "778", symbol: "EURUSD", volume: 1), tenant: bridge.tenantA)
        #expect(record.state == .timedOut)
        #expect(terminal.line()?.hasPrefix("ORDER|o-9|") == true)
        terminal.send("RESULT|o-9|10006|0|0|0|0|1700000000410|rejected")
        terminal.send("PING|1")
        #expect(terminal.line() == "PONG|1")
        #expect(try bridge.server.orders.order(tenant: bridge.tenantA, orderID: "o-9")?.state == .rejected)
        await bridge.stop()
    }

    @Test("the simulator's ticks are stored exactly once and every one is acknowledged")
    func simulator() async throws {
        let bridge = try await BridgeFixture()
        var options = SimulatorOptions()
        options.port = bridge.port
        options.key = bridge.keyA
        options.count = 5000
        options.connections = 2
        options.symbols = ["EURUSD", "USDJPY"]
        options.timeoutSeconds = 60
        let report = try await BridgeSimulator.run(options)
        #expect(report.completed, "\(report.errors)")
        #expect(report.acked == 10_000 && report.rejected == 0)
        var stored = 0
        for symbol in ["EURUSD", "USDJPY", "EURUSD.c2", "USDJPY.c2"] { stored += try bridge.ticks(bridge.tenantA, symbol).count }
        #expect(stored == 10_000)
        await bridge.stop()
    }

    @Test("thousands of malformed lines: each is answered with a code, the good data is still stored, nothing crashes")
    func fuzzedStream() async throws {
        let bridge = try await BridgeFixture()
        let client = try bridge.connect()
        #expect(client.hello(key: bridge.keyA, stream: "fuzz")?.hasPrefix("WELCOME|") == true)
        var random = Bridge.SplitMix64(seed: 7)
        let junk = ["1.09x66", "", "-", "1e5", "NaN", "0x10", "1.2.3", "١٢", "9999999999999999999999"]
        var lines: [String] = []
        var good = 0
        var bad = 0
        for seq in 1...3000 {
            if random.next() % 3 == 0 {
                var fields = ["TICK", "\(seq)", "EURUSD", "\(1000 + seq)", "1.1", "1.1002", "0", "0", "6"]
                fields[3 + Int(random.next() % 6)] = junk[Int(random.next() % UInt64(junk.count))]
                if random.next() % 4 == 0 { fields.removeLast(Int(random.next() % 5)) }
                lines.append(fields.joined(separator: "|"))
                bad += 1
            } else {
                lines.append(Self.tick(seq, 1000 + Int64(seq), seq % 2 == 0 ? "1.10001" : "1.10002", "1.10004"))
                good += 1
            }
        }
        for chunk in stride(from: 0, to: lines.count, by: 100) {
            client.send(lines[chunk..<min(chunk + 100, lines.count)].joined(separator: "\n"))
        }
        let answers = client.lines(until: "ACK|3000")
        #expect(answers.last == "ACK|3000")
        #expect(answers.filter { $0.hasPrefix("REJECT|") && $0.contains("|E_") }.count == bad)
        #expect(try bridge.ticks(bridge.tenantA).count == good)
        // Lines without a readable sequence number get ERROR and a close; the server carries on.
        for garbage in ["TICK", "TICK|x|EURUSD|1", "\u{1}\u{2}|||", "HELLO|1", "RESULT|o|1"] {
            let other = try bridge.connect()
            #expect(other.hello(key: bridge.keyA, stream: "fuzz-\(garbage.count)")?.hasPrefix("WELCOME|") == true)
            other.send(garbage)
            #expect(other.line()?.hasPrefix("ERROR|E_MALFORMED|") == true, "\(garbage)")
            #expect(other.line() == nil)
        }
        await bridge.stop()
    }

    @Test("a tick held by the spike rule is decided after bridge.spike_hold_ms and then acknowledged")
    func heldSpikeIsReleased() async throws {
        var settings = BridgeSettings()
        settings.spikeHoldMs = 50
        let bridge = try await BridgeFixture(settings: settings)
        let client = try bridge.connect()
        #expect(client.hello(key: bridge.keyA, stream: "spike")?.hasPrefix("WELCOME|") == true)
        client.send(Self.tick(1, 1000, "1.10000", "1.10002"), Self.tick(2, 1001, "1.20000", "1.20002"))
        let answers = client.lines(until: "ACK|2")
        #expect(answers.last == "ACK|2")
        #expect(try bridge.ticks(bridge.tenantA).count == 2)
        await bridge.stop()
    }
}

@Suite("Bridge ingest admission")
struct IngestAdmissionTests {
    @Test("reading pauses at the high-water mark and data past the hard limit is refused, so memory stays bounded")
    func bounded() throws {
        var settings = BridgeSettings()
        settings.highWater = 2
        settings.hardLimit = 4
        let database = try SQLiteDatabase.inMemory()
        let ingest = BridgeIngest(
            store: SQLiteBridgeStore(database: database), settings: settings, clock: FixedWallClock(instantMs: 0),
            logger: Logger(label: "test"))
        let stream = BridgeStream(tenant: .embeddedDefault, id: "s", login: "1", durableSeq: 0)
        func items(_ seqs: ClosedRange<Int64>) -> [IngestItem] {
            seqs.map { IngestItem(stream: stream, seq: $0, data: .malformed(symbol: "X", detail: "test"), raw: "") }
        }
        #expect(ingest.submit(items(1...1)) {} == .accepted)
        #expect(ingest.submit(items(2...2)) {} == .pause)
        #expect(ingest.submit(items(3...5)) {} == .overloaded)
        #expect(ingest.queued == 2)
    }
}
