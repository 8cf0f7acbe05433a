import Foundation
import Indicators
import Testing

/// Every implemented function equals TA-Lib 0.8.2 on every fixture row.
@Suite("Equal to TA-Lib")
struct TALibEquivalenceTests {
    @Test("every value within 1e-9 relative, warm-up positions identical, patterns exactly", arguments: TALibFixture.names)
    func dataset(_ name: String) throws {
        let fixture = try TALibFixture.load(name)
        for (text, expectedOutputs) in fixture.specs {
            let spec = try IndicatorSpec(parsing: text)
            guard let function = IndicatorCatalogue.function(named: spec.name) else { continue }
            let indicator = try function.make(spec.arguments, spec: text)
            let actual = indicator.batch(fixture.candles)
            #expect(actual.count == expectedOutputs.count, "\(name) \(text): output count")
            let exact = function.group == "Pattern Recognition"
            for (outputIndex, expected) in expectedOutputs.enumerated() where outputIndex < actual.count {
                if let outputName = expected.name {
                    #expect(function.outputs[outputIndex] == outputName, "\(text): output names")
                }
                let firstExpected = expected.values.firstIndex { $0 != nil }
                let firstActual = actual[outputIndex].firstIndex { $0 != nil }
                #expect(firstActual == firstExpected, "\(name) \(text)[\(outputIndex)]: first output row")
                #expect(indicator.lookback == firstExpected ?? indicator.lookback, "\(name) \(text): lookback")
                var mismatches: [String] = []
                for row in fixture.candles.indices {
                    let mine = actual[outputIndex][row]
                    let theirs = expected.values[row]
                    let same: Bool
                    switch (mine, theirs) {
                    case (nil, nil): same = true
                    case (let mine?, let theirs?):
                        same = exact ? mine == theirs : abs(mine - theirs) <= 1e-9 * max(1, abs(theirs))
                    default: same = false
                    }
                    if !same {
                        mismatches.append("row \(row): ours \(mine.map { "\($0)" } ?? "-") TA-Lib \(theirs.map { "\($0)" } ?? "-")")
                    }
                }
                #expect(
                    mismatches.isEmpty,
                    "\(name) \(text)[\(function.outputs[outputIndex])]: \(mismatches.count) mismatches, first: \(mismatches.prefix(3).joined(separator: "; "))")
            }
        }
    }
}

/// Streaming, batch and the absence of look-ahead, for every function in the catalogue.
@Suite("Streaming")
struct StreamingTests {
    static let candles: [Candle] = {
        var generator = SplitMix64(seed: 7)
        var close = 100.0
        return (0..<400).map { _ in
            let open = close
            close = open * (1 + (generator.nextUnit() - 0.5) * 0.02)
            let high = max(open, close) * (1 + generator.nextUnit() * 0.005)
            let low = min(open, close) * (1 - generator.nextUnit() * 0.005)
            return Candle(open: open, high: high, low: low, close: close, volume: 1000 + generator.nextUnit() * 5000)
        }
    }()

    @Test("one bar at a time equals the batch form", arguments: IndicatorCatalogue.all.map(\.name))
    func streamingEqualsBatch(_ name: String) throws {
        let function = try #require(IndicatorCatalogue.function(named: name))
        var indicator = try function.make()
        let batch = indicator.batch(Self.candles)
        for (row, candle) in Self.candles.enumerated() {
            let ready = indicator.update(candle)
            for output in batch.indices {
                let streamed: Double? = ready ? indicator.value(output) : nil
                #expect(streamed == batch[output][row] || (streamed?.isNaN == true && batch[output][row]?.isNaN == true))
            }
        }
    }

