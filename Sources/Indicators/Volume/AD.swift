/// Chaikin accumulation/distribution line (TA-Lib `AD`): the running sum of
/// `((close − low) − (high − close)) / (high − low) · volume`, bars with no range adding nothing.
public struct AD: Indicator {
    private var total = 0.0
    private var ready = false

    public init() {}

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { 0 }
    public var isReady: Bool { ready }

    /// One bar's money-flow volume in TA-Lib's order of operations; nil when high ≤ low.
    @inline(__always)
    static func moneyFlowVolume(_ candle: Candle) -> Double? {
        let range = candle.high - candle.low
        guard range > 0.0 else { return nil }
        return (candle.close - candle.low - (candle.high - candle.close)) / range * candle.volume
    }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        if let flow = Self.moneyFlowVolume(candle) { total += flow }
        ready = true
        return true
    }

    public func value(_ index: Int) -> Double { ready ? total : .nan }

    public mutating func reset() {
        total = 0
        ready = false
    }
}
