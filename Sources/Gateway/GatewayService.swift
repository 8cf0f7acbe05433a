import ErrorDNA
import Hub
import Hummingbird
import Logging
import NIOCore

/// The HTTP API as a Hub service: binds, serves the gateway router, drains on shutdown.
public struct GatewayService: HubService {
    public let descriptor: ServiceDescriptor
    private let host: String
    private let port: Int
    private let makeDependencies: @Sendable (Hub) -> GatewayDependencies
    private let logger: Logger

    /// `makeDependencies` receives the running Hub, so routes can report on every service.
    public init(
        host: String, port: Int, version: String, dependencies: [String], logger: Logger,
        makeDependencies: @escaping @Sendable (Hub) -> GatewayDependencies
    ) {
        descriptor = ServiceDescriptor(
            name: "gateway", version: version, summary: "HTTP API: health, readiness, metrics, services, errors",
            dependencies: dependencies)
        self.host = host
        self.port = port
        self.makeDependencies = makeDependencies
        self.logger = logger
    }

    public func run(context: ServiceRunContext) async throws {
        let router = buildGatewayRouter(makeDependencies(context.hub))
        let logger = logger
        let host = host
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "tradehub"),
            onServerRunning: { channel in
                let boundPort = channel.localAddress?.port ?? 0
                context.markReady(address: .network(host: host, port: boundPort))
                logger.debug("http listening", metadata: ["address": "\(host):\(boundPort)"])
            },
            logger: logger)
        do {
            try await app.run()
        } catch let error as IOError {
            throw TradehubError(.serverBind, ["address": "\(host):\(port)", "reason": error.description])
        } catch let error as SocketAddressError {
            throw TradehubError(.serverBind, ["address": "\(host):\(port)", "reason": "\(error)"])
        }
    }

    public func health() async -> ServiceHealth { .healthy("serving HTTP") }
}
