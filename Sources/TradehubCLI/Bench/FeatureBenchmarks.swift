import Features
import TradehubModel

/// `features.update`: one bar through a 40-column feature set.
enum FeatureBenchmarks {
    /// 40 columns: base-timeframe indicators, returns, lags, calendar, and H4/D1 features.
    static let set = """
        SMA(20),EMA(50),RSI(14),MACD,BBANDS(20,2,2),ATR(14),NATR(14),STOCH,ADX(14),CCI(20),WILLR(14),MFI(14),OBV,
        ROC(10),STDDEV(20),LINEARREG_SLOPE(14),SAR,TRANGE,CDLENGULFING,return(1),return(4),return(24),
        lag(RSI(14),1),lag(RSI(14),3),lag(return(1),1),lag(return(1),2),hour(),dow(),
        RSI(14)@H4,ATR(14)@H4,MACD.macdhist@H4,return(1)@H4,RSI(14)@D1,ATR(14)@D1,return(1)@D1
        """

    /// A seeded random walk of H1 bars from 2024-01-01 00:00 UTC.
    static func hourlyBars(count: Int, seed: UInt64) -> [Bar] {
        IndicatorBenchmarks.randomWalk(count: count, seed: seed).enumerated().map { index, candle in
            Bar(openTimeMs: 1_704_067_200_000 + Int64(index) * 3_600_000, open: candle.open, high: candle.high,
                low: candle.low, close: candle.close, realVolume: candle.volume)
        }
    }

    static let update = Benchmark(
        name: "features.update", summary: "µs to push one H1 bar through a 40-column feature set (p50, p99 per bar)"
    ) { iterations in
        let featureSet = try FeatureSet(parsing: set)
        precondition(featureSet.names.count == 40, "the benchmark set has \(featureSet.names.count) columns")
        let count = iterations ?? 200_000
        let warmup = 2_000
        let bars = hourlyBars(count: warmup + count, seed: 11)
        var engine = try FeatureEngine(featureSet, timeframe: .h1)
        var row = [Double](repeating: .nan, count: engine.columnCount)
        for bar in bars.prefix(warmup) { engine.update(bar, into: &row) }
        var samples: [Double] = []
        samples.reserveCapacity(count)
        var checksum = 0.0
        let start = ContinuousClock.now
        for bar in bars.dropFirst(warmup) {
            let before = ContinuousClock.now
            engine.update(bar, into: &row)
            samples.append((ContinuousClock.now - before).seconds * 1e6)
            checksum += row[2]
        }
        let mean = (ContinuousClock.now - start).seconds * 1e6 / Double(count)
        blackHole(checksum)
        return [BenchResult(
            name: "features.update", value: mean, unit: "µs/bar", iterations: count,
            p50: BenchRegistry.quantile(samples, 0.5), p99: BenchRegistry.quantile(samples, 0.99))]
    }
}
