import ErrorDNA
import Indicators
import MarketData

/// OHLCV bars in memory, oldest first, with times in epoch milliseconds (UTC).
public struct BarSeries: Sendable {
    public var times: [Int64]
    public var open: [Double]
    public var high: [Double]
    public var low: [Double]
    public var close: [Double]
    public var volume: [Double]

    public var count: Int { close.count }

    public init(times: [Int64], open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double]) {
        precondition([open.count, high.count, low.count, close.count, volume.count].allSatisfy { $0 == times.count })
        self.times = times
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// The bars of an OHLCV table; throws `E_TIME_PARSE` for a time cell that is not a time.
    public init(_ table: OHLCVTable) throws {
        var times: [Int64] = []
        times.reserveCapacity(table.count)
        for cell in table.times {
            guard let ms = MarketTime.parse(cell) else {
                throw TradehubError(.timeParse, ["value": cell, "problem": "not a date or time"])
            }
            times.append(ms)
        }
        let volume = table.hasVolume ? table.volume : [Double](repeating: 0, count: table.count)
        self.init(times: times, open: table.open, high: table.high, low: table.low, close: table.close, volume: volume)
    }

    /// The bars in `range` (walk-forward windows), counted from 0 again.
    public func slice(_ range: Range<Int>) -> BarSeries {
        BarSeries(times: Array(times[range]), open: Array(open[range]), high: Array(high[range]), low: Array(low[range]),
                  close: Array(close[range]), volume: Array(volume[range]))
    }

    @inline(__always)
    func candle(_ i: Int) -> Candle {
        Candle(open: open[i], high: high[i], low: low[i], close: close[i], volume: volume[i])
    }
}
