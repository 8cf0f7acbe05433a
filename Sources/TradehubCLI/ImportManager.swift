import ErrorDNA
import Foundation
import Gateway
import Hub
import Bridge
import Logging
import ServiceLifecycle
import Storage
import TradehubModel

/// The composition root: the one place that reads the configuration and builds the object
/// graph, binding every interface (stores, clock, services) to an implementation.
///
/// Everything else receives its collaborators; nothing else looks at configuration keys.
struct ImportManager: Sendable {
    static let version = TradehubVersion.current

    let config: ResolvedConfig
    let logger: Logger
    let clock: any WallClock

    init(config: ResolvedConfig, logger: Logger, clock: any WallClock = SystemWallClock()) {
        self.config = config
        self.logger = logger
        self.clock = clock
    }

    /// The stores of `storage.backend`: SQLite under the data directory, or memory.
    func openStores(migrate: Bool = true) throws -> Stores {
        switch config.string("storage.backend") {
        case "memory":
            return Stores(
                backend: "memory", directory: nil, closing: nil, tables: try SQLiteDatabase.inMemory(),
                errorOccurrences: InMemoryErrorOccurrenceStore())
        default:
            let directory = try DataDirectory(path: config.string("storage.data_dir"))
            let database = try SQLiteDatabase(directory: directory, migrate: migrate)
            return Stores(
                backend: "sqlite", directory: directory, closing: database, tables: database,
                errorOccurrences: SQLiteErrorOccurrenceStore(database: database))
        }
    }

    /// The services `serve` runs, in registration order.
    func makeServices(stores: Stores, telemetry: Telemetry) throws -> [any HubService] {
        let reporter = ErrorReporter(store: stores.errorOccurrences, telemetry: telemetry, clock: clock)
        let storage = StorageService(stores: stores, version: Self.version)
        let bridge = try makeBridgeService(stores: stores, dependencies: [storage.descriptor.name])
        let gateway = GatewayService(
            host: config.string("http.host"), port: Int(config.integer("http.port")), version: Self.version,
            dependencies: [storage.descriptor.name], logger: Logger(label: "tradehub.gateway")
        ) { hub in
            GatewayDependencies(
                hub: hub, telemetry: telemetry, reporter: reporter, errorOccurrences: stores.errorOccurrences,
                version: Self.version, orders: bridge.server.orders, liveBars: bridge.server.ingest,
                tenantNamed: { try stores.marketData.tenant(named: $0) })
        }
        return [storage, bridge, gateway]
    }

    /// The MT5 bridge on `http.host`:`bridge.port`, storing through `stores`.
    func makeBridgeService(stores: Stores, dependencies: [String]) throws -> BridgeService {
        let server = BridgeServer(
            host: config.string("http.host"), port: Int(config.integer("bridge.port")), tenants: stores.tenants,
            store: stores.bridge, settings: try bridgeSettings(), clock: clock,
            logger: Logger(label: "tradehub.bridge"))
        return BridgeService(server: server, version: Self.version, dependencies: dependencies)
    }

    /// Bridge settings from `bridge.*` and `market.*`.
    func bridgeSettings() throws -> BridgeSettings {
        var settings = BridgeSettings()
        settings.maxBatch = Int(config.integer("bridge.max_batch"))
        settings.batchWindowMs = Int(config.integer("bridge.batch_window_ms"))
        settings.hardLimit = Int(config.integer("bridge.max_pending"))
        settings.highWater = max(1, settings.hardLimit / 4)
        settings.maxConnections = Int(config.integer("bridge.max_connections"))
        settings.idleTimeoutMs = config.integer("bridge.idle_timeout_ms")
        settings.spikeHoldMs = config.integer("bridge.spike_hold_ms")
        settings.orderTimeoutMs = config.integer("bridge.order_timeout_ms")
        settings.validation = validationSettings
        let book = try symbolBook()
        settings.symbols = symbolList(book)
        settings.precision = { book.symbol($0) }
        return settings
    }

    func makeHub(services: [any HubService]) throws -> Hub {
        try Hub(
            services: services, shutdownTimeout: .milliseconds(config.integer("hub.shutdown_timeout_ms")),
            logger: Logger(label: "tradehub.hub"))
    }

