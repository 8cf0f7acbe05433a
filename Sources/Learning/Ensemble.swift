import ErrorDNA

/// How an ensemble turns its members' probabilities into one.
public enum EnsembleMethod: String, Sendable, Codable, CaseIterable {
    /// The members' mean probability.
    case mean
    /// The majority class of the members (a member votes 1 when its probability exceeds 0.5, as
    /// `Metrics.accuracy` decides): 1 or 0, and 0.5 on a tie. A class, not a probability, so its
    /// log loss is that of hard predictions and its AUC has only three levels.
    case vote
    /// A logistic regression on the members' probabilities (`LogisticRegression`).
    case stack
}

/// An ensemble's out-of-sample predictions and scores on the folds of its members.
public struct EnsembleResult: Sendable, Equatable {
    public let method: EnsembleMethod
    /// The ensemble's probability of each row tested by a fold, nil elsewhere (and, for `stack`,
    /// on the rows of folds no earlier fold precedes).
    public let predictions: [Float?]
    /// The scores of the folds that have predictions, in the order the folds were given.
    public let folds: [FoldScore]
    /// For `stack`, the stacker each fold's predictions come from, fitted only on earlier folds'
    /// out-of-sample rows (nil when there were none); empty for `mean` and `vote`.
    public let foldStackers: [LogisticRegression?]
    /// For `stack`, the stacker fitted on every fold's out-of-sample rows: the one to serve with.
    /// It predicted none of the rows scored here.
    public let stacker: LogisticRegression?

    public var meanAUC: Double { mean(\.auc) }
    public var meanLogLoss: Double { mean(\.logLoss) }
    public var meanAccuracy: Double { mean(\.accuracy) }

    /// The serving form of this ensemble, its members named by `memberIDs` in the order combined.
    public func model(memberIDs: [String]) throws -> EnsembleModel {
        try EnsembleModel(method: method, memberIDs: memberIDs, stacker: stacker)
    }

    private func mean(_ score: KeyPath<FoldScore, Double>) -> Double {
        folds.map { $0[keyPath: score] }.reduce(0, +) / Double(folds.count)
    }
}

/// Combines models' out-of-sample predictions, the only ones an honest ensemble may be judged or
/// fitted on.
public enum Ensemble {
    /// Combines `members` (each one prediction per row, nil where the model has none) row by row on
    /// every fold's test rows, where each member must have a prediction, and scores each fold.
    ///
    /// `stack` is fitted walk-forward as the members were: fold `k`'s rows are predicted by a
    /// stacker fitted on the test rows of the folds that end before fold `k` begins, restricted to
    /// fold `k`'s training rows (so its purge and embargo apply to the stacker too). At least one
    /// fold must have such rows.
    public static func combine(
        method: EnsembleMethod, members: [[Float?]], labels: [Float], folds: [ValidationFold], l2: Double = 1e-4
    ) throws -> EnsembleResult {
        try validate(members: members, labels: labels, folds: folds)
        let probabilities = { (row: Int) in members.map { $0[row]! } }
        var predictions = [Float?](repeating: nil, count: labels.count)
        var scores: [FoldScore] = []
        var foldStackers: [LogisticRegression?] = []
        for fold in folds {
            let combined: [Float]
            switch method {
            case .mean, .vote:
                combined = fold.test.map { EnsembleModel.combine(method, probabilities($0), stacker: nil) }
            case .stack:
                let trainable = Set(fold.trainIndices)
                let rows = folds.filter { $0.test.upperBound <= fold.test.lowerBound }
                    .flatMap { Array($0.test) }.filter(trainable.contains)
                guard !rows.isEmpty else {
                    foldStackers.append(nil)
                    continue
                }
                let stacker = try LogisticRegression.fit(rows: rows.map(probabilities), labels: rows.map { labels[$0] }, l2: l2)
                foldStackers.append(stacker)
                combined = fold.test.map { stacker.probability(probabilities($0)) }
            }
            let testLabels = fold.test.map { labels[$0] }
            for (row, probability) in zip(fold.test, combined) { predictions[row] = probability }
            scores.append(FoldScore(
                fold: fold,
                auc: try Metrics.auc(labels: testLabels, scores: combined),
                logLoss: try Metrics.logLoss(labels: testLabels, probabilities: combined),
                accuracy: try Metrics.accuracy(labels: testLabels, probabilities: combined)))
        }
        if method == .stack, scores.isEmpty {
            throw TradehubError(.cvArgument, ["problem": "stacking needs a fold that another fold's test rows precede"])
        }
        var stacker: LogisticRegression?
        if method == .stack {
            let rows = Set(folds.flatMap { Array($0.test) }).sorted()
            stacker = try LogisticRegression.fit(rows: rows.map(probabilities), labels: rows.map { labels[$0] }, l2: l2)
        }
        return EnsembleResult(method: method, predictions: predictions, folds: scores, foldStackers: foldStackers, stacker: stacker)
    }

