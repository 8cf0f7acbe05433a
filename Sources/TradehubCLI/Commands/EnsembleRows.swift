import ErrorDNA
import Features
import Learning
import Storage
import TradehubModel

/// An ensemble's members over one file (`ensemble`, `retrain`): each member's training set, the
/// bars every member has a row for (the shared rows, in time order) and each member's row of each.
struct EnsembleRows {
    let members: [ModelVersion]
    /// The members' common label.
    let label: LabelSpec
    let sets: [TrainingSet]
    /// For each member, its row of each shared bar.
    let memberRows: [[Int]]
    /// Each shared row's label, its bar's open time, and the last shared row its label reads.
    let labels: [Float]
    let times: [Int64]
    let labelWindowEnd: [Int]

    var count: Int { labels.count }

    /// The members' rows of `bars`; throws `E_LEARNING_DATA` when their labels differ.
    init(members: [ModelVersion], bars: [Bar]) throws {
        let label = members[0].spec.label
        if let other = members.first(where: { $0.spec.label != label }) {
            throw TradehubError(.learningData, ["problem": "\(other.id) is labelled \(other.spec.label), \(members[0].id) \(label): members must share a label"])
        }
        let labelSpec = try LabelSpec(parsing: label)
        let sets = try members.map { member in
            try TrainingSet(
                bars: bars, featureSet: FeatureSet(parsing: member.spec.featureSet), timeframe: Timeframe(name: member.spec.timeframe),
                label: labelSpec)
        }
        let shared = sets.dropFirst().reduce(Set(sets[0].bars)) { $0.intersection($1.bars) }.sorted()
        let memberRows = sets.map { set in
            let rowOfBar = Dictionary(uniqueKeysWithValues: set.bars.enumerated().map { ($1, $0) })
            return shared.map { rowOfBar[$0]! }
        }
        let reference = sets[0]
        self.members = members
        self.label = labelSpec
        self.sets = sets
        self.memberRows = memberRows
        labels = memberRows[0].map { reference.dataset.labels[$0] }
        times = shared.map { bars[$0].openTimeMs }
        labelWindowEnd = TrainingSet.positions(of: memberRows[0].map { reference.labelWindowEnd[$0] }, in: memberRows[0])
    }

    /// Member `member`'s features and labels of the shared rows `rows`.
    func dataset(member: Int, rows: some Collection<Int>) -> Dataset {
        sets[member].dataset.rows(rows.map { memberRows[member][$0] })
    }

    /// The members' out-of-sample predictions on the shared rows `rows` (ascending), split by `cv`
    /// (a `--cv` value) and each member retrained fold by fold with its recipe, and `method`'s
    /// combination of them. Positions in the result are positions in `rows`.
    func outOfSample(rows: [Int], cv: String, method: EnsembleMethod) throws -> EnsembleOutOfSample {
        let windowEnd = TrainingSet.positions(of: rows.map { labelWindowEnd[$0] }, in: rows)
        let folds = try LearningArguments.folds(cv: cv, labelWindowEnd: windowEnd, horizon: label.horizon)
        let labels = rows.map { self.labels[$0] }
        let predictions = try members.indices.map { member in
            let options = LearningArguments.trainingOptions(recordedIn: members[member].spec)
            return try OutOfSampleEvaluation.run(dataset(member: member, rows: rows), folds: folds, options: options).predictions
        }
        let result = try Ensemble.combine(method: method, members: predictions, labels: labels, folds: folds)
        return EnsembleOutOfSample(labels: labels, folds: folds, predictions: predictions, result: result)
    }
}

/// `EnsembleRows.outOfSample`: the folds, each member's out-of-sample predictions on them and
/// the ensemble's.
struct EnsembleOutOfSample {
    let labels: [Float]
    let folds: [ValidationFold]
    let predictions: [[Float?]]
    let result: EnsembleResult
}
