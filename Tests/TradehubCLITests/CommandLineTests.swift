import ArgumentParser
import ErrorDNA
import Foundation
import Storage
import Testing

@testable import TradehubCLI

@Suite("Command line")
struct CommandLineTests {
    @Test("global options before the subcommand move after it", arguments: [
        (["--data-dir", "D", "serve"], ["serve", "--data-dir", "D"]),
        (["--data-dir=D", "--log-level", "debug", "db", "status"], ["db", "status", "--data-dir=D", "--log-level", "debug"]),
        (["serve", "--data-dir", "D"], ["serve", "--data-dir", "D"]),
        (["--help"], ["--help"]),
        (["--config", "c.toml", "errors", "explain", "--", "E_X"], ["errors", "explain", "--config", "c.toml", "--", "E_X"]),
    ])
    func reorder(input: [String], expected: [String]) {
        #expect(ArgumentOrder.normalise(input) == expected)
    }

    @Test("`tradehub --data-dir D serve` and `tradehub serve --data-dir D` parse the same")
    func globalOptionsEitherSide() throws {
        let before = try #require(
            try TradehubCommand.parseAsRoot(ArgumentOrder.normalise(["--data-dir", "D", "--log-format", "json", "serve", "--port", "9"]))
                as? ServeCommand)
        let after = try #require(
            try TradehubCommand.parseAsRoot(ArgumentOrder.normalise(["serve", "--port", "9", "--data-dir", "D", "--log-format", "json"]))
                as? ServeCommand)
        #expect(before.global.dataDir == "D" && after.global.dataDir == "D")
        #expect(before.global.logFormat == "json" && after.global.logFormat == "json")
        #expect(before.port == "9" && after.port == "9")
    }

    @Test("every subcommand has a one-line summary in --help")
    func helpListsSubcommands() {
        let help = TradehubCommand.helpMessage()
        for command in TradehubCommand.configuration.subcommands {
            let name = command.configuration.commandName ?? ""
            #expect(help.contains(name), "\(name) missing from --help")
            #expect(!command.configuration.abstract.isEmpty, "\(name) has no summary")
        }
    }

    @Test("report commands accept --json", arguments: [
        ["config", "show"], ["errors", "list"], ["errors", "explain", "E_INTERNAL"], ["errors", "seen"],
        ["db", "status"], ["db", "migrate"], ["services"], ["bench"], ["version"], ["quarantine", "list"],
        ["import", "f.csv"], ["bars", "--symbol", "S", "--timeframe", "H1"], ["ta", "--list"],
    ])
    func jsonFlag(arguments: [String]) throws {
        _ = try TradehubCommand.parseAsRoot(arguments + ["--json"])
    }

    @Test("an unknown error code exits non-zero")
    func unknownCode() async {
        #expect(await TradehubCommand.main(arguments: ["errors", "explain", "E_NO_SUCH_CODE"]) == 1)
        #expect(await TradehubCommand.main(arguments: ["errors", "explain", "e_internal"]) == 0)
    }

    @Test("a configuration error stops the command before it touches the data directory")
    func configErrorStopsEarly() async throws {
        let scratch = TemporaryPath()
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let config = scratch.path + "/bad.toml"
        try "[http]\nport = 8000\nprot = 1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let global = try GlobalOptions.parse(["--config", config, "--data-dir", scratch.path + "/data"])
        let error = try #require(throws: TradehubError.self) { try CommandSetup.importManager(global, environment: [:]) }
        #expect(error.code == .configUnknownKey)
        #expect(error.message.contains("http.prot"))
        #expect(error.message.contains("bad.toml:3"))
        #expect(await TradehubCommand.main(arguments: ["--config", config, "--data-dir", scratch.path + "/data", "db", "status"]) == 1)
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/data"))
    }

    @Test("flags beat the environment, which beats the file, which beats defaults")
    func precedence() throws {
        let scratch = TemporaryPath()
        try FileManager.default.createDirectory(atPath: scratch.path, withIntermediateDirectories: true)
        let config = scratch.path + "/ok.toml"
        try "[http]\nport = 7000\nhost = \"0.0.0.0\"\n[log]\nlevel = \"debug\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let global = try GlobalOptions.parse(["--config", config, "--log-level", "error"])
        let manager = try CommandSetup.importManager(
            global, extraFlags: [("http.port", "7100", "--port")],
            environment: ["TRADEHUB_HTTP_PORT": "7050", "TRADEHUB_LOG_FORMAT": "json"])
        let config2 = manager.config
        #expect(config2.integer("http.port") == 7100)
        #expect(config2.source("http.port") == .flag("--port"))
        #expect(config2.string("http.host") == "0.0.0.0")
        #expect(config2.source("http.host") == .file(path: config, line: 3))
        #expect(config2.string("log.format") == "json")
        #expect(config2.source("log.format") == .environment(variable: "TRADEHUB_LOG_FORMAT"))
        #expect(config2.string("log.level") == "error")
        #expect(config2.source("storage.backend") == .defaultValue)
    }
}

@Suite("Import Manager")
struct ImportManagerTests {
    static func manager(_ flags: [(key: String, value: String, flag: String)]) throws -> ImportManager {
        let config = try ConfigResolver(schema: .tradehub).resolve(configFile: nil, environment: [:], flags: flags)
        return ImportManager(config: config, logger: .init(label: "test"))
    }

