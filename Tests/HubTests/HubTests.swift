import ErrorDNA
import Foundation
import Hub
import Synchronization
import Testing

@Suite("Hub registry")
struct HubRegistryTests {
    /// d needs b and c, both need a.
    func diamond(_ log: EventLog, order: [String]) -> [any HubService] {
        let all: [String: FakeService] = [
            "a": FakeService("a", log: log),
            "b": FakeService("b", dependencies: ["a"], log: log),
            "c": FakeService("c", dependencies: ["a"], log: log),
            "d": FakeService("d", dependencies: ["b", "c"], log: log),
        ]
        return order.map { all[$0]! }
    }

    @Test("start order is topological for a diamond, whatever the registration order")
    func diamondStartOrder() throws {
        let log = EventLog()
        for registration in [["a", "b", "c", "d"], ["d", "c", "b", "a"], ["c", "d", "a", "b"]] {
            let services = diamond(log, order: registration)
            let hub = try Hub(services: services, logger: quietLogger)
            #expect(Set(hub.startOrder) == ["a", "b", "c", "d"])
            #expect(hub.startOrder.count == 4)
            for service in services {
                let position = try #require(hub.startOrder.firstIndex(of: service.descriptor.name))
                for dependency in service.descriptor.dependencies {
                    #expect(
                        hub.startOrder.firstIndex(of: dependency)! < position,
                        "\(dependency) must start before \(service.descriptor.name) in \(hub.startOrder)")
                }
            }
            #expect(hub.startOrder.first == "a")
            #expect(hub.startOrder.last == "d")
        }
        // Deterministic: the same registration gives the same order (depth-first, in declaration order).
        func startOrder(_ registration: [String]) throws -> [String] {
            try Hub(services: diamond(log, order: registration), logger: quietLogger).startOrder
        }
        #expect(try startOrder(["a", "b", "c", "d"]) == ["a", "b", "c", "d"])
        #expect(try startOrder(["d", "c", "b", "a"]) == ["a", "b", "c", "d"])
        #expect(try startOrder(["c", "d", "b", "a"]) == ["a", "c", "b", "d"])
    }

    @Test("a dependency cycle is rejected with the cycle named")
    func cycle() throws {
        let log = EventLog()
        let error = try #require(throws: TradehubError.self) {
            _ = try Hub(
                services: [
                    FakeService("a", dependencies: ["b"], log: log),
                    FakeService("b", dependencies: ["c"], log: log),
                    FakeService("c", dependencies: ["a"], log: log),
                ], logger: quietLogger)
        }
        #expect(error.code == .hubDependencyCycle)
        #expect(error["cycle"] == "a -> b -> c -> a")
        #expect(error.message == "services depend on each other in a cycle: a -> b -> c -> a")
    }

    @Test("the cycle named excludes the services that merely lead into it")
    func cycleBehindAnAcyclicPrefix() throws {
        let log = EventLog()
        let error = try #require(throws: TradehubError.self) {
            _ = try Hub(
                services: [
                    FakeService("root", dependencies: ["x"], log: log),
                    FakeService("x", dependencies: ["y"], log: log),
                    FakeService("y", dependencies: ["x"], log: log),
                ], logger: quietLogger)
        }
        #expect(error.code == .hubDependencyCycle)
        #expect(error["cycle"] == "x -> y -> x")
    }

    @Test("a service depending on itself is a cycle")
    func selfCycle() throws {
        let error = try #require(throws: TradehubError.self) {
            _ = try Hub(services: [FakeService("a", dependencies: ["a"], log: EventLog())], logger: quietLogger)
        }
        #expect(error.code == .hubDependencyCycle)
        #expect(error["cycle"] == "a -> a")
    }

    @Test("an unregistered dependency is rejected, naming both services")
    func unknownDependency() throws {
        let log = EventLog()
        let error = try #require(throws: TradehubError.self) {
            _ = try Hub(
                services: [FakeService("a", log: log), FakeService("gateway", dependencies: ["a", "storage"], log: log)],
                logger: quietLogger)
        }
        #expect(error.code == .hubUnknownDependency)
        #expect(error["service"] == "gateway")
        #expect(error["dependency"] == "storage")
    }

    @Test("a name registered twice is rejected")
    func duplicate() throws {
        let log = EventLog()
        let error = try #require(throws: TradehubError.self) {
            _ = try Hub(
                services: [FakeService("a", log: log), FakeService("b", log: log), FakeService("a", log: log)],
                logger: quietLogger)
        }
        #expect(error.code == .hubDuplicateService)
        #expect(error["service"] == "a")
    }

    @Test("waiting for an unregistered service throws; a cancelled wait throws CancellationError")
    func waitUntilReadyOutsideRun() async throws {
        let hub = try Hub(services: [FakeService("a", log: EventLog())], logger: quietLogger)
        let error = await #expect(throws: TradehubError.self) { try await hub.waitUntilReady("nope") }
        #expect(error?.code == .hubUnknownDependency)
        #expect(error?["dependency"] == "nope")

        let waiter = Task { try await hub.waitUntilReady("a") }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
    }

    @Test("addresses describe and round-trip through JSON")
    func addressCoding() throws {
        let cases: [(ServiceAddress, String)] = [
            (.inProcess, "in-process"),
            (.network(host: "127.0.0.1", port: 8001), "127.0.0.1:8001"),
            (.network(host: "::1", port: 8000), "[::1]:8000"),
        ]
        for (address, text) in cases {
            #expect(address.description == text)
            let data = try JSONEncoder().encode([address])
            #expect(String(decoding: data, as: UTF8.self) == "[\"\(text)\"]")
            #expect(try JSONDecoder().decode([ServiceAddress].self, from: data) == [address])
        }
    }
}

