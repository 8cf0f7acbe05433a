import Foundation
import MarketData

/// Text renderings shared by the text table and the HTML report, in backtesting.py's style.
public enum ReportFormat {
    /// `2004-08-19T00:00:00Z`.
    public static func time(_ ms: Int64) -> String { MarketTime.iso8601(epochMs: ms, withMilliseconds: false) }

    /// Five decimals; `--` for an undefined number (pandas' `na_rep`).
    public static func number(_ x: Double) -> String {
        x.isFinite ? String(format: "%.5f", x) : x.isNaN ? "--" : (x > 0 ? "inf" : "-inf")
    }

    /// Lots with two decimals (`0.10`), as MT5 shows them.
    public static func lots(_ lots: Double) -> String { String(format: "%.2f", lots) }

    /// pandas' rendering of a time delta: `584 days 00:00:00`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--" }
        let total = Int(seconds.rounded())
        let (days, rest) = total.quotientAndRemainder(dividingBy: 86400)
        return String(format: "%d days %02d:%02d:%02d", days, rest / 3600, rest / 60 % 60, rest % 60)
    }

    public static func statistic(_ value: StatisticValue) -> String {
        switch value {
        case .time(let ms): time(ms)
        case .duration(let seconds): duration(seconds)
        case .number(let x): number(x)
        case .count(let n): String(n)
        }
    }
}
