import Indicators

/// Stop-loss and take-profit a fraction away from the last close (0 = none), the same for
/// every built-in.
struct Brackets: Sendable {
    var sl: Double
    var tp: Double

    init(_ parameters: StrategyParameters) {
        sl = parameters["sl"]
        tp = parameters["tp"]
    }

    func buy(_ context: StrategyContext, reason: OrderReason? = nil) throws {
        let close = context.lastClose
        try context.buy(sl: sl > 0 ? close * (1 - sl) : nil, tp: tp > 0 ? close * (1 + tp) : nil, reason: reason)
    }

    func sell(_ context: StrategyContext, reason: OrderReason? = nil) throws {
        let close = context.lastClose
        try context.sell(sl: sl > 0 ? close * (1 + sl) : nil, tp: tp > 0 ? close * (1 - tp) : nil, reason: reason)
    }

    static let parameters = [
        StrategyParameter("sl", 0, "stop-loss distance as a fraction of the close (0 = none)", minimum: 0, maximum: 0.99),
        StrategyParameter("tp", 0, "take-profit distance as a fraction of the close (0 = none)", minimum: 0, maximum: 10),
    ]
}

/// `sma-cross`: buys when the fast SMA of Close crosses above the slow one, sells when the slow
/// crosses above the fast.
public struct SmaCross: Strategy, Sendable {
    public let fast: Int
    public let slow: Int
    let brackets: Brackets
    private var fastSMA = IndicatorHandle(column: 0)
    private var slowSMA = IndicatorHandle(column: 0)

    public init(_ parameters: StrategyParameters) {
        fast = parameters.integer("fast")
        slow = parameters.integer("slow")
        brackets = Brackets(parameters)
    }

    public mutating func initialize(_ context: StrategyContext) {
        fastSMA = context.indicator(SMA(period: fast))
        slowSMA = context.indicator(SMA(period: slow))
    }

    public func next(_ context: StrategyContext) throws {
        switch context.cross(.indicator(fastSMA), .indicator(slowSMA)) {
        case .above: try brackets.buy(context)
        case .below: try brackets.sell(context)
        case nil: break
        }
    }
}

/// `rsi-reversion`: buys when TA-Lib's RSI of Close crosses below `lower`, sells when it
/// crosses above `upper`.
public struct RsiReversion: Strategy, Sendable {
    public let period: Int
    public let lower: Double
    public let upper: Double
    let brackets: Brackets
    private var rsi = IndicatorHandle(column: 0)

    public init(_ parameters: StrategyParameters) {
        period = parameters.integer("period")
        lower = parameters["lower"]
        upper = parameters["upper"]
        brackets = Brackets(parameters)
    }

    public mutating func initialize(_ context: StrategyContext) {
        rsi = context.indicator(RSI(period: period))
    }

    public func next(_ context: StrategyContext) throws {
        if context.crossover(.constant(lower), .indicator(rsi)) {
            try brackets.buy(context)
        } else if context.crossover(.indicator(rsi), .constant(upper)) {
            try brackets.sell(context)
        }
    }
}

/// `bbands-breakout`: buys when Close crosses above the upper Bollinger band, sells when it
/// crosses below the lower one.
public struct BbandsBreakout: Strategy, Sendable {
    public let period: Int
    public let deviations: Double
    let brackets: Brackets
    private var bands = IndicatorHandle(column: 0)

    public init(_ parameters: StrategyParameters) {
        period = parameters.integer("period")
        deviations = parameters["devs"]
        brackets = Brackets(parameters)
    }

    public mutating func initialize(_ context: StrategyContext) {
        bands = context.indicator(BBANDS(period: period, deviationsUp: deviations, deviationsDown: deviations))
    }

    public func next(_ context: StrategyContext) throws {
        if context.crossover(.price(.close), .indicator(bands, output: 0)) {
            try brackets.buy(context)
        } else if context.crossover(.indicator(bands, output: 2), .price(.close)) {
            try brackets.sell(context)
        }
    }
}
