import Backtest
import ErrorDNA
import Strategy
import Testing
import TradehubModel

/// Forex mode against figures worked out by hand: lots, pips, spread in points, commission per
/// lot, conversion to account currency and risk-based sizing.
@Suite("Forex mode")
struct ForexTests {
    /// A strategy that does what its script says on given bars: buy, sell or close.
    struct Scripted: Strategy {
        enum Step { case buy(sl: Double?), sell(sl: Double?), close }
        let script: [Int: Step]

        func initialize(_ context: StrategyContext) {}

        func next(_ context: StrategyContext) throws {
            switch script[context.bars.index] {
            case .buy(let sl): try context.buy(sl: sl)
            case .sell(let sl): try context.sell(sl: sl)
            case .close: context.closePosition()
            case nil: break
            }
        }
    }

    /// Hourly bars opening at `opens`, each spanning `range` either side of its open and closing at it.
    static func bars(_ opens: [Double], range: Double) -> BarSeries {
        BarSeries(times: opens.indices.map { 1_700_000_000_000 + Int64($0) * 3_600_000 }, open: opens,
                  high: opens.map { $0 + range }, low: opens.map { $0 - range }, close: opens, volume: opens.map { _ in 0 })
    }

    static func options(_ symbol: String, _ sizing: LotSizing, leverage: Double = 100, spreadPoints: Double = 0,
                        commissionPerLot: Double = 0) -> BacktestOptions {
        let instrument = Symbol.standard(symbol)
        var options = BacktestOptions()
        options.margin = 1 / leverage
        options.forex = ForexOptions(
            contract: ForexContract(symbol: instrument, conversion: ForexContract.conversion(for: instrument, accountCurrency: "USD")!),
            sizing: sizing, spreadPoints: spreadPoints, commissionPerLot: commissionPerLot)
        return options
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-7 * max(1, abs(b)) }

    /// Buy on bar 1 (fills at bar 2's open), close on bar 3 (fills at bar 4's open).
    static let roundTrip = Scripted(script: [1: .buy(sl: nil), 3: .close])
    static let eurusd = bars([1.09900, 1.09950, 1.10000, 1.10050, 1.10100, 1.10100], range: 0.0002)

    @Test("1 lot EURUSD from 1.10000 to 1.10100 is 10 pips, $100")
    func plainPips() throws {
        var strategy = Self.roundTrip
        let result = try Backtester.run(&strategy, on: Self.eurusd, options: Self.options("EURUSD", .fixedLots(1)))
        let trade = try #require(result.trades.first)
        #expect(result.trades.count == 1)
        #expect(trade.size == 100_000)
        #expect(trade.forex?.lots == 1)
        #expect(Self.close(trade.forex!.pips, 10))
        #expect(Self.close(trade.pnl, 100))
        #expect(Self.close(trade.returnPct, 100 / 110_000))
        #expect(result.statistics["Total Pips"] == .number(trade.forex!.pips))
        #expect(result.statistics["Lots Traded"] == .number(1))
    }

    @Test("a 10-point spread and $3.50 a lot a side leave 9 pips and $83")
    func spreadAndCommission() throws {
        var strategy = Self.roundTrip
        let options = Self.options("EURUSD", .fixedLots(1), spreadPoints: 10, commissionPerLot: 3.5)
        let result = try Backtester.run(&strategy, on: Self.eurusd, options: options)
        let trade = try #require(result.trades.first)
        #expect(Self.close(trade.entryPrice, 1.10010))
        #expect(Self.close(trade.forex!.pips, 9))
        #expect(Self.close(trade.commission, 7))
        #expect(Self.close(trade.pnl, 90 - 7))
        #expect(Self.close(result.equity.last!, 10_083))
        #expect(result.statistics["Commissions [$]"].map { Self.close($0.numeric, 7) } == true)
    }

