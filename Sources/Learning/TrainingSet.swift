import ErrorDNA
import Features
import TradehubModel

/// Bars turned into what a model learns from: one row per bar that has every feature (warm-up
/// over) and a known label, in time order, with the row each label's window ends at, so that
/// cross-validation can purge overlapping labels.
public struct TrainingSet: Sendable {
    public let dataset: Dataset
    public let featureNames: [String]
    /// The bar index of each row.
    public let bars: [Int]
    /// The open time of each row's bar.
    public let times: [Int64]
    /// For each row, the last row whose bar its label reads (for `CrossValidation`).
    public let labelWindowEnd: [Int]

    public var rowCount: Int { bars.count }

    /// The rows of `bars` under `featureSet` and `label`; throws `E_LEARNING_DATA` when fewer
    /// than `minimumRows` remain.
    public init(
        bars input: [Bar], featureSet: FeatureSet, timeframe: Timeframe?, label: LabelSpec, minimumRows: Int = 50
    ) throws {
        var engine = try FeatureEngine(featureSet, timeframe: timeframe)
        let matrix = engine.run(over: input)
        let labels = label.labels(input)
        let width = matrix.columnCount
        // Rows start where every feature has a value; a later NaN (a gap) is left to XGBoost as missing.
        let firstComplete = (0..<matrix.rowCount).first { row in
            (0..<width).allSatisfy { matrix[row, $0].isFinite }
        } ?? matrix.rowCount
        let kept = (firstComplete..<matrix.rowCount).filter { labels.values[$0].isFinite }
        guard kept.count >= minimumRows else {
            throw TradehubError(.learningData, [
                "problem": "\(kept.count) rows have every feature and a label (\(input.count) bars, warm-up \(firstComplete) bars,"
                    + " label horizon \(label.horizon)); at least \(minimumRows) are needed",
            ])
        }
        var values = [Float]()
        values.reserveCapacity(kept.count * width)
        for bar in kept {
            for column in 0..<width { values.append(Float(matrix[bar, column])) }
        }
        dataset = try Dataset(
            features: try FloatMatrix(values: values, columnCount: width), labels: kept.map { Float(labels.values[$0]) })
        featureNames = matrix.names
        bars = kept
        times = kept.map { input[$0].openTimeMs }
        labelWindowEnd = Self.positions(of: kept.map { labels.windowEnd[$0] }, in: kept)
    }

    /// For each index in `ends`, the position in `rows` (ascending, non-empty) of the last row at
    /// or before it: a label window's end in a subset of the rows.
    public static func positions(of ends: [Int], in rows: [Int]) -> [Int] {
        ends.map { end in
            var low = 0, high = rows.count  // first position whose row is > end
            while low < high {
                let middle = (low + high) / 2
                if rows[middle] <= end { low = middle + 1 } else { high = middle }
            }
            return max(low - 1, 0)
        }
    }
}
