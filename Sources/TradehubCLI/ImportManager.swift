import ErrorDNA
import Foundation
import Gateway
import Hub
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
            return Stores(backend: "memory", directory: nil, database: nil, errorOccurrences: InMemoryErrorOccurrenceStore())
        default:
            let directory = try DataDirectory(path: config.string("storage.data_dir"))
            let database = try SQLiteDatabase(directory: directory, migrate: migrate)
            return Stores(
                backend: "sqlite", directory: directory, database: database,
                errorOccurrences: SQLiteErrorOccurrenceStore(database: database))
        }
    }

    /// The services `serve` runs, in registration order.
    func makeServices(stores: Stores, telemetry: Telemetry) -> [any HubService] {
        let reporter = ErrorReporter(store: stores.errorOccurrences, telemetry: telemetry, clock: clock)
        let storage = StorageService(stores: stores, version: Self.version)
        let gateway = GatewayService(
            host: config.string("http.host"), port: Int(config.integer("http.port")), version: Self.version,
            dependencies: [storage.descriptor.name], logger: Logger(label: "tradehub.gateway")
        ) { hub in
            GatewayDependencies(
                hub: hub, telemetry: telemetry, reporter: reporter, errorOccurrences: stores.errorOccurrences,
                version: Self.version)
        }
        return [storage, gateway]
    }

    func makeHub(services: [any HubService]) throws -> Hub {
        try Hub(
            services: services, shutdownTimeout: .milliseconds(config.integer("hub.shutdown_timeout_ms")),
            logger: Logger(label: "tradehub.hub"))
    }

    /// `tradehub serve`: every service in this process until SIGTERM/SIGINT.
    func serve() async throws {
        let stores = try openStores()
        let telemetry = Telemetry(processStartSeconds: Double(clock.nowMs()) / 1000)
        let hub = try makeHub(services: makeServices(stores: stores, telemetry: telemetry))
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
                        "http": "http://\(hub.address(of: "gateway")?.description ?? "?")",
                        "services": "\(hub.startOrder.joined(separator: ","))",
                        "data_dir": "\(stores.directory?.path ?? "memory")",
                    ])
            }
            try await group.waitForAll()
        }
        logger.info("tradehub stopped")
    }
}

/// The stores bound for this process, with what they need to be closed.
final class Stores: Sendable {
    let backend: String
    let directory: DataDirectory?
    let database: SQLiteDatabase?
    let errorOccurrences: any ErrorOccurrenceStore

    init(backend: String, directory: DataDirectory?, database: SQLiteDatabase?, errorOccurrences: any ErrorOccurrenceStore) {
        self.backend = backend
        self.directory = directory
        self.database = database
        self.errorOccurrences = errorOccurrences
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

/// The storage layer as a Hub service: ready once open, closed last on shutdown.
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
        try stores.close()
    }

    func health() async -> ServiceHealth { await stores.health() }
}

/// The release of this binary.
enum TradehubVersion {
    static let current = "0.1.0"
}