    @Test("0.5 lot EURUSD short from 1.10000 to 1.10100 loses 10 pips, $50")
    func shortLoses() throws {
        var strategy = Scripted(script: [1: .sell(sl: nil), 3: .close])
        let result = try Backtester.run(&strategy, on: Self.eurusd, options: Self.options("EURUSD", .fixedLots(0.5)))
        let trade = try #require(result.trades.first)
        #expect(trade.size == -50_000)
        #expect(Self.close(trade.forex!.pips, -10))
        #expect(Self.close(trade.pnl, -50))
    }

    @Test("1 lot USDJPY from 150.000 to 150.500 is 50 pips, ¥50,000 = $332.23 at 150.500")
    func jpyPair() throws {
        var strategy = Self.roundTrip
        let bars = Self.bars([149.900, 149.950, 150.000, 150.250, 150.500, 150.500], range: 0.05)
        let result = try Backtester.run(&strategy, on: bars, options: Self.options("USDJPY", .fixedLots(1)))
        let trade = try #require(result.trades.first)
        #expect(Self.close(trade.forex!.pips, 50))
        #expect(Self.close(trade.pnl, 50_000 / 150.5))
        #expect(Self.close(trade.returnPct, 50_000 / 150.5 / 100_000))
    }

    @Test("1 % risk with a 20-pip stop on EURUSD: 0.5 lot, or 0.48 lot with $3.50 commission; the stop loses at most $100")
    func riskSizing() throws {
        let bars = Self.bars([1.10000, 1.10000, 1.10000, 1.09900, 1.09810, 1.09810], range: 0.0002)
        for (commission, lots) in [(0.0, 0.5), (3.5, 0.48)] {
            var strategy = Scripted(script: [1: .buy(sl: 1.09800)])
            let options = Self.options("EURUSD", .riskPercent(1), commissionPerLot: commission)
            let result = try Backtester.run(&strategy, on: bars, options: options)
            let trade = try #require(result.trades.first)
            #expect(trade.forex?.lots == lots)
            #expect(trade.exitPrice == 1.09800)
            #expect(Self.close(trade.pnl, -(lots * 100_000 * 0.002 + 2 * lots * commission)))
            #expect(trade.pnl >= -100 - 1e-9)
        }
    }

    @Test("1 % risk with a 50-pip stop on USDJPY: $100 / (¥50,000 / 149.5 a lot) = 0.29 lot")
    func riskSizingJPY() throws {
        let bars = Self.bars([150.000, 150.000, 150.000, 150.100, 150.200, 150.200], range: 0.05)
        var strategy = Scripted(script: [1: .buy(sl: 149.500)])
        let result = try Backtester.run(&strategy, on: bars, options: Self.options("USDJPY", .riskPercent(1)))
        #expect(result.openTrades.first?.forex?.lots == 0.29)
    }

    @Test("risk sizing refuses an order without a stop-loss")
    func riskNeedsStopLoss() throws {
        var strategy = Self.roundTrip
        #expect {
            try Backtester.run(&strategy, on: Self.eurusd, options: Self.options("EURUSD", .riskPercent(1)))
        } throws: { ($0 as? TradehubError)?.code == .forexNeedsStopLoss }
    }

    @Test("lots off the lot step and a contract too small for whole units are refused")
    func badArguments() throws {
        var strategy = Self.roundTrip
        for options in [Self.options("EURUSD", .fixedLots(0.015)), Self.options("EURUSD", .riskPercent(0))] {
            #expect {
                try Backtester.run(&strategy, on: Self.eurusd, options: options)
            } throws: { ($0 as? TradehubError)?.code == .forexArgument }
        }
    }

    @Test("pips are ten points on 5- and 3-digit quotes, one point on XAUUSD's 2")
    func pipSizes() {
        #expect(ForexContract(symbol: .standard("EURUSD")).pipSize == 0.0001)
        #expect(ForexContract(symbol: .standard("USDJPY")).pipSize == 0.01)
        #expect(ForexContract(symbol: .standard("XAUUSD")).pipSize == 0.01)
        #expect(ForexContract.conversion(for: .standard("EURJPY"), accountCurrency: "USD") == nil)
        #expect(ForexContract.conversion(for: .standard("USDJPY"), accountCurrency: "USD") == .baseIsAccount)
    }
}