@Suite("Hub lifecycle", .timeLimit(.minutes(1)))
struct HubLifecycleTests {
    @Test("a service's run is not entered until its dependency has marked itself ready")
    func dependentWaitsForReady() async throws {
        let log = EventLog()
        let bGate = Gate()
        var b = FakeService("b", dependencies: ["a"], log: log)
        b.readyGate = bGate
        let hub = try Hub(
            services: [
                FakeService("a", log: log), b,
                FakeService("c", dependencies: ["a"], log: log),
                FakeService("d", dependencies: ["b", "c"], log: log),
            ], logger: quietLogger)

        let result = try await runHub(hub) { hub in
            try await hub.waitUntilReady("c")
            await log.waitFor("enter:b")
            // Give d's task every chance to (wrongly) start while b is still not ready.
            for _ in 0..<200 { await Task.yield() }
            #expect(!log.contains("enter:d"))
            let before = await hub.statuses()
            #expect(before.first { $0.name == "b" }?.state == .starting)
            #expect(before.first { $0.name == "d" }?.state == .starting)
            #expect(before.first { $0.name == "c" }?.state == .running)

            bGate.open()
            try await hub.waitUntilReady("d")
        }
        try result.get()

        #expect(log.index(of: "ready:a") < log.index(of: "enter:b"))
        #expect(log.index(of: "ready:a") < log.index(of: "enter:c"))
        #expect(log.index(of: "ready:b") < log.index(of: "enter:d"))
        #expect(log.index(of: "ready:c") < log.index(of: "enter:d"))
        #expect(log.events(withPrefix: "enter:").count == 4)
    }

