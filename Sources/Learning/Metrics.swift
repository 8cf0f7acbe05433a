import ErrorDNA
import Foundation

/// Out-of-sample scores of binary predictions against 0/1 labels, defined as scikit-learn defines them.
public enum Metrics {
    /// The area under the ROC curve: the probability that a random positive scores above a random
    /// negative, tied scores counting one half (average ranks, as `roc_auc_score`).
    public static func auc(labels: [Float], scores: [Float]) throws -> Double {
        try checkBinary(labels: labels, predictions: scores, metric: "AUC")
        let positives = labels.reduce(0) { $0 + ($1 == 1 ? 1 : 0) }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else {
            throw TradehubError(.metricUndefined, ["metric": "AUC", "reason": "the labels hold only one class"])
        }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + end + 2) / 2
            for position in start...end where labels[order[position]] == 1 { positiveRankSum += averageRank }
            start = end + 1
        }
        let p = Double(positives), n = Double(negatives)
        return (positiveRankSum - p * (p + 1) / 2) / (p * n)
    }

    /// The mean negative log-likelihood of the labels, probabilities clipped to [eps, 1 − eps].
    public static func logLoss(labels: [Float], probabilities: [Float], eps: Double = 1e-15) throws -> Double {
        try checkBinary(labels: labels, predictions: probabilities, metric: "log loss")
        var total = 0.0
        for (label, probability) in zip(labels, probabilities) {
            let p = min(max(Double(probability), eps), 1 - eps)
            total -= label == 1 ? log(p) : log(1 - p)
        }
        return total / Double(labels.count)
    }

    /// The fraction of rows whose class (1 when the probability exceeds `threshold`, as XGBoost's
    /// `error` metric decides) equals the label.
    public static func accuracy(labels: [Float], probabilities: [Float], threshold: Float = 0.5) throws -> Double {
        try checkBinary(labels: labels, predictions: probabilities, metric: "accuracy")
        let correct = zip(labels, probabilities).reduce(0) { $0 + (($1.1 > threshold ? 1 : 0) == Int($1.0) ? 1 : 0) }
        return Double(correct) / Double(labels.count)
    }

    private static func checkBinary(labels: [Float], predictions: [Float], metric: String) throws {
        guard !labels.isEmpty, labels.count == predictions.count else {
            throw TradehubError(.metricUndefined, [
                "metric": metric, "reason": "\(predictions.count) predictions for \(labels.count) labels",
            ])
        }
        if let bad = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw TradehubError(.metricUndefined, ["metric": metric, "reason": "label \(bad) is \(labels[bad]), not 0 or 1"])
        }
        if let bad = predictions.firstIndex(where: \.isNaN) {
            throw TradehubError(.metricUndefined, ["metric": metric, "reason": "prediction \(bad) is NaN"])
        }
    }
}
