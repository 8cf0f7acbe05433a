import ErrorDNA
import Features
import Foundation
import MarketData
import Testing

@testable import TradehubCLI

@Suite("tradehub features")
struct FeaturesCommandTests {
    static let eurusd = LayerCheckTests.repository.appendingPathComponent("Tests/Fixtures/data/EURUSD.csv").path
    static let example = LayerCheckTests.repository.appendingPathComponent("Examples/features.toml").path

    static func run(_ arguments: [String]) async -> Int32 {
        await TradehubCommand.main(arguments: ["features"] + arguments)
    }

    @Test("writes time unchanged and one column per feature, empty until available, equal to the batch matrix")
    func output() async throws {
        let scratch = TemporaryPath()
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let output = scratch.path + "/features.csv"
        let list = "RSI(14),MACD.macdhist,return(1),lag(RSI(14),3),RSI(14)@H4,hour(),dow()"
        #expect(await Self.run(["--data", Self.eurusd, "--features", list, "--output", output]) == 0)
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5001 + 1)
        #expect(lines[0] == #"time,RSI(14),"MACD(12,26,9).macdhist",return(1),"lag(RSI(14),3)",RSI(14)@H4,hour(),dow()"#)
        #expect(lines[1] == "2017-04-19 09:00:00,,,,,,9,2")
        let table = try OHLCVTable.read(path: Self.eurusd)
        let matrix = try FeatureMatrix(FeatureSet(parsing: list), bars: table.bars(path: Self.eurusd), timeframe: .h1)
        for (row, line) in lines.dropFirst().prefix(5000).enumerated() {
            let cells = CSV.split(line).dropFirst()
            for (column, cell) in cells.enumerated() {
                let expected = matrix[row, column]
                #expect(cell.isEmpty ? expected.isNaN : Double(cell) == expected, "row \(row) column \(column)")
            }
        }
    }

    @Test("reads the example TOML feature set; --json summarises with the set's hash")
    func exampleFile() async throws {
        let scratch = TemporaryPath()
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let output = scratch.path + "/features.csv"
        #expect(await Self.run(["--data", Self.eurusd, "--features", Self.example, "--output", output, "--json"]) == 0)
        let set = try FeatureSetFile.load(Self.example)
        #expect(set.names.count == 25)
        let header = try String(contentsOfFile: output, encoding: .utf8).prefix { $0 != "\n" }
        #expect(header == (["time"] + set.names).map(CSV.escape).joined(separator: ","))
    }

    @Test("TOML and JSON feature files report file:line and the feature")
    func fileErrors() throws {
        let scratch = try ScratchDirectory()
        let toml = try scratch.write("f.toml", "[features]\nok = [\"RSI(14)\"]\nbad = [\"ATR(14)\", \"lag(ATR(14),-1)\"]\n")
        let error = try #require(thrownError { _ = try FeatureSetFile.load(toml) })
        #expect(error.code == .featureFile)
        #expect(error.message.hasPrefix("\(toml):3: feature 'lag(ATR(14),-1)'"))
        let unknown = try scratch.write("g.toml", "[features]\na = \"RSI\"\n[model]\nx = 1\n")
        #expect(thrownError { _ = try FeatureSetFile.load(unknown) }?.message.hasPrefix("\(unknown):4: unknown key 'model.x'") == true)
        let number = try scratch.write("h.toml", "[features]\na = 3\n")
        #expect(thrownError { _ = try FeatureSetFile.load(number) }?.code == .featureFile)
        let json = try scratch.write("f.json", #"{"features": ["RSI(14)", "NOPE(2)"]}"#)
        let jsonError = try #require(thrownError { _ = try FeatureSetFile.load(json) })
        #expect(jsonError.message.hasPrefix("\(json): features[1]: feature 'NOPE(2)'"))
        let good = try scratch.write("g.json", #"{"features": ["RSI(14)", "return(1)"]}"#)
        #expect(try FeatureSetFile.load(good).names == ["RSI(14)", "return(1)"])
    }

    @Test("bad requests are errors and write nothing", arguments: [
        ["--features", "lag(RSI(14),-2)"], ["--features", "NOPE(3)"], ["--features", "spread()"],
        ["--features", "RSI@H4", "--timeframe", "D1"], ["--features", "RSI", "--timeframe", "H7"],
        ["--features", "RSI", "--json"],
    ])
    func badRequests(arguments: [String]) async throws {
        let scratch = TemporaryPath()
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let output = scratch.path + "/out.csv"
        let withOutput = arguments.contains("--json") ? arguments : arguments + ["--output", output]
        #expect(await Self.run(["--data", Self.eurusd] + withOutput) != 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }
}
