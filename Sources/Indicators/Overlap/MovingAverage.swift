/// The moving average chosen by a TA-Lib `matype` (TA-Lib `MA`, and the smoothing inside
/// `BBANDS`, `APO`, `PPO`, `STOCH`, `STOCHF`, `STOCHRSI`).
///
/// As TA-Lib's `MA`: a period of 1 returns the input unchanged (lookback 0) whatever the type,
/// and T3 uses a volume factor of 0.7. Each case holds its concrete average, so updating it
/// costs one switch and no existential.
public enum MovingAverage: ValueIndicator {
    case passthrough(Passthrough)
    case sma(SMA)
    case ema(EMA)
    case wma(WMA)
    case dema(DEMA)
    case tema(TEMA)
    case trima(TRIMA)
    case kama(KAMA)
    case t3(T3)

    public init(period: Int = 30, type: MovingAverageType = .sma, source: PriceSource = .close) {
        precondition(period >= 1)
        guard period > 1 else {
            self = .passthrough(Passthrough(source: source))
            return
        }
        switch type {
        case .sma: self = .sma(SMA(period: period, source: source))
        case .ema: self = .ema(EMA(period: period, source: source))
        case .wma: self = .wma(WMA(period: period, source: source))
        case .dema: self = .dema(DEMA(period: period, source: source))
        case .tema: self = .tema(TEMA(period: period, source: source))
        case .trima: self = .trima(TRIMA(period: period, source: source))
        case .kama: self = .kama(KAMA(period: period, source: source))
        case .t3: self = .t3(T3(period: period, volumeFactor: 0.7, source: source))
        }
    }

    /// The value itself, for a period of 1.
    public struct Passthrough: ValueIndicator {
        public let source: PriceSource
        private var current = Double.nan
        private var ready = false

        public init(source: PriceSource = .close) { self.source = source }

        public var outputNames: [String] { ["real"] }
        public var lookback: Int { 0 }
        public var isReady: Bool { ready }

        @discardableResult
        public mutating func update(value: Double) -> Bool {
            current = value
            ready = true
            return true
        }

        public func value(_ index: Int) -> Double { current }

        public mutating func reset() {
            current = .nan
            ready = false
        }
    }

    public var source: PriceSource {
        switch self {
        case .passthrough(let average): average.source
        case .sma(let average): average.source
        case .ema(let average): average.source
        case .wma(let average): average.source
        case .dema(let average): average.source
        case .tema(let average): average.source
        case .trima(let average): average.source
        case .kama(let average): average.source
        case .t3(let average): average.source
        }
    }

    public var outputNames: [String] { ["real"] }

    public var lookback: Int {
        switch self {
        case .passthrough(let average): average.lookback
        case .sma(let average): average.lookback
        case .ema(let average): average.lookback
        case .wma(let average): average.lookback
        case .dema(let average): average.lookback
        case .tema(let average): average.lookback
        case .trima(let average): average.lookback
        case .kama(let average): average.lookback
        case .t3(let average): average.lookback
        }
    }

    public var isReady: Bool {
        switch self {
        case .passthrough(let average): average.isReady
        case .sma(let average): average.isReady
        case .ema(let average): average.isReady
        case .wma(let average): average.isReady
        case .dema(let average): average.isReady
        case .tema(let average): average.isReady
        case .trima(let average): average.isReady
        case .kama(let average): average.isReady
        case .t3(let average): average.isReady
        }
    }

    public func value(_ index: Int) -> Double {
        switch self {
        case .passthrough(let average): average.value(0)
        case .sma(let average): average.value(0)
        case .ema(let average): average.value(0)
        case .wma(let average): average.value(0)
        case .dema(let average): average.value(0)
        case .tema(let average): average.value(0)
        case .trima(let average): average.value(0)
        case .kama(let average): average.value(0)
        case .t3(let average): average.value(0)
        }
    }

    /// Each mutating case first parks `self` on a placeholder, so the payload it took out is
    /// uniquely referenced and its buffers are mutated in place rather than copied.
    @discardableResult
    public mutating func update(value: Double) -> Bool {
        switch self {
        case .passthrough(var average):
            self = Self.placeholder
            defer { self = .passthrough(average) }
            return average.update(value: value)
        case .sma(var average):
            self = Self.placeholder
            defer { self = .sma(average) }
            return average.update(value: value)
        case .ema(var average):
            self = Self.placeholder
            defer { self = .ema(average) }
            return average.update(value: value)
        case .wma(var average):
            self = Self.placeholder
            defer { self = .wma(average) }
            return average.update(value: value)
        case .dema(var average):
            self = Self.placeholder
            defer { self = .dema(average) }
            return average.update(value: value)
        case .tema(var average):
            self = Self.placeholder
            defer { self = .tema(average) }
            return average.update(value: value)
        case .trima(var average):
            self = Self.placeholder
            defer { self = .trima(average) }
            return average.update(value: value)
        case .kama(var average):
            self = Self.placeholder
            defer { self = .kama(average) }
            return average.update(value: value)
        case .t3(var average):
            self = Self.placeholder
            defer { self = .t3(average) }
            return average.update(value: value)
        }
    }

    public mutating func reset() {
        switch self {
        case .passthrough(var average):
            self = Self.placeholder
            average.reset()
            self = .passthrough(average)
        case .sma(var average):
            self = Self.placeholder
            average.reset()
            self = .sma(average)
        case .ema(var average):
            self = Self.placeholder
            average.reset()
            self = .ema(average)
        case .wma(var average):
            self = Self.placeholder
            average.reset()
            self = .wma(average)
        case .dema(var average):
            self = Self.placeholder
            average.reset()
            self = .dema(average)
        case .tema(var average):
            self = Self.placeholder
            average.reset()
            self = .tema(average)
        case .trima(var average):
            self = Self.placeholder
            average.reset()
            self = .trima(average)
        case .kama(var average):
            self = Self.placeholder
            average.reset()
            self = .kama(average)
        case .t3(var average):
            self = Self.placeholder
            average.reset()
            self = .t3(average)
        }
    }

    private static var placeholder: MovingAverage { .passthrough(Passthrough()) }
}
