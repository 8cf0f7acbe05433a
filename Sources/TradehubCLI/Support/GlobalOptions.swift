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
