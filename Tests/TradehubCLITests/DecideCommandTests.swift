import ErrorDNA
import Foundation
import MarketData
import Testing
import TradehubModel

@testable import TradehubCLI

@Suite("tradehub decide --ticks")
struct DecideCommandTests {
    /// 300 H1 bars of the EURUSD fixture (lines 1,001 to 1,300), as an OHLCV CSV.
    static func barLines() throws -> [String] {
        let lines = try String(contentsOfFile: LearningCommandTests.eurusd, encoding: .utf8).split(separator: "\n").map(String.init)
        return [lines[0]] + Array(lines[1_001...1_300])
    }

    /// The same bars as an MT5 tick export: 31 ticks a bar, 110 s apart, walking open → high →
    /// low → close in straight lines of ten steps (so the bid OHLC of the hour is the bar's and
    /// no step looks like a spike to the validator), 2 points of spread.
    static func mt5Ticks(_ barLines: [String]) -> String {
        var text = "<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>\n"
        for line in barLines.dropFirst() {
            let cells = line.split(separator: ",")
            let (day, hour) = (cells[0].prefix(10).replacingOccurrences(of: "-", with: "."), cells[0].dropFirst(11).prefix(2))
            let path = cells[1...4].map { Double($0)! }
            var bids = [path[0]]
            for (from, to) in zip(path, path.dropFirst()) { bids += (1...10).map { from + (to - from) * Double($0) / 10 } }
            for (index, bid) in bids.enumerated() {
                let time = String(format: "%02d:%02d", index * 110 / 60, index * 110 % 60)
                text += "\(day)\t\(hour):\(time).000\t\(String(format: "%.5f", bid))\t\(String(format: "%.5f", bid + 0.00002))\t\t\t6\n"
            }
        }
        return text
    }

