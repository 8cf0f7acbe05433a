import Testing
import TradehubModel

@Suite("Model basics")
struct TradehubModelTests {
    @Test("timeframes are ordered by length and named as in MT5")
    func timeframes() {
        #expect(Timeframe.allCases.map(\.rawValue) == ["M1", "M5", "M15", "M30", "H1", "H4", "D1", "W1", "MN1"])
        #expect(Timeframe.allCases == Timeframe.allCases.sorted())
        #expect(Timeframe.h4.nominalSeconds == 4 * 3600)
    }

    @Test("sides have opposites")
    func sides() {
        #expect(Side.buy.opposite == .sell && Side.sell.opposite == .buy)
    }

    @Test("the system clock is near now and the fixed clock is fixed")
    func clocks() {
        #expect(SystemWallClock().nowMs() > 1_700_000_000_000)
        #expect(FixedWallClock(instantMs: 42).nowMs() == 42)
    }
}
