import ErrorDNA
import Foundation

/// `startup`: from launching `tradehub serve` until `GET /ready` answers 200.
enum StartupBenchmark {
    static let benchmark = Benchmark(
        name: "startup", summary: "Seconds from process start until /ready answers 200 (fresh data directory)"
    ) { iterations in
        let count = iterations ?? 5
        var samples: [Double] = []
        for _ in 0..<count { samples.append(try await measureOnce()) }
        return [BenchResult(
            name: "startup", value: BenchRegistry.quantile(samples, 0.5), unit: "s", iterations: count,
            p50: BenchRegistry.quantile(samples, 0.5), p99: BenchRegistry.quantile(samples, 0.99))]
    }

    static func executablePath() -> String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    static func measureOnce() async throws -> Double {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tradehub-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let port = LoopbackHTTP.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath())
        process.arguments = ["serve", "--data-dir", directory, "--port", String(port), "--log-level", "error"]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TRADEHUB_") }
        process.standardOutput = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        defer {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        let deadline = start + .seconds(20)
        while ContinuousClock.now < deadline {
            if let reply = try? LoopbackHTTP.get(host: "127.0.0.1", port: port, path: "/ready", timeoutMs: 500),
               reply.status == 200 {
                return (ContinuousClock.now - start).seconds
            }
            guard process.isRunning else {
                throw TradehubError(.benchFailed, ["name": "startup", "reason": "serve exited with status \(process.terminationStatus)"])
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        throw TradehubError(.benchFailed, ["name": "startup", "reason": "/ready did not answer 200 within 20 s"])
    }
}
