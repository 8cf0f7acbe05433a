@testable import TradehubCLI
import ErrorDNA
import Foundation
import Testing

@Suite("Configuration resolver")
struct ConfigResolverTests {
    typealias Flag = (key: String, value: String, flag: String)

    let resolver = ConfigResolver(schema: .tradehub)
    let scratch: ScratchDirectory

    init() throws {
        scratch = try ScratchDirectory()
    }

    private func resolve(
        file: String? = nil, environment: [String: String] = [:], flags: [Flag] = [],
        using resolver: ConfigResolver? = nil
    ) throws -> ResolvedConfig {
        let path = try file.map { try scratch.write("tradehub.toml", $0) }
        return try (resolver ?? self.resolver).resolve(configFile: path, environment: environment, flags: flags)
    }

    private func failure(
        file: String? = nil, environment: [String: String] = [:], flags: [Flag] = [],
        using resolver: ConfigResolver? = nil
    ) -> TradehubError? {
        thrownError { _ = try resolve(file: file, environment: environment, flags: flags, using: resolver) }
    }

    private var filePath: String { scratch.url.appendingPathComponent("tradehub.toml").path }

    /// A schema with the kinds `.tradehub` does not use.
    private static let extended = ConfigSchema([
        .boolean("feature.enabled", default: false, "A switch"),
        .double("risk.ratio", 0...1, default: 0.5, "A ratio"),
        .integer("http.port", 0...65535, default: 8000, "Port"),
    ])

    // MARK: - Layering

    @Test func defaultsOnly() throws {
        let config = try resolver.resolve(configFile: nil, environment: [:], flags: [])
        for (key, value, source) in config.entries {
            #expect(value == key.defaultValue)
            #expect(source == .defaultValue)
        }
        #expect(config.entries.map(\.key.name) == ConfigSchema.tradehub.names)
        #expect(config.string("storage.data_dir") == "./tradehub-data")
        #expect(config.integer("http.port") == 8000)
        #expect(config.value("log.level") == .string("info"))
        #expect(config.source("http.port").description == "default")
        let defaults = ResolvedConfig(defaultsOf: .tradehub)
        #expect(defaults.entries.map(\.value) == config.entries.map(\.value))
    }

    @Test func precedenceAcrossAllFourLayers() throws {
        let config = try resolve(
            file: """
                [storage]
                data_dir = "/srv/tradehub"

                [http]
                host = "0.0.0.0"
                port = 9000

                [log]
                level = "debug"
                """,
            environment: [
                "TRADEHUB_HTTP_PORT": "9100",
                "TRADEHUB_LOG_LEVEL": "warning",
                "TRADEHUB_LOG_FORMAT": "json",
                "PATH": "/usr/bin",
            ],
            flags: [
                (key: "http.port", value: "9200", flag: "--port"),
                (key: "log.format", value: "text", flag: "--set log.format"),
            ])

        #expect(config.string("storage.data_dir") == "/srv/tradehub")
        #expect(config.source("storage.data_dir") == .file(path: filePath, line: 2))
        #expect(config.string("http.host") == "0.0.0.0")
        #expect(config.source("http.host") == .file(path: filePath, line: 5))
        #expect(config.integer("http.port") == 9200)
        #expect(config.source("http.port") == .flag("--port"))
        #expect(config.string("log.level") == "warning")
        #expect(config.source("log.level") == .environment(variable: "TRADEHUB_LOG_LEVEL"))
        #expect(config.string("log.format") == "text")
        #expect(config.source("log.format") == .flag("--set log.format"))
        #expect(config.string("storage.backend") == "sqlite")
        #expect(config.source("storage.backend") == .defaultValue)
        #expect(config.integer("hub.shutdown_timeout_ms") == 1500)

        #expect(config.source("storage.data_dir").description == "\(filePath):2")
        #expect(config.source("log.level").description == "environment variable TRADEHUB_LOG_LEVEL")
        #expect(config.source("http.port").description == "flag --port")
    }

