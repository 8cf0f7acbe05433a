import ErrorDNA
import Foundation
import Testing

@testable import TradehubCLI

@Suite("tradehub backtest, tradehub strategies")
struct BacktestCommandTests {
    static let goog = LayerCheckTests.repository.appendingPathComponent("Tests/Fixtures/data/GOOG.csv").path

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let run = try BacktestCommand.parse(arguments).execute()
        let data = try Terminal.jsonEncoder.encode(run.document)
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    @Test("--json has stats under backtesting.py's names, trades with their keys, open trades and elapsed_ms")
    func jsonShape() throws {
        let document = try Self.json([
            "--data", Self.goog, "--strategy", "sma-cross", "--param", "fast=10", "--param", "slow=20",
            "--commission", "0.002", "--exclusive-orders",
        ])
        #expect(Set(document.keys) == ["stats", "trades", "open_trades", "elapsed_ms"])
        let stats = document["stats"] as! [String: Any]
        #expect(stats["Start"] as? String == "2004-08-19T00:00:00Z")
        #expect(stats["# Trades"] as? Int == 93)
        #expect((stats["Duration"] as? NSNumber)?.intValue == 3116 * 86400)
        #expect(abs((stats["Return [%]"] as! Double) - 462.6351934000004) < 1e-6)
        let trades = document["trades"] as! [[String: Any]]
        #expect(trades.count == 93)
        #expect(Set(trades[0].keys) == [
            "size", "entry_bar", "exit_bar", "entry_price", "exit_price", "sl", "tp", "pnl", "commission", "return_pct",
            "entry_time", "exit_time",
        ])
        #expect(trades[0]["sl"] is NSNull)
        let open = document["open_trades"] as! [[String: Any]]
        #expect(open.count == 1)
        #expect(open[0]["exit_bar"] is NSNull && open[0]["exit_time"] is NSNull)
        #expect((document["elapsed_ms"] as! Double) >= 0)
    }

    @Test("an undefined statistic is null, never NaN")
    func nullStatistics() throws {
        let stats = try Self.json(["--data", Self.goog, "--param", "fast=40", "--param", "slow=2000"])["stats"] as! [String: Any]
        #expect(stats["# Trades"] as? Int == 0)
        #expect(stats["Win Rate [%]"] is NSNull)
        #expect(stats["SQN"] is NSNull)
    }

    @Test("the text report lists the statistics in backtesting.py's order")
    func text() throws {
        let run = try BacktestCommand.parse(["--data", Self.goog, "--exclusive-orders"]).execute()
        let lines = run.text.split(separator: "\n")
        #expect(lines[0].hasPrefix("Start") && lines[0].hasSuffix("2004-08-19T00:00:00Z"))
        #expect(lines[2].hasSuffix("3116 days 00:00:00"))
    }

    @Test("bad requests are catalogue errors", arguments: [
        (["--strategy", "nope"], ErrorCode.strategyUnknown),
        (["--param", "speed=3"], .strategyParameter),
        (["--param", "fast"], .usage),
        (["--margin", "2"], .backtestArgument),
        (["--cash", "0"], .backtestArgument),
        (["--lots", "0.013", "--symbol", "EURUSD"], .forexArgument),
        (["--lots", "1", "--risk-pct", "1", "--symbol", "EURUSD"], .forexArgument),
        (["--spread-points", "3"], .forexArgument),
        (["--lots", "1"], .forexArgument),
        (["--lots", "1", "--symbol", "EURUSD", "--leverage", "100", "--margin", "0.5"], .forexArgument),
        (["--risk-pct", "1", "--symbol", "EURUSD"], .forexNeedsStopLoss),
        (["--lots", "1", "--symbol", "EURJPY"], .forexQuoteRate),
    ])
    func errors(arguments: [String], code: ErrorCode) async throws {
        let error = thrownError { _ = try BacktestCommand.parse(["--data", Self.goog] + arguments).execute() }
        #expect(error?.code == code)
        #expect(await TradehubCommand.main(arguments: ["backtest", "--data", Self.goog, "--log-level", "error"] + arguments) == 1)
    }

    @Test("forex mode: trades carry lots and pips, the statistics end with the forex lines")
    func forexJSON() throws {
        let document = try Self.json([
            "--data", Self.goog, "--exclusive-orders", "--lots", "0.5", "--contract-size", "100", "--symbol", "XAUUSD",
            "--leverage", "20", "--commission-per-lot", "2",
        ])
        let trade = try #require((document["trades"] as? [[String: Any]])?.first)
        #expect(trade["lots"] as? Double == 0.5)
        #expect(trade["size"].map { abs($0 as! Int) } == 50)
        #expect(trade["commission"] as? Double == 2)
        let stats = try #require(document["stats"] as? [String: Any])
        #expect(stats["Total Pips"] is Double && stats["Lots Traded"] is Double)
        let plain = try Self.json(["--data", Self.goog, "--exclusive-orders"])
        #expect((plain["trades"] as? [[String: Any]])?.first?["lots"] == nil)
        #expect((plain["stats"] as? [String: Any])?["Total Pips"] == nil)
    }

    @Test("--report writes one self-contained page: charts, statistics, trades, nothing fetched")
    func report() async throws {
        let scratch = TemporaryPath()
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let page = scratch.path + "/report.html"
        #expect(await TradehubCommand.main(arguments: [
            "backtest", "--data", Self.goog, "--exclusive-orders", "--report", page, "--log-level", "error",
        ]) == 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.components(separatedBy: "<svg").count == 4)
        #expect(html.contains("<th>Sharpe Ratio</th>"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("@import") && !html.contains("href="))
    }

    @Test("optimize backtests every combination that meets the constraints; the best is the maximum")
    func optimize() async throws {
        let command = try OptimizeCommand.parse([
            "--data", Self.goog, "--grid", "fast=5:15:5", "--grid", "slow=10,20,40", "--constraint", "fast<slow",
            "--maximize", "Return [%]", "--exclusive-orders",
        ])
        let (bars, maker) = try command.arguments.load(command.global)
        let outcomes = try await command.search(on: bars, maker: maker)
        #expect(outcomes.count == 7)  // (10, 10) and (15, 10) fail fast<slow
        #expect(outcomes.allSatisfy { $0.parameters["fast"]! < $0.parameters["slow"]! })
        let best = try #require(outcomes.max { $0.value < $1.value })
        let single = try Self.json([
            "--data", Self.goog, "--exclusive-orders", "--param", "fast=\(best.parameters["fast"]!)",
            "--param", "slow=\(best.parameters["slow"]!)",
        ])["stats"] as! [String: Any]
        #expect(single["Return [%]"] as? Double == best.value)
    }

    @Test("walk-forward optimises each training window and reports the next window out of sample")
    func walkForward() async throws {
        let command = try OptimizeCommand.parse([
            "--data", Self.goog, "--grid", "fast=5:15:5", "--grid", "slow=20,40", "--exclusive-orders",
            "--maximize", "Return [%]", "--walk-forward", "train=500,test=250",
        ])
        let (bars, maker) = try command.arguments.load(command.global)
        let folds = try await command.walkForwardFolds("train=500,test=250", bars: bars, maker: maker)
        #expect(folds.count == (2148 - 500) / 250)
        #expect(folds.map(\.test.lowerBound) == folds.indices.map { 500 + 250 * $0 })
        let first = try #require(folds.first)
        let inSample = try await command.search(on: bars.slice(0..<500), maker: maker)
        #expect(first.best.value == inSample.map(\.value).max())
        let again = try OptimizeCommand.backtest(
            maker, first.best.parameters, bars.slice(500..<750), command.arguments.options())
        #expect(again["Return [%]"] == first.outOfSample["Return [%]"])
    }

    @Test("grids and constraints parse; bad ones are E_USAGE")
    func optimizeArguments() throws {
        #expect(try OptimizeCommand.parseGrid("fast=5:50:5").1 == stride(from: 5.0, through: 50, by: 5).map { $0 })
        #expect(try OptimizeCommand.parseGrid("slow = 1, 2.5").1 == [1, 2.5])
        #expect(try OptimizeCommand.parseConstraint("fast<=slow")(["fast": 3, "slow": 3]))
        #expect(try !OptimizeCommand.parseConstraint("fast > 10")(["fast": 3]))
        for bad in ["fast", "fast=5:1:1", "fast=1:5:0", "fast=a,b"] {
            #expect(thrownError { _ = try OptimizeCommand.parseGrid(bad) }?.code == .usage, "\(bad)")
        }
        #expect(thrownError { _ = try OptimizeCommand.parseConstraint("fast") }?.code == .usage)
    }

    @Test("strategies lists every built-in with parameters and defaults")
    func strategies() async throws {
        let entries = StrategiesCommand.entries
        #expect(entries.map(\.name) == ["sma-cross", "rsi-reversion", "bbands-breakout", "ml-signal"])
        #expect(entries.map(\.needsModel) == [false, false, false, true])
        #expect(entries[0].parameters.map(\.defaultValue) == [10, 20, 0, 0])
        #expect(await TradehubCommand.main(arguments: ["strategies", "--json", "--log-level", "error"]) == 0)
    }
}
