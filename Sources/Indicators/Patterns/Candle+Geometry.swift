/// The parts of a candle TA-Lib's pattern functions talk about (`ta_utility.h` candle macros).
extension Candle {
    /// `|close − open|` (`TA_REALBODY`).
    @inline(__always) public var realBody: Double { abs(close - open) }
    /// `high − max(open, close)` (`TA_UPPERSHADOW`).
    @inline(__always) public var upperShadow: Double { high - (close >= open ? close : open) }
    /// `min(open, close) − low` (`TA_LOWERSHADOW`).
    @inline(__always) public var lowerShadow: Double { (close >= open ? open : close) - low }
    /// `high − low` (`TA_HIGHLOWRANGE`).
    @inline(__always) public var highLowRange: Double { high - low }
    /// 1 for white (close ≥ open), −1 for black (`TA_CANDLECOLOR`).
    @inline(__always) public var color: Int { close >= open ? 1 : -1 }
    /// The top of the real body.
    @inline(__always) public var bodyTop: Double { Swift.max(open, close) }
    /// The bottom of the real body.
    @inline(__always) public var bodyBottom: Double { Swift.min(open, close) }

    /// This real body lies wholly above `prior`'s (`TA_REALBODYGAPUP`).
    @inline(__always) public func realBodyGapsUp(from prior: Candle) -> Bool { bodyBottom > prior.bodyTop }
    /// This real body lies wholly below `prior`'s (`TA_REALBODYGAPDOWN`).
    @inline(__always) public func realBodyGapsDown(from prior: Candle) -> Bool { bodyTop < prior.bodyBottom }
    /// This candle's low is above `prior`'s high (`TA_CANDLEGAPUP`).
    @inline(__always) public func gapsUp(from prior: Candle) -> Bool { low > prior.high }
    /// This candle's high is below `prior`'s low (`TA_CANDLEGAPDOWN`).
    @inline(__always) public func gapsDown(from prior: Candle) -> Bool { high < prior.low }
}
