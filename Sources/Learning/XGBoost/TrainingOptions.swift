import ErrorDNA

/// How `Booster.train` runs XGBoost: the objective, rounds, early stopping, seed, threads and
/// any other XGBoost parameter (`max_depth`, `eta`, `subsample`, …) by its XGBoost name.
public struct TrainingOptions: Sendable, Equatable {
    public var objective: Objective
    /// Boosting rounds; with early stopping, the most that are run.
    public var rounds: Int
    /// Stop when the validation metric has not improved for this many rounds; needs a validation set.
    public var earlyStoppingRounds: Int?
    public var seed: Int
    /// XGBoost's `nthread`; fixed (never "all cores") so runs are reproducible.
    public var threads: Int
    /// The metric early stopping watches; nil means the objective's default (logloss, rmse).
    public var evalMetric: String?
    /// XGBoost parameters other than the ones above, applied in key order.
    public var parameters: [String: String]

    public init(
        objective: Objective, rounds: Int = 100, earlyStoppingRounds: Int? = nil, seed: Int = 0, threads: Int = 1,
        evalMetric: String? = nil, parameters: [String: String] = [:]
    ) {
        self.objective = objective
        self.rounds = rounds
        self.earlyStoppingRounds = earlyStoppingRounds
        self.seed = seed
        self.threads = threads
        self.evalMetric = evalMetric
        self.parameters = parameters
    }

    /// Keys that have their own option, so a stray copy in `parameters` cannot contradict it.
    static let reservedKeys: Set<String> = [
        "objective", "seed", "random_state", "nthread", "n_jobs", "eval_metric", "num_round", "n_estimators",
    ]

    /// Every parameter XGBoost is given, in the order it is given them.
    func xgboostParameters() throws -> [(key: String, value: String)] {
        guard rounds > 0 else {
            throw TradehubError(.learningParameter, ["parameter": "rounds", "value": "\(rounds)", "problem": "must be at least 1"])
        }
        guard threads > 0 else {
            throw TradehubError(.learningParameter, ["parameter": "threads", "value": "\(threads)", "problem": "must be at least 1"])
        }
        if let patience = earlyStoppingRounds, patience < 1 {
            throw TradehubError(.learningParameter, [
                "parameter": "early_stopping_rounds", "value": "\(patience)", "problem": "must be at least 1",
            ])
        }
        if let key = parameters.keys.sorted().first(where: Self.reservedKeys.contains) {
            throw TradehubError(.learningParameter, [
                "parameter": key, "value": parameters[key] ?? "", "problem": "has its own option; do not pass it as an XGBoost parameter",
            ])
        }
        return [
            ("objective", objective.rawValue), ("seed", String(seed)), ("nthread", String(threads)),
            ("eval_metric", evalMetric ?? objective.defaultMetric),
        ] + parameters.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }

    /// Whether a larger value of `metric` is better (AUC, MAP, NDCG, precision) or a smaller one.
    static func isMaximised(_ metric: String) -> Bool {
        ["auc", "aucpr", "map", "ndcg", "pre"].contains { metric.hasPrefix($0) }
    }
}
