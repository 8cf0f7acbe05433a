import ErrorDNA
import Foundation
import NIOCore
import NIOPosix
import TradehubModel

/// What `tradehub bridge-sim` does: which server, which terminal, what to stream.
public struct SimulatorOptions: Sendable {
    public var host = "127.0.0.1"
    public var port = 8001
    public var key = ""
    public var login = "1000001"
    public var server = "Tradehub-Simulator"
    /// Generated ticks cycle over these symbols. Connection k > 0 streams its own copies, named
    /// with a broker-style suffix (`EURUSD.c2`), so that streams never interleave one symbol.
    public var symbols = ["EURUSD"]
    /// Data messages per second per connection; 0 sends as fast as acknowledgements allow.
    public var rate = 0
    /// Data messages per connection (generated mode).
    public var count = 10_000
    /// Ticks to send instead of generated ones, in order.
    public var replay: [(symbol: String, tick: Tick)]?
    public var connections = 1
    /// Seconds the simulated broker's server time is ahead of UTC (HELLO's `tz`).
    public var tzOffsetSeconds: Int64 = 0
    public var seed: UInt64 = 42
    /// Most messages sent and not yet acknowledged, per connection (the EA's buffer).
    public var window = 50_000
    public var reconnectMinMs: Int64 = 50
    public var reconnectMaxMs: Int64 = 2000
    /// Give up after this long.
    public var timeoutSeconds: Double = 300
    /// Stay connected (answering orders and pings) until the timeout even when everything is
    /// acknowledged; the run then counts as completed if it was.
    public var stayConnected = false
    /// First stream id; connection k uses this plus k.
    public var streamPrefix = String(UInt64.random(in: 0...UInt64.max) >> 16, radix: 16)

    public init() {}
}

/// What a simulator run saw, summed over its connections.
public struct SimulatorReport: Sendable, Codable, Equatable {
    public var sent = 0
    public var acked = 0
    public var rejected = 0
    public var resent = 0
    public var reconnects = 0
    public var orders = 0
    public var elapsedSeconds = 0.0
    /// Acknowledged messages per second.
    public var rate = 0.0
    public var ackLatencyMsP50 = 0.0
    public var ackLatencyMsP99 = 0.0
    public var ackLatencyMsMax = 0.0
    /// `ERROR` lines received, and why a connection gave up.
    public var errors: [String] = []
    public var completed = false

    enum CodingKeys: String, CodingKey {
        case sent, acked, rejected, resent, reconnects, orders, elapsedSeconds = "elapsed_s", rate
        case ackLatencyMsP50 = "ack_latency_ms_p50", ackLatencyMsP99 = "ack_latency_ms_p99"
        case ackLatencyMsMax = "ack_latency_ms_max", errors, completed
    }
}

/// A client that behaves like the Expert Advisor: numbered messages, a buffer of unacknowledged
/// ones, reconnect with backoff and resend from `WELCOME`'s `last_seq + 1`, `PING`s, and `ORDER`s
/// answered once per `order_id` with a fill at the current quote.
public enum BridgeSimulator {
    /// Runs every connection to the end (all messages acknowledged, a fatal error, or the timeout).
    public static func run(_ options: SimulatorOptions) async throws -> SimulatorReport {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, min(options.connections, System.coreCount)))
        let started = NIODeadline.now()
        var futures: [EventLoopFuture<SimulatorClient.Outcome>] = []
        for index in 0..<max(1, options.connections) {
            let loop = group.next()
            let client = SimulatorClient(options: options, index: index, loop: loop)
            futures.append(loop.flatSubmit { client.start() })
        }
        var report = SimulatorReport()
        report.completed = true
        var latencies: [Double] = []
        for future in futures {
            let outcome: SimulatorClient.Outcome
            do {
                outcome = try await future.get()
            } catch {
                try? await group.shutdownGracefully()
                throw error
            }
            report.sent += outcome.sent
            report.acked += outcome.acked
            report.rejected += outcome.rejected
            report.resent += outcome.resent
            report.reconnects += outcome.reconnects
            report.orders += outcome.orders
            report.errors += outcome.errors
            latencies += outcome.latenciesMs
            report.completed = report.completed && outcome.completed
        }
        try? await group.shutdownGracefully()
        report.elapsedSeconds = Double((NIODeadline.now() - started).nanoseconds) / 1e9
        report.rate = report.elapsedSeconds > 0 ? Double(report.acked) / report.elapsedSeconds : 0
        latencies.sort()
        if !latencies.isEmpty {
            report.ackLatencyMsP50 = latencies[latencies.count / 2]
            report.ackLatencyMsP99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
            report.ackLatencyMsMax = latencies[latencies.count - 1]
        }
        return report
    }
}

/// One simulated terminal. Every method runs on `loop`, so its state needs no lock.
final class SimulatorClient: @unchecked Sendable {
    struct Outcome: Sendable {
        var sent = 0, acked = 0, rejected = 0, resent = 0, reconnects = 0, orders = 0
        var errors: [String] = []
        var latenciesMs: [Double] = []
        var completed = false
    }