    @Test("graceful shutdown stops services in reverse start order, dependents first")
    func reverseShutdownOrder() async throws {
        let log = EventLog()
        let hub = try Hub(
            services: [
                FakeService("c", dependencies: ["a"], log: log),
                FakeService("d", dependencies: ["b", "c"], log: log),
                FakeService("b", dependencies: ["a"], log: log),
                FakeService("a", log: log),
            ], logger: quietLogger)
        // Not alphabetical, so the shutdown order below can only come from the start order.
        #expect(hub.startOrder == ["a", "c", "b", "d"])

        let result = try await runHub(hub) { hub in
            for name in hub.startOrder { try await hub.waitUntilReady(name) }
        }
        try result.get()

        #expect(log.events(withPrefix: "shutdown:") == ["d", "b", "c", "a"])
        #expect(log.events(withPrefix: "stop:") == ["d", "b", "c", "a"])
        #expect(log.events(withPrefix: "cancelled:").isEmpty)
        // Each service finished stopping before the next one was asked to.
        #expect(log.index(of: "stop:d") < log.index(of: "shutdown:b"))
        #expect(log.index(of: "stop:c") < log.index(of: "shutdown:a"))
        let statuses = await hub.statuses()
        #expect(statuses.map(\.state) == [.stopped, .stopped, .stopped, .stopped])
        #expect(statuses.allSatisfy { $0.health == .unhealthy("stopped") })
    }

    @Test("work in flight finishes before a service returns, while its dependency still serves")
    func inFlightWorkFinishes() async throws {
        let log = EventLog()
        let store = FakeStore()
        let writeGate = Gate()
        var storage = FakeService("storage", log: log)
        storage.drain = { store.close() }
        var writer = FakeService("writer", dependencies: ["storage"], log: log)
        writer.drain = {
            log.record("draining:writer")
            await writeGate.wait()  // the pending write completes only when the test says so
            log.record(store.write("order-1") ? "wrote:writer" : "rejected:writer")
        }
        let hub = try Hub(services: [writer, storage], shutdownTimeout: .seconds(20), logger: quietLogger)

        let result = try await runHub(hub) { hub in
            try await hub.waitUntilReady("writer")
            await hub.triggerGracefulShutdown()
            await log.waitFor("draining:writer")
            // The writer is busy: its dependency must not be asked to stop yet.
            for _ in 0..<200 { await Task.yield() }
            #expect(!log.contains("shutdown:storage"))
            #expect(!log.contains("stop:writer"))
            writeGate.open()
        }
        try result.get()

        #expect(store.writes == ["order-1"])
        #expect(log.contains("wrote:writer"))
        #expect(log.index(of: "wrote:writer") < log.index(of: "stop:writer"))
        #expect(log.index(of: "stop:writer") < log.index(of: "shutdown:storage"))
        #expect(log.events(withPrefix: "stop:") == ["writer", "storage"])
    }

    @Test("shutdown while a dependent still waits for its dependency: it never runs, the hub stops cleanly")
    func shutdownWhileWaiting() async throws {
        let log = EventLog()
        var slow = FakeService("slow", log: log)
        slow.readyGate = Gate()  // never opened
        let hub = try Hub(
            services: [slow, FakeService("user", dependencies: ["slow"], log: log), FakeService("other", log: log)],
            logger: quietLogger)

        let result = try await runHub(hub) { hub in
            try await hub.waitUntilReady("other")
            await log.waitFor("enter:slow")
            #expect(await hub.readiness().ready == false)
        }
        try result.get()

        #expect(!log.contains("enter:user"))
        #expect(log.contains("abandoned:slow"))
        #expect(log.events(withPrefix: "cancelled:").isEmpty)
        #expect(await hub.statuses().map(\.state) == [.stopped, .stopped, .stopped])
    }

    @Test("graceful shutdown requested before run still starts and stops every service cleanly")
    func shutdownBeforeRun() async throws {
        let log = EventLog()
        let hub = try Hub(
            services: [FakeService("a", log: log), FakeService("b", dependencies: ["a"], log: log)], logger: quietLogger)
        await hub.triggerGracefulShutdown()
        try await hub.run(gracefulShutdownSignals: [])
        #expect(log.events(withPrefix: "cancelled:").isEmpty)
        #expect(await hub.statuses().map(\.state) == [.stopped, .stopped])
    }