    @Test func environmentOverridesFile() throws {
        let config = try resolve(file: "http.port = 1", environment: ["TRADEHUB_HTTP_PORT": "2"])
        #expect(config.integer("http.port") == 2)
        #expect(config.source("http.port") == .environment(variable: "TRADEHUB_HTTP_PORT"))
    }

    @Test func laterFlagWins() throws {
        let config = try resolve(flags: [
            (key: "http.port", value: "1", flag: "--port"),
            (key: "http.port", value: "2", flag: "--set http.port"),
        ])
        #expect(config.integer("http.port") == 2)
        #expect(config.source("http.port") == .flag("--set http.port"))
    }

    @Test func sectionsAndDottedKeysInFile() throws {
        let config = try resolve(file: """
            log.format = 'json'
            hub.shutdown_timeout_ms = 2_500
            [storage]
            backend = "memory"
            """)
        #expect(config.string("log.format") == "json")
        #expect(config.source("log.format") == .file(path: filePath, line: 1))
        #expect(config.integer("hub.shutdown_timeout_ms") == 2500)
        #expect(config.string("storage.backend") == "memory")
        #expect(config.source("storage.backend") == .file(path: filePath, line: 4))
    }

    @Test func configVariableAndForeignVariablesAreIgnored() throws {
        let config = try resolve(environment: [
            "TRADEHUB_CONFIG": "/does/not/matter.toml",
            "HOME": "/root",
            "tradehub_http_port": "not checked",
            "TRADEHUBX": "no underscore",
        ])
        for entry in config.entries { #expect(entry.source == .defaultValue) }
    }

    @Test func choicesMatchCaseInsensitivelyAndStoreCanonicalSpelling() throws {
        let config = try resolve(
            file: "log.level = 'DEBUG'",
            environment: ["TRADEHUB_LOG_FORMAT": "JSON"],
            flags: [(key: "storage.backend", value: "Memory", flag: "--backend")])
        #expect(config.string("log.level") == "debug")
        #expect(config.string("log.format") == "json")
        #expect(config.string("storage.backend") == "memory")
    }

    @Test("environment booleans", arguments: [
        ("true", true), ("TRUE", true), ("1", true), ("yes", true), ("On", true),
        ("false", false), ("False", false), ("0", false), ("NO", false), ("off", false),
    ])
    func environmentBooleans(raw: String, expected: Bool) throws {
        let config = try resolve(
            environment: ["TRADEHUB_FEATURE_ENABLED": raw], using: ConfigResolver(schema: Self.extended))
        #expect(config.boolean("feature.enabled") == expected)
    }

    @Test func doublesFromEveryLayer() throws {
        let resolver = ConfigResolver(schema: Self.extended)
        #expect(try resolve(file: "risk.ratio = 1", using: resolver).double("risk.ratio") == 1)
        #expect(try resolve(file: "risk.ratio = 0.25", using: resolver).double("risk.ratio") == 0.25)
        #expect(try resolve(environment: ["TRADEHUB_RISK_RATIO": "2.5e-1"], using: resolver).double("risk.ratio") == 0.25)
        #expect(try resolve(flags: [(key: "risk.ratio", value: ".75", flag: "--ratio")], using: resolver)
            .double("risk.ratio") == 0.75)
        #expect(try resolve(file: "feature.enabled = true", using: resolver).boolean("feature.enabled"))
    }

    @Test func stringValuesAreTakenVerbatim() throws {
        let config = try resolve(
            environment: ["TRADEHUB_HTTP_HOST": " ::1 "],
            flags: [(key: "storage.data_dir", value: "", flag: "--data-dir")])
        #expect(config.string("http.host") == " ::1 ")
        #expect(config.string("storage.data_dir") == "")
    }

    @Test func environmentIntegersAcceptASign() throws {
        #expect(try resolve(environment: ["TRADEHUB_HTTP_PORT": "+80"]).integer("http.port") == 80)
    }

    // MARK: - Unknown keys

