import ErrorDNA
import Foundation

/// Writing to the user: reports on stdout, diagnostics on stderr, JSON as one document.
enum Terminal {
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// `error[E_CODE]: message` and `hint: remediation`, the CLI's form of every error.
    static func report(_ error: TradehubError) {
        standardError("error[\(error.code)]: \(error.message)\nhint: \(error.remediation)")
    }

    static let jsonEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Prints `value` as the one JSON document of the command's stdout.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let data = try jsonEncoder.encode(value)
        standardOutput(String(decoding: data, as: UTF8.self))
    }

    /// A time in milliseconds since 1970 as ISO 8601 UTC (`-` for 0, which means unknown).
    static func isoTime(ms: Int64) -> String {
        ms == 0 ? "-" : ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    /// A left-aligned text table with a header row.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
