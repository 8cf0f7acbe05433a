import ErrorDNA
import TradehubModel

/// Where a multi-symbol `TickPipeline` delivers: like `TickSink`, but each accepted tick comes
/// with its symbol.
public protocol SymbolTickSink {
    mutating func accept(_ tick: Tick, symbol: Symbol, source: String)
    mutating func quarantine(_ record: QuarantineRecord)
}

/// Validates ticks of many symbols: routes each to its symbol's `TickValidator` (created on
/// first sight), so the rules run in arrival order per symbol. When a symbol list is configured,
/// a tick of any other symbol is quarantined with `E_UNKNOWN_SYMBOL`.
public struct TickPipeline: Sendable {
    public let settings: ValidationSettings
    private let allowed: [String: Symbol]?
    private let precision: @Sendable (String) -> Symbol
    private var validators: [TickValidator] = []
    private var indexByName: [String: Int] = [:]
    private var lastName = ""
    private var lastIndex = -1
    /// Ticks quarantined with `E_UNKNOWN_SYMBOL` so far.
    public private(set) var unknownSymbolCount = 0

    /// - Parameters:
    ///   - symbols: the configured symbol list (names matched exactly, digits taken from it), or
    ///     nil to accept every symbol.
    ///   - precision: the digits of a symbol not in the list (default `Symbol.standard`).
    public init(
        settings: ValidationSettings = .standard, symbols: [Symbol]? = nil,
        precision: @escaping @Sendable (String) -> Symbol = { Symbol.standard($0) }
    ) {
        self.settings = settings
        self.allowed = symbols.map { list in Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last }) }
        self.precision = precision
    }

    /// Validates a tick of the symbol named `symbol`; see `TickValidator.process`.
    public mutating func process<S: SymbolTickSink>(
        _ tick: Tick, symbol name: String, source: String, raw: String, into sink: inout S
    ) {
        guard let index = validatorIndex(name) else {
            unknownSymbolCount += 1
            sink.quarantine(QuarantineRecord(
                symbol: name, error: TradehubError(.unknownSymbol, ["source": source, "symbol": name]),
                source: source, raw: raw, timeMs: tick.timeMs))
            return
        }
        withUnsafeMutablePointer(to: &sink) { pointer in
            var bound = BoundSink(target: pointer, symbol: validators[index].symbol)
            validators[index].process(tick, source: source, raw: raw, into: &bound)
        }
    }

    /// Continues a symbol after `tick`, accepted earlier (see `TickValidator.resume`); a symbol
    /// outside the configured list is left alone.
    public mutating func resume(symbol name: String, after tick: Tick) {
        guard let index = validatorIndex(name) else { return }
        validators[index].resume(after: tick)
    }

    /// The validator of `name`, created on first sight; nil for a symbol outside the list.
    private mutating func validatorIndex(_ name: String) -> Int? {
        if lastIndex >= 0, name == lastName { return lastIndex }
        let index: Int
        if let known = indexByName[name] {
            index = known
        } else {
            let symbol: Symbol
            if let allowed {
                guard let listed = allowed[name] else { return nil }
                symbol = listed
            } else {
                symbol = precision(name)
            }
            index = validators.count
            validators.append(TickValidator(symbol: symbol, settings: settings))
            indexByName[name] = index
        }
        lastName = name
        lastIndex = index
        return index
    }

    /// The symbol (with its digits) a tick of `name` is validated as; nil outside the list.
    public mutating func symbol(named name: String) -> Symbol? {
        validatorIndex(name).map { validators[$0].symbol }
    }

    /// Ends the stream of every symbol (see `TickValidator.finish`), in order of first sight.
    public mutating func finish<S: SymbolTickSink>(into sink: inout S) {
        withUnsafeMutablePointer(to: &sink) { pointer in
            for index in validators.indices {
                var bound = BoundSink(target: pointer, symbol: validators[index].symbol)
                validators[index].finish(into: &bound)
            }
        }
    }

    /// The validator of a symbol seen so far (for its counts and state).
    public func validator(for name: String) -> TickValidator? {
        indexByName[name].map { validators[$0] }
    }

    /// The symbols seen so far, in order of first sight.
    public var symbols: [Symbol] { validators.map(\.symbol) }
}

/// A `TickSink` view of a `SymbolTickSink` for one symbol, valid while the pointer is.
private struct BoundSink<Target: SymbolTickSink>: TickSink {
    let target: UnsafeMutablePointer<Target>
    let symbol: Symbol

    mutating func accept(_ tick: Tick, source: String) { target.pointee.accept(tick, symbol: symbol, source: source) }
    mutating func quarantine(_ record: QuarantineRecord) { target.pointee.quarantine(record) }
}
