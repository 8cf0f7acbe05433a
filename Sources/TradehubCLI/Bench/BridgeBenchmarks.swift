import Bridge
import ErrorDNA
import Foundation
import Logging
import Storage
import TradehubModel

/// `bridge.ingest` (one connection), `bridge.ingest_50` (50 connections together) and
/// `bridge.order_rtt`: a real bridge on loopback over a durable SQLite database in a temporary
/// data directory, driven by the EA simulator.
enum BridgeBenchmarks {
    /// A bridge on a free port over a fresh data directory, with one tenant.
    struct Rig {
        let directory: String
        let database: SQLiteDatabase
        let server: BridgeServer
        let port: Int
        let key: String
        let tenant: TenantID

        static func start() async throws -> Rig {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("tradehub-bench-\(UUID().uuidString)").path
            let database = try SQLiteDatabase(directory: try DataDirectory(path: path))
            let tenants = SQLiteTenantStore(database: database)
            let (tenant, key) = try tenants.create(name: "bench", nowMs: 0)
            let server = BridgeServer(
                host: "127.0.0.1", port: 0, tenants: tenants, store: SQLiteBridgeStore(database: database),
                settings: BridgeSettings(), clock: SystemWallClock(), logger: Logger(label: "bench.bridge"))
            let port = try await server.start()
            return Rig(directory: path, database: database, server: server, port: port, key: key, tenant: tenant.id)
        }

        func stop() async {
            await server.stop()
            try? database.close()
            try? FileManager.default.removeItem(atPath: directory)
        }

        func simulator(count: Int, connections: Int) -> SimulatorOptions {
            var options = SimulatorOptions()
            options.port = port
            options.key = key
            options.count = count
            options.connections = connections
            options.timeoutSeconds = 600
            return options
        }
    }

    static let ingest = Benchmark(
        name: "bridge.ingest", summary: "Ticks stored durably and acknowledged per second, one connection (loopback)"
    ) { iterations in
        try await run(name: "bridge.ingest", count: iterations ?? 300_000, connections: 1)
    }

    static let ingest50 = Benchmark(
        name: "bridge.ingest_50", summary: "Ticks stored durably and acknowledged per second, 50 connections together"
    ) { iterations in
        try await run(name: "bridge.ingest_50", count: (iterations ?? 300_000) / 50, connections: 50)
    }

    private static func run(name: String, count: Int, connections: Int) async throws -> [BenchResult] {
        let rig = try await Rig.start()
        let report: SimulatorReport
        do {
            report = try await BridgeSimulator.run(rig.simulator(count: count, connections: connections))
        } catch {
            await rig.stop()
            throw error
        }
        await rig.stop()
        guard report.completed, report.acked == count * connections else {
            throw TradehubError(.benchFailed, ["name": name, "reason": report.errors.last ?? "not every tick was acknowledged"])
        }
        return [BenchResult(
            name: name, value: report.rate, unit: "ticks/s", iterations: report.acked, p50: report.ackLatencyMsP50,
            p99: report.ackLatencyMsP99)]
    }

    static let orderRTT = Benchmark(
        name: "bridge.order_rtt", summary: "Order created → ORDER on the wire → simulated RESULT stored, p99 in ms"
    ) { iterations in
        let count = iterations ?? 2000
        let rig = try await Rig.start()
        var options = rig.simulator(count: 1, connections: 1)
        options.stayConnected = true
        options.timeoutSeconds = 3600
        let terminal = Task { try await BridgeSimulator.run(options) }
        defer { terminal.cancel() }
        let desk = rig.server.orders
        while !desk.isConnected(tenant: rig.tenant, login: options.login) { try await Task.sleep(for: .milliseconds(5)) }
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for index in 0..<count {
            let request = OrderRequest(
                orderID: "bench-\(index)", login: options.login, symbol: "EURUSD", side: index % 2 == 0 ? .buy : .sell,
                volume: 0.1)
            let start = ContinuousClock.now
            let record = try await desk.send(request, tenant: rig.tenant)
            samples.append((ContinuousClock.now - start).seconds * 1000)
            guard record.state == .filled else {
                await rig.stop()
                throw TradehubError(.benchFailed, ["name": "bridge.order_rtt", "reason": "order \(index) ended \(record.state)"])
            }
        }
        await rig.stop()
        let p99 = BenchRegistry.quantile(samples, 0.99)
        return [BenchResult(
            name: "bridge.order_rtt", value: p99, unit: "ms (p99)", iterations: count,
            p50: BenchRegistry.quantile(samples, 0.5), p99: p99)]
    }
}
