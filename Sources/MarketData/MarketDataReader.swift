#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ErrorDNA
import TradehubModel

/// Reads a market-data file of any `ImportFormat` as a stream of records: ticks, bars, or
/// malformed lines ready for the quarantine. A malformed line never stops the read.
///
/// MT5 ticks: an empty BID or ASK cell takes the value of the nearest earlier well-formed line
/// (a quarantined line passes nothing on); with no such line it is malformed. An empty LAST or
/// VOLUME cell is 0. Bar formats map `ohlcv`'s Volume (and histdata's volume) to `realVolume`.
///
/// The file may be UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark,
/// with LF or CRLF line ends, and gzip-compressed; it is streamed in chunks, so its size does not
/// matter. Creating a reader opens the file and detects the format (unless one is forced) from
/// its first non-empty line; `forEachRecord` then reads it, and can be called again to re-read.
///
/// ```swift
/// let reader = try MarketDataReader(path: "EURUSD_ticks.csv", symbol: "EURUSD")
/// try reader.forEachRecord { record, rawText in
///     switch record.kind {
///     case .tick(let tick): …
///     case .bar(let bar): …
///     case .malformed(let quarantined, _): …
///     }
/// }
/// ```
public struct MarketDataReader: Sendable {
    enum Input: Sendable {
        case file(String)
        case bytes([UInt8])
    }

    /// The format, detected or forced.
    public let format: ImportFormat
    /// The symbol written into quarantine records.
    public let symbol: String
    /// The file's name in `file:line` sources (the path as given, unless told otherwise).
    public let sourceName: String
    /// The zone of the file's times in effect: local = UTC + this many seconds.
    public let timeZoneOffsetSeconds: Int
    let input: Input
    let layout: LineLayout

    /// Opens `path`. `format` nil detects it; `timeZoneOffsetSeconds` nil takes the format's
    /// default (0; histdata −18,000, EST). `E_INPUT_NOT_FOUND` when the file cannot be read,
    /// `E_FORMAT_UNKNOWN` naming the line when the format cannot be told, `E_CSV_HEADER` when a
    /// forced `ohlcv` header lacks a column.
    public init(
        path: String, symbol: String, format: ImportFormat? = nil, timeZoneOffsetSeconds: Int? = nil,
        sourceName: String? = nil
    ) throws {
        try self.init(input: .file(path), sourceName: sourceName ?? path, symbol: symbol, format: format,
                      timeZoneOffsetSeconds: timeZoneOffsetSeconds)
    }

    /// Reads `bytes` as a file named `sourceName` would be read (gzip, BOM and UTF-16 included).
    public init(
        bytes: [UInt8], sourceName: String, symbol: String, format: ImportFormat? = nil,
        timeZoneOffsetSeconds: Int? = nil
    ) throws {
        try self.init(input: .bytes(bytes), sourceName: sourceName, symbol: symbol, format: format,
                      timeZoneOffsetSeconds: timeZoneOffsetSeconds)
    }

    private init(
        input: Input, sourceName: String, symbol: String, format: ImportFormat?, timeZoneOffsetSeconds: Int?
    ) throws {
        self.input = input
        self.sourceName = sourceName
        self.symbol = symbol
        let head = try FileHead.read(try Self.openRaw(input, path: sourceName), path: sourceName)
        let format = try format ?? ImportFormat.detect(head: head, path: sourceName)
        self.format = format
        self.timeZoneOffsetSeconds = timeZoneOffsetSeconds ?? format.defaultTimeZoneOffsetSeconds
        layout = try LineLayout.resolve(format, head: head, path: sourceName)
    }

    private static func openRaw(_ input: Input, path: String) throws -> any ByteSource {
        switch input {
        case .file(let path): try FileSource(path: path)
        case .bytes(let bytes): MemorySource(bytes)
        }
    }

    /// Whether the records are ticks or bars.
    public var content: ImportFormat.Content { format.content }

    /// `file:line` for a record.
    public func source(of record: ImportRecord) -> String { "\(sourceName):\(record.line)" }

