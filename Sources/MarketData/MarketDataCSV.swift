import TradehubModel

/// The CSV export formats: ticks as `ticks-csv` (`time,bid,ask,last,volume,flags`, time
/// `2024-01-02T00:00:00.123Z`) and bars as `time,open,high,low,close,tick_volume,spread,real_volume`
/// (time `2024-01-02T00:00:00Z`). Numbers are the shortest text that reads back to the same
/// `Double` (integral values without `.0`), so `MarketDataReader` reads an export back unchanged.
public enum MarketDataCSV {
    /// The header line of a tick export.
    public static let ticksHeader = "time,bid,ask,last,volume,flags"
    /// The header line of a bar export.
    public static let barsHeader = "time,open,high,low,close,tick_volume,spread,real_volume"

    /// The shortest text that reads back to `value`; integral values without `.0`.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value == value.rounded(), abs(value) < 1e15 {
            return value == 0 && value.sign == .minus ? "-0" : String(Int64(value))
        }
        return value.description
    }

    @inline(__always)
    static func append(_ value: Double, to out: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e15, !(value == 0 && value.sign == .minus) {
            appendInteger(Int64(value), to: &out)
        } else {
            out.append(contentsOf: format(value).utf8)
        }
    }

    @inline(__always)
    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        var v = value.magnitude
        var divisor: UInt64 = 1
        while v / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: 0x30 &+ v / divisor))
            v %= divisor
            divisor /= 10
        }
    }

    /// Appends one tick row (with its line end) as UTF-8.
    public static func appendRow(_ tick: Tick, to out: inout [UInt8]) {
        MarketTime.appendISO8601(tick.timeMs, withMilliseconds: true, to: &out)
        out.append(0x2C)
        append(tick.bid, to: &out)
        out.append(0x2C)
        append(tick.ask, to: &out)
        out.append(0x2C)
        append(tick.last, to: &out)
        out.append(0x2C)
        append(tick.volume, to: &out)
        out.append(0x2C)
        appendInteger(Int64(tick.flags), to: &out)
        out.append(0x0A)
    }

    /// Appends one bar row (with its line end) as UTF-8; a bar time with milliseconds keeps them.
    public static func appendRow(_ bar: Bar, to out: inout [UInt8]) {
        MarketTime.appendISO8601(bar.openTimeMs, withMilliseconds: bar.openTimeMs % 1000 != 0, to: &out)
        out.append(0x2C)
        append(bar.open, to: &out)
        out.append(0x2C)
        append(bar.high, to: &out)
        out.append(0x2C)
        append(bar.low, to: &out)
        out.append(0x2C)
        append(bar.close, to: &out)
        out.append(0x2C)
        appendInteger(bar.tickVolume, to: &out)
        out.append(0x2C)
        appendInteger(Int64(bar.spread), to: &out)
        out.append(0x2C)
        append(bar.realVolume, to: &out)
        out.append(0x0A)
    }

    /// A whole tick export, header included.
    public static func text<S: Sequence<Tick>>(ticks: S) -> String {
        var out = Array((ticksHeader + "\n").utf8)
        for tick in ticks { appendRow(tick, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// A whole bar export, header included.
    public static func text<S: Sequence<Bar>>(bars: S) -> String {
        var out = Array((barsHeader + "\n").utf8)
        for bar in bars { appendRow(bar, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Streams an export in chunks of about `chunkBytes` to `output` (a file, stdout, a socket),
/// so exporting millions of ticks needs constant memory. Call `finish()` to flush the rest.
public struct MarketDataCSVWriter {
    private var buffer: [UInt8] = []
    private let chunkBytes: Int
    private let output: ([UInt8]) throws -> Void
    /// Rows written so far, the header not counted.
    public private(set) var rowCount = 0

    /// Starts an export of `content`, writing its header first.
    public init(content: ImportFormat.Content, chunkBytes: Int = 1 << 20, output: @escaping ([UInt8]) throws -> Void) {
        self.chunkBytes = chunkBytes
        self.output = output
        buffer.reserveCapacity(chunkBytes + 256)
        buffer.append(contentsOf: ((content == .ticks ? MarketDataCSV.ticksHeader : MarketDataCSV.barsHeader) + "\n").utf8)
    }

    /// Appends a tick row.
    public mutating func write(_ tick: Tick) throws {
        MarketDataCSV.appendRow(tick, to: &buffer)
        rowCount += 1
        if buffer.count >= chunkBytes { try flush() }
    }

    /// Appends a bar row.
    public mutating func write(_ bar: Bar) throws {
        MarketDataCSV.appendRow(bar, to: &buffer)
        rowCount += 1
        if buffer.count >= chunkBytes { try flush() }
    }

    /// Hands what is buffered to the output.
    public mutating func finish() throws { try flush() }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try output(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
