import ErrorDNA
import TradehubModel

/// Where each field of a format's lines is, resolved once per file from its header (or the
/// format's fixed layout), so the per-line loop only indexes cells.
struct LineLayout: Sendable {
    enum Time: Sendable {
        /// MT5: `2024.01.02` and `00:00:00.123` in two cells (`time` -1: date only, midnight).
        case mt5(date: Int, time: Int)
        /// histdata: `20240102 000000123` / `20240102 000000` in one cell.
        case histdata(Int)
        /// One free-form cell: ISO 8601, `2024-01-02 09:00:00`, a date, or epoch seconds/ms.
        case flexible(Int)
        /// A date cell and a separate time-of-day cell.
        case dateAndTime(date: Int, time: Int)
    }

    var separator: UInt8
    var cellCount: Int
    var time: Time
    /// The line number of the header, 0 when the file has none.
    var headerLine = 0
    var bid = -1, ask = -1, last = -1, volume = -1, flags = -1
    var open = -1, high = -1, low = -1, close = -1, tickVolume = -1, realVolume = -1, spread = -1
    /// MT5 ticks: an empty BID or ASK takes the value of the nearest earlier line that has one.
    var carryForward = false
    /// An empty LAST or VOLUME cell is 0 (MT5 leaves them empty for forex).
    var emptyIsZero = false
    /// RFC 4180 quoting may occur (`ohlcv`).
    var allowsQuotes = false

    /// Resolves the layout of `format` from the file's first non-empty line.
    static func resolve(_ format: ImportFormat, head: FileHead, path: String) throws -> LineLayout {
        let line = head.firstLine ?? ""
        let headerLine = head.firstLine == nil ? 0 : head.firstLineNumber
        func unknown(_ reason: String) -> TradehubError {
            TradehubError(.formatUnknown, ["path": path, "line": String(max(1, headerLine)), "reason": reason])
        }
        let separator = HeaderCells.separator(of: line).asciiValue ?? 0x2C
        switch format {
        case .mt5Ticks, .mt5Bars:
            let trimmed = line.drop(while: { $0 == " " })
            guard trimmed.hasPrefix("<") else {
                // No header: MT5's column order.
                let tab: UInt8 = line.contains("\t") || head.firstLine == nil ? 0x09 : separator
                if format == .mt5Ticks {
                    return LineLayout(separator: tab, cellCount: 7, time: .mt5(date: 0, time: 1),
                                      bid: 2, ask: 3, last: 4, volume: 5, flags: 6, carryForward: true, emptyIsZero: true)
                }
                return LineLayout(separator: tab, cellCount: 9, time: .mt5(date: 0, time: 1),
                                  open: 2, high: 3, low: 4, close: 5, tickVolume: 6, realVolume: 7, spread: 8)
            }
            let names = HeaderCells.split(line).map(HeaderCells.mt5Name)
            func column(_ name: String) -> Int { names.firstIndex(of: name) ?? -1 }
            func required(_ name: String) throws -> Int {
                let index = column(name)
                guard index >= 0 else {
                    throw unknown("--format \(format) needs a <\(name)> column; the header has \(names.joined(separator: ", "))")
                }
                return index
            }
            var layout = LineLayout(separator: separator, cellCount: names.count,
                                    time: .mt5(date: try required("DATE"), time: column("TIME")), headerLine: headerLine)
            if format == .mt5Ticks {
                if case .mt5(let date, _) = layout.time { layout.time = .mt5(date: date, time: try required("TIME")) }
                layout.bid = try required("BID")
                layout.ask = try required("ASK")
                layout.last = column("LAST")
                layout.volume = column("VOLUME")
                layout.flags = column("FLAGS")
                layout.carryForward = true
                layout.emptyIsZero = true
            } else {
                layout.open = try required("OPEN")
                layout.high = try required("HIGH")
                layout.low = try required("LOW")
                layout.close = try required("CLOSE")
                layout.tickVolume = column("TICKVOL")
                layout.realVolume = column("VOL")
                layout.spread = column("SPREAD")
            }
            return layout
        case .histdataTicks:
            return LineLayout(separator: 0x2C, cellCount: 4, time: .histdata(0), bid: 1, ask: 2, volume: 3)
        case .histdataM1:
            return LineLayout(separator: 0x3B, cellCount: 6, time: .histdata(0),
                              open: 1, high: 2, low: 3, close: 4, realVolume: 5)
        case .ticksCSV:
            let names = HeaderCells.split(line).map(HeaderCells.csvName)
            guard let timeColumn = ImportFormat.tickTimeColumnNames.lazy.compactMap({ names.firstIndex(of: $0) }).first,
                  let bid = names.firstIndex(of: "bid"), let ask = names.firstIndex(of: "ask") else {
                if let first = line.utf8.first, first &- 0x30 <= 9 || first == 0x2D {
                    // No header: the export's column order.
                    return LineLayout(separator: separator, cellCount: 6, time: .flexible(0),
                                      bid: 1, ask: 2, last: 3, volume: 4, flags: 5, emptyIsZero: true)
                }
                throw unknown("--format ticks-csv needs a header with time, bid and ask; found \(names.joined(separator: ", "))")
            }
            return LineLayout(separator: separator, cellCount: names.count, time: .flexible(timeColumn),
                              headerLine: headerLine, bid: bid, ask: ask, last: names.firstIndex(of: "last") ?? -1,
                              volume: names.firstIndex(of: "volume") ?? -1, flags: names.firstIndex(of: "flags") ?? -1,
                              emptyIsZero: true)
        case .ohlcv:
            let names = HeaderCells.split(line).map(HeaderCells.csvName)
            let found = names.joined(separator: ", ")
            var time: Time
            if let date = names.firstIndex(of: "date"), let timeOfDay = names.firstIndex(of: "time") {
                time = .dateAndTime(date: date, time: timeOfDay)
            } else if let index = names.firstIndex(where: { ImportFormat.timeColumnNames.contains($0) }) {
                time = .flexible(index)
            } else {
                throw TradehubError(.csvHeader, [
                    "path": path, "missing": "a time column (first cell empty, or time/date/datetime/timestamp)",
                    "found": found,
                ])
            }
            var columns: [Int] = []
            for name in ["open", "high", "low", "close"] {
                guard let index = names.firstIndex(of: name) else {
                    throw TradehubError(.csvHeader, ["path": path, "missing": name.capitalized, "found": found])
                }
                columns.append(index)
            }
            func first(_ candidates: [String]) -> Int {
                candidates.lazy.compactMap { names.firstIndex(of: $0) }.first ?? -1
            }
            var layout = LineLayout(separator: separator, cellCount: names.count, time: time, headerLine: headerLine,
                                    open: columns[0], high: columns[1], low: columns[2], close: columns[3])
            layout.tickVolume = first(["tick_volume", "tickvol", "tick volume", "<tickvol>"])
            layout.realVolume = first(["real_volume", "vol", "real volume", "<vol>", "volume"])
            layout.spread = first(["spread", "<spread>"])
            layout.allowsQuotes = true
            return layout
        }
    }
}