    @Test("changing a future bar never changes an earlier output", arguments: IndicatorCatalogue.all.map(\.name))
    func noLookAhead(_ name: String) throws {
        let function = try #require(IndicatorCatalogue.function(named: name))
        let indicator = try function.make()
        let original = indicator.batch(Self.candles)
        var changed = Self.candles
        let cut = 250
        for row in cut..<changed.count {
            changed[row].close *= 1.5
            changed[row].high *= 1.6
            changed[row].open *= 0.7
            changed[row].low *= 0.5
            changed[row].volume *= 3
        }
        let altered = indicator.batch(changed)
        for output in original.indices {
            #expect(Array(original[output][..<cut]) == Array(altered[output][..<cut]), "\(name) output \(output)")
        }
    }

    @Test("reset forgets everything")
    func reset() throws {
        for function in IndicatorCatalogue.all {
            var indicator = try function.make()
            for candle in Self.candles.prefix(100) { indicator.update(candle) }
            indicator.reset()
            #expect(!indicator.isReady, "\(function.name)")
            #expect(indicator.batch(Self.candles) == (try function.make()).batch(Self.candles), "\(function.name)")
        }
    }
}

/// A small deterministic generator for test data.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

@Suite("Catalogue")
struct CatalogueTests {
    static let required = """
        SMA EMA WMA DEMA TEMA TRIMA KAMA T3 BBANDS MIDPOINT MIDPRICE SAR MACD RSI STOCH STOCHF STOCHRSI WILLR CCI
        CMO MOM ROC ROCP ROCR PPO APO TRIX ULTOSC ADX ADXR DX PLUS_DI MINUS_DI PLUS_DM MINUS_DM AROON AROONOSC BOP
        MFI OBV AD ADOSC ATR NATR TRANGE STDDEV VAR LINEARREG LINEARREG_SLOPE LINEARREG_ANGLE LINEARREG_INTERCEPT
        TSF AVGPRICE MEDPRICE TYPPRICE WCLPRICE MAX MIN SUM CDLDOJI CDLDOJISTAR CDLDRAGONFLYDOJI CDLGRAVESTONEDOJI
        CDLHAMMER CDLINVERTEDHAMMER CDLHANGINGMAN CDLSHOOTINGSTAR CDLMARUBOZU CDLSPINNINGTOP CDLENGULFING CDLHARAMI
        CDLHARAMICROSS CDLPIERCING CDLDARKCLOUDCOVER CDLMORNINGSTAR CDLEVENINGSTAR CDLMORNINGDOJISTAR
        CDLEVENINGDOJISTAR CDL3WHITESOLDIERS CDL3BLACKCROWS
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    @Test("every required function is in the catalogue, and every one is checked against a TA-Lib fixture")
    func complete() throws {
        #expect(Self.required.count == 80)
        let missing = Self.required.filter { IndicatorCatalogue.function(named: $0) == nil }
        #expect(missing.isEmpty, "not implemented: \(missing)")
        let fixture = try TALibFixture.load("BTCUSD")
        let covered = Set(fixture.specs.map { try! IndicatorSpec(parsing: $0.spec).name })
        let unchecked = IndicatorCatalogue.all.map(\.name).filter { !covered.contains($0) }
        #expect(unchecked.isEmpty, "no fixture column for \(unchecked)")
    }

    @Test("output names and parameter defaults are TA-Lib 0.8.2's for a sample")
    func defaults() throws {
        #expect(IndicatorCatalogue.function(named: "BBANDS")?.outputs == ["upperband", "middleband", "lowerband"])
        #expect(IndicatorCatalogue.function(named: "BBANDS")?.parameters.map(\.defaultValue) == [20, 2, 2, 0])
        #expect(IndicatorCatalogue.function(named: "APO")?.parameters.map(\.defaultValue) == [12, 26, 1])
        #expect(IndicatorCatalogue.function(named: "STOCH")?.outputs == ["slowk", "slowd"])
        #expect(IndicatorCatalogue.function(named: "AROON")?.outputs == ["aroondown", "aroonup"])
        #expect(try IndicatorCatalogue.function(named: "MACD")?.make().lookback == 33)
    }
}
