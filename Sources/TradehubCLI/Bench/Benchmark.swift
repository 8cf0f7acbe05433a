import ErrorDNA
import Foundation

/// One measured figure, as `tradehub bench --json` prints it.
struct BenchResult: Codable, Sendable, Equatable {
    var name: String
    var value: Double
    var unit: String
    var iterations: Int
    var p50: Double?
    var p99: Double?
    var baseline: Double?
    var ratio: Double?
}

/// A named benchmark; later issues register theirs in `BenchRegistry.all`.
struct Benchmark: Sendable {
    let name: String
    let summary: String
    let run: @Sendable (_ iterations: Int?) async throws -> [BenchResult]
}

/// Every benchmark `tradehub bench` knows.
enum BenchRegistry {
    static let all: [Benchmark] = [
        StartupBenchmark.benchmark, FingerprintBenchmark.benchmark, IndicatorBenchmarks.updateAll,
        IndicatorBenchmarks.taCSV, FeatureBenchmarks.update, MarketBenchmarks.validateAggregate, MarketBenchmarks.importFile,
        BacktestBenchmarks.smaCrossGOOG, BacktestBenchmarks.smaCross1M,
        BridgeBenchmarks.ingest, BridgeBenchmarks.ingest50, BridgeBenchmarks.orderRTT, LearningBenchmarks.predict, DecisionBenchmarks.latency,
        DecisionBenchmarks.tickLatency,
    ]

    static func select(_ names: [String]) throws -> [Benchmark] {
        guard !names.isEmpty else { return all }
        return try names.map { name in
            guard let benchmark = all.first(where: { $0.name == name }) else {
                throw TradehubError(.benchUnknown, ["name": name, "known": all.map(\.name).joined(separator: ", ")])
            }
            return benchmark
        }
    }

    /// The value at quantile `q` (0…1) of `samples`, nearest-rank.
    static func quantile(_ samples: [Double], _ q: Double) -> Double {
        let sorted = samples.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

/// `errors.fingerprint`: fingerprints of a realistic error per second.
enum FingerprintBenchmark {
    static let benchmark = Benchmark(
        name: "errors.fingerprint", summary: "Error fingerprints computed per second (code + normalised context)"
    ) { iterations in
        let count = iterations ?? 500_000
        let errors = (0..<64).map { index in
            TradehubError(
                .configUnknownKey,
                ["key": "http.prot\(index % 4)", "source": "/etc/tradehub/site-\(index).toml:\(index * 7 + 3)",
                 "allowed": "storage.data_dir, storage.backend, log.level, log.format, http.host, http.port"])
        }
        var checksum = 0
        let start = ContinuousClock.now
        for index in 0..<count {
            checksum &+= errors[index & 63].fingerprint.value.utf8.count
        }
        let seconds = (ContinuousClock.now - start).seconds
        precondition(checksum == count * 16)
        return [BenchResult(name: "errors.fingerprint", value: Double(count) / seconds, unit: "fingerprints/s", iterations: count)]
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
