import ErrorDNA
import Foundation

/// A binary logistic regression, `P(1 | x) = σ(bias + weights · x)`, fitted by Newton's method
/// (iteratively reweighted least squares) on the mean log loss plus `l2 / 2 · |weights|²` (the bias
/// is not penalised). Deterministic: the same rows give the same bits.
public struct LogisticRegression: Sendable, Equatable, Codable {
    public let weights: [Double]
    public let bias: Double

    public init(weights: [Double], bias: Double) {
        self.weights = weights
        self.bias = bias
    }

    /// Fits on `rows` (all of one width, at least one) and their 0/1 `labels`. The L2 term keeps the
    /// fit finite on separable or one-class rows.
    public static func fit(rows: [[Float]], labels: [Float], l2: Double = 1e-4, iterations: Int = 100) throws -> LogisticRegression {
        guard let width = rows.first?.count, rows.count == labels.count else {
            throw TradehubError(.learningData, ["problem": "logistic regression needs rows and one label per row (\(rows.count) rows, \(labels.count) labels)"])
        }
        if let ragged = rows.firstIndex(where: { $0.count != width }) {
            throw TradehubError(.learningData, ["problem": "row \(ragged) has \(rows[ragged].count) values; row 0 has \(width)"])
        }
        if let bad = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw TradehubError(.learningData, ["problem": "label of row \(bad) is \(labels[bad]), not 0 or 1"])
        }
        if let bad = rows.firstIndex(where: { $0.contains { !$0.isFinite } }) {
            throw TradehubError(.learningData, ["problem": "row \(bad) holds a value that is not finite"])
        }
        guard l2 >= 0, l2.isFinite else {
            throw TradehubError(.learningParameter, ["parameter": "l2", "value": "\(l2)", "problem": "must be finite and not negative"])
        }
        let n = Double(rows.count)
        let dimension = width + 1
        let design = rows.map { [1.0] + $0.map(Double.init) }
        let penalty = (0..<dimension).map { $0 == 0 ? 0 : l2 }
        func objective(_ beta: [Double]) -> Double {
            var total = 0.0
            for (x, y) in zip(design, labels) {
                let z = dot(beta, x)
                total += softplus(z) - Double(y) * z
            }
            return total / n + zip(penalty, beta).reduce(0) { $0 + 0.5 * $1.0 * $1.1 * $1.1 }
        }
        var beta = [Double](repeating: 0, count: dimension)
        var current = objective(beta)
        for _ in 0..<max(iterations, 1) {
            var gradient = zip(penalty, beta).map { $0 * $1 }
            var hessian = (0..<dimension).map { i in (0..<dimension).map { j in i == j ? penalty[i] + 1e-12 : 0 } }
            for (x, y) in zip(design, labels) {
                let p = sigmoid(dot(beta, x))
                let curvature = p * (1 - p) / n
                for i in 0..<dimension {
                    gradient[i] += (p - Double(y)) * x[i] / n
                    for j in 0...i { hessian[i][j] += curvature * x[i] * x[j] }
                }
            }
            for i in 0..<dimension { for j in 0..<i { hessian[j][i] = hessian[i][j] } }
            let step = solve(hessian, gradient)
            var scale = 1.0
            var candidate = zip(beta, step).map { $0 - $1 }
            var value = objective(candidate)
            while value > current, scale > 1e-8 {
                scale /= 2
                candidate = zip(beta, step).map { $0 - scale * $1 }
                value = objective(candidate)
            }
            guard value <= current else { break }
            let moved = zip(beta, candidate).map { abs($0 - $1) }.max() ?? 0
            beta = candidate
            current = value
            if moved < 1e-10 { break }
        }
        return LogisticRegression(weights: Array(beta.dropFirst()), bias: beta[0])
    }

    /// The probability of label 1 for `x` (as wide as `weights`).
    public func probability(_ x: [Float]) -> Float {
        precondition(x.count == weights.count, "\(x.count) inputs for \(weights.count) weights")
        return Float(sigmoid(bias + zip(weights, x).reduce(0) { $0 + $1.0 * Double($1.1) }))
    }
}

private func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

private func sigmoid(_ z: Double) -> Double { z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)) }

/// `log(1 + e^z)` without overflow.
private func softplus(_ z: Double) -> Double { z > 0 ? z + log1p(exp(-z)) : log1p(exp(z)) }

/// `a⁻¹ b` for a symmetric positive definite `a`, by Cholesky factorisation.
private func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
    let n = b.count
    var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
        for j in 0...i {
            var sum = a[i][j]
            for k in 0..<j { sum -= l[i][k] * l[j][k] }
            l[i][j] = i == j ? sqrt(max(sum, 1e-300)) : sum / l[j][j]
        }
    }
    var y = [Double](repeating: 0, count: n)
    for i in 0..<n {
        var sum = b[i]
        for k in 0..<i { sum -= l[i][k] * y[k] }
        y[i] = sum / l[i][i]
    }
    var x = [Double](repeating: 0, count: n)
    for i in (0..<n).reversed() {
        var sum = y[i]
        for k in (i + 1)..<n { sum -= l[k][i] * x[k] }
        x[i] = sum / l[i][i]
    }
    return x
}
