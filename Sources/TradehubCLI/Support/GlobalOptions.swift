import ArgumentParser

/// Options every command accepts, before or after its name (see `ArgumentOrder`).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Directory holding everything the embedded mode stores (default ./tradehub-data).")
    var dataDir: String?

    @Option(name: .long, help: "TOML configuration file (also TRADEHUB_CONFIG).")
    var config: String?

    @Option(name: .long, help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    @Option(name: .long, help: "text or json.")
    var logFormat: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override any configuration key.", valueName: "key=value"))
    var overrides: [String] = []

    /// The command-line layer of the configuration.
    func flags() -> [(key: String, value: String, flag: String)] {
        var flags: [(key: String, value: String, flag: String)] = []
        if let dataDir { flags.append(("storage.data_dir", dataDir, "--data-dir")) }
        if let logLevel { flags.append(("log.level", logLevel, "--log-level")) }
        if let logFormat { flags.append(("log.format", logFormat, "--log-format")) }
        for override in overrides {
            let parts = override.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            flags.append((key, parts.count > 1 ? String(parts[1]) : "", "--set \(key)"))
        }
        return flags
    }
}

/// `--json` for report commands: one JSON document on stdout and nothing else there.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON document on stdout instead of text.")
    var json = false
}

/// A command that builds one report: `--json` prints it as one JSON document on stdout,
/// otherwise as text (`render`, by default the report's own `text`).
protocol ReportingCommand: ParsableCommand {
    associatedtype Report: Encodable
    var output: OutputOptions { get }
    func execute() throws -> Report
    func render(_ report: Report) -> String
}

/// A report with one text rendering.
protocol TextReport {
    var text: String { get }
}

extension ReportingCommand {
    func run() throws {
        let report = try execute()
        if output.json { return try Terminal.printJSON(report) }
        Terminal.standardOutput(render(report))
    }
}

extension ReportingCommand where Report: TextReport {
    func render(_ report: Report) -> String { report.text }
}
