import ErrorDNA

/// The market-data file formats the importers read; the raw value is the `--format` name.
public enum ImportFormat: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// MT5 "Export ticks": tab-separated `<DATE> <TIME> <BID> <ASK> <LAST> <VOLUME> <FLAGS>`.
    case mt5Ticks = "mt5-ticks"
    /// MT5 "Export bars": `<DATE> <TIME> <OPEN> <HIGH> <LOW> <CLOSE> <TICKVOL> <VOL> <SPREAD>`.
    case mt5Bars = "mt5-bars"
    /// histdata.com generic ASCII ticks: `20240102 000000123,bid,ask,volume`, EST without daylight saving.
    case histdataTicks = "histdata-ticks"
    /// histdata.com generic ASCII M1 bars: `20240102 000000;open;high;low;close;volume`, same zone.
    case histdataM1 = "histdata-m1"
    /// Any CSV with a header holding a time column and Open/High/Low/Close (Volume optional).
    case ohlcv
    /// Tradehub's own tick export: `time,bid,ask,last,volume,flags` with ISO 8601 UTC milliseconds.
    case ticksCSV = "ticks-csv"

    /// What a format's records hold.
    public enum Content: Sendable, Hashable {
        case ticks
        case bars
    }

    /// Whether the format holds ticks or bars.
    public var content: Content {
        switch self {
        case .mt5Ticks, .histdataTicks, .ticksCSV: .ticks
        case .mt5Bars, .histdataM1, .ohlcv: .bars
        }
    }

    /// The zone of the format's times when none is given: histdata writes EST without daylight
    /// saving (UTC−5 all year); the others UTC. Times carrying their own zone (`Z`) ignore it.
    public var defaultTimeZoneOffsetSeconds: Int {
        switch self {
        case .histdataTicks, .histdataM1: -5 * 3600
        default: 0
        }
    }

    public var description: String { rawValue }

    /// The format of a file whose first non-empty line is `line`, or nil.
    public static func detect(firstLine line: String) -> ImportFormat? { classify(line).format }

    /// Opens `path` (gzip, UTF-8 or UTF-16 as the reader does) and detects its format from the first
    /// non-empty line; `E_INPUT_NOT_FOUND` when it cannot be read, `E_FORMAT_UNKNOWN` naming the line.
    public static func detect(path: String) throws -> ImportFormat {
        let head = try FileHead.read(try FileSource(path: path), path: path)
        return try detect(head: head, path: path)
    }

    static func detect(head: FileHead, path: String) throws -> ImportFormat {
        guard let line = head.firstLine else {
            throw TradehubError(.formatUnknown, ["path": path, "line": "1", "reason": "the file is empty"])
        }
        let (format, reason) = classify(line)
        guard let format else {
            throw TradehubError(.formatUnknown, ["path": path, "line": String(head.firstLineNumber), "reason": reason])
        }
        return format
    }

    /// Header names `OHLCVTable` accepts for the time column (any case, trimmed).
    static let timeColumnNames: Set<String> = [
        "", "time", "date", "datetime", "timestamp", "date_time", "<date>", "open_time",
    ]

    /// Header names of the time column of a `ticks-csv` file (any case, trimmed).
    static let tickTimeColumnNames: [String] = ["time", "timestamp", "datetime", "date_time", "time_msc"]

    static func classify(_ line: String) -> (format: ImportFormat?, reason: String) {
        let bytes = Array(line.utf8)
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            return (nil, "it is a zip archive; unzip it and import the CSV inside")
        }
        if line.uppercased().contains("<DATE>") {
            let names = Set(HeaderCells.split(line).map(HeaderCells.mt5Name))
            if names.contains("BID") || names.contains("ASK") { return (.mt5Ticks, "") }
            if names.isSuperset(of: ["OPEN", "HIGH", "LOW", "CLOSE"]) { return (.mt5Bars, "") }
            return (nil, "an MT5 header (<DATE> …) without <BID>/<ASK> or <OPEN>/<HIGH>/<LOW>/<CLOSE>")
        }
        if isHistdata(bytes, timeDigits: 9, separator: 0x2C) { return (.histdataTicks, "") }
        if isHistdata(bytes, timeDigits: 6, separator: 0x3B) { return (.histdataM1, "") }
        let names = Set(HeaderCells.split(line).map(HeaderCells.csvName))
        if names.isSuperset(of: ["bid", "ask"]), !names.isDisjoint(with: tickTimeColumnNames) { return (.ticksCSV, "") }
        if !names.isDisjoint(with: timeColumnNames), names.isSuperset(of: ["open", "high", "low", "close"]) {
            return (.ohlcv, "")
        }
        var shown = String(line.prefix(60))
        if line.count > 60 { shown += "…" }
        return (nil, "the first line '\(shown)' is neither an MT5 header (<DATE> <TIME> …), a histdata row "
            + "(20240102 000000123,… or 20240102 000000;…), a ticks-csv header (time,bid,ask,…) nor a CSV header "
            + "with a time column and Open, High, Low, Close")
    }

    /// `YYYYMMDD HHMMSS[fff]` followed by `separator`.
    private static func isHistdata(_ bytes: [UInt8], timeDigits: Int, separator: UInt8) -> Bool {
        let length = 9 + timeDigits
        guard bytes.count > length, bytes[8] == 0x20, bytes[length] == separator else { return false }
        for i in 0..<length where i != 8 {
            guard bytes[i] &- 0x30 <= 9 else { return false }
        }
        return true
    }
}

/// The first non-empty line of a file (its header, or its first row), read through the input chain.
struct FileHead {
    var firstLine: String?
    var firstLineNumber = 0

    static func read(_ raw: any ByteSource, path: String) throws -> FileHead {
        let scanner = LineScanner(try InputChain.open(raw, path: path), path: path, chunkSize: 1 << 16)
        var head = FileHead()
        try scanner.forEachLine { base, count, lineNumber in
            guard count > 0 else { return true }
            head.firstLine = String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
            head.firstLineNumber = lineNumber
            return false
        }
        return head
    }
}

/// Splitting and normalising header cells.
enum HeaderCells {
    /// The separator of a header line: tab, else comma, else semicolon.
    static func separator(of line: String) -> Character {
        if line.contains("\t") { return "\t" }
        if line.contains(",") { return "," }
        if line.contains(";") { return ";" }
        return ","
    }

    static func split(_ line: String) -> [Substring] {
        let separator = separator(of: line)
        if separator == "," { return CSV.split(line) }
        return line.split(separator: separator, omittingEmptySubsequences: false)
    }

    /// `<TICKVOL>` → `TICKVOL`.
    static func mt5Name(_ cell: Substring) -> String {
        var name = cell.trimmingASCIISpaces().uppercased()
        if name.hasPrefix("<"), name.hasSuffix(">"), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
        return name
    }

    /// ` Open ` → `open`.
    static func csvName(_ cell: Substring) -> String { cell.trimmingASCIISpaces().lowercased() }
}

extension Substring {
    func trimmingASCIISpaces() -> Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}