    @Test("readiness: not ready before run, ready while all run healthy, not ready when one is unhealthy")
    func readiness() async throws {
        let log = EventLog()
        let storageHealth = HealthSwitch(.healthy("3 tables"))
        var storage = FakeService("storage", log: log)
        storage.health = storageHealth
        let hub = try Hub(
            services: [storage, FakeService("gateway", dependencies: ["storage"], log: log)], logger: quietLogger)

        let initial = await hub.readiness()
        #expect(!initial.ready)
        #expect(initial.services.map(\.name) == ["storage", "gateway"])
        #expect(initial.services.allSatisfy { $0.state == .starting && $0.health == .unhealthy("starting") })

        let result = try await runHub(hub) { hub in
            try await hub.waitUntilReady("storage")
            try await hub.waitUntilReady("gateway")
            let running = await hub.readiness()
            #expect(running.ready)
            #expect(running.services.allSatisfy { $0.state == .running && $0.health.healthy })
            #expect(running.services.first?.health == .healthy("3 tables"))

            storageHealth.current = .unhealthy("database is locked")
            let degraded = await hub.readiness()
            #expect(!degraded.ready)
            let storageStatus = try #require(degraded.services.first { $0.name == "storage" })
            #expect(storageStatus.state == .running)
            #expect(storageStatus.health == .unhealthy("database is locked"))
            #expect(degraded.services.first { $0.name == "gateway" }?.health.healthy == true)

            storageHealth.current = .healthy()
            #expect(await hub.readiness().ready)
        }
        try result.get()

        let stopped = await hub.readiness()
        #expect(!stopped.ready)
        #expect(stopped.services.allSatisfy { $0.state == .stopped && $0.health == .unhealthy("stopped") })
    }

    @Test("a service that throws makes run throw E_HUB_SERVICE_FAILED, and the others are shut down")
    func failingServiceStopsTheOthers() async throws {
        let log = EventLog()
        let failGate = Gate()
        var flaky = FakeService("flaky", log: log)
        flaky.failure = FakeFailure()
        flaky.failGate = failGate
        let hub = try Hub(
            services: [
                FakeService("steady", log: log), flaky,
                FakeService("downstream", dependencies: ["flaky"], log: log),
            ], logger: quietLogger)

        let result = try await runHub(hub) { hub in
            for name in hub.startOrder { try await hub.waitUntilReady(name) }
            failGate.open()
            // Both survivors stop because of the failure, not because the test asked.
            await log.waitFor("stop:steady")
            await log.waitFor("stop:downstream")
        }

        let error = try #require(result.failure as? TradehubError, "run must throw a TradehubError, got \(result)")
        #expect(error.code == .hubServiceFailed)
        #expect(error["service"] == "flaky")
        #expect(error["reason"] == "disk on fire")
        #expect(error.message == "service 'flaky' stopped with an error: disk on fire")
        #expect(log.events(withPrefix: "shutdown:") == ["downstream", "steady"])
        #expect(log.events(withPrefix: "cancelled:").isEmpty)
        let states = Dictionary(uniqueKeysWithValues: await hub.statuses().map { ($0.name, $0.state) })
        #expect(states == ["steady": .stopped, "flaky": .failed, "downstream": .stopped])
    }

    @Test("a TradehubError thrown before ready comes out unchanged; dependents never start")
    func failureBeforeReady() async throws {
        let log = EventLog()
        var broken = FakeService("storage", log: log)
        broken.failure = TradehubError(.storageOpen, ["path": "/data/tradehub.sqlite", "reason": "not a database"])
        let hub = try Hub(
            services: [
                broken, FakeService("gateway", dependencies: ["storage"], log: log), FakeService("clock", log: log),
            ], logger: quietLogger)

        let result = try await runHub(hub) { hub in
            try await hub.waitUntilReady("clock")
            await log.waitFor("stop:clock")
        }

        let error = try #require(result.failure as? TradehubError, "run must throw a TradehubError, got \(result)")
        #expect(error.code == .storageOpen)
        #expect(error["reason"] == "not a database")
        #expect(!log.contains("enter:gateway"))
        #expect(log.contains("shutdown:clock"))
        #expect(log.events(withPrefix: "cancelled:").isEmpty)
        let states = Dictionary(uniqueKeysWithValues: await hub.statuses().map { ($0.name, $0.state) })
        #expect(states == ["storage": .failed, "gateway": .stopped, "clock": .stopped])
    }