    /// `tradehub serve`: every service in this process (or those named in `only`, with what they
    /// depend on) until SIGTERM/SIGINT.
    func serve(only: Set<String>? = nil) async throws {
        let stores = try openStores()
        let pruned = try applyRetention(stores)
        if pruned > 0 { logger.info("retention deleted old ticks", metadata: ["count": "\(pruned)"]) }
        let telemetry = Telemetry(processStartSeconds: Double(clock.nowMs()) / 1000)
        var services = try makeServices(stores: stores, telemetry: telemetry)
        if let only {
            var wanted = only
            for service in services.reversed() where wanted.contains(service.descriptor.name) {
                wanted.formUnion(service.descriptor.dependencies)
            }
            services = services.filter { wanted.contains($0.descriptor.name) }
        }
        let hub = try makeHub(services: services)
        do {
            try await run(hub: hub, stores: stores)
        } catch let error as TradehubError {
            try? await stores.errorOccurrences.record(error, atMs: clock.nowMs())
            try? stores.close()
            throw error
        }
        // Every service has stopped: no writer is left, so closing loses nothing.
        try stores.close()
        logger.info("tradehub stopped")
    }

    private func run(hub: Hub, stores: Stores) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await hub.run() }
            group.addTask {
                do {
                    for name in hub.startOrder { try await hub.waitUntilReady(name) }
                } catch {
                    return
                }
                logger.info(
                    "tradehub ready",
                    metadata: [
                        "http": "\(hub.address(of: "gateway").map { "http://\($0)" } ?? "none")",
                        "bridge": "\(hub.address(of: "bridge")?.description ?? "none")",
                        "services": "\(hub.startOrder.joined(separator: ","))",
                        "data_dir": "\(stores.directory?.path ?? "memory")",
                    ])
            }
            try await group.waitForAll()
        }
    }
}

/// The stores bound for this process, with what they need to be closed.
final class Stores: Sendable {
    let backend: String
    let directory: DataDirectory?
    let database: SQLiteDatabase?
    let errorOccurrences: any ErrorOccurrenceStore
    let marketData: any MarketDataStore
    let tenants: any TenantStore
    let bridge: any BridgeStore
    let models: any ModelStore

    /// The stores over the SQLite database `tables`; `closing` is the database `close()` closes
    /// (nil when nothing outlives the process).
    init(
        backend: String, directory: DataDirectory?, closing: SQLiteDatabase?, tables: SQLiteDatabase,
        errorOccurrences: any ErrorOccurrenceStore
    ) {
        self.backend = backend
        self.directory = directory
        self.database = closing
        self.errorOccurrences = errorOccurrences
        marketData = SQLiteMarketDataStore(database: tables)
        tenants = SQLiteTenantStore(database: tables)
        bridge = SQLiteBridgeStore(database: tables)
        models = SQLiteModelStore(database: tables)
    }

    func health() async -> ServiceHealth {
        guard let database else { return .healthy("memory backend") }
        do {
            try await database.ping()
            return .healthy("sqlite \(database.path)")
        } catch {
            return .unhealthy("\(error)")
        }
    }

    /// Waits for writes in flight and closes the database.
    func close() throws { try database?.close() }
}

/// The storage layer as a Hub service: ready once open, healthy while SQLite answers.
///
/// It stops last (everything depends on it); the Import Manager closes the stores after the
/// Hub has stopped every service, so no write in flight is cut off.
struct StorageService: HubService {
    let stores: Stores
    let descriptor: ServiceDescriptor

    init(stores: Stores, version: String) {
        self.stores = stores
        descriptor = ServiceDescriptor(
            name: "storage", version: version, summary: "Embedded store (\(stores.backend)) under the data directory")
    }

    func run(context: ServiceRunContext) async throws {
        context.markReady()
        try? await gracefulShutdown()
    }

    func health() async -> ServiceHealth { await stores.health() }
}

/// The MT5 bridge as a Hub service: listens once storage is ready; on shutdown stops reading,
/// stores everything already received, then closes.
struct BridgeService: HubService {
    let server: BridgeServer
    let descriptor: ServiceDescriptor

    init(server: BridgeServer, version: String, dependencies: [String]) {
        self.server = server
        descriptor = ServiceDescriptor(
            name: "bridge", version: version, summary: "MT5 bridge: terminals stream ticks, bars, accounts; orders go out",
            dependencies: dependencies)
    }

    func run(context: ServiceRunContext) async throws {
        let port = try await server.start()
        context.markReady(address: .network(host: server.host, port: port))
        try? await gracefulShutdown()
        await server.stop()
    }

    func health() async -> ServiceHealth {
        let totals = server.ingest.totals
        return totals.failedCommits > 0 && server.ingest.queued > 0
            ? .unhealthy("storage commits failing (\(totals.failedCommits)); \(server.ingest.queued) messages queued")
            : .healthy("\(server.connectionCount) terminals; \(totals.ticksStored) ticks stored")
    }
}

/// The release of this binary.
enum TradehubVersion {
    static let current = "0.1.0"
}
