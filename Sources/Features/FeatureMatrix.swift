import TradehubModel

/// A feature matrix aligned to bars: row `i` is what was known at the close of bar `i`, computed
/// from bars `0...i` only.
public struct FeatureMatrix: Sendable, Equatable {
    /// Column names, the canonical feature texts.
    public let names: [String]
    /// Open time of each row's bar, UTC milliseconds.
    public let timestamps: [Int64]
    /// Row-major cells; NaN where a feature is not yet available.
    public var values: [Double]

    public init(names: [String], timestamps: [Int64], values: [Double]) {
        precondition(values.count == names.count * timestamps.count, "values must hold rows × columns cells")
        self.names = names
        self.timestamps = timestamps
        self.values = values
    }

    public var rowCount: Int { timestamps.count }
    public var columnCount: Int { names.count }

    /// The cells of row `i`.
    public func row(_ i: Int) -> ArraySlice<Double> { values[i * columnCount..<(i + 1) * columnCount] }

    /// The cells of column `j`, one per row.
    public func column(_ j: Int) -> [Double] { (0..<rowCount).map { values[$0 * columnCount + j] } }

    public subscript(row: Int, column: Int) -> Double { values[row * columnCount + column] }

    /// Equal shape and names, and every cell equal or NaN in both.
    public static func == (lhs: FeatureMatrix, rhs: FeatureMatrix) -> Bool {
        lhs.names == rhs.names && lhs.timestamps == rhs.timestamps && lhs.values.count == rhs.values.count
            && zip(lhs.values, rhs.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
}

extension FeatureMatrix {
    /// The batch form: a fresh streaming engine run over `bars`, so it cannot disagree with it.
    public init(_ featureSet: FeatureSet, bars: [Bar], timeframe: Timeframe?, volume: BarVolume = .real) throws {
        var engine = try FeatureEngine(featureSet, timeframe: timeframe, volume: volume)
        self = engine.run(over: bars)
    }
}
