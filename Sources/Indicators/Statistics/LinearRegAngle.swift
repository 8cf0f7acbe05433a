#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Linear regression angle (TA-Lib `LINEARREG_ANGLE`): the slope of the least-squares line
/// through the last `period` values, in degrees (`atan(slope)·180/π`).
public struct LinearRegAngle: ValueIndicator {
    public let period: Int
    public let source: PriceSource
    private var regression: LinearRegressionWindow
    private var current = Double.nan

    public init(period: Int = 14, source: PriceSource = .close) {
        precondition(period >= 2)
        self.period = period
        self.source = source
        regression = LinearRegressionWindow(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { regression.isReady }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        guard regression.update(value) else { return false }
        current = atan(regression.slope) * (180.0 / 3.14159265358979323846)
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        regression.reset()
        current = .nan
    }
}
