import ErrorDNA
import Indicators
import TradehubModel

/// One declared feature in `tradehub ta` syntax, extended for learning:
///
/// - a catalogue function with TA-Lib arguments, `RSI(14)`, `BBANDS(20,2,2)`; a multi-output one
///   gives one column per output unless one is picked with `.output` (`MACD(12,26,9).macdsignal`);
/// - `return(n)`: the log return of Close over `n` bars, `ln(close[t] / close[t−n])`;
/// - `lag(SPEC,n)`: the value `SPEC` had `n` bars earlier;
/// - `hour()` (0…23) and `dow()` (0 = Monday … 6 = Sunday) of the bar's open time, UTC;
/// - `spread()`: the bar's spread in points;
/// - a timeframe suffix on a function or a return, `RSI(14)@H4`: its value over the bars of that
///   higher timeframe, as of the last one that has closed.
///
/// Every feature reads only the bar being added and earlier ones: a lag or return period must be
/// at least 1, so a feature that reads the future cannot be written.
public struct FeatureSpec: Sendable, Hashable, CustomStringConvertible {
    indirect enum Kind: Sendable, Hashable {
        /// `arguments` complete (defaults filled in); `output` nil means every output.
        case indicator(name: String, arguments: [Double], output: Int?, timeframe: Timeframe?)
        case logReturn(bars: Int, timeframe: Timeframe?)
        case lag(FeatureSpec, bars: Int)
        case hour
        case dayOfWeek
        case spread
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// Parses one feature; errors are `E_FEATURE_SYNTAX`, or the indicator catalogue's own
    /// (`E_INDICATOR_UNKNOWN`, `E_INDICATOR_ARGUMENT_RANGE`, …) for a function call.
    public init(parsing raw: String) throws {
        let text = raw.filter { !$0.isWhitespace }
        func fail(_ problem: String) -> TradehubError { TradehubError(.featureSyntax, ["spec": raw, "problem": problem]) }
        guard !text.isEmpty else { throw fail("empty feature") }

        var body = Substring(text)
        var timeframe: Timeframe?
        if let at = Self.lastTopLevel("@", in: body) {
            let name = body[body.index(after: at)...]
            guard let parsed = Timeframe(name: String(name)) else {
                throw fail("'\(name)' is not a timeframe (M1, M5, M15, M30, H1, H4, D1, W1, MN1)")
            }
            timeframe = parsed
            body = body[..<at]
        }

        let (name, arguments) = try Self.call(body, fail: fail)
        switch name.lowercased() {
        case "return":
            let bars = try Self.bars(arguments, of: "return", fail: fail)
            kind = .logReturn(bars: bars, timeframe: timeframe)
        case "lag":
            guard let arguments, arguments.count == 2 else { throw fail("write lag(SPEC,n)") }
            guard timeframe == nil else {
                throw fail("put the timeframe inside the lag, e.g. lag(RSI(14)@H4,3)")
            }
            let inner = try FeatureSpec(parsing: String(arguments[0]))
            kind = .lag(inner, bars: try Self.bars([arguments[1]], of: "lag", fail: fail))
        case "hour", "dow", "spread":
            guard arguments?.isEmpty ?? true else { throw fail("\(name.lowercased())() takes no arguments") }
            guard timeframe == nil else { throw fail("\(name.lowercased())() has no timeframe") }
            switch name.lowercased() {
            case "hour": kind = .hour
            case "dow": kind = .dayOfWeek
            default: kind = .spread
            }
        default:
            kind = try Self.indicator(body, timeframe: timeframe, fail: fail)
        }
    }

    /// Splits a comma-separated list, keeping commas inside parentheses.
    public static func parseList(_ list: String) throws -> [FeatureSpec] {
        try splitTopLevel(Substring(list)).map { try FeatureSpec(parsing: String($0)) }
    }

    /// The canonical text: defaults filled in, names in the catalogue's case, no spaces
    /// (`RSI(14)`, `MACD(12,26,9).macd`, `return(1)`, `lag(RSI(14)@H4,3)`, `hour()`).
    public var canonical: String {
        switch kind {
        case .indicator(let name, let arguments, let output, let timeframe):
            var text = name
            if !arguments.isEmpty { text += "(" + arguments.map(Self.format).joined(separator: ",") + ")" }
            if let output, let function = IndicatorCatalogue.function(named: name), function.outputs.count > 1 {
                text += "." + function.outputs[output]
            }
            return text + Self.suffix(timeframe)
        case .logReturn(let bars, let timeframe): return "return(\(bars))" + Self.suffix(timeframe)
        case .lag(let inner, let bars): return "lag(\(inner.canonical),\(bars))"
        case .hour: return "hour()"
        case .dayOfWeek: return "dow()"
        case .spread: return "spread()"
        }
    }

    public var description: String { canonical }

    /// The single-output features this one stands for, in column order: one per output of a
    /// multi-output function (also under a lag), otherwise itself.
    public var columns: [FeatureSpec] {
        switch kind {
        case .indicator(let name, let arguments, nil, let timeframe):
            let count = IndicatorCatalogue.function(named: name)?.outputs.count ?? 1
            guard count > 1 else { return [FeatureSpec(.indicator(name: name, arguments: arguments, output: 0, timeframe: timeframe))] }
            return (0..<count).map { FeatureSpec(.indicator(name: name, arguments: arguments, output: $0, timeframe: timeframe)) }
        case .lag(let inner, let bars):
            return inner.columns.map { FeatureSpec(.lag($0, bars: bars)) }
        default:
            return [self]
        }
    }

    /// Every timeframe suffix used, here or inside a lag.
    public var timeframes: Set<Timeframe> {
        switch kind {
        case .indicator(_, _, _, let timeframe?), .logReturn(_, let timeframe?): [timeframe]
        case .lag(let inner, _): inner.timeframes
        default: []
        }
    }

    /// Whether the feature reads the bars' spread.
    public var readsSpread: Bool {
        switch kind {
        case .spread: true
        case .lag(let inner, _): inner.readsSpread
        default: false
        }
    }

    /// Whether the feature reads the bars' volume.
    public var readsVolume: Bool {
        switch kind {
        case .indicator(let name, _, _, _): IndicatorCatalogue.function(named: name)?.inputs.contains(.volume) ?? false
        case .lag(let inner, _): inner.readsVolume
        default: false
        }
    }

    // MARK: parsing

    private static func indicator(
        _ body: Substring, timeframe: Timeframe?, fail: (String) -> TradehubError
    ) throws -> Kind {
        var call = body
        var outputName: Substring?
        let selectorSearch = body.lastIndex(of: ")").map { body[$0...] } ?? body
        if let dot = selectorSearch.firstIndex(of: ".") {
            outputName = body[body.index(after: dot)...]
            call = body[..<dot]
        }
        let spec = try IndicatorSpec(parsing: String(call))
        let (function, _) = try IndicatorCatalogue.make(spec)
        let arguments = spec.arguments + function.parameters.dropFirst(spec.arguments.count).map(\.defaultValue)
        var output: Int?
        if let outputName {
            guard let index = function.outputs.firstIndex(where: { $0.lowercased() == outputName.lowercased() }) else {
                throw fail("\(function.name) has no output '\(outputName)'; outputs: \(function.outputs.joined(separator: ", "))")
            }
            output = index
        }
        return .indicator(name: function.name, arguments: arguments, output: output, timeframe: timeframe)
    }

    /// `name(arguments)` split at top-level commas; arguments nil when there are no parentheses.
    private static func call(
        _ body: Substring, fail: (String) -> TradehubError
    ) throws -> (name: Substring, arguments: [Substring]?) {
        guard let open = body.firstIndex(of: "(") else { return (body, nil) }
        guard body.last == ")" else { return (body[..<open], nil) }
        let inner = body[body.index(after: open)..<body.index(before: body.endIndex)]
        return (body[..<open], inner.isEmpty ? [] : splitTopLevel(inner))
    }

    /// A bar count of `return(n)` or `lag(SPEC,n)`: a whole number ≥ 1.
    private static func bars(_ arguments: [Substring]?, of name: String, fail: (String) -> TradehubError) throws -> Int {
        guard let arguments, arguments.count == 1 else { throw fail("write \(name)(n) with one bar count") }
        guard let value = Int(arguments[0]) else { throw fail("'\(arguments[0])' is not a whole number of bars") }
        guard value >= 1 else {
            throw fail("\(name) needs n ≥ 1 bar; \(value) would read \(value < 0 ? "the future" : "nothing")")
        }
        return value
    }

    static func splitTopLevel(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var start = text.startIndex
        for index in text.indices {
            switch text[index] {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                parts.append(text[start..<index])
                start = text.index(after: index)
            default: break
            }
        }
        parts.append(text[start...])
        return parts
    }

    private static func lastTopLevel(_ character: Character, in text: Substring) -> Substring.Index? {
        var depth = 0
        var found: Substring.Index?
        for index in text.indices {
            switch text[index] {
            case "(": depth += 1
            case ")": depth -= 1
            case character where depth == 0: found = index
            default: break
            }
        }
        return found
    }

    private static func suffix(_ timeframe: Timeframe?) -> String { timeframe.map { "@" + $0.rawValue } ?? "" }

    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
