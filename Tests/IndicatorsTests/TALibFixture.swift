import Foundation
import Indicators

/// One dataset of `Tests/Fixtures/talib/`: the input candles and TA-Lib's outputs per column,
/// written by `scripts/oracles/talib_fixtures.py`.
struct TALibFixture {
    let name: String
    let candles: [Candle]
    /// Output columns grouped by spec text, in file order; `nil` cells are TA-Lib's warm-up.
    let specs: [(spec: String, outputs: [(name: String?, values: [Double?])])]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/talib")

    static let names = ["GOOG", "EURUSD", "BTCUSD", "walk-gaps", "walk-flat", "walk-tiny", "walk-huge"]

    static func load(_ name: String) throws -> TALibFixture {
        let text = try String(contentsOf: directory.appendingPathComponent("\(name).csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let header = splitHeader(String(lines.removeFirst()))
        var columns = Array(repeating: [Double?](), count: header.count)
        var candles: [Candle] = []
        candles.reserveCapacity(lines.count)
        for line in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            precondition(cells.count == header.count, "\(name): row with \(cells.count) cells")
            candles.append(
                Candle(
                    open: Double(cells[1])!, high: Double(cells[2])!, low: Double(cells[3])!, close: Double(cells[4])!,
                    volume: Double(cells[5])!))
            for index in 6..<cells.count { columns[index].append(cells[index].isEmpty ? nil : Double(cells[index])!) }
        }
        var specs: [(spec: String, outputs: [(name: String?, values: [Double?])])] = []
        for index in 6..<header.count {
            let (spec, output) = splitColumn(header[index])
            if specs.last?.spec == spec {
                specs[specs.count - 1].outputs.append((output, columns[index]))
            } else {
                specs.append((spec, [(output, columns[index])]))
            }
        }
        return TALibFixture(name: name, candles: candles, specs: specs)
    }

    /// RFC 4180 header cells (quoted when they hold a comma).
    static func splitHeader(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        cells.append(current)
        return cells
    }

    /// `BBANDS(20,2,2).upperband` → (`BBANDS(20,2,2)`, `upperband`); `T3(7,0.5)` → (`T3(7,0.5)`, nil).
    static func splitColumn(_ column: String) -> (String, String?) {
        guard let dot = column.lastIndex(of: "."),
              column.lastIndex(of: ")").map({ $0 < dot }) ?? true
        else { return (column, nil) }
        return (String(column[..<dot]), String(column[column.index(after: dot)...]))
    }
}
