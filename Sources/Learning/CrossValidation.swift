import ErrorDNA

/// One cross-validation fold: the rows a model trains on and the contiguous rows it is tested on.
public struct ValidationFold: Sendable, Equatable, Codable {
    public let index: Int
    /// Ascending, disjoint, non-empty row ranges.
    public let train: [Range<Int>]
    public let test: Range<Int>

    public var trainIndices: [Int] { train.flatMap { Array($0) } }
    public var trainCount: Int { train.reduce(0) { $0 + $1.count } }
}

/// Time-ordered splits that keep the future out of training: rows whose label window reaches
/// into a test fold are purged from its training set, and an embargo keeps a margin of rows away.
///
/// A row's label window runs from the row to `labelWindowEnd[row]`, the last row its label reads
/// (`row + h` for a fixed horizon `h`). Two rows' labels overlap when their windows do.
public enum CrossValidation {
    /// Expanding-window walk-forward: the rows are cut into `folds + 1` blocks of equal size (the
    /// first takes the remainder), fold `i` tests block `i + 1` and trains on what precedes it.
    ///
    /// Only earlier rows train, so nothing after a test fold can leak into it and the embargo has
    /// nothing to guard there; instead it moves the training cut back: a fold starting at row `s`
    /// trains on exactly the rows whose label window ends before `s − embargo`, as if the model had
    /// been fitted `embargo` rows before the fold began (with `embargo = 0` this is the purge alone).
    public static func walkForward(labelWindowEnd: [Int], folds: Int, embargo: Int) throws -> [ValidationFold] {
        try validate(labelWindowEnd: labelWindowEnd, folds: folds, embargo: embargo, blocks: folds + 1)
        let rowCount = labelWindowEnd.count
        let testSize = rowCount / (folds + 1)
        return try (0..<folds).map { index in
            let testStart = rowCount - (folds - index) * testSize
            let cut = testStart - embargo
            let train = ranges((0..<max(cut, 0)).filter { labelWindowEnd[$0] < cut })
            return try fold(index, train: train, test: testStart..<testStart + testSize)
        }
    }

    /// Walk-forward for labels that each read the next `horizon` rows (clipped at the last row).
    public static func walkForward(rowCount: Int, horizon: Int, folds: Int, embargo: Int) throws -> [ValidationFold] {
        try walkForward(labelWindowEnd: fixedHorizon(rowCount: rowCount, horizon: horizon), folds: folds, embargo: embargo)
    }

    /// Purged k-fold (López de Prado): `folds` contiguous test blocks, each trained on every other
    /// row except those whose label window overlaps the test rows' label windows (the purge) and
    /// the `embargo` rows right after the test block, whose features still read the test period.
    public static func purgedKFold(labelWindowEnd: [Int], folds: Int, embargo: Int) throws -> [ValidationFold] {
        try validate(labelWindowEnd: labelWindowEnd, folds: folds, embargo: embargo, blocks: folds)
        let rowCount = labelWindowEnd.count
        return try (0..<folds).map { index in
            let test = index * rowCount / folds..<(index + 1) * rowCount / folds
            let lastTestWindowEnd = labelWindowEnd[test].max() ?? test.upperBound - 1
            let laterStart = max(lastTestWindowEnd + 1, test.upperBound + embargo)
            let earlier = (0..<test.lowerBound).filter { labelWindowEnd[$0] < test.lowerBound }
            return try fold(index, train: ranges(earlier) + (laterStart < rowCount ? [laterStart..<rowCount] : []), test: test)
        }
    }

    /// `row + horizon` clipped at the last row: the label windows of a fixed-horizon label.
    public static func fixedHorizon(rowCount: Int, horizon: Int) -> [Int] {
        (0..<max(rowCount, 0)).map { min($0 + max(horizon, 0), rowCount - 1) }
    }

    private static func validate(labelWindowEnd: [Int], folds: Int, embargo: Int, blocks: Int) throws {
        guard folds >= 2 else { throw TradehubError(.cvArgument, ["problem": "folds = \(folds); at least 2 are needed"]) }
        guard embargo >= 0 else { throw TradehubError(.cvArgument, ["problem": "embargo = \(embargo) is negative"]) }
        guard labelWindowEnd.count >= blocks else {
            throw TradehubError(.cvArgument, ["problem": "\(labelWindowEnd.count) rows cannot make \(blocks) blocks"])
        }
        if let bad = labelWindowEnd.indices.first(where: { labelWindowEnd[$0] < $0 }) {
            throw TradehubError(.cvArgument, [
                "problem": "the label window of row \(bad) ends at row \(labelWindowEnd[bad]), before the row itself",
            ])
        }
    }

    private static func fold(_ index: Int, train: [Range<Int>], test: Range<Int>) throws -> ValidationFold {
        guard !train.isEmpty else {
            throw TradehubError(.cvArgument, [
                "problem": "fold \(index) (test rows \(test.lowerBound)–\(test.upperBound - 1)) keeps no training rows after purge and embargo",
            ])
        }
        return ValidationFold(index: index, train: train, test: test)
    }

    /// Ascending indices as maximal contiguous ranges.
    private static func ranges(_ sorted: [Int]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for row in sorted {
            if let last = result.last, last.upperBound == row {
                result[result.count - 1] = last.lowerBound..<row + 1
            } else {
                result.append(row..<row + 1)
            }
        }
        return result
    }
}