    /// Calls `body` for every data line in file order (empty lines and the header are skipped).
    /// `rawText` materialises the line's text when called, only valid during the call; a
    /// malformed record already holds it. Errors thrown by `body` stop the read and are rethrown;
    /// an unreadable file or corrupt gzip data is `E_INPUT_NOT_FOUND` / `E_INPUT_ENCODING`.
    public func forEachRecord(_ body: (_ record: ImportRecord, _ rawText: () -> String) throws -> Void) throws {
        let scanner = LineScanner(try InputChain.open(try Self.openRaw(input, path: sourceName), path: sourceName), path: sourceName)
        var parser = LineParser(layout: layout, offsetMs: Int64(timeZoneOffsetSeconds) * 1000)
        defer { parser.deallocate() }
        let headerLine = layout.headerLine
        let isTicks = format.content == .ticks
        let allowsQuotes = layout.allowsQuotes
        var unquoted: [UInt8] = []
        try scanner.forEachLine { line, count, lineNumber in
            if count == 0 || lineNumber == headerLine { return true }
            if line[0] == 0x20 || line[0] == 0x09, Self.isBlank(line, count) { return true }
            var error = LineError()
            if allowsQuotes, memchr(line, 0x22, count) != nil {
                guard parser.splitQuoted(line, count, into: &unquoted, &error) else {
                    try body(malformed(error, line, count, line, count, lineNumber, parser), {
                        String(decoding: UnsafeBufferPointer(start: line, count: count), as: UTF8.self)
                    })
                    return true
                }
                return try unquoted.withUnsafeBufferPointer { buffer in
                    try handle(buffer.baseAddress!, buffer.count)
                }
            }
            return try handle(line, count)

            func handle(_ p: UnsafePointer<UInt8>, _ n: Int) throws -> Bool {
                if isTicks {
                    if let tick = parser.tick(p, n, &error) {
                        try body(ImportRecord(line: lineNumber, kind: .tick(tick)), {
                            String(decoding: UnsafeBufferPointer(start: line, count: count), as: UTF8.self)
                        })
                        return true
                    }
                } else if let bar = parser.bar(p, n, &error) {
                    try body(ImportRecord(line: lineNumber, kind: .bar(bar)), {
                        String(decoding: UnsafeBufferPointer(start: line, count: count), as: UTF8.self)
                    })
                    return true
                }
                try body(malformed(error, p, n, line, count, lineNumber, parser), {
                    String(decoding: UnsafeBufferPointer(start: line, count: count), as: UTF8.self)
                })
                return true
            }
        }
    }

    /// Calls `body` for every data line; see `forEachRecord(_:)` with the raw text.
    public func forEachRecord(_ body: (_ record: ImportRecord) throws -> Void) throws {
        try forEachRecord { record, _ in try body(record) }
    }

    /// All records in an array (for small files and tests; stream large ones with `forEachRecord`).
    public func records() throws -> [ImportRecord] {
        var records: [ImportRecord] = []
        try forEachRecord { records.append($0) }
        return records
    }

    private static func isBlank(_ line: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for i in 0..<count where line[i] != 0x20 && line[i] != 0x09 { return false }
        return true
    }

    /// The quarantine record of a malformed line.
    private func malformed(
        _ error: LineError, _ cells: UnsafePointer<UInt8>, _ cellBytes: Int, _ line: UnsafePointer<UInt8>, _ count: Int,
        _ lineNumber: Int, _ parser: LineParser
    ) -> ImportRecord {
        let raw = String(decoding: UnsafeBufferPointer(start: line, count: count), as: UTF8.self)
        let value = error.cell < 0 ? raw : parser.cellText(cells, cellBytes, error.cell)
        let source = "\(sourceName):\(lineNumber)"
        let tradehubError = TradehubError(.malformed, [
            "source": source, "field": error.field.description, "value": value, "problem": error.problem.text,
        ])
        let record = QuarantineRecord(symbol: symbol, error: tradehubError, source: source, raw: raw, timeMs: error.timeMs)
        return ImportRecord(line: lineNumber, kind: .malformed(record, error: tradehubError))
    }
}