/// Why a line is malformed: the field, the cell (-1: the whole line) and the problem.
struct LineError {
    enum Problem {
        case notANumber, notAnInteger, empty, noEarlierQuote, notMT5Date, notMT5Time, notHistdataTime, notATime
        case notATimeOfDay, cellCount(found: Int, expected: Int), flagsRange

        var text: String {
            switch self {
            case .notANumber: "not a number"
            case .notAnInteger: "not a whole number"
            case .empty: "empty"
            case .noEarlierQuote: "empty, and no earlier line has a value to carry forward"
            case .notMT5Date: "not a date (YYYY.MM.DD)"
            case .notMT5Time: "not a time of day (HH:MM:SS.mmm, HH:MM:SS or HH:MM)"
            case .notHistdataTime: "not a histdata time (YYYYMMDD HHMMSSmmm or YYYYMMDD HHMMSS)"
            case .notATime: "not a time (2024-01-02T00:00:00.123Z, 2024-01-02 09:00:00, 2024-01-02 or epoch seconds/ms)"
            case .notATimeOfDay: "not a time of day (HH:MM:SS or HH:MM)"
            case let .cellCount(found, expected): "\(found) cells where \(expected) are expected"
            case .flagsRange: "not a whole number from 0 to 4294967295"
            }
        }
    }

    var field: StaticString = "line"
    var problem: Problem = .empty
    var cell = -1
    var timeMs: Int64? = nil

    init() {}

