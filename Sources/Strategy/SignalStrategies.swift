import ErrorDNA
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

/// What `ml-signal` runs: a feature set and the trees trained on it (a registry model).
public struct SignalModel: Sendable {
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

/// `ml-signal`: on every bar, the model's features over the bars seen so far, the trees'
/// probability of a rise, and `ProbabilityRule`. The features are computed by the same
/// streaming engine that built the training rows, one bar at a time, so the strategy sees
/// exactly what the model was trained on and nothing later.
public struct MLSignal: Strategy, Sendable {
    public let model: SignalModel
    let rule: ProbabilityRule
    private var engine: FeatureEngine
    private var fed = 0
    private var complete = false
    private var row: [Double]
    private var input: [Float]

    /// - Throws: `E_MODEL_FORMAT` for a feature set that reads `spread()`: a strategy's bars have
    ///   no spread, so the model would be served zeros where it was trained on spreads.
    public init(model: SignalModel, _ parameters: StrategyParameters) throws {
        guard !model.featureSet.readsSpread else {
            throw TradehubError(.modelFormat, [
                "source": "model \(model.id)", "problem": "its features read spread(), which strategies do not see yet",
            ])
        }
        self.model = model
        rule = ProbabilityRule(parameters)
        engine = try FeatureEngine(model.featureSet, timeframe: model.timeframe)
        row = [Double](repeating: .nan, count: engine.columnCount)
        input = [Float](repeating: .nan, count: engine.columnCount)
    }

    public mutating func initialize(_ context: StrategyContext) {}

    public mutating func next(_ context: StrategyContext) throws {
        guard let probability = score(context.bars) else { return }
        try rule.act(on: probability, context, reason: reason(probability))
    }

    /// Brings the engine up to the current bar and scores it; nil while a feature is warming up
    /// (training starts at the first row with every feature, so the model never saw such rows).
    mutating func score(_ bars: BarHistory) -> Double? {
        while fed < bars.count {
            engine.update(
                Bar(
                    openTimeMs: bars.times[fed], open: bars.open[fed], high: bars.high[fed], low: bars.low[fed],
                    close: bars.close[fed], realVolume: bars.volume[fed]),
                into: &row)
            fed += 1
        }
        if !complete { complete = row.allSatisfy(\.isFinite) }
        guard complete else { return nil }
        for column in row.indices { input[column] = Float(row[column]) }
        return Double(input.withUnsafeBufferPointer { model.trees.predict($0) })
    }

    private func reason(_ probability: Double) -> OrderReason {
        OrderReason(
            summary: "model \(model.id): p(up) vs threshold \(rule.threshold)", score: probability, names: model.featureSet.names,
            values: row)
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