    @Test("decide --ticks aggregates an MT5 tick export into the model's bars and decides as --data does on those bars")
    func ticksDecideAsBars() throws {
        let workspace = try MarketDataCommandTests.Workspace()
        let dataDir = ["--data-dir", workspace.dataDir]
        let trained = try TrainCommand.parse(dataDir + [
            "--data", LearningCommandTests.eurusd, "--features", LearningCommandTests.features,
            "--label", "direction(h=12,threshold=0.0005)", "--cv", "walk-forward(folds=3,embargo=12)", "--rounds", "15", "--threads", "1",
        ]).execute()
        let bars = try Self.barLines()
        let barFile = try workspace.write("EURUSD_H1.csv", bars.joined(separator: "\n") + "\n")
        let tickFile = try workspace.write("EURUSD_ticks.csv", Self.mt5Ticks(bars))
        let common = dataDir + ["--model", trained.modelID, "--symbol", "EURUSD", "--param", "threshold=0.5"]

        let fromBars = try DecideCommand.parse(common + ["--data", barFile]).execute()
        let fromTicks = try DecideCommand.parse(common + ["--ticks", tickFile]).execute()
        #expect(fromBars.bars == 300 && fromBars.ticks == nil)
        #expect(fromTicks.bars == 299, "the last bar is still forming when the file ends")
        #expect(fromTicks.ticks == 9_300 && fromTicks.ticksQuarantined == 0)
        #expect(!fromTicks.intents.isEmpty)
        #expect(fromTicks.intents == fromBars.intents.filter { $0.bar < 299 }, "same bars, sides, scores and features")
        #expect(fromTicks.text.contains("\(fromTicks.intents.count) intents on 299 bars from 9300 ticks (0 quarantined)"))
        let json = String(decoding: try Terminal.jsonEncoder.encode(fromTicks), as: UTF8.self)
        for key in ["\"model_id\"", "\"bars\"", "\"ticks\"", "\"ticks_quarantined\"", "\"intents\"", "\"latency_us\"", "\"reason\""] {
            #expect(json.contains(key), "\(key) in decide --ticks --json")
        }

        var lines = Self.mt5Ticks(bars).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var cells = lines[3].split(separator: "\t", omittingEmptySubsequences: false)
        cells[2] = "1.x" + cells[2].dropFirst(2)
        lines[3] = cells.joined(separator: "\t")
        let badFile = try workspace.write("EURUSD_bad.csv", lines.joined(separator: "\n"))
        let malformed = try #require(thrownError { _ = try DecideCommand.parse(common + ["--ticks", badFile]).execute() })
        #expect(malformed.code == .csvMalformed)
        #expect(malformed.message.hasPrefix("\(badFile):4: bid '1.x"), "\(malformed.message)")

        let both = try #require(thrownError { _ = try DecideCommand.parse(common + ["--ticks", tickFile, "--data", barFile]).execute() })
        #expect(both.code == .usage)
        let otherTimeframe = try #require(thrownError {
            _ = try DecideCommand.parse(common + ["--ticks", tickFile, "--timeframe", "M5"]).execute()
        })
        #expect(otherTimeframe.code == .usage && otherTimeframe.message.contains("H1"))
    }

    @Test("a model trained with spread() is served the Spread column by decide --data and backtest; data without one is E_CSV_HEADER")
    func spreadFeatures() throws {
        let workspace = try MarketDataCommandTests.Workspace()
        let dataDir = ["--data-dir", workspace.dataDir]
        let lines = try String(contentsOfFile: LearningCommandTests.eurusd, encoding: .utf8).split(separator: "\n").map(String.init)
        func spread(_ bar: Int) -> Int { 4 + bar * 7 % 19 }
        let rows = lines[1...1_200].enumerated().map { "\($1),\(spread($0))" }
        let file = try workspace.write("EURUSD_spread.csv", ([lines[0] + ",Spread"] + rows).joined(separator: "\n") + "\n")
        let trained = try TrainCommand.parse(dataDir + [
            "--data", file, "--features", "RSI(14),return(1),spread()", "--label", "direction(h=12,threshold=0.0005)",
            "--cv", "walk-forward(folds=3,embargo=12)", "--rounds", "15", "--threads", "1",
        ]).execute()
        let model = ["--model", trained.modelID, "--param", "threshold=0.5"]

        let decided = try DecideCommand.parse(dataDir + model + ["--data", file, "--symbol", "EURUSD"]).execute()
        #expect(decided.bars == 1_200 && !decided.intents.isEmpty)
        for intent in decided.intents {
            #expect(intent.reason?["spread()"] == Double(spread(intent.bar)), "bar \(intent.bar) sees its own Spread cell")
        }
        let backtest = try BacktestCommand.parse(dataDir + model + ["--data", file, "--strategy", "ml-signal", "--exclusive-orders"]).execute()
        #expect(!backtest.result.trades.isEmpty)

        let noSpread = [
            thrownError { _ = try DecideCommand.parse(dataDir + model + ["--data", LearningCommandTests.eurusd, "--symbol", "EURUSD"]).execute() },
            thrownError { _ = try BacktestCommand.parse(dataDir + model + ["--data", LearningCommandTests.eurusd, "--strategy", "ml-signal"]).execute() },
        ]
        for error in noSpread {
            #expect(error?.code == .csvHeader && error?.message.contains("Spread") == true, "refused, not served zeros: \(String(describing: error))")
        }
    }

    @Test("a tick file without a valid tick is E_NO_TICKS, a bar file given as ticks E_USAGE")
    func tickFileErrors() throws {
        let workspace = try MarketDataCommandTests.Workspace()
        let symbol = Symbol("EURUSD", digits: 5)
        let empty = try workspace.write("empty.csv", "<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>\n")
        let noTicks = try #require(thrownError { _ = try TickFile.read(path: empty, symbol: symbol, settings: .standard) })
        #expect(noTicks.code == .noTicks && noTicks.message.contains(empty))

        let crossed = try workspace.write(
            "crossed.csv", "<DATE>\t<TIME>\t<BID>\t<ASK>\t<LAST>\t<VOLUME>\t<FLAGS>\n2024.01.02\t00:00:00.000\t1.10010\t1.10000\t\t\t6\n")
        let onlyCrossed = try #require(thrownError { _ = try TickFile.read(path: crossed, symbol: symbol, settings: .standard) })
        #expect(onlyCrossed.code == .noTicks && onlyCrossed.message.contains("1 quarantined"))

        let bars = try #require(thrownError {
            _ = try TickFile.read(path: LearningCommandTests.eurusd, symbol: symbol, settings: .standard)
        })
        #expect(bars.code == .usage && bars.message.contains("--data"))
    }
}
