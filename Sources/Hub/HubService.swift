import Logging

/// A long-running part of the platform that the Hub starts, watches and stops.
///
/// `run` must call `context.markReady(address:)` once it serves, and return when graceful
/// shutdown is signalled (swift-service-lifecycle's `gracefulShutdown()` or
/// `withGracefulShutdownHandler`), after finishing the work in flight.
public protocol HubService: Sendable {
    var descriptor: ServiceDescriptor { get }
    func run(context: ServiceRunContext) async throws
    /// A quick check of the service's own state; called only while it runs.
    func health() async -> ServiceHealth
}

/// What a running service gets from the Hub.
public struct ServiceRunContext: Sendable {
    public let logger: Logger
    /// The Hub running the service: how it finds the other services.
    public let hub: Hub
    let onReady: @Sendable (ServiceAddress) -> Void

    init(logger: Logger, hub: Hub, onReady: @escaping @Sendable (ServiceAddress) -> Void) {
        self.logger = logger
        self.hub = hub
        self.onReady = onReady
    }

    /// Tells the Hub the service now serves, and where.
    public func markReady(address: ServiceAddress = .inProcess) { onReady(address) }
}