    @Test func unknownKeyInFileNamesPathLineAndAllowedKeys() throws {
        let error = try #require(failure(file: "# comment\n[http]\nport = 1\nprot = 2\n"))
        #expect(error.code == .configUnknownKey)
        #expect(error["key"] == "http.prot")
        #expect(error["source"] == "\(filePath):4")
        #expect(error["allowed"] == ConfigSchema.tradehub.names.joined(separator: ", "))
        #expect(error.message.contains("'http.prot'"))
        #expect(error.message.contains("\(filePath):4"))
        #expect(error.message.contains("http.port, hub.shutdown_timeout_ms"))
        #expect(error.description.hasPrefix("error[E_CONFIG_UNKNOWN_KEY]: "))
    }

    @Test func unknownSectionFailsOnItsFirstKey() throws {
        let error = try #require(failure(file: "http.port = 1\n[htpp]\n\nport = 8080\nhost = 'x'\n"))
        #expect(error.code == .configUnknownKey)
        #expect(error["key"] == "htpp.port")
        #expect(error["source"] == "\(filePath):4")
        #expect(error["allowed"]?.contains("http.port") == true)
    }

    @Test func keyThatIsOnlyASectionNameIsUnknown() throws {
        let error = try #require(failure(file: "http = 8000"))
        #expect(error.code == .configUnknownKey)
        #expect(error["key"] == "http")
    }

