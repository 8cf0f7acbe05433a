import ErrorDNA

/// Every indicator and pattern function Tradehub implements, by TA-Lib name.
///
/// Each family file contributes one list (`IndicatorCatalogue+….swift`); this type joins them.
public enum IndicatorCatalogue {
    public static let all: [IndicatorFunction] = (averages + oscillators + patterns).sorted { $0.name < $1.name }

    private static let byName: [String: IndicatorFunction] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The function called `name` (case-insensitive).
    public static func function(named name: String) -> IndicatorFunction? { byName[name.uppercased()] }

    /// Resolves a spec to its function and a fresh instance; errors name the spec and what is allowed.
    public static func make(_ spec: IndicatorSpec, source: PriceSource = .close) throws -> (IndicatorFunction, any Indicator) {
        guard let function = function(named: spec.name) else {
            throw TradehubError(.indicatorUnknown, ["name": spec.name, "known": all.map(\.name).joined(separator: ", ")])
        }
        return (function, try function.make(spec.arguments, source: source, spec: spec.text))
    }
}
