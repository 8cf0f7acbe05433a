import ArgumentParser
import Strategy

struct StrategiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategies",
        abstract: "List the built-in strategies with their parameters and defaults.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    /// One strategy in `--json`.
    struct Entry: Encodable {
        let name, summary: String
        let parameters: [Parameter]
        /// Whether it needs `--model ID`.
        let needsModel: Bool
        enum CodingKeys: String, CodingKey { case name, summary, parameters, needsModel = "needs_model" }
    }

    /// One parameter in `--json`.
    struct Parameter: Encodable {
        let name, summary: String
        let defaultValue: Double
        let min, max: Double?
        let integer: Bool
        enum CodingKeys: String, CodingKey { case name, summary, defaultValue = "default", min, max, integer }
    }

    static var entries: [Entry] {
        StrategyCatalogue.all.map { strategy in
            Entry(name: strategy.name, summary: strategy.summary, parameters: strategy.parameters.map {
                Parameter(name: $0.name, summary: $0.summary, defaultValue: $0.defaultValue,
                          min: $0.minimum.isFinite ? $0.minimum : nil, max: $0.maximum.isFinite ? $0.maximum : nil,
                          integer: $0.isInteger)
            }, needsModel: strategy.needsModel)
        }
    }

    func run() throws {
        _ = try CommandSetup.importManager(global)
        if output.json { return try Terminal.printJSON(Self.entries) }
        Terminal.standardOutput(Terminal.table(
            ["STRATEGY", "PARAMETERS", "SUMMARY"],
            StrategyCatalogue.all.map { strategy in
                [
                    strategy.name,
                    strategy.parameters.map { "\($0.name)=\(TAReport.format($0.defaultValue))" }.joined(separator: ","),
                    strategy.summary,
                ]
            }))
    }
}
