import ErrorDNA
import Foundation
import TradehubModel

/// Bars read from a plain OHLCV CSV: a header with a time column and Open/High/Low/Close and
/// optionally Volume and Spread (any case, any order), like `../shared/data/*.csv`.
///
/// The time cells are kept as written, so reports can echo them unchanged.
public struct OHLCVTable: Sendable {
    public var times: [String] = []
    public var open: [Double] = []
    public var high: [Double] = []
    public var low: [Double] = []
    public var close: [Double] = []
    /// Empty when the file has no Volume column.
    public var volume: [Double] = []
    /// Empty when the file has no Spread column.
    public var spread: [Double] = []

    /// Whether the file has a Volume column.
    public private(set) var hasVolume = false

    /// Whether the file has a Spread column.
    public private(set) var hasSpread = false

    public var count: Int { times.count }

    public init() {}

    /// Reads `path`; a malformed row is an error naming `file:line`, the column and the cell.
    public static func read(path: String) throws -> OHLCVTable {
        let lines = try TextFile.lines(atPath: path)
        guard let headerLine = lines.first else { throw TradehubError(.csvEmpty, ["path": path]) }
        let header = CSV.split(headerLine).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let timeNames: Set<String> = ["", "time", "date", "datetime", "timestamp", "date_time", "<date>", "open_time"]
        guard let timeColumn = header.firstIndex(where: { timeNames.contains($0) }) else {
            throw TradehubError(.csvHeader, [
                "path": path, "missing": "a time column (first cell empty, or time/date/datetime/timestamp)",
                "found": header.joined(separator: ", "),
            ])
        }
        var columns: [Int] = []
        for name in ["open", "high", "low", "close"] {
            guard let index = header.firstIndex(of: name) else {
                throw TradehubError(.csvHeader, ["path": path, "missing": name.capitalized, "found": header.joined(separator: ", ")])
            }
            columns.append(index)
        }
        let volumeColumn = header.firstIndex(of: "volume")
        let spreadColumn = header.firstIndex(of: "spread")
        var table = OHLCVTable()
        table.hasVolume = volumeColumn != nil
        table.hasSpread = spreadColumn != nil
        table.times.reserveCapacity(lines.count)
        let names = ["Open", "High", "Low", "Close", "Volume", "Spread"]
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let cells = CSV.split(line)
            guard cells.count == header.count else {
                throw TradehubError(.csvMalformed, [
                    "path": path, "line": String(offset + 1), "column": "row", "value": String(line),
                    "problem": "\(cells.count) cells where the header has \(header.count)",
                ])
            }
            func number(_ column: Int, _ name: String) throws -> Double {
                guard let value = StrictNumber.parse(cells[column]) else {
                    throw TradehubError(.csvMalformed, [
                        "path": path, "line": String(offset + 1), "column": name, "value": String(cells[column]),
                        "problem": "not a number",
                    ])
                }
                return value
            }
            table.times.append(String(cells[timeColumn]))
            table.open.append(try number(columns[0], names[0]))
            table.high.append(try number(columns[1], names[1]))
            table.low.append(try number(columns[2], names[2]))
            table.close.append(try number(columns[3], names[3]))
            if let volumeColumn { table.volume.append(try number(volumeColumn, names[4])) }
            if let spreadColumn { table.spread.append(try number(spreadColumn, names[5])) }
        }
        return table
    }
}

/// RFC 4180 cells of one line: commas separate, double quotes quote, `""` is a quote.
public enum CSV {
    public static func split<S: StringProtocol>(_ line: S) -> [Substring] where S.SubSequence == Substring {
        guard line.contains("\"") else { return line.split(separator: ",", omittingEmptySubsequences: false) }
        var cells: [Substring] = []
        var current = ""
        var quoted = false
        var previousWasQuote = false
        for character in line {
            if character == "\"" {
                if quoted {
                    quoted = false
                    previousWasQuote = true
                    continue
                }
                if previousWasQuote { current.append("\"") }
                quoted = true
            } else if character == "," && !quoted {
                cells.append(Substring(current))
                current = ""
            } else {
                current.append(character)
            }
            previousWasQuote = false
        }
        cells.append(Substring(current))
        return cells
    }

    /// A cell as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break.
    public static func escape(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension OHLCVTable {
    /// The rows as bars: times parsed as UTC (`E_TIME_PARSE` otherwise), Volume as real volume,
    /// Spread as points (a non-integral spread is `E_CSV_MALFORMED`: it is in price units).
    public func bars(path: String) throws -> [Bar] {
        var bars: [Bar] = []
        bars.reserveCapacity(count)
        for index in 0..<count {
            guard let time = MarketTime.parse(times[index]) else {
                throw TradehubError(.timeParse, ["value": times[index], "problem": "not a date or time"])
            }
            var spreadPoints: Int32 = 0
            if hasSpread {
                let value = spread[index]
                guard value.rounded() == value, abs(value) < Double(Int32.max) else {
                    throw TradehubError(.csvMalformed, [
                        "path": path, "line": String(index + 2), "column": "Spread", "value": String(value),
                        "problem": "not a whole number of points",
                    ])
                }
                spreadPoints = Int32(value)
            }
            bars.append(Bar(
                openTimeMs: time, open: open[index], high: high[index], low: low[index], close: close[index],
                spread: spreadPoints, realVolume: hasVolume ? volume[index] : 0))
        }
        return bars
    }
}
