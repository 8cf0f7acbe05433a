import Foundation
import MarketData
import Strategy

/// One value of the statistics table.
public enum StatisticValue: Sendable, Equatable {
    /// A moment, epoch milliseconds.
    case time(Int64)
    /// A span in seconds; NaN when undefined.
    case duration(Double)
    /// A number; NaN when undefined (JSON writes null).
    case number(Double)
    /// A count.
    case count(Int)

    /// The value as one number, for ranking: epoch ms, seconds, the number or the count.
    public var numeric: Double {
        switch self {
        case .time(let ms): Double(ms)
        case .duration(let x), .number(let x): x
        case .count(let n): Double(n)
        }
    }
}

/// backtesting.py's statistics table (`compute_stats`), in its order and under its names.
public struct Statistics: Sendable {
    /// Name and value pairs in backtesting.py's order.
    public let entries: [(name: String, value: StatisticValue)]

    public subscript(name: String) -> StatisticValue? { entries.first { $0.name == name }?.value }

    private init(entries: [(name: String, value: StatisticValue)]) { self.entries = entries }

    /// These statistics followed by the forex ones of `trades` (closed, with lots and pips):
    /// total, average, best and worst pips, and lots traded.
    func appendingForex(_ trades: [TradeRecord]) -> Statistics {
        let pips = trades.compactMap { $0.forex?.pips }
        let lots = trades.reduce(0.0) { $0 + ($1.forex?.lots ?? 0) }
        return Statistics(entries: entries + [
            (name: "Total Pips", value: .number(pips.reduce(0, +))),
            (name: "Avg. Trade Pips", value: .number(Self.mean(pips))),
            (name: "Best Trade [pips]", value: .number(pips.max() ?? .nan)),
            (name: "Worst Trade [pips]", value: .number(pips.min() ?? .nan)),
            (name: "Lots Traded", value: .number(lots)),
        ])
    }