    private let options: SimulatorOptions
    private let loop: any EventLoop
    private let stream: String
    private let total: Int
    private let done: EventLoopPromise<Outcome>
    private var outcome = Outcome()

    // The EA's buffer: lines of seq `bufferBase + i` not yet acknowledged.
    private var buffer: [String] = []
    private var bufferHead = 0
    private var ackedSeq: Int64 = 0
    private var sentUpTo: Int64 = 0
    private var everSent: Int64 = 0
    private var sendTimes: [UInt64] = []

    private var channel: (any Channel)?
    private var welcomed = false
    private var backoffMs: Int64
    private var startedAt = NIODeadline.now()
    private var lastPing = NIODeadline.now()
    private var timer: RepeatedTask?
    private var finished = false

    // Generated quotes.
    private var random: SplitMix64
    /// Generated bids in points, and each symbol's digits.
    private var points: [Int64]
    private let digits: [Int]
    private let symbols: [String]
    private var timeMs: Int64 = 1_700_000_000_000
    private var results: [String: String] = [:]
    private var nextDeal: Int64 = 90_000

    init(options: SimulatorOptions, index: Int, loop: any EventLoop) {
        self.options = options
        self.loop = loop
        stream = options.streamPrefix + String(format: "%04x", index)
        total = options.replay?.count ?? options.count
        done = loop.makePromise()
        backoffMs = options.reconnectMinMs
        random = SplitMix64(seed: options.seed &+ UInt64(index))
        symbols = index == 0 ? options.symbols : options.symbols.map { "\($0).c\(index + 1)" }
        digits = options.symbols.map { Symbol.standard($0).digits }
        points = digits.map { $0 == 3 ? 150_000 : Int64(Foundation.pow(10.0, Double($0))) * 11 / 10 }
    }

    func start() -> EventLoopFuture<Outcome> {
        startedAt = .now()
        timer = loop.scheduleRepeatedTask(initialDelay: .milliseconds(5), delay: .milliseconds(5)) { [self] _ in tick() }
        connect()
        return done.futureResult
    }

