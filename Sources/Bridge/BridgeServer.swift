import ErrorDNA
import Logging
import NIOCore
import NIOPosix
import Storage
import Synchronization
import TradehubModel

/// One terminal's TCP connection, as the ingest and the order desk reach it from any thread.
final class BridgeConnection: Sendable {
    let id: Int
    let channel: any Channel

    init(id: Int, channel: any Channel) {
        self.id = id
        self.channel = channel
    }

    /// Writes protocol lines (each ending in `\n`).
    func send(_ text: String) {
        channel.writeAndFlush(channel.allocator.buffer(string: text), promise: nil)
    }

    func close() { channel.close(promise: nil) }
}

/// The MT5 bridge's TCP server: sessions (`HELLO` → `WELCOME`), streamed data through the ingest,
/// orders to terminals, liveness and limits, as `../shared/spec/mt5-bridge-protocol.md` says.
public final class BridgeServer: Sendable {
    public let ingest: BridgeIngest
    public let orders: OrderDesk
    let tenants: any TenantStore
    let store: any BridgeStore
    let settings: BridgeSettings
    let logger: Logger
    /// The address it binds.
    public let host: String
    private let port: Int
    private let threads: Int

    private struct StreamKey: Hashable {
        var tenant: TenantID
        var id: String
    }
    private struct Registry {
        var streams: [StreamKey: BridgeStream] = [:]
        var connections: [Int: BridgeConnection] = [:]
        var nextConnectionID = 1
        var nextSession = 1
        var serverChannel: (any Channel)?
        var group: MultiThreadedEventLoopGroup?
    }
    private let registry = Mutex(Registry())

    public init(
        host: String, port: Int, tenants: any TenantStore, store: any BridgeStore, settings: BridgeSettings,
        clock: any WallClock, logger: Logger, threads: Int = System.coreCount
    ) {
        self.host = host
        self.port = port
        self.tenants = tenants
        self.store = store
        self.settings = settings
        self.logger = logger
        self.threads = max(1, threads)
        ingest = BridgeIngest(store: store, settings: settings, clock: clock, logger: logger)
        orders = OrderDesk(store: store, clock: clock, timeoutMs: settings.orderTimeoutMs, logger: logger)
    }

    /// Binds and starts serving; returns the bound port.
    public func start() async throws -> Int {
        ingest.start()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        registry.withLock { $0.group = group }
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.maxMessagesPerRead, value: 16)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = self.register(channel)
                    try channel.pipeline.syncOperations.addHandler(
                        IdleStateHandler(readTimeout: .milliseconds(settings.idleTimeoutMs)))
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LineBatchDecoder(maxLineBytes: BridgeProtocol.maxLineBytes)))
                    try channel.pipeline.syncOperations.addHandler(BridgeSessionHandler(server: self, connection: connection))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            ingest.stop()
            try? await group.shutdownGracefully()
            throw TradehubError(.serverBind, ["address": "\(host):\(port)", "reason": "\(error)"])
        }
        registry.withLock { $0.serverChannel = channel }
        let bound = channel.localAddress?.port ?? port
        logger.debug("bridge listening", metadata: ["address": "\(host):\(bound)"])
        return bound
    }

    /// Stops accepting, closes every connection, stores what is queued, and stops the threads.
    public func stop() async {
        let (server, connections, group) = registry.withLock {
            ($0.serverChannel, Array($0.connections.values), $0.group)
        }
        try? await server?.close()
        for connection in connections { try? await connection.channel.close() }
        ingest.stop()
        try? await group?.shutdownGracefully()
    }

    /// Connections open now.
    public var connectionCount: Int { registry.withLock { $0.connections.count } }

    // MARK: registry

    private func register(_ channel: any Channel) -> BridgeConnection {
        let connection = registry.withLock { registry in
            let connection = BridgeConnection(id: registry.nextConnectionID, channel: channel)
            registry.nextConnectionID += 1
            registry.connections[connection.id] = connection
            return connection
        }
        channel.closeFuture.whenComplete { [self] _ in
            _ = registry.withLock { $0.connections.removeValue(forKey: connection.id) }
            orders.detach(connection)
        }
        return connection
    }

    /// Whether another connection would go past `maxConnections`.
    func overCapacity() -> Bool { registry.withLock { $0.connections.count > settings.maxConnections } }

    /// The stream of `hello` (loaded from the store on first use), now attached to `connection`,
    /// and a new session id. A connection holding the stream before is closed.
    func attach(_ hello: BridgeHello, tenant: TenantID, connection: BridgeConnection) throws -> (BridgeStream, String) {
        let key = StreamKey(tenant: tenant, id: hello.stream)
        var stream = registry.withLock { $0.streams[key] }
        if stream == nil {
            let durable = try store.lastSeq(tenant: tenant, stream: hello.stream)
            stream = registry.withLock { registry in
                if let raced = registry.streams[key] { return raced }
                let made = BridgeStream(tenant: tenant, id: hello.stream, login: hello.login, durableSeq: durable)
                registry.streams[key] = made
                return made
            }
        }
        let previous = stream!.state.withLock { state -> BridgeConnection? in
            let previous = state.connection
            state.connection = connection
            state.login = hello.login
            state.tzOffsetMs = hello.tzOffsetSeconds * 1000
            return previous
        }
        if let previous, previous !== connection { previous.close() }
        let session = registry.withLock { registry -> Int in
            defer { registry.nextSession += 1 }
            return registry.nextSession
        }
        orders.attach(tenant: tenant, login: hello.login, connection: connection)
        return (stream!, "s-\(String(session, radix: 10))")
    }
}

