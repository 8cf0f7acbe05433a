import ErrorDNA
import Foundation
import Features
import Indicators
import Testing
import TradehubModel

/// A deterministic 64-bit LCG, so the randomised tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}

/// H1 bars of a random walk from 2024-01-01T00:00Z (a Monday), with volume and spread.
func randomBars(_ count: Int, seed: UInt64, startMs: Int64 = 1_704_067_200_000, stepMs: Int64 = 3_600_000) -> [Bar] {
    var random = SeededGenerator(state: seed)
    var close = 1.1
    return (0..<count).map { index in
        let open = close
        close = open * (1 + Double.random(in: -0.002...0.002, using: &random))
        return Bar(
            openTimeMs: startMs + Int64(index) * stepMs, open: open,
            high: max(open, close) * (1 + Double.random(in: 0...0.001, using: &random)),
            low: min(open, close) * (1 - Double.random(in: 0...0.001, using: &random)), close: close,
            tickVolume: Int64.random(in: 1...500, using: &random), spread: Int32.random(in: 0...20, using: &random),
            realVolume: Double.random(in: 100...10_000, using: &random))
    }
}

@Suite("feature engine")
struct FeatureEngineTests {
    static let wide = """
        SMA(20),EMA(10),RSI(14),MACD,BBANDS(20,2,2),ATR(14),STOCH,ADX(14),CCI(14),OBV,MFI(14),KAMA(10),T3,SAR,
        return(1),return(5),lag(RSI(14),3),lag(return(1),1),lag(lag(return(1),1),2),hour(),dow(),spread(),
        RSI(14)@H4,MACD@H4,ATR(14)@D1,return(1)@H4,lag(RSI(14)@H4,2),CDLENGULFING
        """

    @Test("streaming row by row equals the batch matrix")
    func streamingEqualsBatch() throws {
        let set = try FeatureSet(parsing: Self.wide)
        let bars = randomBars(600, seed: 1)
        let batch = try FeatureMatrix(set, bars: bars, timeframe: .h1)
        var engine = try FeatureEngine(set, timeframe: .h1)
        for (index, bar) in bars.enumerated() {
            let row = engine.update(bar)
            #expect(zip(row, batch.row(index)).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "row \(index)")
        }
        #expect(batch.rowCount == 600 && batch.columnCount == set.names.count)
        #expect(batch.timestamps == bars.map(\.openTimeMs))
        #expect(!batch.row(599).contains { $0.isNaN })
    }

