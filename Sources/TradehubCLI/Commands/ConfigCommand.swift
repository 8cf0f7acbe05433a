import ArgumentParser

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Inspect the effective configuration.", subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every effective configuration value and where it came from.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        struct Entry: Encodable {
            let key: String
            let value: String
            let source: String
            let environment: String
            let allowed: String
            let summary: String
        }

        func run() throws {
            let config = try CommandSetup.importManager(global).config
            let entries = config.entries.map {
                Entry(
                    key: $0.key.name, value: $0.value.description, source: $0.source.description,
                    environment: $0.key.environmentName, allowed: $0.key.kind.allowedValues, summary: $0.key.summary)
            }
            if output.json {
                try Terminal.printJSON(entries)
            } else {
                Terminal.standardOutput(
                    Terminal.table(["KEY", "VALUE", "SOURCE"], entries.map { [$0.key, $0.value, $0.source] }))
            }
        }
    }
}