    @inline(__always)
    mutating func set(_ field: StaticString, _ problem: Problem, cell: Int) {
        self.field = field
        self.problem = problem
        self.cell = cell
    }
}

/// The per-line parsers: cells are split once, then each field is read from its bytes.
struct LineParser {
    let layout: LineLayout
    let offsetMs: Int64
    /// Start of each cell; `cells[count]` is one past the last cell's end + 1 (a sentinel).
    let cells: UnsafeMutablePointer<Int>
    var cellCount = 0
    /// MT5 carry-forward state, from the last well-formed line.
    var lastBid = 0.0
    var lastAsk = 0.0
    var hasLastQuote = false
    /// Set by `splitQuoted`: the next `split` keeps the cells already found.
    var presplit = false

    init(layout: LineLayout, offsetMs: Int64) {
        self.layout = layout
        self.offsetMs = offsetMs
        cells = .allocate(capacity: layout.cellCount + 2)
    }

    func deallocate() { cells.deallocate() }

    /// Splits the line on the separator; false when it has a different number of cells.
    @inline(__always)
    mutating func split(_ p: UnsafePointer<UInt8>, _ n: Int, _ error: inout LineError) -> Bool {
        if presplit {
            presplit = false
            return true
        }
        let separator = layout.separator
        let expected = layout.cellCount
        cells[0] = 0
        var count = 1
        var i = 0
        while i < n {
            if p[i] == separator {
                if count < expected { cells[count] = i + 1 }
                count += 1
            }
            i += 1
        }
        guard count == expected else {
            error.set("row", .cellCount(found: count, expected: expected), cell: -1)
            return false
        }
        cells[count] = n + 1
        cellCount = count
        return true
    }

    /// Splits an RFC 4180 line with quotes (the slow path): the unquoted cells are written to
    /// `buffer`, which the caller then parses in place of the line.
    mutating func splitQuoted(_ p: UnsafePointer<UInt8>, _ n: Int, into buffer: inout [UInt8], _ error: inout LineError) -> Bool {
        let line = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        let parts = CSV.split(line)
        guard parts.count == layout.cellCount else {
            error.set("row", .cellCount(found: parts.count, expected: layout.cellCount), cell: -1)
            return false
        }
        buffer.removeAll(keepingCapacity: true)
        for (k, part) in parts.enumerated() {
            cells[k] = buffer.count
            buffer.append(contentsOf: part.utf8)
            buffer.append(layout.separator)
        }
        cells[parts.count] = buffer.count
        cellCount = parts.count
        presplit = true
        return true
    }

    @inline(__always) func start(_ k: Int) -> Int { cells[k] }
    @inline(__always) func length(_ k: Int) -> Int { cells[k + 1] - 1 - cells[k] }

    @inline(__always)
    func time(_ p: UnsafePointer<UInt8>, _ error: inout LineError) -> Int64? {
        switch layout.time {
        case let .mt5(date, timeCell):
            guard let days = ByteParsing.separatedDate(p + start(date), length(date)) else {
                error.set("date", .notMT5Date, cell: date)
                return nil
            }
            var ms = days * ByteParsing.dayMs
            if timeCell >= 0 {
                guard let t = ByteParsing.timeOfDay(p + start(timeCell), length(timeCell)) else {
                    error.set("time", .notMT5Time, cell: timeCell)
                    return nil
                }
                ms += t
            }
            return ms - offsetMs
        case let .histdata(cell):
            guard let ms = ByteParsing.histdataTime(p + start(cell), length(cell)) else {
                error.set("time", .notHistdataTime, cell: cell)
                return nil
            }
            return ms - offsetMs
        case let .flexible(cell):
            guard let time = ByteParsing.flexibleTime(p + start(cell), length(cell)) else {
                error.set("time", .notATime, cell: cell)
                return nil
            }
            return time.isUTC ? time.ms : time.ms - offsetMs
        case let .dateAndTime(date, timeCell):
            guard let day = ByteParsing.flexibleTime(p + start(date), length(date)) else {
                error.set("date", .notATime, cell: date)
                return nil
            }
            guard let t = ByteParsing.timeOfDay(p + start(timeCell), length(timeCell)) else {
                error.set("time", .notATimeOfDay, cell: timeCell)
                return nil
            }
            return day.isUTC ? day.ms + t : day.ms + t - offsetMs
        }
    }