    private func connect() {
        guard !finished else { return }
        ClientBootstrap(group: loop)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LineBatchDecoder(maxLineBytes: 1 << 20)))
                    try channel.pipeline.syncOperations.addHandler(SimulatorHandler(client: self))
                }
            }
            .connect(host: options.host, port: options.port)
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    self.channel = channel
                    welcomed = false
                    send(
                        "HELLO|\(BridgeProtocol.version)|\(options.login)|\(options.key)|\(options.server)|\(stream)|"
                            + "\(options.tzOffsetSeconds)\n")
                case .failure:
                    scheduleReconnect()
                }
            }
    }

    fileprivate func disconnected() {
        channel = nil
        welcomed = false
        scheduleReconnect()
    }

    private func scheduleReconnect() {
        guard !finished else { return }
        outcome.reconnects += 1
        let delay = backoffMs
        backoffMs = min(options.reconnectMaxMs, backoffMs * 2)
        loop.scheduleTask(in: .milliseconds(delay)) { [self] in connect() }
    }

    /// Timed work: deadline, PINGs, rate-limited sending.
    private func tick() {
        if NIODeadline.now() - startedAt > .nanoseconds(Int64(options.timeoutSeconds * 1e9)) {
            if options.stayConnected, ackedSeq >= Int64(total) { return finish(error: nil) }
            return finish(error: "stream \(stream): timed out with \(ackedSeq) of \(total) acknowledged")
        }
        if NIODeadline.now() - lastPing > .seconds(5), welcomed {
            lastPing = .now()
            send("PING|\(timeMs)\n")
        }
        pump()
    }

    /// Sends what the window and the rate allow.
    private func pump() {
        guard welcomed, channel != nil, !finished else { return }
        var allowed = Int64(total)
        if options.rate > 0 {
            let elapsed = Double((NIODeadline.now() - startedAt).nanoseconds) / 1e9
            allowed = min(allowed, Int64(elapsed * Double(options.rate)) + 1)
        }
        allowed = min(allowed, ackedSeq + Int64(options.window))
        guard sentUpTo < allowed else { return }
        var text = ""
        text.reserveCapacity(Int(min(allowed - sentUpTo, 4096)) * 60)
        let now = NIODeadline.now().uptimeNanoseconds
        while sentUpTo < allowed {
            sentUpTo += 1
            if sentUpTo > everSent {
                everSent = sentUpTo
                buffer.append(message(sentUpTo))
                sendTimes.append(now)
                outcome.sent += 1
            } else {
                outcome.resent += 1
            }
            text += buffer[bufferHead + Int(sentUpTo - ackedSeq) - 1]
            if text.utf8.count > 60_000 {
                send(text)
                text = ""
            }
        }
        if !text.isEmpty { send(text) }
    }

    /// Data message `seq` (generated or replayed).
    private func message(_ seq: Int64) -> String {
        let index = Int(seq - 1)
        if let replay = options.replay {
            let (symbol, tick) = replay[index]
            let digits = Symbol.standard(symbol).digits
            return "TICK|\(seq)|\(symbol)|\(tick.timeMs + options.tzOffsetSeconds * 1000)|"
                + "\(BridgeCodec.decimal(round(tick.bid, digits)))|\(BridgeCodec.decimal(round(tick.ask, digits)))|"
                + "\(BridgeCodec.decimal(tick.last))|\(BridgeCodec.decimal(tick.volume))|\(tick.flags)\n"
        }
        let which = index % points.count
        let symbol = symbols[which]
        // A random walk of ±1 point steps: never a spike, never a crossed quote. Several ticks
        // may share a millisecond, but never repeat the previous one exactly.
        let step = Int64(random.next() % 3) - 1
        points[which] += step
        timeMs += step == 0 ? 1 : Int64(random.next() % 2)
        let digits = digits[which]
        return "TICK|\(seq)|\(symbol)|\(timeMs + options.tzOffsetSeconds * 1000)|"
            + "\(BridgeCodec.fixed(points[which], digits: digits))|\(BridgeCodec.fixed(points[which] + 2, digits: digits))|0|0|6\n"
    }

    private func round(_ value: Double, _ digits: Int) -> Double {
        let scale = Foundation.pow(10.0, Double(digits))
        return (value * scale).rounded() / scale
    }

    private func send(_ text: String) {
        guard let channel else { return }
        channel.writeAndFlush(channel.allocator.buffer(string: text), promise: nil)
    }

    fileprivate func handle(_ line: String) {
        let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        switch fields.first {
        case "WELCOME":
            guard fields.count == 3, let last = Int64(fields[2]) else { return finish(error: "bad WELCOME: \(line)") }
            welcomed = true
            backoffMs = options.reconnectMinMs
            acknowledge(upTo: last)
            sentUpTo = max(ackedSeq, last)
            pump()
        case "ACK":
            if let seq = fields.count == 2 ? Int64(fields[1]) : nil { acknowledge(upTo: seq) }
            pump()
        case "REJECT":
            outcome.rejected += 1
        case "ERROR":
            outcome.errors.append(line)
            if fields.count > 1, fields[1] == ErrorCode.auth.rawValue || fields[1] == ErrorCode.version.rawValue {
                finish(error: "stream \(stream): \(line)")
            }
        case "PING":
            send("PONG|\(fields.count > 1 ? fields[1] : "")\n")
        case "ORDER", "CLOSE", "MODIFY":
            answer(fields)
        default:
            break
        }
    }

    private func acknowledge(upTo seq: Int64) {
        guard seq > ackedSeq else { return }
        let newly = Int(min(seq, everSent) - ackedSeq)
        guard newly > 0 else { return }
        let now = NIODeadline.now().uptimeNanoseconds
        for offset in 0..<newly {
            let sentAt = sendTimes[bufferHead + offset]
            outcome.latenciesMs.append(Double(now &- sentAt) / 1e6)
        }
        bufferHead += newly
        ackedSeq += Int64(newly)
        outcome.acked = Int(ackedSeq)
        if bufferHead > 65_536, bufferHead * 2 > buffer.count {
            buffer.removeFirst(bufferHead)
            sendTimes.removeFirst(bufferHead)
            bufferHead = 0
        }
        if ackedSeq >= Int64(total), !options.stayConnected { finish(error: nil) }
    }

    /// Answers an order once per `order_id`: a fill at the current quote.
    private func answer(_ fields: [String]) {
        guard fields.count > 1 else { return }
        let orderID = fields[1]
        if let earlier = results[orderID] { return send(earlier) }
        outcome.orders += 1
        nextDeal += 1
        let price: Double
        let volume: String
        if fields[0] == "ORDER", fields.count >= 6 {
            let index = symbols.firstIndex(of: fields[2]) ?? 0
            let point = Symbol.standard(options.symbols[index]).point
            let bid = Double(points[index]) * point
            price = fields[3] == "BUY" ? bid + 2 * point : bid
            volume = fields[5]
        } else {
            price = 0
            volume = fields.count > 3 ? fields[3] : "0"
        }
        let line = "RESULT|\(orderID)|10009|\(nextDeal)|\(nextDeal)|\(BridgeCodec.decimal(price))|\(volume)|\(timeMs)|done\n"
        results[orderID] = line
        send(line)
    }

    private func finish(error: String?) {
        guard !finished else { return }
        finished = true
        if let error { outcome.errors.append(error) }
        outcome.completed = error == nil
        timer?.cancel()
        channel?.close(promise: nil)
        done.succeed(outcome)
    }
}

/// Feeds a simulator client its lines and tells it when the connection ends.
private final class SimulatorHandler: ChannelInboundHandler {
    typealias InboundIn = LineBatch
    private let client: SimulatorClient

    init(client: SimulatorClient) { self.client = client }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        for var line in unwrapInboundIn(data).lines {
            client.handle(line.readString(length: line.readableBytes) ?? "")
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        client.disconnected()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}

/// A small, fast, seedable random generator (SplitMix64), for reproducible simulated quotes.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
