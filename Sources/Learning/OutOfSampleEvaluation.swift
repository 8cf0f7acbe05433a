import ErrorDNA

/// The out-of-sample scores of one fold's classifier on its test rows.
public struct FoldScore: Sendable, Equatable, Codable {
    public let fold: ValidationFold
    public let auc: Double
    public let logLoss: Double
    public let accuracy: Double
}

/// Every fold's out-of-sample scores and prediction: nothing here was seen in training.
public struct OutOfSampleReport: Sendable, Equatable {
    public let folds: [FoldScore]
    /// The out-of-sample probability of each row, nil for rows no fold tests.
    public let predictions: [Float?]

    public var meanAUC: Double { mean(\.auc) }
    public var meanLogLoss: Double { mean(\.logLoss) }
    public var meanAccuracy: Double { mean(\.accuracy) }

    private func mean(_ score: KeyPath<FoldScore, Double>) -> Double {
        folds.map { $0[keyPath: score] }.reduce(0, +) / Double(folds.count)
    }
}

/// Trains a classifier per fold and scores it on the fold's test rows.
public enum OutOfSampleEvaluation {
    /// Trains on each fold's training rows, predicts its test rows with the native evaluator (the
    /// code that serves live decisions) and scores them. No early stopping: it would need a
    /// validation set carved from the training rows, which is the caller's choice to make.
    public static func run(_ dataset: Dataset, folds: [ValidationFold], options: TrainingOptions) throws -> OutOfSampleReport {
        guard options.objective == .binaryLogistic else {
            throw TradehubError(.learningParameter, [
                "parameter": "objective", "value": options.objective.rawValue, "problem": "out-of-sample scores need binary:logistic",
            ])
        }
        var options = options
        options.earlyStoppingRounds = nil
        var predictions = [Float?](repeating: nil, count: dataset.rowCount)
        let scores = try folds.map { fold in
            let booster = try Booster.train(dataset.rows(fold.trainIndices), options: options)
            let ensemble = try TreeEnsemble(json: booster.modelJSON())
            let test = dataset.rows(fold.test)
            let probabilities = ensemble.predict(test.features)
            for (row, probability) in zip(fold.test, probabilities) { predictions[row] = probability }
            return FoldScore(
                fold: fold,
                auc: try Metrics.auc(labels: test.labels, scores: probabilities),
                logLoss: try Metrics.logLoss(labels: test.labels, probabilities: probabilities),
                accuracy: try Metrics.accuracy(labels: test.labels, probabilities: probabilities))
        }
        return OutOfSampleReport(folds: scores, predictions: predictions)
    }
}
