import ErrorDNA
import Foundation
import Indicators
import MarketData

/// `indicators.update_all` and `ta.csv`.
enum IndicatorBenchmarks {
    /// The 59 functions the Indicators issue requires, each with TA-Lib's defaults.
    static let required = """
        SMA EMA WMA DEMA TEMA TRIMA KAMA T3 BBANDS MIDPOINT MIDPRICE SAR MACD RSI STOCH STOCHF STOCHRSI WILLR CCI
        CMO MOM ROC ROCP ROCR PPO APO TRIX ULTOSC ADX ADXR DX PLUS_DI MINUS_DI PLUS_DM MINUS_DM AROON AROONOSC BOP
        MFI OBV AD ADOSC ATR NATR TRANGE STDDEV VAR LINEARREG LINEARREG_SLOPE LINEARREG_ANGLE LINEARREG_INTERCEPT
        TSF AVGPRICE MEDPRICE TYPPRICE WCLPRICE MAX MIN SUM
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    static func randomWalk(count: Int, seed: UInt64) -> [Candle] {
        var state = seed
        func unit() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var close = 100.0
        return (0..<count).map { _ in
            let open = close
            close = open * (1 + (unit() - 0.5) * 0.02)
            return Candle(
                open: open, high: max(open, close) * (1 + unit() * 0.004), low: min(open, close) * (1 - unit() * 0.004),
                close: close, volume: 100 + unit() * 10_000)
        }
    }

    static let updateAll = Benchmark(
        name: "indicators.update_all",
        summary: "ns to push one bar through one instance of each of the 59 required functions (and per function)"
    ) { iterations in
        let functions = try required.map { name in
            guard let function = IndicatorCatalogue.function(named: name) else {
                throw TradehubError(.benchFailed, ["name": "indicators.update_all", "reason": "\(name) is not implemented yet"])
            }
            return function
        }
        let bars = iterations ?? 200_000
        let candles = randomWalk(count: 1000 + bars, seed: 42)
        var perFunction: [BenchResult] = []
        var instances = try functions.map { try $0.make() }
        for index in instances.indices {
            for candle in candles.prefix(1000) { instances[index].update(candle) }
        }
        let start = ContinuousClock.now
        var checksum = 0.0
        for candle in candles.dropFirst(1000) {
            for index in instances.indices {
                instances[index].update(candle)
            }
            checksum += instances[0].value(0)
        }
        let total = (ContinuousClock.now - start).seconds * 1e9 / Double(bars)
        for function in functions {
            var instance = try function.make()
            for candle in candles.prefix(1000) { instance.update(candle) }
            let start = ContinuousClock.now
            for candle in candles.dropFirst(1000) { instance.update(candle) }
            checksum += instance.value(0)
            perFunction.append(
                BenchResult(
                    name: "indicators.update.\(function.name)",
                    value: (ContinuousClock.now - start).seconds * 1e9 / Double(bars), unit: "ns/bar", iterations: bars))
        }
        blackHole(checksum)
        return [BenchResult(name: "indicators.update_all", value: total, unit: "ns/bar", iterations: bars)] + perFunction
    }

    static let taIndicators = "SMA(20),EMA(20),RSI(14),MACD(12,26,9),BBANDS(20,2,2),ATR(14),STOCH,ADX(14),CCI(14),CDLENGULFING"

    static let taCSV = Benchmark(
        name: "ta.csv", summary: "Rows/s of `tradehub ta` (read CSV, 10 indicators, write CSV) over 1,000,000 rows"
    ) { iterations in
        let rows = iterations ?? 1_000_000
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tradehub-bench-ta-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input.csv").path
        var text = "time,open,high,low,close,volume\n"
        text.reserveCapacity(rows * 80)
        for (index, candle) in randomWalk(count: rows, seed: 7).enumerated() {
            text += "\(index),\(candle.open),\(candle.high),\(candle.low),\(candle.close),\(candle.volume)\n"
        }
        guard FileManager.default.createFile(atPath: input, contents: Data(text.utf8)) else {
            throw TradehubError(.benchFailed, ["name": "ta.csv", "reason": "cannot write \(input)"])
        }
        let output = directory.appendingPathComponent("output.csv").path
        let start = ContinuousClock.now
        let plan = try IndicatorPlan(IndicatorSpec.parseList(taIndicators))
        let table = try OHLCVTable.read(path: input)
        let sink = try OutputSink(path: output)
        try TAReport.write(table: table, plan: plan, to: sink)
        try sink.commit()
        let seconds = (ContinuousClock.now - start).seconds
        return [BenchResult(name: "ta.csv", value: Double(rows) / seconds, unit: "rows/s", iterations: rows)]
    }
}

/// Keeps a computed value alive so the optimiser cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
