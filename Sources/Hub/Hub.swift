import ErrorDNA
import Logging
import ServiceLifecycle
import UnixSignals
import Synchronization

/// The Central Hub: the registry of services, their start in dependency order, their health,
/// and their graceful stop in reverse order.
///
/// Services run under one swift-service-lifecycle `ServiceGroup`; each waits until every
/// dependency has marked itself ready before it starts, and the group's reverse-order shutdown
/// stops dependents before the services they use.
public final class Hub: Sendable {
    /// Service names in start order (dependencies first).
    public let startOrder: [String]
    private let services: [String: any HubService]
    private let shutdownTimeout: Duration
    private let logger: Logger
    private let table: Mutex<[String: Entry]>

    struct Entry {
        var state: ServiceState = .starting
        var address: ServiceAddress = .inProcess
        var waiters: [Int: CheckedContinuation<Void, any Error>] = [:]
    }

    private let nextWaiter = Atomic<Int>(0)
    private let group = Mutex<ServiceGroup?>(nil)
    private let shutdownRequested = Atomic<Bool>(false)

    /// Validates the registry (unique names, known dependencies, no cycles).
    public init(services: [any HubService], shutdownTimeout: Duration = .milliseconds(1500), logger: Logger) throws {
        var byName: [String: any HubService] = [:]
        for service in services {
            let name = service.descriptor.name
            guard byName[name] == nil else { throw TradehubError(.hubDuplicateService, ["service": name]) }
            byName[name] = service
        }
        for service in services {
            for dependency in service.descriptor.dependencies where byName[dependency] == nil {
                throw TradehubError(
                    .hubUnknownDependency, ["service": service.descriptor.name, "dependency": dependency])
            }
        }
        self.startOrder = try Self.topologicalOrder(services.map(\.descriptor))
        self.services = byName
        self.shutdownTimeout = shutdownTimeout
        self.logger = logger
        self.table = Mutex(Dictionary(uniqueKeysWithValues: byName.keys.map { ($0, Entry()) }))
    }

