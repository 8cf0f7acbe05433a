import Foundation
import Learning
import TradehubModel

/// Seeded data for the learning tests.
enum LearningTestKit {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Standard normal draws (Box–Muller) from a seeded generator.
    static func gaussians(_ count: Int, seed: UInt64) -> [Double] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
            let v = Double.random(in: 0..<1, using: &random)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
    }

    /// `rows × columns` (at least 4) uniform features in [-1, 1) with a fraction of them missing (NaN), a binary
    /// label from a noisy non-linear rule and a real-valued target from the same rule.
    static func synthetic(rows: Int, columns: Int, missing: Double, seed: UInt64) throws -> (features: FloatMatrix, classes: [Float], values: [Float]) {
        var random = SplitMix64(seed: seed)
        var values: [Float] = []
        var targets: [Float] = []
        for _ in 0..<rows {
            let row = (0..<columns).map { _ in Float.random(in: -1..<1, using: &random) }
            let noise = Float.random(in: -0.5..<0.5, using: &random)
            targets.append(row[0] * row[1] + sin(3 * row[2]) + (row[3] > 0.2 ? 0.7 : -0.3) + noise)
            values += row.map { Double.random(in: 0..<1, using: &random) < missing ? Float.nan : $0 }
        }
        let features = try FloatMatrix(values: values, columnCount: columns)
        return (features, targets.map { $0 > 0.2 ? 1 : 0 }, targets)
    }

    /// EURUSD H1 closes from the repository's fixture.
    static func eurusdCloses() throws -> [Double] {
        let text = try String(contentsOf: fixtures.appendingPathComponent("data/EURUSD.csv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            line.split(separator: ",").dropFirst(4).first.flatMap { Double($0) }
        }
    }

    /// Rows of the past `lags` log returns at each bar, the next bar's log return, and the
    /// direction label (1 when the next return is positive); the first `lags` bars and the last
    /// are left out.
    static func laggedReturns(closes: [Double], lags: Int) throws -> (features: FloatMatrix, next: [Float], direction: [Float]) {
        let returns = zip(closes.dropFirst(), closes).map { log($0 / $1) }
        var values: [Float] = []
        var next: [Float] = []
        for bar in lags..<returns.count {
            for lag in 1...lags { values.append(Float(returns[bar - lag])) }
            next.append(Float(returns[bar]))
        }
        return (try FloatMatrix(values: values, columnCount: lags), next, next.map { $0 > 0 ? 1 : 0 })
    }
}
