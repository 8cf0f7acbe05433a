import ErrorDNA
import Foundation

/// Reads a text file the way market data arrives: UTF-8 (with or without a byte-order mark) or
/// UTF-16 with a byte-order mark (MT5 exports UTF-16LE), LF or CRLF line ends.
public enum TextFile {
    /// The file's lines without their line ends; a missing or unreadable file is `E_INPUT_NOT_FOUND`.
    public static func lines(atPath path: String) throws -> [Substring] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TradehubError(.inputNotFound, ["path": path])
        }
        let text = try decode(data, path: path)
        // Split on bytes: as Characters, "\r\n" is one grapheme and would not match "\n".
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            Substring(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    static func decode(_ data: Data, path: String) throws -> String {
        let bytes = [UInt8](data.prefix(3))
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: data, encoding: .utf16) else {
                throw TradehubError(.inputEncoding, ["path": path, "encoding": "UTF-16"])
            }
            return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data
        guard let text = String(data: body, encoding: .utf8) else {
            throw TradehubError(.inputEncoding, ["path": path, "encoding": "UTF-8"])
        }
        return text
    }
}

/// Strict decimal numbers: `1.09x66`, `nan`, `inf` and hexadecimal are rejected, not half-read.
public enum StrictNumber {
    @inline(__always)
    public static func parse<S: StringProtocol>(_ text: S) -> Double? {
        var sawDigit = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "e"), UInt8(ascii: "E"): break
            default: return nil
            }
        }
        guard sawDigit, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
