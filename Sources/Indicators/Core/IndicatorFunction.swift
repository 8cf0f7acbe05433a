import ErrorDNA

/// One numeric argument of an indicator function, with TA-Lib's default and allowed range.
public struct IndicatorParameter: Sendable, Equatable {
    public let name: String
    public let defaultValue: Double
    public let range: ClosedRange<Double>
    /// Whether only whole numbers are allowed (periods, MA types).
    public let isInteger: Bool
    /// Values inside `range` that are refused anyway, each with the reason (MA type 7: MAMA is not supported).
    public let refused: [Double: String]

    public init(
        _ name: String, default defaultValue: Double, _ range: ClosedRange<Double>, integer: Bool = true,
        refused: [Double: String] = [:]
    ) {
        self.name = name
        self.defaultValue = defaultValue
        self.range = range
        self.isInteger = integer
        self.refused = refused
    }

    /// A period argument: integer, TA-Lib's usual range 2…100000 unless given.
    public static func period(_ name: String = "timeperiod", default value: Int, min: Int = 2) -> IndicatorParameter {
        IndicatorParameter(name, default: Double(value), Double(min)...100_000)
    }

    /// A moving-average type argument (0…8, see `MovingAverageType`); 7 (MAMA) is refused.
    public static func maType(_ name: String = "matype", default value: Int = 0) -> IndicatorParameter {
        IndicatorParameter(name, default: Double(value), 0...8, refused: [7: "MAMA is not supported"])
    }

    /// What the parameter accepts, for messages: `a whole number 0…8 except 7 (MAMA is not supported)`.
    public var allowed: String {
        var text = (isInteger ? "a whole number " : "a number ")
            + "\(IndicatorFunction.format(range.lowerBound))…\(IndicatorFunction.format(range.upperBound))"
        if !refused.isEmpty {
            text += " except " + refused.sorted { $0.key < $1.key }
                .map { "\(IndicatorFunction.format($0.key)) (\($0.value))" }.joined(separator: ", ")
        }
        return text
    }
}

/// A TA-Lib function as the catalogue knows it: name, inputs, parameters, outputs, and how to
/// make a streaming instance.
public struct IndicatorFunction: Sendable {
    /// TA-Lib's name (`SMA`, `BBANDS`, `CDLENGULFING`).
    public let name: String
    /// TA-Lib's group (`Overlap Studies`, `Momentum Indicators`, `Pattern Recognition`, …).
    public let group: String
    /// One line for `tradehub ta --list`.
    public let summary: String
    /// The candle fields it reads; a single `.close` means "one price series" (`--price` picks it).
    public let inputs: [PriceSource]
    public let parameters: [IndicatorParameter]
    /// TA-Lib's output names.
    public let outputs: [String]
    /// Makes an instance from a full argument list (defaults filled in, ranges checked).
    let factory: @Sendable (_ arguments: [Double], _ source: PriceSource) -> any Indicator

    public init(
        name: String, group: String, summary: String, inputs: [PriceSource], parameters: [IndicatorParameter],
        outputs: [String], factory: @escaping @Sendable (_ arguments: [Double], _ source: PriceSource) -> any Indicator
    ) {
        self.name = name
        self.group = group
        self.summary = summary
        self.inputs = inputs
        self.parameters = parameters
        self.outputs = outputs
        self.factory = factory
    }

    /// Whether the function reads one price series that `--price` may choose.
    public var isSingleSeries: Bool { inputs.count == 1 }

    /// Makes an instance; `arguments` may be shorter than `parameters` (the rest take defaults).
    public func make(_ arguments: [Double] = [], source: PriceSource = .close, spec: String? = nil) throws -> any Indicator {
        let spec = spec ?? name
        guard arguments.count <= parameters.count else {
            throw TradehubError(.indicatorArguments, [
                "spec": spec, "count": String(arguments.count),
                "expected": parameters.isEmpty ? "no arguments" : "at most \(parameters.count) (\(signature))",
            ])
        }
        var full: [Double] = []
        for (index, parameter) in parameters.enumerated() {
            let value = index < arguments.count ? arguments[index] : parameter.defaultValue
            guard value.isFinite, parameter.range.contains(value), !parameter.isInteger || value.rounded() == value,
                  parameter.refused[value] == nil
            else {
                throw TradehubError(.indicatorArgumentRange, [
                    "spec": spec, "parameter": parameter.name, "value": Self.format(value), "allowed": parameter.allowed,
                ])
            }
            full.append(value)
        }
        return factory(full, isSingleSeries ? source : .close)
    }

    /// `SMA(timeperiod=30)`, for messages and listings.
    public var signature: String {
        "\(name)(" + parameters.map { "\($0.name)=\(Self.format($0.defaultValue))" }.joined(separator: ", ") + ")"
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// A parsed function call in `tradehub ta` syntax: `NAME` or `NAME(arg, …)`.
public struct IndicatorSpec: Sendable, Equatable {
    /// As the user wrote it, spaces removed; the output column name.
    public let text: String
    public let name: String
    public let arguments: [Double]

    /// Parses one spec; `E_INDICATOR_SYNTAX` names what is wrong.
    public init(parsing raw: String) throws {
        let text = raw.filter { !$0.isWhitespace }
        self.text = text
        guard let open = text.firstIndex(of: "(") else {
            guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw TradehubError(.indicatorSyntax, ["spec": raw, "problem": "expected NAME or NAME(arguments)"])
            }
            name = text.uppercased()
            arguments = []
            return
        }
        guard text.last == ")" else {
            throw TradehubError(.indicatorSyntax, ["spec": raw, "problem": "missing ')'"])
        }
        name = String(text[..<open]).uppercased()
        let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
        guard !name.isEmpty else { throw TradehubError(.indicatorSyntax, ["spec": raw, "problem": "missing name"]) }
        if inner.isEmpty {
            arguments = []
            return
        }
        arguments = try inner.split(separator: ",", omittingEmptySubsequences: false).map { cell in
            guard let value = Double(cell), value.isFinite else {
                throw TradehubError(.indicatorSyntax, ["spec": raw, "problem": "'\(cell)' is not a number"])
            }
            return value
        }
    }

    /// Splits a comma-separated list of specs, keeping commas inside parentheses.
    public static func parseList(_ list: String) throws -> [IndicatorSpec] {
        var specs: [IndicatorSpec] = []
        var depth = 0
        var current = ""
        for character in list {
            switch character {
            case "(": depth += 1
            case ")": depth -= 1
            case "," where depth == 0:
                specs.append(try IndicatorSpec(parsing: current))
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty || specs.isEmpty {
            specs.append(try IndicatorSpec(parsing: current))
        }
        return specs
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: CharacterSetLike) -> String {
        String(drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }
}

fileprivate enum CharacterSetLike { case whitespaces }