    /// The statistics of a run: closed `trades`, the `equity` curve (one value a bar),
    /// the bars, and the bar at which trading could start (the indicators' warm-up).
    init(trades: [TradeRecord], equity: [Double], bars: BarSeries, firstTradingBar: Int) {
        var s: [(String, StatisticValue)] = []
        let n = equity.count
        let times = bars.times
        let period = DataPeriod(times)

        let episodes = DrawdownEpisodes(equity: equity, times: times)

        s.append(("Start", .time(times[0])))
        s.append(("End", .time(times[n - 1])))
        let durationMs = times[n - 1] - times[0]
        s.append(("Duration", .duration(Double(durationMs) / 1000)))

        s.append(("Exposure Time [%]", .number(Double(Self.exposedBars(trades)) / Double(n) * 100)))
        s.append(("Equity Final [$]", .number(equity[n - 1])))
        s.append(("Equity Peak [$]", .number(equity.max() ?? .nan)))
        let commissions = trades.reduce(0.0) { $0 + $1.commission }
        if commissions != 0 { s.append(("Commissions [$]", .number(commissions))) }
        let totalReturn = (equity[n - 1] - equity[0]) / equity[0] * 100
        s.append(("Return [%]", .number(totalReturn)))
        let c = bars.close
        let buyAndHold = (c[n - 1] - c[firstTradingBar]) / c[firstTradingBar] * 100
        s.append(("Buy & Hold Return [%]", .number(buyAndHold)))

        let freqDays = Int((period.ms / 86_400_000).rounded(.down))
        var days = DayCache()
        var weekendBars = 0
        for time in times where Calendar.weekday(ofDay: days.day(time)) >= 5 { weekendBars += 1 }
        let weekendShare = Double(weekendBars) / Double(n)
        let annualPeriods: Double = switch freqDays {
        case 7: 52
        case 31: 12
        case 365: 1
        default: weekendShare > 2.0 / 7 * 0.6 ? 365 : 252
        }
        let periodReturns = Self.periodReturns(equity: equity, times: times, freqDays: freqDays)
        let gmean = Self.geometricMean(periodReturns)
        let annualized = pow(1 + gmean, annualPeriods) - 1
        s.append(("Return (Ann.) [%]", .number(annualized * 100)))
        let variance = Self.variance(periodReturns)
        let volatility = (pow(variance + (1 + gmean) * (1 + gmean), annualPeriods) - pow(1 + gmean, 2 * annualPeriods)).squareRoot() * 100
        s.append(("Volatility (Ann.) [%]", .number(volatility)))
        let years = (Double(durationMs / 86_400_000) + Double(durationMs % 86_400_000 / 1000) / 86400) / 365.25
        s.append(("CAGR [%]", .number(years != 0 ? (pow(equity[n - 1] / equity[0], 1 / years) - 1) * 100 : .nan)))
        s.append(("Sharpe Ratio", .number(annualized * 100 / Self.orNaN(volatility))))
        let downside = Self.mean(periodReturns.map { min($0, 0) * min($0, 0) }).squareRoot()
        s.append(("Sortino Ratio", .number(annualized / (downside * annualPeriods.squareRoot()))))
        let maxDrawdown = episodes.deepest.isNaN ? 0 : episodes.deepest
        s.append(("Calmar Ratio", .number(annualized / Self.orNaN(maxDrawdown))))
        let beta = n > 2 ? Self.beta(equity: equity, market: c) : .nan
        s.append(("Alpha [%]", .number(totalReturn - beta * buyAndHold)))
        s.append(("Beta", .number(beta)))
        s.append(("Max. Drawdown [%]", .number(-maxDrawdown * 100)))
        s.append(("Avg. Drawdown [%]", .number(-Self.mean(episodes.peaks) * 100)))
        if episodes.durationsMs.isEmpty {
            // backtesting.py then reports the nonzero drawdowns themselves, as plain numbers.
            s.append(("Max. Drawdown Duration", .number(episodes.peaks.max() ?? .nan)))
            s.append(("Avg. Drawdown Duration", .number(Self.mean(episodes.peaks))))
        } else {
            s.append(("Max. Drawdown Duration", .duration(period.ceil(episodes.durationsMs.max().map(Double.init) ?? .nan))))
            s.append(("Avg. Drawdown Duration", .duration(period.ceil(Self.mean(episodes.durationsMs.map(Double.init))))))
        }

        let count = trades.count
        let pnl = trades.map(\.pnl)
        let returns = trades.map(\.returnPct)
        let tradeDurations = trades.map { Double(($0.exitTime ?? $0.entryTime) - $0.entryTime) }
        s.append(("# Trades", .count(count)))
        let winRate = count == 0 ? Double.nan : Double(pnl.lazy.filter { $0 > 0 }.count) / Double(count)
        s.append(("Win Rate [%]", .number(winRate * 100)))
        s.append(("Best Trade [%]", .number((returns.max() ?? .nan) * 100)))
        s.append(("Worst Trade [%]", .number((returns.min() ?? .nan) * 100)))
        s.append(("Avg. Trade [%]", .number(Self.geometricMean(returns) * 100)))
        s.append(("Max. Trade Duration", .duration(period.ceil(tradeDurations.max() ?? .nan))))
        s.append(("Avg. Trade Duration", .duration(period.ceil(Self.mean(tradeDurations)))))
        let gains = returns.filter { $0 > 0 }.reduce(0, +)
        let losses = abs(returns.filter { $0 < 0 }.reduce(0, +))
        s.append(("Profit Factor", .number(gains / Self.orNaN(losses))))
        s.append(("Expectancy [%]", .number(Self.mean(returns) * 100)))
        s.append(("SQN", .number(Double(count).squareRoot() * Self.mean(pnl) / Self.orNaN(Self.variance(pnl).squareRoot()))))
        let payoff = Self.mean(pnl.filter { $0 > 0 }) / -Self.mean(pnl.filter { $0 < 0 })
        s.append(("Kelly Criterion", .number(winRate - (1 - winRate) / payoff)))
        entries = s.map { (name: $0.0, value: $0.1) }
    }

    // MARK: helpers (pandas semantics)

    /// The last equity of each day, week (Monday to Sunday), month or year, as backtesting.py
    /// resamples it, turned into period-over-period returns.
    static func periodReturns(equity: [Double], times: [Int64], freqDays: Int) -> [Double] {
        var days = DayCache()
        let lasts = switch freqDays {
        case 7:
            lastOfEachPeriod(equity, times) { ms in
                let day = days.day(ms)
                return day + 3 >= 0 ? (day + 3) / 7 : (day + 4) / 7 - 1
            }
        case 31, 365:
            lastOfEachPeriod(equity, times) { ms in
                let date = MarketTime.components(ofEpochMs: ms)
                return Int64(freqDays == 31 ? date.year * 12 + date.month : date.year)
            }
        default: lastOfEachPeriod(equity, times) { days.day($0) }
        }
        var returns: [Double] = []
        returns.reserveCapacity(lasts.count)
        for k in lasts.indices.dropFirst() {
            let r = lasts[k] / lasts[k - 1] - 1
            if !r.isNaN { returns.append(r) }
        }
        return returns
    }

