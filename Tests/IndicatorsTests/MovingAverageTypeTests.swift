import ErrorDNA
import Indicators
import Testing

/// `matype` arguments: every supported type works, MAMA (7) is refused with a message naming it.
@Suite("Moving-average types")
struct MovingAverageTypeTests {
    @Test("matype 7 (MAMA) is refused by every function that takes a matype", arguments: [
        "MA(10,7)", "BBANDS(20,2,2,7)", "APO(12,26,7)", "PPO(12,26,7)", "STOCH(5,3,7,3,0)", "STOCH(5,3,0,3,7)",
        "STOCHF(5,3,7)", "STOCHRSI(14,5,3,7)",
    ])
    func mamaRefused(_ text: String) throws {
        let spec = try IndicatorSpec(parsing: text)
        let error = try #require(throws: TradehubError.self) { try IndicatorCatalogue.make(spec) }
        #expect(error.code == .indicatorArgumentRange)
        #expect(error["value"] == "7")
        #expect(error.message.contains("MAMA"), "\(error.message)")
    }

    @Test("the Swift API refuses MAMA too")
    func typeInitialiser() throws {
        let error = try #require(throws: TradehubError.self) { try MovingAverageType(code: 7) }
        #expect(error.code == .indicatorArgumentRange)
        #expect(error.message.contains("MAMA"))
        #expect(try MovingAverageType(code: 8) == .t3)
        #expect(MovingAverageType.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 5, 6, 8])
    }

    @Test("every supported matype builds, and a period of 1 passes the input through", arguments: [0, 1, 2, 3, 4, 5, 6, 8])
    func supported(_ code: Int) throws {
        let type = try MovingAverageType(code: code)
        var average = MovingAverage(period: 1, type: type)
        #expect(average.lookback == 0)
        for value in [3.5, -2.25, 1e9] {
            let ready = average.update(value: value)
            #expect(ready)
            #expect(average.value == value)
        }
        #expect(MovingAverage(period: 10, type: type).lookback == type.lookback(period: 10))
    }
}
