/// Moving average convergence/divergence (TA-Lib `MACD`): fast EMA − slow EMA, its EMA as the
/// signal line, and their difference as the histogram.
///
/// As TA-Lib: the periods are swapped if `slowperiod < fastperiod`; k is 2/(period + 1) for every
/// period (the fixed 0.15/0.075 belong to `MACDFIX` only); both price EMAs are seeded on the same
/// bar, `slowperiod − 1`, the fast one with the average of the last `fastperiod` values only; the
/// signal EMA is seeded with the average of the first `signalperiod` MACD values; every EMA step
/// is TA-Lib 0.8's fused `previous + (value − previous) · k`. Lookback:
/// `slowperiod − 1 + signalperiod − 1`.
public struct MACD: ValueIndicator {
    public let fastPeriod: Int
    public let slowPeriod: Int
    public let signalPeriod: Int
    public let source: PriceSource
    private let fastK: Double
    private let slowK: Double
    private let signalK: Double
    private var bar = 0
    private var fastSum = 0.0
    private var slowSum = 0.0
    private var fast = 0.0
    private var slow = 0.0
    private var signalCount = 0
    private var signalSum = 0.0
    private var macd = Double.nan
    private var signal = Double.nan
    private var ready = false

    public init(fastPeriod: Int = 12, slowPeriod: Int = 26, signalPeriod: Int = 9, source: PriceSource = .close) {
        precondition(fastPeriod >= 1 && slowPeriod >= 1 && signalPeriod >= 1)
        self.fastPeriod = min(fastPeriod, slowPeriod)
        self.slowPeriod = max(fastPeriod, slowPeriod)
        self.signalPeriod = signalPeriod
        self.source = source
        fastK = 2.0 / Double(self.fastPeriod + 1)
        slowK = 2.0 / Double(self.slowPeriod + 1)
        signalK = 2.0 / Double(signalPeriod + 1)
    }

    public var outputNames: [String] { ["macd", "macdsignal", "macdhist"] }
    public var lookback: Int { slowPeriod - 1 + signalPeriod - 1 }
    public var isReady: Bool { ready }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        if bar < slowPeriod {
            slowSum += value
            if bar >= slowPeriod - fastPeriod { fastSum += value }
            bar += 1
            guard bar == slowPeriod else { return false }
            slow = slowSum / Double(slowPeriod)
            fast = fastSum / Double(fastPeriod)
        } else {
            fast = fast.addingProduct(value - fast, fastK)
            slow = slow.addingProduct(value - slow, slowK)
        }
        macd = fast - slow
        if signalCount < signalPeriod {
            signalSum += macd
            signalCount += 1
            guard signalCount == signalPeriod else { return false }
            signal = signalSum / Double(signalPeriod)
        } else {
            signal = signal.addingProduct(macd - signal, signalK)
        }
        ready = true
        return true
    }

    public func value(_ index: Int) -> Double {
        switch index {
        case 0: macd
        case 1: signal
        default: macd - signal
        }
    }

    public mutating func reset() {
        bar = 0
        fastSum = 0
        slowSum = 0
        fast = 0
        slow = 0
        signalCount = 0
        signalSum = 0
        macd = .nan
        signal = .nan
        ready = false
    }
}
