import ErrorDNA
import Foundation
import Learning
import TradehubModel

/// `learning.predict`: the native tree evaluator against XGBoost's C prediction on the same model and rows.
enum LearningBenchmarks {
    static let featureCount = 40

    /// A 300-tree depth-6 classifier on 40 features (5% missing), and `rows` fresh rows to predict.
    static func model(rows: Int) throws -> (booster: Booster, ensemble: TreeEnsemble, rows: FloatMatrix) {
        var random = SplitMix64(seed: 17)
        func matrix(_ count: Int) throws -> FloatMatrix {
            try FloatMatrix(
                values: (0..<count * featureCount).map { _ in
                    Double.random(in: 0..<1, using: &random) < 0.05 ? Float.nan : Float.random(in: -1..<1, using: &random)
                },
                columnCount: featureCount)
        }
        let train = try matrix(20_000)
        let labels: [Float] = (0..<train.rowCount).map { row in
            let x = train[row]
            let score = (x[x.startIndex].isNaN ? 0 : x[x.startIndex]) + 0.5 * (x[x.startIndex + 1].isNaN ? 0 : x[x.startIndex + 1])
            return score + Float.random(in: -0.5..<0.5, using: &random) > 0 ? 1 : 0
        }
        let options = TrainingOptions(
            objective: .binaryLogistic, rounds: 300, seed: 1, threads: 1,
            parameters: ["max_depth": "6", "eta": "0.05", "colsample_bytree": "0.8", "subsample": "0.8"])
        let booster = try Booster.train(Dataset(features: train, labels: labels), options: options)
        return (booster, try TreeEnsemble(json: booster.modelJSON()), try matrix(rows))
    }

    static let predict = Benchmark(
        name: "learning.predict",
        summary: "Rows/s of the native evaluator on a 300-tree depth-6 model over 40 features, one thread (baseline: XGBoost's C in-place predict, nthread=1); and single-row ns"
    ) { iterations in
        let count = iterations ?? 100_000
        let (booster, ensemble, rows) = try model(rows: count)
        let reference = try booster.predict(rows)
        let native = ensemble.predict(rows)
        let worst = zip(reference, native).map { abs($0 - $1) }.max() ?? 0
        guard worst <= 1e-6 else {
            throw TradehubError(.benchFailed, ["name": "learning.predict", "reason": "native and XGBoost predictions differ by \(worst)"])
        }
        func bestSeconds(_ body: () throws -> Void) rethrows -> Double {
            var best = Double.infinity
            for _ in 0..<3 {
                let start = ContinuousClock.now
                try body()
                best = min(best, (ContinuousClock.now - start).seconds)
            }
            return best
        }
        let nativeSeconds = bestSeconds { _ = ensemble.predict(rows) }
        let xgboostSeconds = try bestSeconds { _ = try booster.predict(rows) }
        let nativeRate = Double(count) / nativeSeconds
        let xgboostRate = Double(count) / xgboostSeconds

        let single = try singleRow(ensemble, booster, rows)
        return [
            BenchResult(
                name: "learning.predict", value: nativeRate, unit: "rows/s", iterations: count,
                baseline: xgboostRate, ratio: nativeRate / xgboostRate),
            BenchResult(
                name: "learning.predict.row", value: single.native.p50, unit: "ns/row", iterations: single.count,
                p50: single.native.p50, p99: single.native.p99, baseline: single.xgboost.p50,
                ratio: single.xgboost.p50 / single.native.p50),
        ]
    }

    /// Nanoseconds to predict one row at a time, natively and through XGBoost's C call (p50, p99).
    static func singleRow(_ ensemble: TreeEnsemble, _ booster: Booster, _ rows: FloatMatrix) throws
        -> (count: Int, native: (p50: Double, p99: Double), xgboost: (p50: Double, p99: Double))
    {
        let count = min(rows.rowCount, 20_000)
        var nativeSamples: [Double] = []
        var checksum: Float = 0
        rows.values.withUnsafeBufferPointer { values in
            for row in 0..<count {
                let features = UnsafeBufferPointer(rebasing: values[row * featureCount..<(row + 1) * featureCount])
                let start = ContinuousClock.now
                checksum += ensemble.predict(features)
                nativeSamples.append(Double((ContinuousClock.now - start).components.attoseconds) / 1e9)
            }
        }
        var xgboostSamples: [Double] = []
        for row in 0..<min(count, 2000) {
            let one = try FloatMatrix(values: Array(rows[row]), columnCount: featureCount)
            let start = ContinuousClock.now
            checksum += try booster.predict(one)[0]
            xgboostSamples.append(Double((ContinuousClock.now - start).components.attoseconds) / 1e9)
        }
        precondition(checksum.isFinite)
        return (
            count,
            (BenchRegistry.quantile(nativeSamples, 0.5), BenchRegistry.quantile(nativeSamples, 0.99)),
            (BenchRegistry.quantile(xgboostSamples, 0.5), BenchRegistry.quantile(xgboostSamples, 0.99))
        )
    }
}