    @Test("changing bar k, for random k, never changes a row before k")
    func noLookAhead() throws {
        let set = try FeatureSet(parsing: Self.wide)
        let bars = randomBars(400, seed: 2)
        let reference = try FeatureMatrix(set, bars: bars, timeframe: .h1)
        var random = SeededGenerator(state: 99)
        for _ in 0..<25 {
            let k = Int.random(in: 0..<bars.count, using: &random)
            var changed = bars
            let factor = Double.random(in: 0.9...1.1, using: &random)
            changed[k].close *= factor
            changed[k].high = max(changed[k].high * factor, changed[k].close)
            changed[k].low = min(changed[k].low, changed[k].close)
            changed[k].spread += 7
            changed[k].tickVolume += 1000
            changed[k].realVolume *= 3
            let matrix = try FeatureMatrix(set, bars: changed, timeframe: .h1)
            let before = k * set.names.count
            #expect(
                zip(matrix.values[..<before], reference.values[..<before]).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) },
                "k = \(k)")
            #expect(matrix.row(k) != reference.row(k) || k < 20, "bar \(k) changed nothing")
        }
    }

    @Test("a function's column equals the indicator run alone; shared computations agree")
    func equalsIndicators() throws {
        let bars = randomBars(300, seed: 3)
        let matrix = try FeatureMatrix(FeatureSet(parsing: "MACD,RSI(14),lag(RSI(14),3),lag(MACD.macdsignal,1)"), bars: bars, timeframe: nil)
        let candles = bars.map { Candle(open: $0.open, high: $0.high, low: $0.low, close: $0.close, volume: $0.realVolume) }
        let macd = MACD().batch(candles)
        let rsi = RSI(period: 14).batch(candles)
        for row in 0..<bars.count {
            #expect(matrix[row, 0] == macd[0][row] ?? .nan || (matrix[row, 0].isNaN && macd[0][row] == nil))
            #expect(matrix[row, 1] == macd[1][row] ?? .nan || (matrix[row, 1].isNaN && macd[1][row] == nil))
            #expect(matrix[row, 3] == rsi[0][row] ?? .nan || (matrix[row, 3].isNaN && rsi[0][row] == nil))
            let lagged = row >= 3 ? rsi[0][row - 3] : nil
            #expect(matrix[row, 4] == lagged ?? .nan || (matrix[row, 4].isNaN && lagged == nil))
            let previous = row > 0 ? matrix[row - 1, 1] : .nan
            #expect(matrix[row, 5] == previous || matrix[row, 5].isNaN && previous.isNaN)
        }
    }

    @Test("return, lag, hour, dow and spread by hand")
    func simpleFeatures() throws {
        // 2024-01-07T22:00Z is a Sunday.
        let closes = [1.0, 2.0, 4.0, 3.0]
        let bars = closes.enumerated().map { index, close in
            Bar(openTimeMs: 1_704_664_800_000 + Int64(index) * 3_600_000, open: close, high: close, low: close, close: close,
                tickVolume: 5, spread: Int32(10 + index))
        }
        let matrix = try FeatureMatrix(
            FeatureSet(parsing: "return(1),return(2),lag(return(1),1),hour(),dow(),spread()"), bars: bars, timeframe: .h1)
        let ln = { (x: Double) in Foundation.log(x) }
        #expect(matrix.row(0).prefix(3).allSatisfy { $0.isNaN })
        #expect(Array(matrix.row(0).suffix(3)) == [22, 6, 10])
        #expect(Array(matrix.row(1).suffix(3)) == [23, 6, 11])
        #expect(Array(matrix.row(2).suffix(3)) == [0, 0, 12])
        #expect(matrix[1, 0] == ln(2) && matrix[1, 1].isNaN && matrix[1, 2].isNaN)
        #expect(matrix[2, 0] == ln(2) && matrix[2, 1] == ln(4) && matrix[2, 2] == ln(2))
        #expect(matrix[3, 0] == ln(0.75) && matrix[3, 1] == ln(1.5) && matrix[3, 2] == ln(2))
    }

    @Test("a higher-timeframe feature is the last closed bar's value, updated when the period ends")
    func higherTimeframe() throws {
        // 12 H1 bars from midnight: H4 periods 0-3, 4-7, 8-11; the H4 closes are bars 3, 7, 11.
        let closes: [Double] = [1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 6]
        let bars = closes.enumerated().map { index, close in
            Bar(openTimeMs: 1_704_067_200_000 + Int64(index) * 3_600_000, open: close, high: close, low: close, close: close)
        }
        let matrix = try FeatureMatrix(FeatureSet(parsing: "return(1)@H4,lag(return(1)@H4,1)"), bars: bars, timeframe: .h1)
        let column = matrix.column(0)
        #expect(column[..<7].allSatisfy { $0.isNaN })
        #expect(column[7...10].allSatisfy { $0 == Foundation.log(1.5) })
        #expect(column[11] == Foundation.log(2))
        #expect(matrix[8, 1] == Foundation.log(1.5) && matrix[7, 1].isNaN)

        // Without bar 7 (a gap), the second H4 bar (bars 4…6, close 2) closes only when bar 8 arrives.
        var gapped = bars
        gapped.remove(at: 7)
        let late = try FeatureMatrix(FeatureSet(parsing: "return(1)@H4"), bars: gapped, timeframe: .h1).column(0)
        #expect(late[..<7].allSatisfy { $0.isNaN })
        #expect(late[7] == 0)
    }

    @Test("higher timeframes need the bars' timeframe and must be buildable from it")
    func timeframeErrors() throws {
        let set = try FeatureSet(parsing: "RSI(14)@H4")
        #expect(thrown { _ = try FeatureEngine(set, timeframe: nil) }?.code == .featureTimeframe)
        #expect(thrown { _ = try FeatureEngine(set, timeframe: .d1) }?.code == .featureTimeframe)
        #expect(thrown { _ = try FeatureEngine(FeatureSet(parsing: "RSI@MN1"), timeframe: .w1) }?.code == .featureTimeframe)
        _ = try FeatureEngine(set, timeframe: .h4)
    }

    @Test("volume-reading indicators read real or tick volume as chosen")
    func volumeChoice() throws {
        let bars = randomBars(50, seed: 5)
        let set = try FeatureSet(parsing: "OBV")
        let real = try FeatureMatrix(set, bars: bars, timeframe: nil, volume: .real)
        let tick = try FeatureMatrix(set, bars: bars, timeframe: nil, volume: .tick)
        #expect(real[0, 0] == bars[0].realVolume)
        #expect(tick[0, 0] == Double(bars[0].tickVolume))
    }
}