    @Test("when a service fails before ready, its waiting dependents do not cut short another service's drain")
    func failureWhileOthersDrain() async throws {
        let log = EventLog()
        let failNow = Gate()
        let drainGate = Gate()
        var broken = FakeService("storage", log: log)
        broken.readyGate = failNow
        broken.failure = TradehubError(.storageOpen, ["path": "/data/tradehub.sqlite", "reason": "not a database"])
        var clock = FakeService("clock", log: log)
        clock.drain = {
            log.record("draining:clock")
            await drainGate.wait()
            log.record(Task.isCancelled ? "drain-cut:clock" : "drained:clock")
        }
        let hub = try Hub(
            services: [broken, FakeService("gateway", dependencies: ["storage"], log: log), clock],
            shutdownTimeout: .seconds(20), logger: quietLogger)

        let result = try await runHub(hub) { hub in
            try await hub.waitUntilReady("clock")
            failNow.open()
            await log.waitFor("draining:clock")
            for _ in 0..<200 { await Task.yield() }
            drainGate.open()
            await log.waitFor("stop:clock")
        }

        let error = try #require(result.failure as? TradehubError, "run must throw a TradehubError, got \(result)")
        #expect(error.code == .storageOpen)
        // Before the fix the dependent returned at once, the group took that for an unexpected exit
        // in the middle of its ordered shutdown and cancelled the clock's drain.
        #expect(log.contains("drained:clock"), "\(log.events)")
        #expect(!log.contains("drain-cut:clock"))
        #expect(!log.contains("enter:gateway"))
        let states = Dictionary(uniqueKeysWithValues: await hub.statuses().map { ($0.name, $0.state) })
        #expect(states == ["storage": .failed, "gateway": .stopped, "clock": .stopped])
    }

    @Test("statuses report the address a service announced when it became ready")
    func announcedAddress() async throws {
        let log = EventLog()
        var bridge = FakeService("bridge", log: log)
        bridge.address = .network(host: "127.0.0.1", port: 8001)
        let hub = try Hub(
            services: [FakeService("storage", log: log), bridge], logger: quietLogger)
        #expect(hub.address(of: "bridge") == .inProcess)
        #expect(hub.address(of: "nope") == nil)

        let result = try await runHub(hub) { hub in
            try await hub.waitUntilReady("bridge")
            try await hub.waitUntilReady("storage")
            let statuses = await hub.statuses()
            #expect(statuses.map(\.name) == ["storage", "bridge"])
            #expect(statuses[1].address == .network(host: "127.0.0.1", port: 8001))
            #expect(statuses[1].address.description == "127.0.0.1:8001")
            #expect(statuses[0].address == .inProcess)
            #expect(statuses[1].version == "1.0.0")
            #expect(statuses[1].summary == "fake bridge")
            #expect(hub.address(of: "bridge") == .network(host: "127.0.0.1", port: 8001))
        }
        try result.get()
        // The address stays known after the service stopped.
        #expect(hub.address(of: "bridge") == .network(host: "127.0.0.1", port: 8001))
    }
}

/// A store that accepts writes until it is closed.
final class FakeStore: Sendable {
    private let state = Mutex<(open: Bool, writes: [String])>((true, []))

    func write(_ item: String) -> Bool {
        state.withLock { state in
            guard state.open else { return false }
            state.writes.append(item)
            return true
        }
    }

    func close() { state.withLock { $0.open = false } }

    var writes: [String] { state.withLock { $0.writes } }
}