    /// The bars inside at least one trade, entry and exit bars included, from the trades' spans
    /// merged in order of entry (no array over the bars).
    static func exposedBars(_ trades: [TradeRecord]) -> Int {
        // A trade-on-close exit can precede a same-bar stop entry; pandas' slice is then empty.
        let spans = trades.compactMap { trade -> ClosedRange<Int>? in
            let exit = trade.exitBar ?? trade.entryBar
            return exit >= trade.entryBar ? trade.entryBar...exit : nil
        }.sorted { $0.lowerBound < $1.lowerBound }
        var count = 0
        var lastCounted = Int.min
        for span in spans where span.upperBound > lastCounted {
            count += span.upperBound - max(span.lowerBound, lastCounted + 1) + 1
            lastCounted = span.upperBound
        }
        return count
    }

    /// The last equity of each run of bars in the same `period`, one loop specialised for each
    /// kind of period.
    @inline(__always)
    static func lastOfEachPeriod(_ equity: [Double], _ times: [Int64], _ period: (Int64) -> Int64) -> [Double] {
        var lasts: [Double] = []
        var current: Int64?
        for k in times.indices {
            let bucket = period(times[k])
            if bucket == current, !lasts.isEmpty {
                lasts[lasts.count - 1] = equity[k]
            } else {
                lasts.append(equity[k])
                current = bucket
            }
        }
        return lasts
    }

    /// backtesting.py's `geometric_mean`: 0 if any return is ≤ -100 %, NaN when empty.
    static func geometricMean(_ returns: [Double]) -> Double {
        let growth = returns.map { ($0.isNaN ? 0 : $0) + 1 }
        if growth.contains(where: { $0 <= 0 }) { return 0 }
        return exp(growth.reduce(0) { $0 + log($1) } / (growth.isEmpty ? .nan : Double(growth.count))) - 1
    }

    static func mean(_ xs: [Double]) -> Double {
        xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count)
    }

    /// Sample variance (ddof 1), NaN below two values.
    static func variance(_ xs: [Double]) -> Double { covariance(xs, xs) }

    static func covariance(_ xs: [Double], _ ys: [Double]) -> Double {
        guard xs.count > 1 else { return .nan }
        let mx = mean(xs), my = mean(ys)
        var sum = 0.0
        for k in xs.indices { sum += (xs[k] - mx) * (ys[k] - my) }
        return sum / Double(xs.count - 1)
    }

    /// backtesting.py's beta: the covariance of the equity's and the market's log returns bar to
    /// bar over the market's variance. One pass and no arrays: the sums are of values shifted
    /// by the first return (exact for constant returns, and free of the cancellation of raw
    /// sums), and a log of a ratio near 1 is its series.
    static func beta(equity: [Double], market: [Double]) -> Double {
        let n = equity.count
        guard n > 2 else { return .nan }
        let shiftX = logRatio(equity[1], equity[0]), shiftY = logRatio(market[1], market[0])
        var sumX = 0.0, sumY = 0.0, sumXY = 0.0, sumYY = 0.0
        for k in 1..<n {
            let x = logRatio(equity[k], equity[k - 1]) - shiftX
            let y = logRatio(market[k], market[k - 1]) - shiftY
            sumX += x
            sumY += y
            sumXY += x * y
            sumYY += y * y
        }
        let count = Double(n - 1)
        let covariance = (sumXY - sumX * sumY / count) / (count - 1)
        let variance = (sumYY - sumY * sumY / count) / (count - 1)
        guard covariance.isFinite else { return .nan }
        return covariance / variance
    }

    /// `log(a / b)`. Within 6 % of 1 (any bar-to-bar return but a crash) it is
    /// 2·atanh(s) with s = (a − b)/(a + b), summed to s¹¹: the remainder is below 2⁻⁶⁰ of the
    /// result and `a − b` is exact there (Sterbenz), so it is closer to the true value than
    /// `log(a / b)`, whose division rounds; one division, no call, no branch the data
    /// can mispredict.
    @inline(__always)
    static func logRatio(_ a: Double, _ b: Double) -> Double {
        let s = (a - b) / (a + b)
        guard s.magnitude <= 0x1p-5 else { return log(a / b) }
        let s2 = s * s
        return 2 * s * (1 + s2 * (1.0 / 3 + s2 * (0.2 + s2 * (1.0 / 7 + s2 * (1.0 / 9 + s2 * (1.0 / 11))))))
    }

    /// Python's `x or nan`.
    static func orNaN(_ x: Double) -> Double { x == 0 ? .nan : x }
}

