import ArgumentParser

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run every service in one process (HTTP API on 127.0.0.1:8000).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Address the HTTP API binds (default 127.0.0.1).")
    var host: String?

    @Option(help: "Port of the HTTP API (default 8000; 0 picks a free one).")
    var port: String?

    @Option(help: "Port of the MT5 bridge on the same host (default 8001; 0 picks a free one).")
    var bridgePort: String?

    func run() async throws {
        var flags: [(key: String, value: String, flag: String)] = []
        if let host { flags.append(("http.host", host, "--host")) }
        if let port { flags.append(("http.port", port, "--port")) }
        if let bridgePort { flags.append(("bridge.port", bridgePort, "--bridge-port")) }
        try await CommandSetup.importManager(global, extraFlags: flags).serve()
    }
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        if output.json {
            try Terminal.printJSON(["name": "tradehub", "version": TradehubVersion.current])
        } else {
            Terminal.standardOutput("tradehub \(TradehubVersion.current)")
        }
    }
}
