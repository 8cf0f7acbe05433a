import ErrorDNA
import Foundation
import Gateway
import HTTPTypes
import Hub
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Storage
import Synchronization
import TradehubModel

/// A logger that prints nothing, so test output stays readable. Its handler keeps no metadata,
/// so the tests also show the request id does not depend on the log handler.
let quietLogger = Logger(label: "tradehub.test") { _ in SwiftLogNoOpLogHandler() }

/// The instant the fixed wall clock reports, in UTC milliseconds.
let fixedNowMs: Int64 = 1_700_000_000_123

/// A health answer the test can change while the service runs.
final class HealthSwitch: Sendable {
    private let value: Mutex<ServiceHealth>

    init(_ health: ServiceHealth = .healthy()) { value = Mutex(health) }

    var current: ServiceHealth {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

/// A `HubService` that becomes ready at once and stops on graceful shutdown.
struct FakeService: HubService {
    let descriptor: ServiceDescriptor
    var address: ServiceAddress = .inProcess
    var health = HealthSwitch()

    init(_ name: String, dependencies: [String] = [], address: ServiceAddress = .inProcess) {
        descriptor = ServiceDescriptor(name: name, version: "2.0.0", summary: "fake \(name)", dependencies: dependencies)
        self.address = address
    }

    func run(context: ServiceRunContext) async throws {
        context.markReady(address: address)
        try? await gracefulShutdown()
    }

    func health() async -> ServiceHealth { health.current }
}

/// A Hub of fake services and the gateway router over it, with in-memory errors and fresh metrics.
struct GatewayFixture {
    let hub: Hub
    let store = InMemoryErrorOccurrenceStore()
    let telemetry = Telemetry(processStartSeconds: 1234)
    let router: Router<GatewayRequestContext>
    let storageHealth = HealthSwitch(.healthy("sqlite ok"))

    init() throws {
        var storage = FakeService("storage")
        storage.health = storageHealth
        hub = try Hub(
            services: [
                FakeService("bridge", dependencies: ["storage"], address: .network(host: "127.0.0.1", port: 8001)),
                storage,
                FakeService("gateway", dependencies: ["storage", "bridge"], address: .network(host: "0.0.0.0", port: 8000)),
            ],
            shutdownTimeout: .seconds(10), logger: quietLogger)
        let reporter = ErrorReporter(store: store, telemetry: telemetry, clock: FixedWallClock(instantMs: fixedNowMs))
        router = buildGatewayRouter(
            GatewayDependencies(
                hub: hub, telemetry: telemetry, reporter: reporter, errorOccurrences: store, version: "9.9.9-test"))
    }

    /// The application under test; build it after adding any extra routes to `router`.
    func application(logger: Logger = quietLogger) -> some ApplicationProtocol {
        Application(router: router, logger: logger)
    }
}

/// Runs `hub` while `body` executes, once every service is ready; then shuts it down gracefully.
func withRunning<T: Sendable>(_ hub: Hub, _ body: () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await hub.run(gracefulShutdownSignals: []) }
        let value: T
        do {
            for name in hub.startOrder { try await hub.waitUntilReady(name) }
            value = try await body()
        } catch {
            await hub.triggerGracefulShutdown()
            try? await group.waitForAll()
            throw error
        }
        await hub.triggerGracefulShutdown()
        try await group.waitForAll()
        return value
    }
}

extension TestResponse {
    var text: String { String(decoding: body.readableBytesView, as: UTF8.self) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    var contentType: String? { headers[.contentType] }
    var requestID: String? { headers[.xRequestIDForTests] }
}

extension HTTPField.Name {
    static let xRequestIDForTests = HTTPField.Name("X-Request-Id")!
}

/// The JSON of `GET /health`.
struct Alive: Decodable, Equatable {
    let status: String
    let version: String
}

/// The JSON of `GET /api/v1/services`.
struct ServiceList: Decodable {
    let services: [ServiceStatus]
}

/// The JSON of `GET /api/v1/errors`.
struct ErrorsReport: Decodable {
    let catalogue: [ErrorDefinition]
    let occurrences: [ErrorOccurrence]
}

/// Log lines kept in memory, with the metadata they carried, so a test can read what a request logged.
final class LogCapture: Sendable {
    struct Line: Sendable {
        let message: String
        let metadata: [String: String]
    }

    private let lines = Mutex<[Line]>([])

    init() {}

    var all: [Line] { lines.withLock { $0 } }

    func append(_ line: Line) { lines.withLock { $0.append(line) } }

    /// A logger writing into this capture (and keeping metadata, as a real handler does).
    var logger: Logger { Logger(label: "tradehub.test") { _ in CapturingLogHandler(capture: self) } }
}

struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        capture.append(.init(message: event.message.description, metadata: merged.mapValues(\.description)))
    }
}
