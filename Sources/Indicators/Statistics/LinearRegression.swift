#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The least-squares line through the last `period` values: TA-Lib's `LINEARREG`,
/// `LINEARREG_SLOPE`, `LINEARREG_ANGLE`, `LINEARREG_INTERCEPT` and `TSF`, one per `Output`.
public struct LinearRegression: ValueIndicator {
    /// What of the line is reported.
    public enum Output: Sendable, CaseIterable {
        /// TA-Lib `LINEARREG`: the line at the newest bar (`intercept + slope·(period−1)`, fused
        /// as in TA-Lib 0.8).
        case value
        /// TA-Lib `LINEARREG_SLOPE`: the slope per bar.
        case slope
        /// TA-Lib `LINEARREG_ANGLE`: the slope in degrees (`atan(slope)·180/π`).
        case angle
        /// TA-Lib `LINEARREG_INTERCEPT`: the line at the oldest bar of the window.
        case intercept
        /// TA-Lib `TSF` (time series forecast): the line one bar past the newest
        /// (`intercept + slope·period`, fused as in TA-Lib 0.8).
        case forecast

        @inline(__always)
        func read(_ regression: LinearRegressionWindow) -> Double {
            switch self {
            case .value: regression.line(at: Double(regression.period - 1))
            case .slope: regression.slope
            case .angle: atan(regression.slope) * (180.0 / 3.14159265358979323846)
            case .intercept: regression.intercept
            case .forecast: regression.line(at: Double(regression.period))
            }
        }
    }

    public let period: Int
    public let output: Output
    public let source: PriceSource
    private var regression: LinearRegressionWindow
    private var current = Double.nan

    public init(period: Int = 14, output: Output, source: PriceSource = .close) {
        precondition(period >= 2)
        self.period = period
        self.output = output
        self.source = source
        regression = LinearRegressionWindow(period: period)
    }

    public var outputNames: [String] { ["real"] }
    public var lookback: Int { period - 1 }
    public var isReady: Bool { regression.isReady }

    @discardableResult
    public mutating func update(value: Double) -> Bool {
        guard regression.update(value) else { return false }
        current = output.read(regression)
        return true
    }

    public func value(_ index: Int) -> Double { current }

    public mutating func reset() {
        regression.reset()
        current = .nan
    }
}
