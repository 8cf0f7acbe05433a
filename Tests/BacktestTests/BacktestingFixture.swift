import Backtest
import Foundation
import MarketData
import Strategy
import Testing

/// One case of `Tests/Fixtures/backtest/` (written by `scripts/oracles/backtesting_fixtures.py`
/// from backtesting.py 0.6.6): the data, strategy, parameters and arguments, and what `run()` gave.
struct BacktestingFixture: Sendable, CustomTestStringConvertible {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// A statistic as the fixture writes it: a number, a time or duration, or null.
    enum Expected: Sendable, Equatable {
        case number(Double)
        case text(String)
        case null
    }

    /// One closed trade of the fixture.
    struct Trade: Sendable, Decodable {
        var size: Int
        var entry_bar: Int
        var exit_bar: Int
        var entry_price: Double
        var exit_price: Double
        var sl: Double?
        var tp: Double?
        var pnl: Double
        var commission: Double
        var return_pct: Double
        var entry_time: String
        var exit_time: String
    }

    let name: String
    let data: String
    let strategy: String
    let params: [String: Double]
    let options: BacktestOptions
    let stats: [(String, Expected)]
    let trades: [Trade]

    var testDescription: String { name }

    static func all() throws -> [BacktestingFixture] {
        let directory = fixtures.appendingPathComponent("backtest")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
            .map { try BacktestingFixture(url: directory.appendingPathComponent($0)) }
    }

    init(url: URL) throws {
        let bytes = try Data(contentsOf: url)
        let object = try JSONSerialization.jsonObject(with: bytes) as! [String: Any]
        name = object["case"] as! String
        data = object["data"] as! String
        strategy = object["strategy"] as! String
        params = (object["params"] as! [String: Any]).mapValues { ($0 as! NSNumber).doubleValue }
        let o = object["options"] as! [String: Any]
        var options = BacktestOptions()
        options.cash = (o["cash"] as! NSNumber).doubleValue
        options.spread = (o["spread"] as! NSNumber).doubleValue
        options.commission = (o["commission"] as! NSNumber).doubleValue
        options.margin = (o["margin"] as! NSNumber).doubleValue
        options.tradeOnClose = o["trade_on_close"] as! Bool
        options.hedging = o["hedging"] as! Bool
        options.exclusiveOrders = o["exclusive_orders"] as! Bool
        options.finalizeTrades = o["finalize_trades"] as! Bool
        self.options = options
        let statsObject = object["stats"] as! [String: Any]
        let names = object["stat_names"] as! [String]
        stats = names.map { name in
            switch statsObject[name] {
            case let text as String: (name, .text(text))
            case let number as NSNumber: (name, .number(number.doubleValue))
            default: (name, .null)
            }
        }
        let tradesData = try JSONSerialization.data(withJSONObject: object["trades"]!)
        trades = try JSONDecoder().decode([Trade].self, from: tradesData)
    }

    func bars() throws -> BarSeries {
        let path = Self.fixtures.appendingPathComponent(data).path
        return try BarSeries(OHLCVTable.read(path: path), path: path)
    }
}
