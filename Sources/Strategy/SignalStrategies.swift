import Features
import Learning
import TradehubModel

/// The trading rule on a model's probability that the price goes up: buy when it is at least
/// `threshold` and the position is not long, sell when it is at most `1 − threshold` and the
/// position is not short; in between, hold.
public struct ProbabilityRule: Sendable {
    public let threshold: Double
    let brackets: Brackets

    init(_ parameters: StrategyParameters) {
        threshold = parameters["threshold"]
        brackets = Brackets(parameters)
    }

    func act(on probability: Double, _ context: StrategyContext, reason: @autoclosure () -> OrderReason) throws {
        let position = context.position
        if probability >= threshold, !position.isLong {
            try brackets.buy(context, reason: reason())
        } else if probability <= 1 - threshold, !position.isShort {
            try brackets.sell(context, reason: reason())
        }
    }

    static let parameters = [
        StrategyParameter("threshold", 0.55, "probability at or above which to buy (sell at or below 1 − threshold)", minimum: 0.5, maximum: 1),
    ] + Brackets.parameters
}

/// One tree model of the registry: a feature set and the trees trained on it.
public struct TreeModel: Sendable {
    public let id: String
    public let featureSet: FeatureSet
    /// The timeframe of the bars the model was trained on (for higher-timeframe features).
    public let timeframe: Timeframe?
    public let trees: TreeEnsemble

    public init(id: String, featureSet: FeatureSet, timeframe: Timeframe?, trees: TreeEnsemble) {
        self.id = id
        self.featureSet = featureSet
        self.timeframe = timeframe
        self.trees = trees
    }
}

/// What `ml-signal` runs (a registry model): one tree model, or an ensemble of tree models, each
/// with its own feature set, whose probabilities an `EnsembleModel` combines.
public struct SignalModel: Sendable {
    public let id: String
    /// The tree models scored on every bar: the one model, or the ensemble's members in
    /// `ensemble.memberIDs` order.
    public let members: [TreeModel]
    /// How the members' probabilities combine; nil for one tree model.
    public let ensemble: EnsembleModel?

    /// One tree model.
    public init(_ model: TreeModel) {
        id = model.id
        members = [model]
        ensemble = nil
    }

    /// The ensemble `id`: `members` given in `ensemble.memberIDs` order (a precondition).
    public init(id: String, ensemble: EnsembleModel, members: [TreeModel]) {
        precondition(members.map(\.id) == ensemble.memberIDs, "members \(members.map(\.id)) for \(ensemble.memberIDs)")
        self.id = id
        self.members = members
        self.ensemble = ensemble
    }
}

/// `ml-signal`: on every bar, the model's features over the bars seen so far, the trees'
/// probability of a rise, and `ProbabilityRule`. The features are computed by the same
/// streaming engine that built the training rows, one bar at a time, so the strategy sees
/// exactly what the model was trained on and nothing later. An ensemble runs one engine per
/// member on the same bars and combines the members' probabilities.
public struct MLSignal: Strategy, Sendable {
    public let model: SignalModel
    let rule: ProbabilityRule
    private var scorers: [MemberScorer]
    /// The members' latest probabilities, in `model.members` order.
    private var probabilities: [Float]
    /// The reason's value names: the features, or for an ensemble each member's probability and
    /// features prefixed with its id (`m1:p(up)`, `m1:RSI(14)`, …).
    private let reasonNames: [String]
    private var fed = 0
    private var complete = false

    /// The features see each bar's spread as the history holds it (`BarHistory.spread`, points),
    /// so `spread()` gets what training read from the Spread column; where the data has none it
    /// is 0, which the commands serving a model refuse for a feature set that reads it.
    public init(model: SignalModel, _ parameters: StrategyParameters) throws {
        self.model = model
        rule = ProbabilityRule(parameters)
        scorers = try model.members.map(MemberScorer.init)
        probabilities = [Float](repeating: .nan, count: model.members.count)
        reasonNames = model.ensemble == nil
            ? model.members[0].featureSet.names
            : model.members.flatMap { member in ["\(member.id):p(up)"] + member.featureSet.names.map { "\(member.id):\($0)" } }
    }

