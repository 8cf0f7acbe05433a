/// What a candle setting measures on each candle (TA-Lib `TA_RangeType`).
public enum CandleRangeType: Sendable, Equatable {
    /// `|close − open|`.
    case realBody
    /// `high − low`.
    case highLow
    /// Upper plus lower shadow; its average is halved (TA-Lib divides by 2 so it reads as one shadow).
    case shadows
}

/// One of TA-Lib's candle settings (`TA_CandleSetting`): what to measure, over how many previous
/// candles to average it, and the factor applied to that average.
///
/// A period of 0 means "the judged candle's own range" rather than an average, as in TA-Lib's
/// `TA_CANDLEAVERAGE` (that is how `ShadowLong` compares a shadow with the candle's own body).
public struct CandleSetting: Sendable, Equatable {
    public var rangeType: CandleRangeType
    public var period: Int
    public var factor: Double

    public init(_ rangeType: CandleRangeType, period: Int, factor: Double) {
        precondition(period >= 0, "candle setting period must not be negative")
        self.rangeType = rangeType
        self.period = period
        self.factor = factor
    }

    /// The measured range of `candle` (TA-Lib `TA_CANDLERANGE`).
    @inline(__always)
    public func range(_ candle: Candle) -> Double {
        switch rangeType {
        case .realBody: candle.realBody
        case .highLow: candle.highLowRange
        case .shadows: candle.upperShadow + candle.lowerShadow
        }
    }

    /// The threshold for `candle` given the running `total` of the previous `period` ranges
    /// (TA-Lib `TA_CANDLEAVERAGE`: factor × (total ÷ period, or the candle's own range when the
    /// period is 0) ÷ (2 for shadows, else 1), in that order).
    @inline(__always)
    public func average(total: Double, candle: Candle) -> Double {
        factor * (period != 0 ? total / Double(period) : range(candle)) / (rangeType == .shadows ? 2.0 : 1.0)
    }
}

/// The eleven candle settings TA-Lib's pattern functions read (`TA_SetCandleSettings`), with
/// TA-Lib's defaults from `TA_RestoreCandleDefaultSettings`.
public struct CandleSettings: Sendable, Equatable {
    /// Real body is long when longer than the average of the 10 previous real bodies.
    public var bodyLong = CandleSetting(.realBody, period: 10, factor: 1.0)
    /// Real body is very long when longer than 3 times the average of the 10 previous real bodies.
    public var bodyVeryLong = CandleSetting(.realBody, period: 10, factor: 3.0)
    /// Real body is short when shorter than the average of the 10 previous real bodies.
    public var bodyShort = CandleSetting(.realBody, period: 10, factor: 1.0)
    /// Real body is a doji's when no longer than 10% of the average of the 10 previous high-low ranges.
    public var bodyDoji = CandleSetting(.highLow, period: 10, factor: 0.1)
    /// Shadow is long when longer than the candle's own real body.
    public var shadowLong = CandleSetting(.realBody, period: 0, factor: 1.0)
    /// Shadow is very long when longer than twice the candle's own real body.
    public var shadowVeryLong = CandleSetting(.realBody, period: 0, factor: 2.0)
    /// Shadow is short when shorter than half the average of the 10 previous sums of shadows.
    public var shadowShort = CandleSetting(.shadows, period: 10, factor: 1.0)
    /// Shadow is very short when shorter than 10% of the average of the 10 previous high-low ranges.
    public var shadowVeryShort = CandleSetting(.highLow, period: 10, factor: 0.1)
    /// "Near": within 20% of the average of the 5 previous high-low ranges.
    public var near = CandleSetting(.highLow, period: 5, factor: 0.2)
    /// "Far": at least 60% of the average of the 5 previous high-low ranges.
    public var far = CandleSetting(.highLow, period: 5, factor: 0.6)
    /// "Equal": within 5% of the average of the 5 previous high-low ranges.
    public var equal = CandleSetting(.highLow, period: 5, factor: 0.05)

    public init() {}

    /// TA-Lib's defaults.
    public static let taLib = CandleSettings()
}
