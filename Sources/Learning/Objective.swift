#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The learning task, named as XGBoost names its objective; it fixes the link from the trees'
/// summed margin to a prediction.
public enum Objective: String, Sendable, Codable, CaseIterable {
    /// Binary classification; predictions are probabilities of label 1.
    case binaryLogistic = "binary:logistic"
    /// Regression on squared error; predictions are the margin itself.
    case squaredError = "reg:squarederror"

    /// The evaluation metric early stopping watches by default.
    public var defaultMetric: String {
        switch self {
        case .binaryLogistic: "logloss"
        case .squaredError: "rmse"
        }
    }

    /// The margin of a base score given in prediction space, in float32 as XGBoost computes it.
    func margin(ofBaseScore score: Float) -> Float {
        switch self {
        case .binaryLogistic: -logf(1 / score - 1)
        case .squaredError: score
        }
    }

    /// The prediction of a summed margin, in float32 as XGBoost computes it.
    @inline(__always)
    func transform(_ margin: Float) -> Float {
        switch self {
        case .binaryLogistic: 1 / (1 + expf(-margin))
        case .squaredError: margin
        }
    }
}