    public mutating func initialize(_ context: StrategyContext) {}

    public mutating func next(_ context: StrategyContext) throws {
        guard let probability = score(context.bars) else { return }
        try rule.act(on: probability, context, reason: reason(probability))
    }

    /// Brings every member's engine up to the current bar and scores it; nil while a feature of
    /// any member is warming up (training starts at the first row with every feature, so no
    /// member ever saw such rows).
    mutating func score(_ bars: BarHistory) -> Double? {
        while fed < bars.count {
            let bar = Bar(
                openTimeMs: bars.times[fed], open: bars.open[fed], high: bars.high[fed], low: bars.low[fed],
                close: bars.close[fed], spread: bars.spread[fed], realVolume: bars.volume[fed])
            for member in scorers.indices { scorers[member].update(bar) }
            fed += 1
        }
        if !complete { complete = scorers.allSatisfy(\.isComplete) }
        guard complete else { return nil }
        for member in scorers.indices { probabilities[member] = scorers[member].score() }
        return Double(model.ensemble?.predict(memberProbabilities: probabilities) ?? probabilities[0])
    }

    func reason(_ probability: Double) -> OrderReason {
        guard let ensemble = model.ensemble else {
            return OrderReason(
                summary: "model \(model.id): p(up) vs threshold \(rule.threshold)", score: probability, names: reasonNames,
                values: scorers[0].row)
        }
        return OrderReason(
            summary: "ensemble \(model.id) (\(ensemble.method.rawValue) of \(ensemble.memberIDs.joined(separator: ", "))): "
                + "p(up) vs threshold \(rule.threshold)",
            score: probability, names: reasonNames,
            values: zip(probabilities, scorers).flatMap { [Double($0)] + $1.row })
    }
}

/// One tree model's streaming features and its trees, with the buffers it scores in.
private struct MemberScorer: Sendable {
    let trees: TreeEnsemble
    var engine: FeatureEngine
    /// The features of the latest bar.
    private(set) var row: [Double]
    private var input: [Float]
    /// Whether a row has had every feature (training starts at the first such row).
    private(set) var isComplete = false

    init(_ model: TreeModel) throws {
        trees = model.trees
        engine = try FeatureEngine(model.featureSet, timeframe: model.timeframe)
        row = [Double](repeating: .nan, count: engine.columnCount)
        input = [Float](repeating: .nan, count: engine.columnCount)
    }

    mutating func update(_ bar: Bar) {
        engine.update(bar, into: &row)
        if !isComplete { isComplete = row.allSatisfy(\.isFinite) }
    }

    /// The trees' probability on the latest bar's features.
    mutating func score() -> Float {
        for column in row.indices { input[column] = Float(row[column]) }
        return input.withUnsafeBufferPointer { trees.predict($0) }
    }
}

/// Trades probabilities computed beforehand, one per bar (nil: no opinion), with
/// `ProbabilityRule`: how `tradehub train` backtests its out-of-sample predictions. Bar `t`
/// reads only `probabilities[t]`, a prediction made from bar `t`'s features.
public struct PrecomputedSignal: Strategy, Sendable {
    let probabilities: [Double?]
    let rule: ProbabilityRule

    public init(probabilities: [Double?], _ parameters: StrategyParameters) {
        self.probabilities = probabilities
        rule = ProbabilityRule(parameters)
    }

    public mutating func initialize(_ context: StrategyContext) {}

    public func next(_ context: StrategyContext) throws {
        let index = context.bars.index
        guard index < probabilities.count, let probability = probabilities[index] else { return }
        try rule.act(on: probability, context, reason: OrderReason(summary: "out-of-sample p(up)", score: probability))
    }
}
