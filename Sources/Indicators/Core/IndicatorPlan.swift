/// A list of indicator specs resolved against the catalogue, run together bar by bar: what
/// `tradehub ta` computes, one output column per indicator output.
public struct IndicatorPlan: Sendable {
    /// Column names in order: the spec as written, plus `.output` for multi-output functions.
    public let columnNames: [String]
    /// The candle fields the plan reads (so a caller can check its input has them).
    public let inputs: Set<PriceSource>
    public let functions: [IndicatorFunction]
    private var instances: [any Indicator]

    /// Resolves every spec; single-series functions read `source`.
    public init(_ specs: [IndicatorSpec], source: PriceSource = .close) throws {
        var names: [String] = []
        var inputs: Set<PriceSource> = []
        var functions: [IndicatorFunction] = []
        var instances: [any Indicator] = []
        for spec in specs {
            let (function, indicator) = try IndicatorCatalogue.make(spec, source: source)
            functions.append(function)
            instances.append(indicator)
            if function.isSingleSeries { inputs.insert(source) } else { inputs.formUnion(function.inputs) }
            if function.outputs.count == 1 {
                names.append(spec.text)
            } else {
                names.append(contentsOf: function.outputs.map { "\(spec.text).\($0)" })
            }
        }
        self.columnNames = names
        self.inputs = inputs
        self.functions = functions
        self.instances = instances
    }

    /// Feeds one bar to every indicator and writes the outputs (`nil` in warm-up) into `row`,
    /// which must hold `columnNames.count` cells.
    public mutating func update(_ candle: Candle, into row: inout [Double?]) {
        var column = 0
        for index in instances.indices {
            let ready = instances[index].update(candle)
            let count = functions[index].outputs.count
            for output in 0..<count {
                row[column] = ready ? instances[index].value(output) : nil
                column += 1
            }
        }
    }
}
