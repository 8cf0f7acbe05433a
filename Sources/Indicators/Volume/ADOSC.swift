/// Chaikin A/D oscillator (TA-Lib `ADOSC`): EMA(`fastperiod`) − EMA(`slowperiod`) of the A/D line.
///
/// As TA-Lib: both EMAs start from the first A/D value (not from an average) and use
/// `k·ad + (1 − k)·previous`, the second product fused into the sum as TA-Lib 0.8 computes it; `fastperiod` is always subtracted from, even when it is the slower
/// one; the lookback is the larger period − 1.
public struct ADOSC: Indicator {
    public let fastPeriod: Int
    public let slowPeriod: Int
    private let fastK: Double
    private let oneMinusFastK: Double
    private let slowK: Double
    private let oneMinusSlowK: Double
    private var bar = 0
    private var ad = 0.0
    private var fast = 0.0
    private var slow = 0.0

    public init(fastPeriod: Int = 3, slowPeriod: Int = 10) {
        precondition(fastPeriod >= 1 && slowPeriod >= 1)
        self.fastPeriod = fastPeriod
        self.slowPeriod = slowPeriod
        fastK = 2.0 / (Double(fastPeriod) + 1.0)
        slowK = 2.0 / (Double(slowPeriod) + 1.0)
        oneMinusFastK = 1.0 - fastK
        oneMinusSlowK = 1.0 - slowK
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { max(fastPeriod, slowPeriod) - 1 }
    public var isReady: Bool { bar > lookback }

    @discardableResult
    public mutating func update(_ candle: Candle) -> Bool {
        if let flow = AD.moneyFlowVolume(candle) { ad += flow }
        if bar == 0 {
            fast = ad
            slow = ad
        } else {
            fast = (fastK * ad).addingProduct(oneMinusFastK, fast)
            slow = (slowK * ad).addingProduct(oneMinusSlowK, slow)
        }
        bar = min(bar + 1, lookback + 1)
        return bar > lookback
    }

    public func value(_ index: Int) -> Double { isReady ? fast - slow : .nan }

    public mutating func reset() {
        bar = 0
        ad = 0
        fast = 0
        slow = 0
    }
}