    @Test func unknownEnvironmentVariable() throws {
        let error = try #require(failure(environment: ["TRADEHUB_X": "1", "TRADEHUB_HTTP_PORT": "1"]))
        #expect(error.code == .configUnknownKey)
        #expect(error["key"] == "TRADEHUB_X")
        #expect(error["source"] == "environment variable TRADEHUB_X")
        #expect(error["allowed"]?.contains("TRADEHUB_HTTP_PORT") == true)
        let known = ConfigSchema.tradehub.keys.map(\.environmentName) + ["TRADEHUB_CONFIG"]
        #expect(error.message
            == "unknown configuration key 'TRADEHUB_X' at environment variable TRADEHUB_X; known keys: "
            + known.joined(separator: ", "))
    }

    @Test func unknownFlagKey() throws {
        let error = try #require(failure(flags: [(key: "http.prot", value: "1", flag: "--set http.prot")]))
        #expect(error.code == .configUnknownKey)
        #expect(error["key"] == "http.prot")
        #expect(error["source"] == "flag --set http.prot")
        #expect(error["allowed"] == ConfigSchema.tradehub.names.joined(separator: ", "))
    }

    // MARK: - Types

    @Test("wrong type in file", arguments: [
        ("http.port = \"8000\"", "http.port", "an integer", #""8000""#),
        ("http.port = 80.5", "http.port", "an integer", "80.5"),
        ("http.port = true", "http.port", "an integer", "true"),
        ("http.port = [8000]", "http.port", "an integer", "[8000]"),
        ("storage.data_dir = 5", "storage.data_dir", "a string", "5"),
        ("storage.data_dir = ['a', 'b']", "storage.data_dir", "a string", #"["a", "b"]"#),
        ("log.format = 1", "log.format", "a string (one of: text, json)", "1"),
    ])
    func wrongTypeInFile(line: String, key: String, expected: String, value: String) throws {
        let error = try #require(failure(file: "# first\n\(line)"))
        #expect(error.code == .configType)
        #expect(error["key"] == key)
        #expect(error["source"] == "\(filePath):2")
        #expect(error["expected"] == expected)
        #expect(error["value"] == value)
        #expect(error.message == "configuration key '\(key)' at \(filePath):2 must be \(expected), got '\(value)'")
    }

    @Test("wrong type in file, extended kinds", arguments: [
        ("feature.enabled = 1", "feature.enabled", "true or false"),
        ("feature.enabled = 'yes'", "feature.enabled", "true or false"),
        ("risk.ratio = '0.5'", "risk.ratio", "a number"),
        ("risk.ratio = [0.5]", "risk.ratio", "a number"),
    ])
    func wrongTypeInFileExtended(line: String, key: String, expected: String) throws {
        let error = try #require(failure(file: line, using: ConfigResolver(schema: Self.extended)))
        #expect(error.code == .configType)
        #expect(error["key"] == key)
        #expect(error["expected"] == expected)
    }

    @Test("wrong type in environment", arguments: [
        ("TRADEHUB_HTTP_PORT", "abc"), ("TRADEHUB_HTTP_PORT", ""), ("TRADEHUB_HTTP_PORT", "80.0"),
        ("TRADEHUB_HTTP_PORT", " 80"), ("TRADEHUB_HTTP_PORT", "1_000"), ("TRADEHUB_HTTP_PORT", "0x50"),
        ("TRADEHUB_HUB_SHUTDOWN_TIMEOUT_MS", "2s"),
    ])
    func wrongTypeInEnvironment(variable: String, raw: String) throws {
        let error = try #require(failure(environment: [variable: raw]))
        #expect(error.code == .configType)
        #expect(error["source"] == "environment variable \(variable)")
        #expect(error["expected"] == "an integer")
        #expect(error["value"] == raw)
        #expect(error.message.contains("environment variable \(variable)"))
    }

    @Test("wrong type in environment, extended kinds", arguments: [
        ("TRADEHUB_FEATURE_ENABLED", "maybe", "true or false"),
        ("TRADEHUB_FEATURE_ENABLED", "", "true or false"),
        ("TRADEHUB_RISK_RATIO", "half", "a number"),
        ("TRADEHUB_RISK_RATIO", "nan", "a number"),
        ("TRADEHUB_RISK_RATIO", "inf", "a number"),
        ("TRADEHUB_RISK_RATIO", "1e", "a number"),
        ("TRADEHUB_RISK_RATIO", "", "a number"),
    ])
    func wrongTypeInEnvironmentExtended(variable: String, raw: String, expected: String) throws {
        let error = try #require(failure(environment: [variable: raw], using: ConfigResolver(schema: Self.extended)))
        #expect(error.code == .configType)
        #expect(error["expected"] == expected)
        #expect(error["value"] == raw)
    }

    @Test func wrongTypeInFlag() throws {
        let error = try #require(failure(flags: [(key: "http.port", value: "eighty", flag: "--port")]))
        #expect(error.code == .configType)
        #expect(error["key"] == "http.port")
        #expect(error["source"] == "flag --port")
        #expect(error.message == "configuration key 'http.port' at flag --port must be an integer, got 'eighty'")
    }

    // MARK: - Ranges and choices

    @Test func outOfRangePortInFile() throws {
        let error = try #require(failure(file: "[http]\nport = 70000"))
        #expect(error.code == .configRange)
        #expect(error["key"] == "http.port")
        #expect(error["source"] == "\(filePath):2")
        #expect(error["value"] == "70000")
        #expect(error["allowed"] == "0…65535")
        #expect(error.message == "configuration key 'http.port' at \(filePath):2 is '70000'; allowed: 0…65535")
    }

    @Test("out of range from environment and flags", arguments: [
        ("TRADEHUB_HTTP_PORT", "-1", "0…65535"),
        ("TRADEHUB_HTTP_PORT", "65536", "0…65535"),
        ("TRADEHUB_HTTP_PORT", "99999999999999999999999", "0…65535"),
        ("TRADEHUB_HUB_SHUTDOWN_TIMEOUT_MS", "99", "100…60000"),
        ("TRADEHUB_HUB_SHUTDOWN_TIMEOUT_MS", "60001", "100…60000"),
    ])
    func outOfRange(variable: String, raw: String, allowed: String) throws {
        let error = try #require(failure(environment: [variable: raw]))
        #expect(error.code == .configRange)
        #expect(error["value"] == raw)
        #expect(error["allowed"] == allowed)
        #expect(error["source"] == "environment variable \(variable)")

        let key = try #require(ConfigSchema.tradehub.key(environmentName: variable)).name
        let flagError = try #require(failure(flags: [(key: key, value: raw, flag: "--set \(key)")]))
        #expect(flagError.code == .configRange)
        #expect(flagError["source"] == "flag --set \(key)")
    }

    @Test func rangeBoundsAreInclusive() throws {
        #expect(try resolve(environment: ["TRADEHUB_HTTP_PORT": "0"]).integer("http.port") == 0)
        #expect(try resolve(environment: ["TRADEHUB_HTTP_PORT": "65535"]).integer("http.port") == 65535)
        #expect(try resolve(file: "hub.shutdown_timeout_ms = 100").integer("hub.shutdown_timeout_ms") == 100)
    }

    @Test func doubleOutOfRange() throws {
        let resolver = ConfigResolver(schema: Self.extended)
        let error = try #require(failure(file: "risk.ratio = 1.5", using: resolver))
        #expect(error.code == .configRange)
        #expect(error["allowed"] == "0.0…1.0")
        #expect(error["value"] == "1.5")
        let nan = try #require(failure(file: "risk.ratio = nan", using: resolver))
        #expect(nan.code == .configRange)
        let big = try #require(failure(environment: ["TRADEHUB_RISK_RATIO": "1e999"], using: resolver))
        #expect(big.code == .configRange)
    }

    @Test func badChoiceInFileListsChoices() throws {
        let error = try #require(failure(file: "[log]\nformat = \"xml\""))
        #expect(error.code == .configRange)
        #expect(error["key"] == "log.format")
        #expect(error["source"] == "\(filePath):2")
        #expect(error["value"] == "xml")
        #expect(error["allowed"] == "text, json")
        #expect(error.message == "configuration key 'log.format' at \(filePath):2 is 'xml'; allowed: text, json")
    }

    @Test func badChoiceInEnvironmentListsChoices() throws {
        let error = try #require(failure(environment: ["TRADEHUB_LOG_LEVEL": "verbose"]))
        #expect(error.code == .configRange)
        #expect(error["key"] == "log.level")
        #expect(error["source"] == "environment variable TRADEHUB_LOG_LEVEL")
        #expect(error["allowed"] == "trace, debug, info, notice, warning, error, critical")
    }

    // MARK: - Files

    @Test func missingFile() throws {
        let path = scratch.url.appendingPathComponent("absent.toml").path
        let error = try #require(thrownError {
            _ = try resolver.resolve(configFile: path, environment: [:], flags: [])
        })
        #expect(error.code == .configFileNotFound)
        #expect(error["path"] == path)
        #expect(error.message == "configuration file '\(path)' does not exist or cannot be read")
    }

    @Test func relativeMissingPathIsReportedAsGiven() throws {
        let error = try #require(thrownError {
            _ = try resolver.resolve(configFile: "no/such/dir/tradehub.toml", environment: [:], flags: [])
        })
        #expect(error.code == .configFileNotFound)
        #expect(error["path"] == "no/such/dir/tradehub.toml")
    }

    @Test func directoryAndEmptyPathAreNotFiles() throws {
        for path in [scratch.url.path, ""] {
            let error = try #require(thrownError {
                _ = try resolver.resolve(configFile: path, environment: [:], flags: [])
            })
            #expect(error.code == .configFileNotFound)
            #expect(error["path"] == path)
        }
    }

    @Test func emptyFileGivesDefaults() throws {
        let config = try resolve(file: "")
        for entry in config.entries { #expect(entry.source == .defaultValue) }
    }

    @Test func syntaxErrorThroughTheResolver() throws {
        let error = try #require(failure(file: "[http]\nport = 8000\nhost = localhost\n"))
        #expect(error.code == .configSyntax)
        #expect(error["source"] == "\(filePath):3")
        #expect(error.message.hasPrefix("\(filePath):3: invalid value 'localhost'"))
    }

    @Test func invalidUTF8NamesTheLine() throws {
        var data = Data("http.port = 1\nhttp.host = \"".utf8)
        data.append(contentsOf: [0xFF, 0xFE])
        data.append(contentsOf: Array("\"\n".utf8))
        let path = try scratch.write("latin.toml", data)
        let error = try #require(thrownError {
            _ = try resolver.resolve(configFile: path, environment: [:], flags: [])
        })
        #expect(error.code == .configSyntax)
        #expect(error["source"] == "\(path):2")
    }

    // MARK: - Order of errors

    @Test func fileErrorsAreReportedInLineOrder() throws {
        // Unknown key (line 2) before a syntax error (line 4).
        let first = try #require(failure(file: "http.port = 1\nbogus = 2\n\nhttp.host = unquoted\n"))
        #expect(first.code == .configUnknownKey)
        #expect(first["source"] == "\(filePath):2")
        // Syntax error (line 1) before an unknown key (line 2).
        let second = try #require(failure(file: "http.port = \nbogus = 2\n"))
        #expect(second.code == .configSyntax)
        #expect(second["source"] == "\(filePath):1")
        // Range error (line 1) before a type error (line 2).
        let third = try #require(failure(file: "http.port = -5\nlog.level = 3\n"))
        #expect(third.code == .configRange)
    }

    @Test func fileBeforeEnvironmentBeforeFlags() throws {
        let all = try #require(failure(
            file: "http.port = 'x'",
            environment: ["TRADEHUB_BOGUS": "1"],
            flags: [(key: "bogus", value: "1", flag: "--set bogus")]))
        #expect(all.code == .configType)
        #expect(all["source"] == "\(filePath):1")

        let environmentAndFlags = try #require(failure(
            environment: ["TRADEHUB_BOGUS": "1"],
            flags: [(key: "bogus", value: "1", flag: "--set bogus")]))
        #expect(environmentAndFlags["source"] == "environment variable TRADEHUB_BOGUS")
    }

    @Test func environmentIsCheckedInNameOrder() throws {
        let error = try #require(failure(environment: [
            "TRADEHUB_ZZZ": "1",
            "TRADEHUB_LOG_LEVEL": "loud",
            "TRADEHUB_HTTP_PORT": "high",
        ]))
        #expect(error["source"] == "environment variable TRADEHUB_HTTP_PORT")
        #expect(error.code == .configType)
    }

    @Test func flagsAreCheckedInOrder() throws {
        let error = try #require(failure(flags: [
            (key: "log.level", value: "loud", flag: "--log-level"),
            (key: "http.port", value: "high", flag: "--port"),
        ]))
        #expect(error["source"] == "flag --log-level")
    }

    // MARK: - Robustness

    /// Arbitrary files, variables and flags produce a configuration or a catalogued config error.
    @Test func arbitraryInputNeverCrashes() throws {
        var generator = SeededGenerator(state: 42)
        let lines = [
            "[http]", "[log]", "[storage]", "[x.y]", "port = 1", "port = 99999", "level = 'Debug'", "format = 2",
            "http.port = 0x1F90", "data_dir = \"a\\tb\"", "backend = 'memory'", "= 3", "a = [", "# c", "",
            "shutdown_timeout_ms = 1e3", "host = \"::\"", "log.level = \"nope\"", "port = 1 # x",
        ]
        let raws = ["", "0", "1", "-1", "65536", "json", "TEXT", "yes", "x", "1e3", "9999999999999999999999"]
        let variables = ConfigSchema.tradehub.keys.map(\.environmentName) + ["TRADEHUB_CONFIG", "TRADEHUB_", "OTHER"]
        let codes: Set<ErrorCode> = [.configSyntax, .configUnknownKey, .configType, .configRange]
        for round in 0..<300 {
            let text = (0..<Int.random(in: 0..<6, using: &generator))
                .map { _ in lines.randomElement(using: &generator)! }.joined(separator: "\n")
            let path = try scratch.write("fuzz-\(round).toml", text)
            var environment: [String: String] = [:]
            for _ in 0..<Int.random(in: 0..<3, using: &generator) {
                environment[variables.randomElement(using: &generator)!] = raws.randomElement(using: &generator)!
            }
            let flags: [Flag] = (0..<Int.random(in: 0..<3, using: &generator)).map { _ in
                let key = (ConfigSchema.tradehub.names + ["nope"]).randomElement(using: &generator)!
                return (key: key, value: raws.randomElement(using: &generator)!, flag: "--set \(key)")
            }
            do {
                let config = try resolver.resolve(configFile: path, environment: environment, flags: flags)
                for entry in config.entries { #expect(entry.key.kind.admits(entry.value)) }
            } catch let error as TradehubError {
                #expect(codes.contains(error.code), "\(error)")
                #expect(!error.message.contains("{"), "unfilled placeholder in \(error.message)")
            }
        }
    }
}
