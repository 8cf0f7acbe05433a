import ErrorDNA
import MarketData
import TradehubModel

/// The valid ticks of a tick file, read by `MarketDataReader` and validated by `TickValidator` as
/// `tradehub import` reads and validates them; what `decide --ticks` replays.
struct TickFile {
    /// The accepted ticks, in time order.
    var ticks: [Tick] = []
    /// Ticks the validator quarantined (out of order, duplicate, spike, crossed, …): left out, as live.
    var quarantined = 0

    /// Reads `path` (MT5 ticks, histdata ticks or ticks-csv; plain, UTF-16 or gzip). A malformed
    /// line is `E_CSV_MALFORMED` naming `path:line`, a file of bars `E_USAGE`, a file without one
    /// valid tick `E_NO_TICKS`.
    static func read(path: String, symbol: Symbol, settings: ValidationSettings) throws -> TickFile {
        let reader = try MarketDataReader(path: path, symbol: symbol.name)
        guard reader.content == .ticks else {
            throw TradehubError(.usage, [
                "argument": "--ticks", "problem": "\(path) holds bars (format \(reader.format)); replay it with --data",
            ])
        }
        var validator = TickValidator(symbol: symbol, settings: settings)
        var file = TickFile()
        try reader.forEachRecord { record, rawText in
            switch record.kind {
            case .tick(let tick):
                validator.process(tick, source: reader.source(of: record), raw: rawText(), into: &file)
            case .bar:
                break
            case .malformed(_, let error):
                throw TradehubError(.csvMalformed, [
                    "path": path, "line": String(record.line), "column": error["field"] ?? "line",
                    "value": error["value"] ?? "", "problem": error["problem"] ?? error.message,
                ])
            }
        }
        validator.finish(into: &file)
        guard !file.ticks.isEmpty else {
            throw TradehubError(.noTicks, ["path": path, "quarantined": String(file.quarantined)])
        }
        return file
    }
}

extension TickFile: TickSink {
    mutating func accept(_ tick: Tick, source: String) { ticks.append(tick) }
    mutating func quarantine(_ record: QuarantineRecord) { quarantined += 1 }
}
