import ArgumentParser
import Backtest
import ErrorDNA
import Foundation
import Strategy

/// `tradehub optimize`: a grid search of a strategy's parameters over every core, or a walk-forward
/// of such searches reporting only out-of-sample results.
struct OptimizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Grid-search a built-in strategy's parameters, every combination backtested on every core.",
        discussion: """
            Example: tradehub optimize --data GOOG.csv --strategy sma-cross --grid fast=5:50:5 --grid slow=10:200:10 \\
              --maximize "Sharpe Ratio" --constraint "fast<slow" --exclusive-orders
            A grid is NAME=START:STOP:STEP (STOP included) or NAME=V1,V2,…; combinations failing a constraint are skipped.
            ml-signal searches its parameters over one registry model, read once:
              tradehub optimize --data EURUSD_H1.csv --strategy ml-signal --model m1 --grid threshold=0.5:0.7:0.02 --maximize "Return [%]"
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var arguments: BacktestArguments

    @Option(help: ArgumentHelp("Values of one parameter (repeatable).", valueName: "name=start:stop:step"))
    var grid: [String] = []

    @Option(help: "The statistic to maximise, by its name in the statistics table.")
    var maximize = "Sharpe Ratio"

    @Option(help: ArgumentHelp("Keep combinations where this holds, e.g. fast<slow (<, <=, >, >=; repeatable).", valueName: "a<b"))
    var constraint: [String] = []

    @Option(help: "How many of the best combinations to list.")
    var top = 10

    @Option(help: ArgumentHelp("Optimise on N bars, then test the best on the next M, sliding by M; report only the tests.",
                               valueName: "train=N,test=M"))
    var walkForward: String?

    /// One backtested combination.
    struct Outcome: Sendable {
        let parameters: [String: Double]
        let value: Double
        let statistics: Statistics
    }

    /// One walk-forward fold: the parameters chosen on the training bars and their out-of-sample result.
    struct Fold: Sendable {
        let train: Range<Int>
        let test: Range<Int>
        let best: Outcome
        let outOfSample: Statistics
    }

    func run() async throws {
        _ = try CommandSetup.importManager(global)
        let started = ContinuousClock.now
        let (bars, maker) = try arguments.load(global)
        if let walkForward { return try await runWalkForward(walkForward, bars: bars, maker: maker, started: started) }
        let outcomes = try await search(on: bars, maker: maker)
        let elapsedMs = (ContinuousClock.now - started).seconds * 1000
        let ranked = outcomes.sorted { Self.rank($0.value) > Self.rank($1.value) }
        if output.json {
            try Terminal.printJSON(OptimizeDocument(
                maximize: maximize, combinations: outcomes.count, best: ranked.first, results: Array(ranked.prefix(top)),
                elapsedMs: elapsedMs))
            return
        }
        let names = ranked.first.map { $0.parameters.keys.sorted() } ?? []
        Terminal.standardOutput(Terminal.table(
            names.map { $0.uppercased() } + [maximize.uppercased(), "RETURN [%]", "# TRADES"],
            ranked.prefix(top).map { outcome in
                names.map { TAReport.format(outcome.parameters[$0] ?? .nan) } + [
                    ReportFormat.number(outcome.value),
                    ReportFormat.statistic(outcome.statistics["Return [%]"] ?? .number(.nan)),
                    ReportFormat.statistic(outcome.statistics["# Trades"] ?? .count(0)),
                ]
            }) + "\n\(outcomes.count) combinations in \(String(format: "%.0f", elapsedMs)) ms")
    }

    func runWalkForward(_ text: String, bars: BarSeries, maker: @escaping BacktestArguments.StrategyMaker, started: ContinuousClock.Instant) async throws {
        let folds = try await walkForwardFolds(text, bars: bars, maker: maker)
        let elapsedMs = (ContinuousClock.now - started).seconds * 1000
        if output.json {
            try Terminal.printJSON(WalkForwardDocument(maximize: maximize, folds: folds, elapsedMs: elapsedMs))
            return
        }
        let names = folds.first.map { $0.best.parameters.keys.sorted() } ?? []
        Terminal.standardOutput(Terminal.table(
            ["TRAIN", "TEST"] + names.map { $0.uppercased() } + ["IN-SAMPLE", "OUT-OF-SAMPLE", "OOS RETURN [%]", "OOS # TRADES"],
            folds.map { fold in
                ["\(fold.train.lowerBound)..<\(fold.train.upperBound)", "\(fold.test.lowerBound)..<\(fold.test.upperBound)"]
                    + names.map { TAReport.format(fold.best.parameters[$0] ?? .nan) } + [
                        ReportFormat.number(fold.best.value),
                        ReportFormat.statistic(fold.outOfSample[maximize] ?? .number(.nan)),
                        ReportFormat.statistic(fold.outOfSample["Return [%]"] ?? .number(.nan)),
                        ReportFormat.statistic(fold.outOfSample["# Trades"] ?? .count(0)),
                    ]
            }) + "\n\(folds.count) folds, \(maximize) out of sample only; \(String(format: "%.0f", elapsedMs)) ms")
    }

    /// `train=N,test=M`: optimise on bars [kM, kM+N), test the best on [kM+N, kM+N+M), for every k that fits.
    func walkForwardFolds(_ text: String, bars: BarSeries, maker: @escaping BacktestArguments.StrategyMaker) async throws -> [Fold] {
        var sizes: [String: Int] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, let n = Int(pair[1]), n > 1 { sizes[pair[0]] = n }
        }
        guard let train = sizes["train"], let test = sizes["test"], sizes.count == 2 else {
            throw TradehubError(.usage, ["argument": "--walk-forward \(text)", "problem": "expected train=N,test=M with N, M > 1"])
        }
        guard train + test <= bars.count else {
            throw TradehubError(.usage, [
                "argument": "--walk-forward \(text)", "problem": "train + test = \(train + test) bars but the data has \(bars.count)",
            ])
        }
        var folds: [Fold] = []
        var start = 0
        while start + train + test <= bars.count {
            let trainRange = start..<(start + train), testRange = (start + train)..<(start + train + test)
            let outcomes = try await search(on: bars.slice(trainRange), maker: maker)
            guard let best = outcomes.max(by: { Self.rank($0.value) < Self.rank($1.value) }) else { break }
            let outOfSample = try Self.backtest(maker, best.parameters, bars.slice(testRange), arguments.options())
            folds.append(Fold(train: trainRange, test: testRange, best: best, outOfSample: outOfSample))
            start += test
        }
        return folds
    }

    /// NaN ranks below every number.
    static func rank(_ value: Double) -> Double { value.isNaN ? -.infinity : value }

    /// Every combination of the grids that meets the constraints, backtested in parallel.
    func search(on bars: BarSeries, maker: @escaping BacktestArguments.StrategyMaker) async throws -> [Outcome] {
        let fixed = try arguments.givenParameters()
        let axes = try grid.map(Self.parseGrid)
        guard !axes.isEmpty else { throw TradehubError(.usage, ["argument": "--grid", "problem": "required, e.g. fast=5:50:5"]) }
        let constraints = try constraint.map(Self.parseConstraint)
        var combinations: [[String: Double]] = [fixed]
        for (name, values) in axes {
            combinations = combinations.flatMap { base in values.map { base.merging([name: $0]) { $1 } } }
        }
        combinations = combinations.filter { combination in constraints.allSatisfy { $0(combination) } }
        guard !combinations.isEmpty else {
            throw TradehubError(.usage, ["argument": "--constraint", "problem": "no combination of the grids meets the constraints"])
        }
        for combination in combinations { _ = try maker(combination) }  // every parameter valid before any run
        let options = try arguments.options()
        let statistic = maximize
        let probe = try Self.backtest(maker, combinations[0], bars, options)
        guard probe[statistic] != nil else {
            throw TradehubError(.usage, [
                "argument": "--maximize", "problem": "'\(statistic)' is not a statistic; known: \(probe.entries.map(\.name).joined(separator: ", "))",
            ])
        }
        let progress = ProgressLine(enabled: !output.json)
        var outcomes: [Outcome] = []
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
            var next = 0
            func enqueue() {
                let combination = combinations[next]
                next += 1
                group.addTask {
                    let statistics = try Self.backtest(maker, combination, bars, options)
                    return Outcome(parameters: combination, value: statistics[statistic]?.numeric ?? .nan, statistics: statistics)
                }
            }
            while next < min(width, combinations.count) { enqueue() }
            while let outcome = try await group.next() {
                outcomes.append(outcome)
                progress.show(ProgressLine.bar(done: outcomes.count, total: combinations.count) + " \(outcomes.count)/\(combinations.count) combinations")
                if next < combinations.count { enqueue() }
            }
        }
        progress.clear()
        return outcomes
    }

    static func backtest(_ maker: BacktestArguments.StrategyMaker, _ parameters: [String: Double], _ bars: BarSeries,
                         _ options: BacktestOptions) throws -> Statistics {
        var strategy = try maker(parameters)
        return try Backtester.run(&strategy, on: bars, options: options).statistics
    }

    /// `fast=5:50:5` (stop included) or `fast=5,10,20`.
    static func parseGrid(_ text: String) throws -> (String, [Double]) {
        func bad() -> TradehubError {
            TradehubError(.usage, ["argument": "--grid \(text)", "problem": "expected NAME=START:STOP:STEP or NAME=V1,V2,…"])
        }
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty else { throw bad() }
        let range = parts[1].split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        if range.count == 3, let start = range[0], let stop = range[1], let step = range[2] {
            guard step > 0, stop >= start, (stop - start) / step < 100_000 else { throw bad() }
            return (parts[0], stride(from: start, through: stop + step * 1e-9, by: step).map { $0 })
        }
        let list = parts[1].split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !list.isEmpty, list.allSatisfy({ $0 != nil }) else { throw bad() }
        return (parts[0], list.compactMap { $0 })
    }

    /// `a<b`, `a<=b`, `a>b`, `a>=b` over parameter names or numbers.
    static func parseConstraint(_ text: String) throws -> ([String: Double]) -> Bool {
        for (symbol, holds) in [("<=", { (a: Double, b: Double) in a <= b }), (">=", { $0 >= $1 }), ("<", { $0 < $1 }), (">", { $0 > $1 })] {
            let sides = text.components(separatedBy: symbol).map { $0.trimmingCharacters(in: .whitespaces) }
            guard sides.count == 2, !sides[0].isEmpty, !sides[1].isEmpty else { continue }
            let (left, right) = (sides[0], sides[1])
            return { values in
                guard let a = values[left] ?? Double(left), let b = values[right] ?? Double(right) else { return false }
                return holds(a, b)
            }
        }
        throw TradehubError(.usage, ["argument": "--constraint \(text)", "problem": "expected NAME<NAME (or <=, >, >=)"])
    }
}

/// The JSON document of `tradehub optimize --json`.
struct OptimizeDocument: Encodable {
    let maximize: String
    let combinations: Int
    let best: OptimizeCommand.Outcome?
    let results: [OptimizeCommand.Outcome]
    let elapsedMs: Double

    private enum Keys: String, CodingKey { case maximize, combinations, best, results, elapsedMs = "elapsed_ms" }
    private enum OutcomeKeys: String, CodingKey { case params, value, stats }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(maximize, forKey: .maximize)
        try c.encode(combinations, forKey: .combinations)
        func outcome(_ o: OptimizeCommand.Outcome, into container: inout KeyedEncodingContainer<OutcomeKeys>, withStats: Bool) throws {
            try container.encode(o.parameters, forKey: .params)
            if o.value.isFinite { try container.encode(o.value, forKey: .value) } else { try container.encodeNil(forKey: .value) }
            if withStats { try container.encode(StatisticsJSON(o.statistics), forKey: .stats) }
        }
        if let best {
            var nested = c.nestedContainer(keyedBy: OutcomeKeys.self, forKey: .best)
            try outcome(best, into: &nested, withStats: true)
        } else {
            try c.encodeNil(forKey: .best)
        }
        var list = c.nestedUnkeyedContainer(forKey: .results)
        for result in results {
            var nested = list.nestedContainer(keyedBy: OutcomeKeys.self)
            try outcome(result, into: &nested, withStats: false)
        }
        try c.encode(elapsedMs, forKey: .elapsedMs)
    }
}

/// The JSON document of `tradehub optimize --walk-forward … --json`: out-of-sample results only.
struct WalkForwardDocument: Encodable {
    let maximize: String
    let folds: [OptimizeCommand.Fold]
    let elapsedMs: Double

    private enum Keys: String, CodingKey { case maximize, folds, elapsedMs = "elapsed_ms" }
    private enum FoldKeys: String, CodingKey { case train, test, params, stats }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(maximize, forKey: .maximize)
        var list = c.nestedUnkeyedContainer(forKey: .folds)
        for fold in folds {
            var f = list.nestedContainer(keyedBy: FoldKeys.self)
            try f.encode([fold.train.lowerBound, fold.train.upperBound], forKey: .train)
            try f.encode([fold.test.lowerBound, fold.test.upperBound], forKey: .test)
            try f.encode(fold.best.parameters, forKey: .params)
            try f.encode(StatisticsJSON(fold.outOfSample), forKey: .stats)
        }
        try c.encode(elapsedMs, forKey: .elapsedMs)
    }
}
