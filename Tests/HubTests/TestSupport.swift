import ErrorDNA
import Hub
import Logging
import ServiceLifecycle
import Synchronization

/// A logger that prints nothing, so test output stays readable.
let quietLogger = Logger(label: "tradehub.test") { _ in SwiftLogNoOpLogHandler() }

/// An ordered, thread-safe record of what the fake services did; a test can wait for an event.
final class EventLog: Sendable {
    private struct State {
        var events: [String] = []
        var waiters: [(event: String, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    init() {}

    func record(_ event: String) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.events.append(event)
            var ready: [CheckedContinuation<Void, Never>] = []
            state.waiters.removeAll { waiter in
                guard waiter.event == event else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    var events: [String] { state.withLock { $0.events } }

    func contains(_ event: String) -> Bool { events.contains(event) }

    /// Position of `event` in the log; fails the comparison loudly (Int.max) when absent.
    func index(of event: String) -> Int { events.firstIndex(of: event) ?? Int.max }

    /// Events with the given prefix, in the order they happened, prefix removed (`stop:a` → `a`).
    func events(withPrefix prefix: String) -> [String] {
        events.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    /// Returns once `event` has been recorded (at once if it already was).
    func waitFor(_ event: String) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let seen = state.withLock { state -> Bool in
                if state.events.contains(event) { return true }
                state.waiters.append((event, continuation))
                return false
            }
            if seen { continuation.resume() }
        }
    }
}

/// A one-shot latch the test opens to let a fake service go on; waiting is cancellation-aware so a
/// service group that cancels its services never hangs on it.
final class Gate: Sendable {
    private struct State {
        var isOpen = false
        var nextID = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    init() {}

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when the gate is opened or the task is cancelled.
    func wait() async {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.isOpen || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}

/// A health answer the test can change while the service runs.
final class HealthSwitch: Sendable {
    private let value: Mutex<ServiceHealth>

    init(_ health: ServiceHealth = .healthy()) { value = Mutex(health) }

    var current: ServiceHealth {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

struct FakeFailure: Error, CustomStringConvertible {
    var description: String { "disk on fire" }
}

/// A scripted `HubService` that records each step in an `EventLog`:
/// `enter:NAME` when `run` is entered, `ready:NAME` just before it marks itself ready
/// (`abandoned:NAME` if shutdown came first),
/// `shutdown:NAME` when graceful shutdown reaches it (`cancelled:NAME` if it was cancelled instead),
/// `stop:NAME` just before `run` returns,
/// `fail:NAME` just before it throws.
struct FakeService: HubService {
    let descriptor: ServiceDescriptor
    let log: EventLog
    /// When set, the service marks itself ready only once the gate opens.
    var readyGate: Gate?
    var address: ServiceAddress = .inProcess
    var health = HealthSwitch()
    /// When set, the service throws this error (before becoming ready unless `failGate` is set).
    var failure: (any Error & Sendable)?
    /// When set with `failure`, the service runs normally and throws once the gate opens.
    var failGate: Gate?
    /// Work the service finishes after graceful shutdown is signalled and before it returns.
    var drain: (@Sendable () async -> Void)?

    init(_ name: String, dependencies: [String] = [], log: EventLog) {
        descriptor = ServiceDescriptor(name: name, version: "1.0.0", summary: "fake \(name)", dependencies: dependencies)
        self.log = log
    }

    var name: String { descriptor.name }

    func run(context: ServiceRunContext) async throws {
        log.record("enter:\(name)")
        if let readyGate {
            // Starting up, but still answering a graceful shutdown, as a real service should.
            try? await cancelWhenGracefulShutdown { await readyGate.wait() }
            if Task.isShuttingDownGracefully {
                log.record("abandoned:\(name)")
                return
            }
        }
        if let failure, failGate == nil {
            log.record("fail:\(name)")
            throw failure
        }
        log.record("ready:\(name)")
        context.markReady(address: address)
        if let failure, let failGate {
            await failGate.wait()
            log.record("fail:\(name)")
            throw failure
        }
        // Returns on graceful shutdown; throws (ignored here) if the task is cancelled instead.
        try? await gracefulShutdown()
        log.record(Task.isCancelled ? "cancelled:\(name)" : "shutdown:\(name)")
        if let drain { await drain() }
        log.record("stop:\(name)")
    }

    func health() async -> ServiceHealth { health.current }
}

/// Runs `hub` in a child task while `body` executes, then asks it to shut down gracefully and
/// returns how `hub.run` ended. The hub is shut down even when `body` throws.
func runHub(_ hub: Hub, _ body: (Hub) async throws -> Void) async throws -> Result<Void, any Error> {
    try await withThrowingTaskGroup(of: Result<Void, any Error>.self) { group in
        group.addTask {
            do {
                try await hub.run(gracefulShutdownSignals: [])
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        do {
            try await body(hub)
        } catch {
            await hub.triggerGracefulShutdown()
            _ = try await group.next()
            throw error
        }
        await hub.triggerGracefulShutdown()
        return try await group.next()!
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
