/// TA-Lib's running total of one candle setting's range over the `period` candles before the
/// candle judged `offset` bars ago (`…PeriodTotal` / `…TrailingIdx` in the `TA_CDL…` functions).
///
/// TA-Lib's batch code starts each total at bar `lookback − offset − period`, adds the first
/// `period` ranges one by one, and after judging each bar does
/// `total += range(bar − offset) − range(bar − offset − period)` (difference first). We start,
/// add and roll at the same bars in the same order, so the totals agree to the last bit.
public struct CandleAverage: Sendable {
    public let setting: CandleSetting
    /// How many bars before the newest the judged candle is.
    public let offset: Int
    /// The pattern's lookback: the first bar judged.
    public let lookback: Int
    public private(set) var total = 0.0

    public init(_ setting: CandleSetting, offset: Int = 0, lookback: Int) {
        precondition(lookback >= offset + setting.period, "lookback too short for the candle average")
        self.setting = setting
        self.offset = offset
        self.lookback = lookback
    }

    /// The threshold for the candle `offset` bars ago, from the total as it stands (the previous
    /// `period` candles, excluding that candle).
    @inline(__always)
    public func value(in window: CandleWindow) -> Double {
        setting.average(total: total, candle: window[age: offset])
    }

    /// Takes bar number `bar` (0-based, already appended to `window`) into the total; call after
    /// the pattern has judged that bar.
    @inline(__always)
    public mutating func advance(_ window: CandleWindow, bar: Int) {
        if bar >= lookback {
            total += setting.range(window[age: offset]) - setting.range(window[age: offset + setting.period])
        } else if bar >= lookback - setting.period {
            total += setting.range(window[age: offset])
        }
    }

    public mutating func reset() { total = 0 }
}
