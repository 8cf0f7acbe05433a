import Features
import Learning
import Testing
import TradehubModel

@Suite("Training set")
struct TrainingSetTests {
    @Test("label windows map to the last kept row at or before their end, also when later windows end sooner")
    func windowPositions() {
        #expect(TrainingSet.positions(of: [5, 2, 9, 0, 8], in: [0, 2, 4, 6, 8]) == [2, 1, 4, 0, 4])
    }

    @Test("rows start after the warm-up, end where labels do, and carry bar indices, times and window ends")
    func rows() throws {
        let bars = (0..<300).map { i in
            let close = 100 + Double(i % 17) - Double(i % 5)
            return Bar(openTimeMs: Int64(i) * 3_600_000, open: close, high: close + 1, low: close - 1, close: close)
        }
        let set = try TrainingSet(
            bars: bars, featureSet: FeatureSet(parsing: "RSI(14),return(3)"), timeframe: nil,
            label: LabelSpec(parsing: "direction(h=10,threshold=0)"))
        #expect(set.bars.first == 14 && set.bars.last == 289)
        #expect(set.times.first == Int64(14) * 3_600_000)
        #expect(set.labelWindowEnd.first == 10 && set.labelWindowEnd.last == set.rowCount - 1)
        #expect(set.dataset.features.columnCount == 2 && set.dataset.rowCount == set.rowCount)
    }
}
