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

@Suite("Symbols")
struct SymbolTests {
    @Test("standard precision of well-known symbols", arguments: [
        ("EURUSD", 5), ("USDJPY", 3), ("XAUUSD", 2), ("XAGUSD", 3), ("GBPJPY.m", 3), ("eurusd", 5), ("US500", 2),
        ("BTCUSD", 2),
    ])
    func standard(name: String, digits: Int) {
        #expect(Symbol.standard(name).digits == digits)
    }

    @Test("point is 10^-digits")
    func point() {
        #expect(Symbol("EURUSD", digits: 5).point == 0.00001)
        #expect(Symbol("USDJPY", digits: 3).point == 0.001)
        #expect(Symbol("X", digits: 0).point == 1)
    }

    @Test("a tick's mid is the middle of its quote")
    func mid() {
        #expect(Tick(timeMs: 0, bid: 1.0, ask: 1.5).mid == 1.25)
    }
}
