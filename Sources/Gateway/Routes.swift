import Bridge
import ErrorDNA
import Hub
import Hummingbird
import Storage
import TradehubModel

/// Everything the HTTP API needs from the rest of the platform.
public struct GatewayDependencies: Sendable {
    public let hub: Hub
    public let telemetry: Telemetry
    public let reporter: ErrorReporter
    public let errorOccurrences: any ErrorOccurrenceStore
    public let version: String
    /// The MT5 bridge's order desk, when the bridge runs in this process.
    public let orders: OrderDesk?
    /// The bridge's ingest, whose live bars `GET /api/v1/bars/live` reads.
    public let liveBars: BridgeIngest?
    /// The tenant with an id or name (`?tenant=`); without one, requests act for the default tenant.
    public let tenantNamed: @Sendable (String) throws -> TenantID

    public init(
        hub: Hub, telemetry: Telemetry, reporter: ErrorReporter, errorOccurrences: any ErrorOccurrenceStore,
        version: String, orders: OrderDesk? = nil, liveBars: BridgeIngest? = nil,
        tenantNamed: @escaping @Sendable (String) throws -> TenantID = { _ in .embeddedDefault }
    ) {
        self.orders = orders
        self.liveBars = liveBars
        self.tenantNamed = tenantNamed
        self.hub = hub
        self.telemetry = telemetry
        self.reporter = reporter
        self.errorOccurrences = errorOccurrences
        self.version = version
    }
}

/// Builds the router of the HTTP API; the server and the tests use the same one.
public func buildGatewayRouter(_ dependencies: GatewayDependencies) -> Router<GatewayRequestContext> {
    let router = Router(context: GatewayRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: AccessLogMiddleware(telemetry: dependencies.telemetry))
    router.add(middleware: ProblemMiddleware(reporter: dependencies.reporter))
    HealthRoutes(hub: dependencies.hub, version: dependencies.version).add(to: router)
    MetricsRoutes(telemetry: dependencies.telemetry).add(to: router)
    ServicesRoutes(hub: dependencies.hub).add(to: router.group("api/v1/services"))
    ErrorsRoutes(store: dependencies.errorOccurrences).add(to: router.group("api/v1/errors"))
    if let orders = dependencies.orders {
        OrdersRoutes(desk: orders, tenantNamed: dependencies.tenantNamed).add(to: router.group("api/v1/orders"))
    }
    if let ingest = dependencies.liveBars {
        LiveBarsRoutes(ingest: ingest, tenantNamed: dependencies.tenantNamed).add(to: router.group("api/v1/bars"))
    }
    return router
}

/// `GET /health` (the process is alive) and `GET /ready` (every service is healthy).
struct HealthRoutes {
    let hub: Hub
    let version: String

    struct Alive: Codable {
        let status: String
        let version: String
    }

    func add(to router: Router<GatewayRequestContext>) {
        router.get("health") { _, _ in try JSONCoding.response(Alive(status: "alive", version: version)) }
        router.get("ready") { _, _ in
            let report = await hub.readiness()
            return try JSONCoding.response(report, status: report.ready ? .ok : .serviceUnavailable)
        }
    }
}

/// `GET /metrics` in Prometheus text format.
struct MetricsRoutes {
    let telemetry: Telemetry

    func add(to router: Router<GatewayRequestContext>) {
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: telemetry.exposition())))
        }
    }
}

/// `GET /api/v1/services`: the Hub's registry with state and health.
struct ServicesRoutes {
    let hub: Hub

    struct ServiceList: Codable {
        let services: [ServiceStatus]
    }

    func add(to group: RouterGroup<GatewayRequestContext>) {
        group.get { _, _ in try JSONCoding.response(ServiceList(services: await hub.statuses())) }
    }
}

/// `GET /api/v1/errors` (catalogue and recorded occurrences) and `GET /api/v1/errors/{code}`.
struct ErrorsRoutes {
    let store: any ErrorOccurrenceStore

    struct ErrorsReport: Codable {
        let catalogue: [ErrorDefinition]
        let occurrences: [ErrorOccurrence]
    }

    func add(to group: RouterGroup<GatewayRequestContext>) {
        group.get { request, _ in
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
            guard (1...10_000).contains(limit) else {
                throw TradehubError(.httpBadRequest, ["reason": "limit must be 1…10000, got \(limit)"])
            }
            return try JSONCoding.response(
                ErrorsReport(catalogue: ErrorCatalogue.all, occurrences: try await store.occurrences(limit: limit)))
        }
        group.get("{code}") { _, context in
            let code = context.parameters.get("code") ?? ""
            guard let definition = ErrorCatalogue.definition(for: ErrorCode(code)) else {
                throw TradehubError(.unknownErrorCode, ["code": code])
            }
            return try JSONCoding.response(definition)
        }
    }
}
