import Backtest
import ErrorDNA
import Foundation
import MarketData
import Strategy

/// `backtest.sma_cross_goog` and `backtest.sma_cross_1m`.
enum BacktestBenchmarks {
    /// The example: GOOG, `sma-cross(10,20)`, cash 10,000, commission 0.002.
    static func options(exclusive: Bool = false) -> BacktestOptions {
        var options = BacktestOptions()
        options.commission = 0.002
        options.exclusiveOrders = exclusive
        return options
    }

    static func runOnce(_ bars: BarSeries, _ options: BacktestOptions) throws -> (seconds: Double, trades: Int) {
        var strategy = try StrategyCatalogue.named("sma-cross").make(["fast": 10, "slow": 20])
        let start = ContinuousClock.now
        let result = try Backtester.run(&strategy, on: bars, options: options)
        return ((ContinuousClock.now - start).seconds, result.trades.count)
    }

    static let smaCrossGOOG = Benchmark(
        name: "backtest.sma_cross_goog",
        summary: "ms per GOOG sma-cross(10,20) backtest, trades and statistics, without and with exclusive orders (baseline: backtesting.py's run() here)"
    ) { iterations in
        let path = "Tests/Fixtures/data/GOOG.csv"
        guard FileManager.default.fileExists(atPath: path) else {
            throw TradehubError(.benchFailed, ["name": "backtest.sma_cross_goog", "reason": "run it from the repository root (\(path) not found)"])
        }
        let bars = try BarSeries(OHLCVTable.read(path: path), path: path)
        let count = iterations ?? 2000
        let baselines = backtestingPyMs()
        return try [("", options()), (".exclusive", options(exclusive: true))].enumerated().map { index, run in
            let (suffix, options) = run
            for _ in 0..<20 { _ = try runOnce(bars, options) }
            var samples: [Double] = []
            for _ in 0..<count { samples.append(try runOnce(bars, options).seconds * 1000) }
            let p50 = BenchRegistry.quantile(samples, 0.5)
            let baseline = baselines.count == 2 ? baselines[index] : nil
            return BenchResult(
                name: "backtest.sma_cross_goog" + suffix, value: p50, unit: "ms", iterations: count, p50: p50,
                p99: BenchRegistry.quantile(samples, 0.99), baseline: baseline, ratio: baseline.map { $0 / p50 })
        }
    }

    static let smaCross1M = Benchmark(
        name: "backtest.sma_cross_1m",
        summary: "Bars/s of a sma-cross(10,20) backtest over 1,000,000 random-walk bars, statistics included"
    ) { iterations in
        let count = iterations ?? 1_000_000
        let candles = IndicatorBenchmarks.randomWalk(count: count, seed: 7)
        let bars = BarSeries(
            times: (0..<count).map { 1_600_000_000_000 + Int64($0) * 60_000 }, open: candles.map(\.open),
            high: candles.map(\.high), low: candles.map(\.low), close: candles.map(\.close), volume: candles.map(\.volume))
        _ = try runOnce(bars, options(exclusive: true))
        var samples: [Double] = []
        // Five runs: on a shared VM one run in three can be a third slower than the others.
        for _ in 0..<5 { samples.append(try runOnce(bars, options(exclusive: true)).seconds) }
        let seconds = BenchRegistry.quantile(samples, 0.5)
        return [BenchResult(name: "backtest.sma_cross_1m", value: Double(count) / seconds, unit: "bars/s", iterations: 5,
                            p50: seconds * 1000)]
    }

    /// Median ms of backtesting.py's `run()` on the same two cases, when `.venv/bin/python` has it
    /// (empty otherwise).
    static func backtestingPyMs() -> [Double] {
        let python = ".venv/bin/python"
        let script = "scripts/oracles/backtesting_bench.py"
        guard FileManager.default.isExecutableFile(atPath: python), FileManager.default.fileExists(atPath: script) else { return [] }
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "20"]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [] }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return [] }
        return String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap { Double($0) }
    }
}