/// The protocol state machine of one connection, on its event loop.
final class BridgeSessionHandler: ChannelInboundHandler {
    typealias InboundIn = LineBatch
    typealias OutboundOut = ByteBuffer

    private let server: BridgeServer
    private let connection: BridgeConnection
    private var stream: BridgeStream?
    private var tenant: TenantID?
    private var items: [IngestItem] = []
    private var closing = false

    init(server: BridgeServer, connection: BridgeConnection) {
        self.server = server
        self.connection = connection
    }

    func channelActive(context: ChannelHandlerContext) {
        if server.overCapacity() {
            fail(context, .overloaded, "too many connections (bridge.max_connections = \(server.settings.maxConnections))")
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let batch = unwrapInboundIn(data)
        var output = ""
        for line in batch.lines where !closing {
            line.withUnsafeReadableBytes { bytes in handle(bytes, context: context, output: &output) }
        }
        if !output.isEmpty, !closing { write(context, output) }
        if batch.tooLong, !closing {
            fail(context, .lineTooLong, "a line exceeds \(BridgeProtocol.maxLineBytes) bytes")
        }
        submit(context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            server.logger.info("bridge connection silent; closing", metadata: ["connection": "\(connection.id)"])
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        server.logger.debug("bridge connection error", metadata: ["connection": "\(connection.id)", "error": "\(error)"])
        context.close(promise: nil)
    }

    private func handle(_ bytes: UnsafeRawBufferPointer, context: ChannelHandlerContext, output: inout String) {
        if bytes.isEmpty || (bytes.count == 1 && bytes[0] == 0x0D) { return }
        let parsed = BridgeCodec.parse(bytes)
        guard let stream else {
            switch parsed {
            case .success(.hello(let hello)): return welcome(hello, context: context, output: &output)
            case .success(.ping(let value)): return output += BridgeCodec.pong(value)
            default:
                let shown = String(decoding: bytes.prefix(32), as: UTF8.self)
                return fail(context, .helloRequired, "HELLO required first, got '\(shown)'", before: output)
            }
        }
        switch parsed {
        case .success(.data(let seq, let data)):
            let verdict = stream.state.withLock { state -> SeqVerdict in
                guard state.connection === connection else { return .detached }
                if seq <= state.receivedSeq { return .resent }
                if seq != state.receivedSeq + 1 { return .gap(expected: state.receivedSeq + 1) }
                state.receivedSeq = seq
                return .next
            }
            switch verdict {
            case .next:
                items.append(IngestItem(stream: stream, seq: seq, data: data, raw: String(decoding: bytes, as: UTF8.self)))
            case .resent: break
            case .detached: fail(context, nil, "", before: output)
            case .gap(let expected): fail(context, .seqGap, "expected \(expected)", before: output)
            }
        case .success(.result(let orderID, let result)):
            if let tenant { server.orders.receive(result, orderID: orderID, tenant: tenant) }
        case .success(.ping(let value)): output += BridgeCodec.pong(value)
        case .success(.pong): break
        case .success(.hello): fail(context, .malformed, "HELLO twice on one connection", before: output)
        case .failure(let error): fail(context, error.code, error.detail, before: output)
        }
    }

    /// What a data message's sequence number means for the stream.
    private enum SeqVerdict {
        /// The next one: stored.
        case next
        /// At or below what was received: a resend, ignored.
        case resent
        /// The stream moved to a newer connection: this one closes.
        case detached
        case gap(expected: Int64)
    }

    private func welcome(_ hello: BridgeHello, context: ChannelHandlerContext, output: inout String) {
        guard hello.version == String(BridgeProtocol.version) else {
            return fail(context, .version, "protocol version \(hello.version) is not supported; supported: \(BridgeProtocol.version)")
        }
        do {
            guard let tenant = try server.tenants.authenticate(key: hello.key) else {
                return fail(context, .auth, "bridge key refused")
            }
            let (stream, session) = try server.attach(hello, tenant: tenant, connection: connection)
            self.stream = stream
            self.tenant = tenant
            let durable = stream.state.withLock { $0.durableSeq }
            output += BridgeCodec.welcome(session: session, lastSeq: durable)
            server.logger.info(
                "bridge session", metadata: [
                    "tenant": "\(tenant)", "login": "\(hello.login)", "stream": "\(hello.stream)", "last_seq": "\(durable)",
                ])
        } catch {
            fail(context, .overloaded, "storage unavailable: \(error)")
        }
    }

    /// Hands the read's data messages to the ingest; pauses reading while it is full.
    private func submit(_ context: ChannelHandlerContext) {
        guard !items.isEmpty else { return }
        let channel = context.channel
        let admission = server.ingest.submit(items) {
            channel.eventLoop.execute {
                channel.setOption(ChannelOptions.autoRead, value: true).whenSuccess { channel.read() }
            }
        }
        items.removeAll(keepingCapacity: true)
        switch admission {
        case .accepted: break
        case .pause: _ = channel.setOption(ChannelOptions.autoRead, value: false)
        case .overloaded: fail(context, .overloaded, "storage is behind; retry later")
        }
    }

    /// Answers `ERROR|code|message` (after what was already answered) and closes; `nil` closes silently.
    private func fail(_ context: ChannelHandlerContext, _ code: ErrorCode?, _ message: String, before: String = "") {
        guard !closing else { return }
        closing = true
        submit(context)
        var text = before
        if let code { text += BridgeCodec.error(code, message) }
        if text.isEmpty {
            context.close(promise: nil)
        } else {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(string: text))).whenComplete { _ in
                channel.close(promise: nil)
            }
        }
    }

    private func write(_ context: ChannelHandlerContext, _ text: String) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
    }
}
