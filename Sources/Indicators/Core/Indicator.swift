/// The prices of one bar, as indicators see them.
public struct Candle: Sendable, Equatable {
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    public init(open: Double, high: Double, low: Double, close: Double, volume: Double = 0) {
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}

/// Which price of a candle a single-input indicator reads (TA-Lib's `price` input).
public enum PriceSource: String, Sendable, CaseIterable {
    case open, high, low, close, volume

    @inlinable
    public func pick(_ candle: Candle) -> Double {
        switch self {
        case .open: candle.open
        case .high: candle.high
        case .low: candle.low
        case .close: candle.close
        case .volume: candle.volume
        }
    }
}

/// A technical indicator updated one bar at a time, equal to its TA-Lib function.
///
/// After `lookback` bars (TA-Lib's lookback with the default unstable period of 0) every
/// update produces outputs. There is no way to give an indicator a later bar than the one it
/// is updating with, so an output can only depend on the past. The batch form (`batch`) is
/// this streaming form run over an array, so the two cannot disagree.
public protocol Indicator: Sendable {
    /// TA-Lib's output names in TA-Lib's order (`real`, or `macd`, `macdsignal`, `macdhist`, …).
    var outputNames: [String] { get }
    /// Bars consumed before the first output.
    var lookback: Int { get }
    /// Whether the last update produced outputs.
    var isReady: Bool { get }
    /// Feeds the next bar; returns `isReady`.
    @discardableResult
    mutating func update(_ candle: Candle) -> Bool
    /// Output `index` (in `outputNames` order) after the last update; meaningful when `isReady`.
    func value(_ index: Int) -> Double
    /// Forgets every bar, as if newly made.
    mutating func reset()
}

/// An indicator over one series of numbers (Close unless told otherwise).
public protocol ValueIndicator: Indicator {
    /// The price it reads from a candle.
    var source: PriceSource { get }
    /// Feeds the next value of the series; returns `isReady`.
    @discardableResult
    mutating func update(value: Double) -> Bool
}

extension ValueIndicator {
    @discardableResult @inlinable
    public mutating func update(_ candle: Candle) -> Bool { update(value: source.pick(candle)) }
}

extension Indicator {
    /// The single output (index 0).
    public var value: Double { value(0) }

    /// Runs a fresh copy over `candles`: one column per output, `nil` during warm-up.
    public func batch(_ candles: [Candle]) -> [[Double?]] {
        var indicator = self
        indicator.reset()
        var columns = Array(repeating: [Double?](repeating: nil, count: candles.count), count: outputNames.count)
        for (row, candle) in candles.enumerated() where indicator.update(candle) {
            for output in columns.indices { columns[output][row] = indicator.value(output) }
        }
        return columns
    }
}
