import Indicators
import MarketData
import TradehubModel

/// OHLCV bars in memory, oldest first, with times in epoch milliseconds (UTC) and each bar's
/// spread in points (`Bar.spread`; 0 where the data has none).
public struct BarSeries: Sendable {
    public var times: [Int64]
    public var open: [Double]
    public var high: [Double]
    public var low: [Double]
    public var close: [Double]
    public var volume: [Double]
    public var spread: [Int32]

    public var count: Int { close.count }

    /// The columns, all of one length; `spread` nil for zeros.
    public init(
        times: [Int64], open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double], spread: [Int32]? = nil
    ) {
        let spread = spread ?? [Int32](repeating: 0, count: times.count)
        precondition([open.count, high.count, low.count, close.count, volume.count, spread.count].allSatisfy { $0 == times.count })
        self.times = times
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.spread = spread
    }

    /// `bars` as columns: real volume as the volume, and their spreads.
    public init(_ bars: [Bar]) {
        self.init(
            times: bars.map(\.openTimeMs), open: bars.map(\.open), high: bars.map(\.high), low: bars.map(\.low),
            close: bars.map(\.close), volume: bars.map(\.realVolume), spread: bars.map(\.spread))
    }

    /// The bars of an OHLCV table read from `path`, exactly as training reads them
    /// (`OHLCVTable.bars(path:)`: `E_TIME_PARSE` for a time cell that is not a time,
    /// `E_CSV_MALFORMED` for a Spread cell that is not a whole number of points).
    public init(_ table: OHLCVTable, path: String) throws {
        self.init(try table.bars(path: path))
    }

    /// The bars in `range` (walk-forward windows), counted from 0 again.
    public func slice(_ range: Range<Int>) -> BarSeries {
        BarSeries(times: Array(times[range]), open: Array(open[range]), high: Array(high[range]), low: Array(low[range]),
                  close: Array(close[range]), volume: Array(volume[range]), spread: Array(spread[range]))
    }

    @inline(__always)
    func candle(_ i: Int) -> Candle {
        Candle(open: open[i], high: high[i], low: low[i], close: close[i], volume: volume[i])
    }
}
