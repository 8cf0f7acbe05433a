import ErrorDNA

/// A dense row-major matrix of Float features; `Float.nan` marks a missing value.
///
/// Float because XGBoost stores and compares features in float32: a Double feature would be
/// rounded the same way before any split, so the model sees exactly these values.
public struct FloatMatrix: Sendable, Equatable {
    public let rowCount: Int
    public let columnCount: Int
    /// `rowCount × columnCount` values, row after row.
    public let values: [Float]

    public init(values: [Float], columnCount: Int) throws {
        guard columnCount > 0 else {
            throw TradehubError(.learningData, ["problem": "a feature matrix needs at least one column"])
        }
        guard values.count % columnCount == 0 else {
            throw TradehubError(.learningData, [
                "problem": "\(values.count) feature values do not fill rows of \(columnCount) columns",
            ])
        }
        self.values = values
        self.columnCount = columnCount
        rowCount = values.count / columnCount
    }

    /// A matrix from rows of equal length.
    public init(rows: [[Float]]) throws {
        guard let width = rows.first?.count else {
            throw TradehubError(.learningData, ["problem": "a feature matrix needs at least one row"])
        }
        if let ragged = rows.firstIndex(where: { $0.count != width }) {
            throw TradehubError(.learningData, [
                "problem": "row \(ragged) has \(rows[ragged].count) values; row 0 has \(width)",
            ])
        }
        try self.init(values: rows.flatMap { $0 }, columnCount: width)
    }

    /// The values of one row.
    public subscript(row: Int) -> ArraySlice<Float> {
        values[row * columnCount..<(row + 1) * columnCount]
    }

    /// The matrix of the given rows, in the order given.
    public func rows(_ indices: some Sequence<Int>) -> FloatMatrix {
        var selected: [Float] = []
        for row in indices { selected.append(contentsOf: self[row]) }
        return FloatMatrix(checkedValues: selected, columnCount: columnCount)
    }

    /// The matrix of the given columns, in the order given; each index must be below `columnCount`
    /// and at least one must be given.
    public func columns(_ indices: [Int]) -> FloatMatrix {
        precondition(!indices.isEmpty && indices.allSatisfy { (0..<columnCount).contains($0) }, "column out of range")
        var selected: [Float] = []
        selected.reserveCapacity(rowCount * indices.count)
        for row in 0..<rowCount {
            let start = row * columnCount
            for column in indices { selected.append(values[start + column]) }
        }
        return FloatMatrix(checkedValues: selected, columnCount: indices.count)
    }

    private init(checkedValues: [Float], columnCount: Int) {
        values = checkedValues
        self.columnCount = columnCount
        rowCount = checkedValues.count / columnCount
    }
}

/// Training rows: features, one label per row and optional per-row weights.
public struct Dataset: Sendable, Equatable {
    public let features: FloatMatrix
    public let labels: [Float]
    public let weights: [Float]?

    public init(features: FloatMatrix, labels: [Float], weights: [Float]? = nil) throws {
        guard labels.count == features.rowCount else {
            throw TradehubError(.learningData, [
                "problem": "\(labels.count) labels for \(features.rowCount) rows",
            ])
        }
        if let bad = labels.firstIndex(where: { !$0.isFinite }) {
            throw TradehubError(.learningData, ["problem": "label of row \(bad) is \(labels[bad])"])
        }
        if let weights {
            guard weights.count == features.rowCount else {
                throw TradehubError(.learningData, [
                    "problem": "\(weights.count) weights for \(features.rowCount) rows",
                ])
            }
            if let bad = weights.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                throw TradehubError(.learningData, ["problem": "weight of row \(bad) is \(weights[bad])"])
            }
        }
        self.features = features
        self.labels = labels
        self.weights = weights
    }

    public var rowCount: Int { features.rowCount }

    /// The dataset of the given rows, in the order given.
    public func rows(_ indices: some Collection<Int>) -> Dataset {
        Dataset(
            checkedFeatures: features.rows(indices), labels: indices.map { labels[$0] },
            weights: weights.map { weights in indices.map { weights[$0] } })
    }

    /// The dataset of the given feature columns (see `FloatMatrix.columns`), every row kept.
    public func columns(_ indices: [Int]) -> Dataset {
        Dataset(checkedFeatures: features.columns(indices), labels: labels, weights: weights)
    }

    private init(checkedFeatures: FloatMatrix, labels: [Float], weights: [Float]?) {
        features = checkedFeatures
        self.labels = labels
        self.weights = weights
    }
}
