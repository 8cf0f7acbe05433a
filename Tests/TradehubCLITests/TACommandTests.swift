import ErrorDNA
import Foundation
import Indicators
import Testing

@testable import TradehubCLI

@Suite("tradehub ta")
struct TACommandTests {
    static let goog = LayerCheckTests.repository.appendingPathComponent("Tests/Fixtures/data/GOOG.csv").path

    static func run(_ arguments: [String]) async -> Int32 {
        await TradehubCommand.main(arguments: ["ta"] + arguments)
    }

    @Test("writes time unchanged, one column per spec as written (spaces removed), empty warm-up")
    func output() async throws {
        let scratch = TemporaryPath()
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let output = scratch.path + "/out.csv"
        #expect(await Self.run(["--input", Self.goog, "--indicators", "SMA( 3 ), sma(5),SMA", "--output", output]) == 0)
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2149)
        #expect(lines[0] == "time,SMA(3),sma(5),SMA")
        #expect(lines[1] == "2004-08-19,,,")
        #expect(lines[3].hasPrefix("2004-08-23,106.01666666666667,,"))
        let sma3 = try IndicatorCatalogue.make(IndicatorSpec(parsing: "SMA(3)")).1
        let table = try MarketDataTable(Self.goog)
        let expected = sma3.batch(table)[0]
        for (row, line) in lines.dropFirst().enumerated() {
            let cell = line.split(separator: ",", omittingEmptySubsequences: false)[1]
            #expect(cell.isEmpty ? expected[row] == nil : Double(cell) == expected[row], "row \(row)")
        }
    }

    @Test("numbers use the shortest text that reads back exactly; integral values have no .0")
    func numberFormat() {
        #expect(TAReport.format(100) == "100")
        #expect(TAReport.format(-100) == "-100")
        #expect(TAReport.format(0.1) == "0.1")
        #expect(TAReport.format(1.0 / 3.0) == "0.3333333333333333")
        #expect(Double(TAReport.format(1e-7)) == 1e-7)
    }

    @Test("bad requests are errors and write nothing", arguments: [
        ["--indicators", "NOPE(3)"], ["--indicators", "SMA(3,4)"], ["--indicators", "SMA(x)"], ["--indicators", "SMA(1)"],
        ["--indicators", "SMA(3", "--price", "volume"],
    ])
    func badRequests(arguments: [String]) async throws {
        let scratch = TemporaryPath()
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let output = scratch.path + "/out.csv"
        #expect(await Self.run(["--input", Self.goog, "--output", output] + arguments) != 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
    }

    @Test("a malformed input row stops the run before anything is written")
    func malformedInput() async throws {
        let scratch = TemporaryPath()
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let input = scratch.path + "/in.csv"
        try ",Open,High,Low,Close\nd1,1,2,0.5,1\nd2,1,2,0.5,1.09x66\n".write(toFile: input, atomically: true, encoding: .utf8)
        #expect(await Self.run(["--input", input, "--indicators", "SMA(2)", "--output", scratch.path + "/out.csv"]) == 1)
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/out.csv"))
    }
}

/// Candles of a shared data file, for comparing the command with the library.
private func MarketDataTable(_ path: String) throws -> [Candle] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
    return lines.map { line in
        let cells = line.split(separator: ",").map { Double($0) ?? 0 }
        return Candle(open: cells[1], high: cells[2], low: cells[3], close: cells[4], volume: cells[5])
    }
}