/// The drawdown episodes as backtesting.py finds them: spans between bars at a new equity
/// peak (and the last bar), with their length and deepest drawdown; and the deepest drawdown
/// of all. One pass over the equity, with pandas' `max` (the first of equal values, NaN kept
/// only in first place), so no drawdown column is stored.
struct DrawdownEpisodes {
    var durationsMs: [Int64] = []
    var peaks: [Double] = []
    /// The largest drawdown (a fraction); NaN for no equity.
    var deepest = Double.nan

    init(equity: [Double], times: [Int64]) {
        let n = equity.count
        var peak = -Double.infinity
        var previousMark: Int?
        var deepestSinceMark = Double.nan
        for k in 0..<n {
            peak = max(peak, equity[k])
            let drawdown = 1 - equity[k] / peak
            if k == 0 || deepest < drawdown { deepest = drawdown }
            if previousMark != nil, deepestSinceMark < drawdown { deepestSinceMark = drawdown }
            let isMark = drawdown == 0 || k == n - 1
            guard isMark else { continue }
            if let previous = previousMark, k > previous + 1 {
                durationsMs.append(times[k] - times[previous])
                peaks.append(deepestSinceMark)
            }
            previousMark = k
            deepestSinceMark = drawdown
        }
        if durationsMs.isEmpty { peaks = Self.nonzeroDrawdowns(equity) }
    }

    /// Every drawdown that is neither 0 nor NaN, in order.
    static func nonzeroDrawdowns(_ equity: [Double]) -> [Double] {
        var peak = -Double.infinity
        var drawdowns: [Double] = []
        for e in equity {
            peak = max(peak, e)
            let drawdown = 1 - e / peak
            if drawdown != 0 && !drawdown.isNaN { drawdowns.append(drawdown) }
        }
        return drawdowns
    }
}

/// The data's bar period as backtesting.py infers it (median spacing of the last 100 bars) and
/// the rounding it applies to durations (up to the period's smallest unit: day, hour, …).
struct DataPeriod {
    let ms: Double
    let unitMs: Double

    init(_ times: [Int64]) {
        let tail = times.suffix(100)
        let gaps = zip(tail, tail.dropFirst()).map { Double($1 - $0) }.sorted()
        let median = gaps.isEmpty ? Double.nan
            : gaps.count % 2 == 1 ? gaps[gaps.count / 2] : (gaps[gaps.count / 2 - 1] + gaps[gaps.count / 2]) / 2
        let units: [Double] = [86_400_000, 3_600_000, 60_000, 1000, 1]
        ms = median
        unitMs = units.first { median.truncatingRemainder(dividingBy: $0) == 0 } ?? 1
    }

    /// `duration` in milliseconds rounded up to the period's unit, in seconds.
    func ceil(_ duration: Double) -> Double {
        (duration / unitMs).rounded(.up) * unitMs / 1000
    }
}

/// Day numbers and weekdays of epoch milliseconds (UTC).
enum Calendar {
    static func day(_ ms: Int64) -> Int64 { ms >= 0 ? ms / 86_400_000 : (ms + 1) / 86_400_000 - 1 }

    /// Monday 0 … Sunday 6.
    static func weekday(_ ms: Int64) -> Int64 { weekday(ofDay: day(ms)) }

    static func weekday(ofDay day: Int64) -> Int64 { ((day + 3) % 7 + 7) % 7 }
}

/// `Calendar.day` for times that mostly stay within one day of the last one asked: the day's
/// bounds are kept, so a bar in the same day costs two comparisons instead of a division.
struct DayCache {
    private var day: Int64 = 0
    private var start: Int64 = 1
    private var end: Int64 = 0

    mutating func day(_ ms: Int64) -> Int64 {
        if ms >= start && ms < end { return day }
        day = Calendar.day(ms)
        start = day * 86_400_000
        end = start + 86_400_000
        return day
    }
}
