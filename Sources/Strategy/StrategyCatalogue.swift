import ErrorDNA

/// One parameter of a built-in strategy: its name, default and allowed range.
public struct StrategyParameter: Sendable, Equatable {
    public let name: String
    public let defaultValue: Double
    public let summary: String
    /// Whether the value must be a whole number (periods).
    public let isInteger: Bool
    public let minimum: Double
    public let maximum: Double

    public init(_ name: String, _ defaultValue: Double, _ summary: String, isInteger: Bool = false,
                minimum: Double = -.infinity, maximum: Double = .infinity) {
        self.name = name
        self.defaultValue = defaultValue
        self.summary = summary
        self.isInteger = isInteger
        self.minimum = minimum
        self.maximum = maximum
    }

    /// A period: a whole number of at least 2 bars, as TA-Lib requires.
    static func period(_ name: String, _ defaultValue: Int, _ summary: String) -> StrategyParameter {
        StrategyParameter(name, Double(defaultValue), summary, isInteger: true, minimum: 2, maximum: 100_000)
    }
}

/// Validated parameter values of one strategy: every parameter it declares, defaults filled in.
public struct StrategyParameters: Sendable, Equatable {
    public private(set) var values: [String: Double]

    public subscript(name: String) -> Double { values[name] ?? .nan }

    func integer(_ name: String) -> Int { Int(self[name]) }

    /// `given` over the defaults of `parameters`; throws `E_STRATEGY_PARAMETER` for an unknown
    /// name, a fraction where a whole number is needed, or a value out of range.
    public init(strategy: String, parameters: [StrategyParameter], given: [String: Double]) throws {
        values = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.defaultValue) })
        for (name, value) in given.sorted(by: { $0.key < $1.key }) {
            guard let spec = parameters.first(where: { $0.name == name }) else {
                throw TradehubError(.strategyParameter, [
                    "strategy": strategy, "parameter": name,
                    "problem": "is not one of its parameters (\(parameters.map(\.name).joined(separator: ", ")))",
                ])
            }
            if !value.isFinite || (spec.isInteger && value.rounded() != value) {
                throw TradehubError(.strategyParameter, [
                    "strategy": strategy, "parameter": name,
                    "problem": "= \(value) is not \(spec.isInteger ? "a whole number" : "a finite number")",
                ])
            }
            guard value >= spec.minimum, value <= spec.maximum else {
                throw TradehubError(.strategyParameter, [
                    "strategy": strategy, "parameter": name,
                    "problem": "= \(value) is outside [\(spec.minimum), \(spec.maximum)]",
                ])
            }
            values[name] = value
        }
    }
}

/// A built-in strategy: name, summary, parameters, and how to make one.
public struct StrategyDescriptor: Sendable {
    public let name: String
    public let summary: String
    public let parameters: [StrategyParameter]
    /// Whether it trades a registry model (`--model ID`), as `ml-signal` does.
    public let needsModel: Bool
    let make: @Sendable (StrategyParameters) throws -> any Strategy & Sendable

    init(name: String, summary: String, parameters: [StrategyParameter], needsModel: Bool = false,
         make: @escaping @Sendable (StrategyParameters) throws -> any Strategy & Sendable) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.needsModel = needsModel
        self.make = make
    }

    /// A strategy with `given` parameters over the defaults; `E_STRATEGY_NEEDS_MODEL` for one
    /// that trades a model (see `make(model:_:)`).
    public func make(_ given: [String: Double] = [:]) throws -> any Strategy & Sendable {
        try make(try StrategyParameters(strategy: name, parameters: parameters, given: given))
    }

    /// `ml-signal` over `model` with `given` parameters over the defaults.
    public func make(model: SignalModel, _ given: [String: Double] = [:]) throws -> MLSignal {
        try MLSignal(model: model, StrategyParameters(strategy: name, parameters: parameters, given: given))
    }
}

/// The built-in strategies, chosen by name (`--strategy NAME --param k=v`).
public enum StrategyCatalogue {
    public static let all: [StrategyDescriptor] = [
        StrategyDescriptor(
            name: "sma-cross",
            summary: "buy when the fast SMA of Close crosses above the slow one; sell when the slow crosses above the fast",
            parameters: [
                .period("fast", 10, "bars of the fast simple moving average"),
                .period("slow", 20, "bars of the slow simple moving average"),
            ] + Brackets.parameters,
            make: { SmaCross($0) }),
        StrategyDescriptor(
            name: "rsi-reversion",
            summary: "buy when RSI of Close crosses below `lower`; sell when it crosses above `upper`",
            parameters: [
                .period("period", 14, "bars of TA-Lib's RSI"),
                StrategyParameter("lower", 30, "oversold level: crossing below it buys", minimum: 0, maximum: 100),
                StrategyParameter("upper", 70, "overbought level: crossing above it sells", minimum: 0, maximum: 100),
            ] + Brackets.parameters,
            make: { RsiReversion($0) }),
        StrategyDescriptor(
            name: "bbands-breakout",
            summary: "buy when Close crosses above the upper Bollinger band; sell when it crosses below the lower",
            parameters: [
                .period("period", 20, "bars of the bands' simple moving average"),
                StrategyParameter("devs", 2, "standard deviations from the middle band", minimum: 0, maximum: 100),
            ] + Brackets.parameters,
            make: { BbandsBreakout($0) }),
        StrategyDescriptor(
            name: "ml-signal",
            summary: "a registry model's probability of a rise: buy at or above `threshold`, sell at or below 1 − threshold (needs --model ID)",
            parameters: ProbabilityRule.parameters, needsModel: true,
            make: { _ in throw TradehubError(.strategyNeedsModel, ["strategy": "ml-signal"]) }),
    ]

    /// The descriptor named `name`; throws `E_STRATEGY_UNKNOWN` otherwise.
    public static func named(_ name: String) throws -> StrategyDescriptor {
        guard let descriptor = all.first(where: { $0.name == name }) else {
            throw TradehubError(.strategyUnknown, ["name": name, "known": all.map(\.name).joined(separator: ", ")])
        }
        return descriptor
    }
}
