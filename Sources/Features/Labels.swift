import ErrorDNA
import TradehubModel

/// Labels aligned to bars, with the last bar each label looks at, so training can purge the rows
/// whose label window overlaps a test fold.
public struct LabelSeries: Sendable, Equatable {
    /// 1 or 0 per bar; NaN when the label cannot be known (horizon past the data, neutral band dropped).
    public let values: [Double]
    /// For each bar, the index of the last bar its label reads (never below the bar itself).
    public let windowEnd: [Int]

    public init(values: [Double], windowEnd: [Int]) {
        precondition(values.count == windowEnd.count)
        self.values = values
        self.windowEnd = windowEnd
    }

    public var count: Int { values.count }

    public static func == (lhs: LabelSeries, rhs: LabelSeries) -> Bool {
        lhs.windowEnd == rhs.windowEnd
            && zip(lhs.values, rhs.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
}

/// A binary classification target over bars, the one thing in `Features` that reads ahead of a
/// bar (by design, up to its horizon; `LabelSeries.windowEnd` says how far).
///
/// Returns are simple, `close[j] / close[t] − 1`, so thresholds and barriers read as fractions
/// of the entry price (0.0005 = 5 pips on EURUSD at 1.0).
public enum LabelSpec: Sendable, Hashable, CustomStringConvertible {
    /// `direction(h=12,threshold=0.0005)`: 1 when the return over the next `h` bars is above
    /// `threshold`, else 0; with `neutral=drop`, NaN when it lies within ±`threshold` (0 then
    /// means below −`threshold`). Window: bars `t…t+h`.
    case direction(horizon: Int, threshold: Double, dropNeutral: Bool)
    /// `triple_barrier(tp=0.002,sl=0.001,h=24)`: entering at the close of bar `t`, 1 when a later
    /// bar's High reaches `+tp` before any Low reaches `−sl`, 0 when the stop comes first (also
    /// when both are touched in one bar: the cautious reading), and when neither is touched within
    /// `h` bars, 1 if Close at `t+h` is above the entry, else 0. Window: bars `t…` the touching bar,
    /// or `t+h`.
    case tripleBarrier(takeProfit: Double, stopLoss: Double, horizon: Int)

    /// Parses `direction(…)` or `triple_barrier(…)` with `key=value` arguments; `E_LABEL_SYNTAX`.
    public init(parsing raw: String) throws {
        let text = raw.filter { !$0.isWhitespace }
        func fail(_ problem: String) -> TradehubError { TradehubError(.labelSyntax, ["spec": raw, "problem": problem]) }
        guard let open = text.firstIndex(of: "("), text.last == ")" else {
            throw fail("write direction(h=…,threshold=…) or triple_barrier(tp=…,sl=…,h=…)")
        }
        var arguments: [String: String] = [:]
        for pair in text[text.index(after: open)..<text.index(before: text.endIndex)].split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw fail("'\(pair)' is not key=value") }
            guard arguments.updateValue(String(parts[1]), forKey: parts[0].lowercased()) == nil else {
                throw fail("'\(parts[0])' given twice")
            }
        }
        func take(_ key: String) -> String? { arguments.removeValue(forKey: key) }
        func horizon() throws -> Int {
            guard let value = take("h") else { throw fail("h (the horizon in bars) is required") }
            guard let bars = Int(value), bars >= 1 else { throw fail("h = \(value) must be a whole number of bars ≥ 1") }
            return bars
        }
        func fraction(_ key: String, default fallback: Double? = nil, positive: Bool) throws -> Double {
            guard let value = take(key) else {
                guard let fallback else { throw fail("\(key) is required") }
                return fallback
            }
            guard let number = Double(value), number.isFinite, positive ? number > 0 : number >= 0 else {
                throw fail("\(key) = \(value) must be a number \(positive ? "> 0" : "≥ 0") (a return fraction)")
            }
            return number
        }
        switch text[..<open].lowercased() {
        case "direction":
            let bars = try horizon()
            let threshold = try fraction("threshold", default: 0, positive: false)
            let neutral = take("neutral") ?? "keep"
            guard neutral == "keep" || neutral == "drop" else { throw fail("neutral = \(neutral) must be keep or drop") }
            self = .direction(horizon: bars, threshold: threshold, dropNeutral: neutral == "drop")
        case "triple_barrier":
            let bars = try horizon()
            self = .tripleBarrier(
                takeProfit: try fraction("tp", positive: true), stopLoss: try fraction("sl", positive: true), horizon: bars)
        default:
            throw fail("unknown label '\(text[..<open])'; known: direction, triple_barrier")
        }
        if let unknown = arguments.keys.sorted().first { throw fail("unknown argument '\(unknown)'") }
    }

    /// The canonical text, every argument named (`direction(h=12,threshold=0.0005)`).
    public var canonical: String {
        switch self {
        case .direction(let horizon, let threshold, let drop):
            "direction(h=\(horizon),threshold=\(FeatureSpec.format(threshold))\(drop ? ",neutral=drop" : ""))"
        case .tripleBarrier(let tp, let sl, let horizon):
            "triple_barrier(tp=\(FeatureSpec.format(tp)),sl=\(FeatureSpec.format(sl)),h=\(horizon))"
        }
    }

    public var description: String { canonical }

    /// The bars' furthest look ahead.
    public var horizon: Int {
        switch self {
        case .direction(let horizon, _, _), .tripleBarrier(_, _, let horizon): horizon
        }
    }

    /// The labels of `bars`.
    public func labels(_ bars: [Bar]) -> LabelSeries {
        labels(high: bars.map(\.high), low: bars.map(\.low), close: bars.map(\.close))
    }

    /// The labels of price series of equal length.
    public func labels(high: [Double], low: [Double], close: [Double]) -> LabelSeries {
        precondition(high.count == close.count && low.count == close.count)
        let count = close.count
        var values = [Double](repeating: .nan, count: count)
        var windowEnd = (0..<count).map { min($0 + horizon, count - 1) }
        for t in 0..<count where t + horizon < count {
            let entry = close[t]
            switch self {
            case .direction(let horizon, let threshold, let drop):
                let move = close[t + horizon] / entry - 1
                if move > threshold {
                    values[t] = 1
                } else if !drop || move < -threshold {
                    values[t] = 0
                }
            case .tripleBarrier(let tp, let sl, let horizon):
                let upper = entry * (1 + tp)
                let lower = entry * (1 - sl)
                values[t] = close[t + horizon] > entry ? 1 : 0
                for j in (t + 1)...(t + horizon) {
                    if low[j] <= lower {
                        values[t] = 0
                    } else if high[j] >= upper {
                        values[t] = 1
                    } else {
                        continue
                    }
                    windowEnd[t] = j
                    break
                }
            }
        }
        return LabelSeries(values: values, windowEnd: windowEnd)
    }
}
