import Crypto
import ErrorDNA
import TradehubModel

/// A feature spec as a file declares it, with where it was declared (`features.toml:4`).
public struct FeatureDeclaration: Sendable, Equatable {
    public let text: String
    /// `path:line` (TOML) or `path: features[3]` (JSON), for messages.
    public let source: String

    public init(text: String, source: String) {
        self.text = text
        self.source = source
    }
}

/// The features a model reads, in column order, with a stable identity for the model registry.
public struct FeatureSet: Sendable, Hashable {
    /// The features as declared (a multi-output function is one entry).
    public let features: [FeatureSpec]
    /// One single-output feature per column.
    public let columns: [FeatureSpec]

    /// Resolves `features`; a column declared twice (`RSI,RSI(14)`) is `E_FEATURE_SYNTAX`.
    public init(_ features: [FeatureSpec]) throws {
        var seen: Set<String> = []
        var columns: [FeatureSpec] = []
        for feature in features {
            for column in feature.columns {
                guard seen.insert(column.canonical).inserted else {
                    throw TradehubError(.featureSyntax, [
                        "spec": feature.canonical, "problem": "column \(column.canonical) is already declared",
                    ])
                }
                columns.append(column)
            }
        }
        guard !columns.isEmpty else {
            throw TradehubError(.featureSyntax, ["spec": "", "problem": "no features declared"])
        }
        self.features = features
        self.columns = columns
    }

    /// Parses an inline list, `"RSI(14),ATR(14),return(1),lag(RSI(14),3)"`.
    public init(parsing list: String) throws {
        try self.init(FeatureSpec.parseList(list))
    }

    /// Parses declarations read from a file; any problem is `E_FEATURE_FILE` naming the
    /// declaration's source and the feature.
    public init(declarations: [FeatureDeclaration]) throws {
        var specs: [FeatureSpec] = []
        for declaration in declarations {
            do {
                specs.append(try FeatureSpec(parsing: declaration.text))
            } catch let error as TradehubError {
                throw TradehubError(.featureFile, [
                    "source": declaration.source, "problem": "feature '\(declaration.text)': \(error.message)",
                ])
            }
        }
        do {
            try self.init(specs)
        } catch let error as TradehubError {
            let culprit = error["spec"].flatMap { spec in declarations.last { (try? FeatureSpec(parsing: $0.text))?.canonical == spec } }
            throw TradehubError(.featureFile, [
                "source": culprit?.source ?? declarations.first?.source ?? "feature set", "problem": error.message,
            ])
        }
    }

    /// The column names, the canonical text of each column (`MACD(12,26,9).macdsignal`).
    public var names: [String] { columns.map(\.canonical) }

    /// The canonical text of the whole set: its column names joined by `,`. Two sets with the
    /// same columns in the same order have the same canonical text, however they were written.
    public var canonical: String { names.joined(separator: ",") }

    /// SHA-256 of `canonical` in lowercase hexadecimal, the set's identity in the model registry.
    public var hash: String {
        SHA256.hash(data: Array(canonical.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The higher timeframes the set reads.
    public var timeframes: Set<Timeframe> { features.reduce(into: []) { $0.formUnion($1.timeframes) } }

    /// Whether some feature reads the bars' spread.
    public var readsSpread: Bool { features.contains(where: \.readsSpread) }

    /// Whether some feature reads the bars' volume.
    public var readsVolume: Bool { features.contains(where: \.readsVolume) }
}
