/// Bollinger Bands (TA-Lib `BBANDS`): a moving average of type `matype` plus and minus
/// `nbdevup`/`nbdevdn` population standard deviations over the same `period`.
///
/// The deviation is TA-Lib 0.8's shifted, self-reseeding running variance (`RollingVariance`),
/// started, as TA-Lib starts it, `period − 1` bars before the average's first output (so not at
/// the first bar for averages with longer lookbacks, such as DEMA or T3). With different up and
/// down multipliers the upper band's product is fused into its sum, as in TA-Lib's build.
public struct BBANDS: ValueIndicator {
    public let period: Int
    public let deviationsUp: Double
    public let deviationsDown: Double
    public let type: MovingAverageType
    public let source: PriceSource
    private var middle: MovingAverage
    private var variance: RollingVariance
    /// The bar at which the variance's window starts.
    private let varianceStart: Int
    private var bar = 0
    private var upper = Double.nan
    private var lower = Double.nan
    private var ready = false

    public init(
        period: Int = 20, deviationsUp: Double = 2, deviationsDown: Double = 2, type: MovingAverageType = .sma,
        source: PriceSource = .close
    ) {
        precondition(period >= 2)
        self.period = period
        self.deviationsUp = deviationsUp
        self.deviationsDown = deviationsDown
        self.type = type
        self.source = source
        middle = MovingAverage(period: period, type: type)
        variance = RollingVariance(period: period)
        varianceStart = type.lookback(period: period) - (period - 1)
    }

    public var outputNames: [String] { ["upperband", "middleband", "lowerband"] }
    public var lookback: Int { middle.lookback }
    public var isReady: Bool { ready }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        let averageReady = middle.update(value: value)
        defer { bar = min(bar + 1, varianceStart) }
        guard bar >= varianceStart, let spread = variance.update(value), averageReady else { return false }
        let deviation = spread.squareRoot()
        let average = middle.value
        if deviationsUp == deviationsDown {
            let width = deviation * deviationsUp
            upper = average + width
            lower = average - width
        } else {
            upper = average.addingProduct(deviation, deviationsUp)
            lower = average - deviation * deviationsDown
        }
        ready = true
        return true
    }

    public func value(_ index: Int) -> Double {
        switch index {
        case 0: upper
        case 1: middle.value
        default: lower
        }
    }

    public mutating func reset() {
        middle.reset()
        variance.reset()
        bar = 0
        upper = .nan
        lower = .nan
        ready = false
    }
}