    private static func validate(members: [[Float?]], labels: [Float], folds: [ValidationFold]) throws {
        guard !members.isEmpty else { throw TradehubError(.learningData, ["problem": "an ensemble needs at least one member"]) }
        if let bad = members.firstIndex(where: { $0.count != labels.count }) {
            throw TradehubError(.learningData, ["problem": "member \(bad) has \(members[bad].count) predictions for \(labels.count) labels"])
        }
        guard !folds.isEmpty else { throw TradehubError(.cvArgument, ["problem": "an ensemble needs at least one fold"]) }
        for fold in folds {
            guard fold.test.lowerBound >= 0, fold.test.upperBound <= labels.count else {
                throw TradehubError(.cvArgument, ["problem": "fold \(fold.index) tests rows outside the \(labels.count) labelled"])
            }
            for (member, predictions) in members.enumerated() {
                if let row = fold.test.first(where: { predictions[$0].map { !$0.isFinite } ?? true }) {
                    throw TradehubError(.learningData, [
                        "problem": "member \(member) has no out-of-sample probability for row \(row), which fold \(fold.index) tests",
                    ])
                }
            }
        }
    }
}

/// The serving form of an ensemble: its method, its members' ids (the order their probabilities
/// are given in) and, for `stack`, the stacker's weights and bias.
public struct EnsembleModel: Sendable, Equatable, Codable {
    public let method: EnsembleMethod
    public let memberIDs: [String]
    public let stacker: LogisticRegression?

    /// Checks that there is at least one member and that `stack` has a stacker with one weight per
    /// member (and the others none).
    public init(method: EnsembleMethod, memberIDs: [String], stacker: LogisticRegression?) throws {
        guard !memberIDs.isEmpty else { throw TradehubError(.learningData, ["problem": "an ensemble needs at least one member"]) }
        switch (method, stacker) {
        case (.stack, let stacker?) where stacker.weights.count == memberIDs.count: break
        case (.mean, nil), (.vote, nil): break
        default:
            throw TradehubError(.learningParameter, [
                "parameter": "stacker", "value": stacker.map { "\($0.weights.count) weights" } ?? "none",
                "problem": "\(method.rawValue) of \(memberIDs.count) members needs \(method == .stack ? "one weight per member" : "no stacker")",
            ])
        }
        self.method = method
        self.memberIDs = memberIDs
        self.stacker = stacker
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            method: container.decode(EnsembleMethod.self, forKey: .method), memberIDs: container.decode([String].self, forKey: .memberIDs),
            stacker: container.decodeIfPresent(LogisticRegression.self, forKey: .stacker))
    }

    /// The ensemble's probability from its members' probabilities, one per member in `memberIDs` order.
    public func predict(memberProbabilities: [Float]) -> Float {
        precondition(memberProbabilities.count == memberIDs.count, "\(memberProbabilities.count) probabilities for \(memberIDs.count) members")
        return Self.combine(method, memberProbabilities, stacker: stacker)
    }

    static func combine(_ method: EnsembleMethod, _ probabilities: [Float], stacker: LogisticRegression?) -> Float {
        switch method {
        case .mean:
            return Float(probabilities.reduce(0.0) { $0 + Double($1) } / Double(probabilities.count))
        case .vote:
            let ones = probabilities.reduce(0) { $0 + ($1 > 0.5 ? 2 : 0) }
            return ones > probabilities.count ? 1 : ones == probabilities.count ? 0.5 : 0
        case .stack:
            return stacker!.probability(probabilities)
        }
    }
}