    @Test("storage.backend = memory binds the in-memory store and touches no directory")
    func memoryBackend() async throws {
        let scratch = TemporaryPath()
        let stores = try Self.manager([
            ("storage.backend", "memory", "--set storage.backend"), ("storage.data_dir", scratch.path, "--data-dir"),
        ]).openStores()
        #expect(stores.errorOccurrences is InMemoryErrorOccurrenceStore)
        #expect(stores.database == nil)
        #expect(!FileManager.default.fileExists(atPath: scratch.path))
        #expect(await stores.health().healthy)
    }

    @Test("the default binds SQLite under the data directory")
    func sqliteBackend() async throws {
        let scratch = TemporaryPath()
        let stores = try Self.manager([("storage.data_dir", scratch.path, "--data-dir")]).openStores()
        #expect(stores.errorOccurrences is SQLiteErrorOccurrenceStore)
        #expect(stores.database?.path == scratch.path + "/tradehub.sqlite")
        #expect(await stores.health().healthy)
        try stores.close()
    }

    @Test("serve registers storage before the bridge and the gateway, which depend on it")
    func services() throws {
        let manager = try Self.manager([("storage.backend", "memory", "--set storage.backend")])
        let stores = try manager.openStores()
        let hub = try manager.makeHub(
            services: try manager.makeServices(stores: stores, telemetry: .init(processStartSeconds: 0)))
        #expect(hub.startOrder == ["storage", "bridge", "gateway"])
    }
}

@Suite("Benchmarks")
struct BenchmarkTests {
    @Test("unknown names are refused with the known list")
    func unknown() throws {
        let error = try #require(throws: TradehubError.self) { try BenchRegistry.select(["nope"]) }
        #expect(error.code == .benchUnknown)
        #expect(error.message.contains("startup"))
        #expect(try BenchRegistry.select([]).map(\.name) == [
            "startup", "errors.fingerprint", "indicators.update_all", "ta.csv", "features.update", "market.validate_aggregate",
            "market.import", "backtest.sma_cross_goog", "backtest.sma_cross_1m", "bridge.ingest", "bridge.ingest_50", "bridge.order_rtt",
            "learning.predict", "decision.latency", "decision.tick_latency",
        ])
    }

    @Test("nearest-rank quantiles")
    func quantiles() {
        #expect(BenchRegistry.quantile([5, 1, 3, 2, 4], 0.5) == 3)
        #expect(BenchRegistry.quantile([5, 1, 3, 2, 4], 0.99) == 5)
        #expect(BenchRegistry.quantile([7], 0.5) == 7)
    }

    @Test("errors.fingerprint measures a positive rate")
    func fingerprint() async throws {
        let result = try #require(try await FingerprintBenchmark.benchmark.run(1000).first)
        #expect(result.value > 0 && result.iterations == 1000 && result.unit == "fingerprints/s")
    }
}

@Suite("Layer check")
struct LayerCheckTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func runCheck(root: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.repository.appendingPathComponent("scripts/check-layers").path, root]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("the repository respects its layers")
    func repositoryPasses() throws {
        let result = try Self.runCheck(root: Self.repository.path)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("a lower layer importing a higher one fails, naming file, line and both layers")
    func violationFails() throws {
        let scratch = TemporaryPath()
        let sources = scratch.path + "/Sources"
        for target in ["Storage", "Gateway", "ErrorDNA"] {
            try FileManager.default.createDirectory(atPath: sources + "/" + target, withIntermediateDirectories: true)
        }
        try "import ErrorDNA\n".write(toFile: sources + "/Gateway/G.swift", atomically: true, encoding: .utf8)
        try "import Foundation\n@testable import Gateway\n".write(
            toFile: sources + "/Storage/S.swift", atomically: true, encoding: .utf8)
        let result = try Self.runCheck(root: scratch.path)
        #expect(result.status != 0)
        #expect(result.output.contains("Sources/Storage/S.swift:2"))
        #expect(result.output.contains("Storage (layer 12) imports Gateway (layer 55)"))
    }

    @Test("same-layer imports and unknown targets fail too")
    func sameLayerAndUnknown() throws {
        let scratch = TemporaryPath()
        let sources = scratch.path + "/Sources"
        for target in ["MarketData", "Indicators", "Mystery"] {
            try FileManager.default.createDirectory(atPath: sources + "/" + target, withIntermediateDirectories: true)
        }
        try "import Indicators\n".write(toFile: sources + "/MarketData/S.swift", atomically: true, encoding: .utf8)
        let result = try Self.runCheck(root: scratch.path)
        #expect(result.status != 0)
        #expect(result.output.contains("MarketData (layer 10) imports Indicators (layer 10)"))
        #expect(result.output.contains("target 'Mystery' has no layer"))
    }
}

/// A path under the temporary directory, removed when the test ends (not created).
final class TemporaryPath {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tradehub-cli-\(UUID().uuidString)").path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("Examples")
struct ExamplesTests {
    @Test("Examples/tradehub.toml is valid and sets every key to its default")
    func exampleConfig() throws {
        let path = LayerCheckTests.repository.appendingPathComponent("Examples/tradehub.toml").path
        let config = try ConfigResolver(schema: .tradehub).resolve(configFile: path, environment: [:], flags: [])
        for entry in config.entries {
            #expect(entry.value == entry.key.defaultValue, "\(entry.key.name)")
            if case .file = entry.source {} else { Issue.record("\(entry.key.name) is not set in the example") }
        }
    }
}
