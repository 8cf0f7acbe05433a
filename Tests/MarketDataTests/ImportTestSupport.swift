import Foundation
import MarketData
import TradehubModel

/// A temporary directory for one test's files, removed when the test ends.
final class ImportScratch {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("md-import-\(UUID().uuidString)")

    init() { try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `bytes` as `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let path = directory.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Writes `text` as UTF-8 and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }
}

/// UTF-16LE bytes of `text` with a byte-order mark, as MT5 writes its exports.
func utf16LE(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = [0xFF, 0xFE]
    for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
    return bytes
}

/// UTF-16BE bytes of `text` with a byte-order mark.
func utf16BE(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = [0xFE, 0xFF]
    for unit in text.utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
    return bytes
}

/// UTC milliseconds of a date and time.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0, ms: Int = 0) -> Int64 {
    MarketTime.epochMs(year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: ms)
}

extension MarketDataReader {
    var ticks: [Tick] { get throws { try records().compactMap(\.tick) } }
    var bars: [Bar] { get throws { try records().compactMap(\.bar) } }
    var quarantined: [QuarantineRecord] { get throws { try records().compactMap(\.quarantine) } }
}
