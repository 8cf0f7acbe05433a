import ErrorDNA
import Features
import Testing

@Suite("labels")
struct LabelTests {
    @Test("direction: 1 above the threshold, else 0; NaN past the data; window t+h")
    func direction() throws {
        let close = [100.0, 100.1, 99.9, 100.2, 100.0]
        let label = try LabelSpec(parsing: "direction(h=2, threshold=0.0005)")
        #expect(label == .direction(horizon: 2, threshold: 0.0005, dropNeutral: false))
        let series = label.labels(high: close, low: close, close: close)
        // Returns over 2 bars: -0.1 %, +0.0999 %, +0.1001 %.
        #expect(series.values[0] == 0 && series.values[1] == 1 && series.values[2] == 1)
        #expect(series.values[3].isNaN && series.values[4].isNaN)
        #expect(series.windowEnd == [2, 3, 4, 4, 4])
    }

    @Test("direction with neutral=drop leaves the band within ±threshold unlabelled")
    func neutralBand() throws {
        let close = [100.0, 100.02, 99.0, 101.0]
        let series = try LabelSpec(parsing: "direction(h=1,threshold=0.001,neutral=drop)")
            .labels(high: close, low: close, close: close)
        #expect(series.values[0].isNaN)
        #expect(series.values[1] == 0 && series.values[2] == 1 && series.values[3].isNaN)
        let kept = try LabelSpec(parsing: "direction(h=1,threshold=0.001)").labels(high: close, low: close, close: close)
        #expect(kept.values[0] == 0)
    }

    @Test("triple barrier: first touch wins, the stop on a tie, else the sign at the vertical barrier")
    func tripleBarrier() throws {
        let label = try LabelSpec(parsing: "triple_barrier(tp=0.01,sl=0.01,h=3)")
        let close: [Double] = [100, 100, 100, 100, 100, 100, 100, 100]
        let high: [Double] = [100, 100.5, 101, 100, 102, 100, 100, 100]
        let low: [Double] = [100, 99.5, 99.5, 100, 98, 100, 99.5, 100]
        let series = label.labels(high: high, low: low, close: close)
        // t=0: bar 2 reaches 101 first → 1 at bar 2. t=1: bar 2 again → 1. t=2: bar 4 touches both → stop → 0.
        // t=3: bar 4 both → 0. t=4: nothing in 5…7, close equal → 0 at 7. t ≥ 5: past the data.
        #expect(Array(series.values[..<5]) == [1, 1, 0, 0, 0])
        #expect(series.values[5...].allSatisfy { $0.isNaN })
        #expect(Array(series.windowEnd[..<5]) == [2, 2, 4, 4, 7])
        #expect(series.windowEnd.enumerated().allSatisfy { $0.element >= $0.offset })

        let up = try LabelSpec(parsing: "triple_barrier(tp=0.05,sl=0.05,h=2)")
            .labels(high: [1, 1, 1], low: [1, 1, 1], close: [1, 0.9999, 1.0001])
        #expect(up.values[0] == 1 && up.windowEnd[0] == 2)
    }

    @Test("canonical text names every argument")
    func canonical() throws {
        #expect(try LabelSpec(parsing: "direction(h=12)").canonical == "direction(h=12,threshold=0)")
        #expect(try LabelSpec(parsing: "TRIPLE_BARRIER(h=24,sl=0.001,tp=0.002)").canonical == "triple_barrier(tp=0.002,sl=0.001,h=24)")
    }

    @Test("bad labels are E_LABEL_SYNTAX", arguments: [
        "direction", "direction()", "direction(h=0)", "direction(h=-3)", "direction(h=2,threshold=-1)", "direction(h=2,x=1)",
        "direction(h=2,h=3)", "triple_barrier(tp=0.01,h=3)", "triple_barrier(tp=0,sl=0.01,h=3)", "nope(h=1)",
        "direction(h=2,neutral=maybe)",
    ])
    func bad(text: String) throws {
        #expect(thrown { _ = try LabelSpec(parsing: text) }?.code == .labelSyntax)
    }
}