    @inline(__always)
    func number(_ p: UnsafePointer<UInt8>, _ k: Int, _ field: StaticString, _ error: inout LineError) -> Double? {
        let n = length(k)
        guard n > 0 else {
            error.set(field, .empty, cell: k)
            return nil
        }
        guard let value = ByteParsing.double(p + start(k), n) else {
            error.set(field, .notANumber, cell: k)
            return nil
        }
        return value
    }

    /// An optional number column: absent is 0, empty is 0 when the format says so.
    @inline(__always)
    func optionalNumber(_ p: UnsafePointer<UInt8>, _ k: Int, _ field: StaticString, _ error: inout LineError) -> Double? {
        if k < 0 { return 0 }
        if layout.emptyIsZero, length(k) == 0 { return 0 }
        return number(p, k, field, &error)
    }

    @inline(__always)
    func integer(_ p: UnsafePointer<UInt8>, _ k: Int, _ field: StaticString, _ error: inout LineError) -> Int64? {
        if k < 0 { return 0 }
        let n = length(k)
        guard n > 0 else {
            error.set(field, .empty, cell: k)
            return nil
        }
        guard let value = ByteParsing.integral(p + start(k), n) else {
            error.set(field, .notAnInteger, cell: k)
            return nil
        }
        return value
    }

    @inline(__always)
    mutating func tick(_ p: UnsafePointer<UInt8>, _ n: Int, _ error: inout LineError) -> Tick? {
        guard split(p, n, &error), let timeMs = time(p, &error) else { return nil }
        error.timeMs = timeMs
        var bid: Double, ask: Double
        if layout.carryForward, length(layout.bid) == 0 {
            guard hasLastQuote else {
                error.set("bid", .noEarlierQuote, cell: layout.bid)
                return nil
            }
            bid = lastBid
        } else {
            guard let value = number(p, layout.bid, "bid", &error) else { return nil }
            bid = value
        }
        if layout.carryForward, length(layout.ask) == 0 {
            guard hasLastQuote else {
                error.set("ask", .noEarlierQuote, cell: layout.ask)
                return nil
            }
            ask = lastAsk
        } else {
            guard let value = number(p, layout.ask, "ask", &error) else { return nil }
            ask = value
        }
        guard let last = optionalNumber(p, layout.last, "last", &error),
              let volume = optionalNumber(p, layout.volume, "volume", &error),
              let flags = integer(p, layout.flags, "flags", &error) else { return nil }
        guard flags >= 0, flags <= Int64(UInt32.max) else {
            error.set("flags", .flagsRange, cell: layout.flags)
            return nil
        }
        lastBid = bid
        lastAsk = ask
        hasLastQuote = true
        return Tick(timeMs: timeMs, bid: bid, ask: ask, last: last, volume: volume, flags: UInt32(flags))
    }

    @inline(__always)
    mutating func bar(_ p: UnsafePointer<UInt8>, _ n: Int, _ error: inout LineError) -> Bar? {
        guard split(p, n, &error), let timeMs = time(p, &error) else { return nil }
        error.timeMs = timeMs
        guard let open = number(p, layout.open, "open", &error),
              let high = number(p, layout.high, "high", &error),
              let low = number(p, layout.low, "low", &error),
              let close = number(p, layout.close, "close", &error),
              let tickVolume = integer(p, layout.tickVolume, "tick_volume", &error),
              let realVolume = layout.realVolume < 0 ? 0 : number(p, layout.realVolume, "real_volume", &error),
              let spread = integer(p, layout.spread, "spread", &error) else { return nil }
        guard spread >= Int64(Int32.min), spread <= Int64(Int32.max) else {
            error.set("spread", .notAnInteger, cell: layout.spread)
            return nil
        }
        return Bar(openTimeMs: timeMs, open: open, high: high, low: low, close: close, tickVolume: tickVolume,
                   spread: Int32(spread), realVolume: realVolume)
    }

    /// The text of cell `k` of the last split line, or the whole line for -1.
    func cellText(_ p: UnsafePointer<UInt8>, _ n: Int, _ k: Int) -> String {
        guard k >= 0, k < cellCount else { return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self) }
        return String(decoding: UnsafeBufferPointer(start: p + start(k), count: length(k)), as: UTF8.self)
    }
}
