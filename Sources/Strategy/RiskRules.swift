import TradehubModel

/// Limits every order must pass before it reaches a venue: the last line of defence of the
/// live loop. Each limit is off when nil.
public struct RiskRules: Sendable, Equatable, Codable {
    /// The largest net position, in units, an order may build (orders that reduce it always pass).
    public var maxPositionUnits: Int?
    /// The largest loss of a UTC day, as a fraction of the day's first equity; once reached, no
    /// order opens until the next day.
    public var maxDailyLoss: Double?
    /// The widest spread, in price units, at which an order may be placed.
    public var maxSpread: Double?
    /// The UTC hours in which orders may be placed: `start` ≤ hour < `end` (wrapping past midnight
    /// when `end` ≤ `start`).
    public var tradingHours: TradingHours?

    /// UTC hours of the day, `start` ≤ hour < `end`.
    public struct TradingHours: Sendable, Equatable, Codable {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }

        public func contains(hour: Int) -> Bool {
            start < end ? (start <= hour && hour < end) : (hour >= start || hour < end)
        }
    }

    public init(maxPositionUnits: Int? = nil, maxDailyLoss: Double? = nil, maxSpread: Double? = nil, tradingHours: TradingHours? = nil) {
        self.maxPositionUnits = maxPositionUnits
        self.maxDailyLoss = maxDailyLoss
        self.maxSpread = maxSpread
        self.tradingHours = tradingHours
    }

    enum CodingKeys: String, CodingKey {
        case maxPositionUnits = "max_position_units", maxDailyLoss = "max_daily_loss", maxSpread = "max_spread"
        case tradingHours = "trading_hours"
    }
}

/// Applies `RiskRules` bar by bar: it remembers the day's first equity for the daily-loss limit.
public struct RiskGuard: Sendable {
    public let rules: RiskRules
    private var day: Int64 = .min
    private var dayStartEquity = 0.0

    public init(rules: RiskRules) { self.rules = rules }

    /// The market as the guard sees it on the bar an order is placed.
    public struct Moment: Sendable {
        public var timeMs: Int64
        public var equity: Double
        public var position: Int
        /// The current spread in price units, when the data has one.
        public var spread: Double?

        public init(timeMs: Int64, equity: Double, position: Int, spread: Double?) {
            self.timeMs = timeMs
            self.equity = equity
            self.position = position
            self.spread = spread
        }
    }

    /// Starts a new UTC day's loss budget when `moment` is on a later day than the last one seen.
    public mutating func observe(_ moment: Moment) {
        let today = moment.timeMs.floorDivided(by: 86_400_000)
        if today != day {
            day = today
            dayStartEquity = moment.equity
        }
    }

    /// Nil when `order` may be placed now, else the rule that blocks it. Only an order that can
    /// only shrink the position always passes: whole units against it, no more than it holds (a
    /// fraction of the margin against it closes it and opens the other way).
    public mutating func violation(of order: StrategyOrder, at moment: Moment) -> String? {
        observe(moment)
        let against = moment.position != 0 && (moment.position > 0) != (order.side == .buy)
        if against, case .units(let units) = order.size, units <= abs(moment.position) { return nil }
        if let hours = rules.tradingHours {
            let hour = Int((moment.timeMs.floorDivided(by: 3_600_000) % 24 + 24) % 24)
            if !hours.contains(hour: hour) {
                return "outside trading hours \(hours.start):00–\(hours.end):00 UTC (hour \(hour))"
            }
        }
        if let maxSpread = rules.maxSpread, let spread = moment.spread, spread > maxSpread {
            return "spread \(spread) above max_spread \(maxSpread)"
        }
        if let maxUnits = rules.maxPositionUnits, abs(moment.position) >= maxUnits {
            return "position \(moment.position) at max_position_units \(maxUnits)"
        }
        if let maxLoss = rules.maxDailyLoss, dayStartEquity > 0 {
            let loss = (dayStartEquity - moment.equity) / dayStartEquity
            if loss >= maxLoss {
                return "daily loss \(Self.percent(loss)) reached max_daily_loss \(Self.percent(maxLoss))"
            }
        }
        return nil
    }

    private static func percent(_ fraction: Double) -> String {
        "\((fraction * 10_000).rounded() / 100)%"
    }
}

extension Int64 {
    /// Division rounding toward negative infinity (so times before 1970 fall on the right day).
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