    /// Runs every service until SIGTERM/SIGINT (or `signals`) or until one of them stops;
    /// returns after every service has stopped. A failed service rethrows its error.
    public func run(gracefulShutdownSignals signals: [UnixSignal] = [.sigterm, .sigint]) async throws {
        var configuration = ServiceGroupConfiguration(
            services: startOrder.map { name in
                ServiceGroupConfiguration.ServiceConfiguration(
                    service: ManagedService(service: services[name]!, hub: self),
                    successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup)
            },
            gracefulShutdownSignals: signals,
            logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownTimeout
        configuration.maximumCancellationDuration = .milliseconds(500)
        let serviceGroup = ServiceGroup(configuration: configuration)
        group.withLock { $0 = serviceGroup }
        if shutdownRequested.load(ordering: .acquiring) { await serviceGroup.triggerGracefulShutdown() }
        try await serviceGroup.run()
    }

    /// Asks every service to finish its work and stop, as SIGTERM does.
    public func triggerGracefulShutdown() async {
        shutdownRequested.store(true, ordering: .releasing)
        if let serviceGroup = group.withLock({ $0 }) { await serviceGroup.triggerGracefulShutdown() }
    }

    /// Every service with its state and, for running ones, a fresh health check (run concurrently).
    public func statuses() async -> [ServiceStatus] {
        let snapshot = table.withLock { $0 }
        return await withTaskGroup(of: (Int, ServiceStatus).self) { group in
            for (index, name) in startOrder.enumerated() {
                let service = services[name]!
                let entry = snapshot[name]!
                group.addTask {
                    let health: ServiceHealth
                    switch entry.state {
                    case .running: health = await service.health()
                    case .starting: health = .unhealthy("starting")
                    case .stopped: health = .unhealthy("stopped")
                    case .failed: health = .unhealthy("failed")
                    }
                    let descriptor = service.descriptor
                    return (index, ServiceStatus(
                        name: name, version: descriptor.version, summary: descriptor.summary,
                        address: entry.address, dependencies: descriptor.dependencies, state: entry.state,
                        health: health))
                }
            }
            var result: [(Int, ServiceStatus)] = []
            for await item in group { result.append(item) }
            return result.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Ready when every service is running and healthy.
    public func readiness() async -> ReadinessReport {
        let statuses = await statuses()
        return ReadinessReport(
            ready: statuses.allSatisfy { $0.state == .running && $0.health.healthy }, services: statuses)
    }

    /// Waits until the named service has marked itself ready; throws if it stops first or the
    /// waiting task is cancelled.
    public func waitUntilReady(_ name: String) async throws {
        let id = nextWaiter.add(1, ordering: .relaxed).newValue
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                table.withLock { table in
                    guard let entry = table[name] else {
                        continuation.resume(throwing: TradehubError(.hubUnknownDependency, ["service": "?", "dependency": name]))
                        return
                    }
                    switch entry.state {
                    case .running:
                        continuation.resume()
                    case .stopped, .failed:
                        continuation.resume(throwing: CancellationError())
                    case .starting:
                        if Task.isCancelled {
                            continuation.resume(throwing: CancellationError())
                        } else {
                            table[name]!.waiters[id] = continuation
                        }
                    }
                }
            }
        } onCancel: {
            table.withLock { $0[name]?.waiters.removeValue(forKey: id) }?.resume(throwing: CancellationError())
        }
    }

    /// The address a service announced when it became ready.
    public func address(of name: String) -> ServiceAddress? { table.withLock { $0[name]?.address } }

    func transition(_ name: String, to state: ServiceState, address: ServiceAddress? = nil) {
        let waiters = table.withLock { table -> [CheckedContinuation<Void, any Error>] in
            table[name]!.state = state
            if let address { table[name]!.address = address }
            guard state != .starting else { return [] }
            let waiters = Array(table[name]!.waiters.values)
            table[name]!.waiters.removeAll()
            return waiters
        }
        for waiter in waiters {
            if state == .running { waiter.resume() } else { waiter.resume(throwing: CancellationError()) }
        }
    }

    static func topologicalOrder(_ descriptors: [ServiceDescriptor]) throws -> [String] {
        var order: [String] = []
        var state: [String: Bool] = [:]  // false: visiting, true: done
        let byName = Dictionary(uniqueKeysWithValues: descriptors.map { ($0.name, $0) })
        func visit(_ name: String, path: [String]) throws {
            if state[name] == true { return }
            if state[name] == false {
                let cycle = path.drop(while: { $0 != name }) + [name]
                throw TradehubError(.hubDependencyCycle, ["cycle": cycle.joined(separator: " -> ")])
            }
            state[name] = false
            for dependency in byName[name]!.dependencies { try visit(dependency, path: path + [name]) }
            state[name] = true
            order.append(name)
        }
        for descriptor in descriptors { try visit(descriptor.name, path: []) }
        return order
    }
}

/// Adapts a `HubService` to swift-service-lifecycle, gating its start on its dependencies.
struct ManagedService: Service {
    let service: any HubService
    let hub: Hub

    func run() async throws {
        let descriptor = service.descriptor
        var logger = Logger(label: "tradehub.hub")
        logger[metadataKey: "service"] = "\(descriptor.name)"
        do {
            try await cancelWhenGracefulShutdown {
                for dependency in descriptor.dependencies { try await hub.waitUntilReady(dependency) }
            }
        } catch {
            // Shutdown began, or a dependency stopped before it was ready. Either way the group
            // is shutting down: return only when it asks this service to, as returning earlier
            // would break its reverse-order shutdown and cancel the services still draining.
            hub.transition(descriptor.name, to: .stopped)
            try? await gracefulShutdown()
            return
        }
        let context = ServiceRunContext(logger: logger, hub: hub) { [hub] address in
            hub.transition(descriptor.name, to: .running, address: address)
        }
        do {
            try await service.run(context: context)
            hub.transition(descriptor.name, to: .stopped)
            logger.debug("service stopped")
        } catch {
            hub.transition(descriptor.name, to: .failed)
            if let error = error as? TradehubError { throw error }
            throw TradehubError(.hubServiceFailed, ["service": descriptor.name, "reason": "\(error)"])
        }
    }
}
