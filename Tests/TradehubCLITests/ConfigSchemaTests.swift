@testable import TradehubCLI
import Testing

@Suite("Configuration schema")
struct ConfigSchemaTests {
    @Test func tradehubKeys() {
        let schema = ConfigSchema.tradehub
        #expect(Array(schema.names.prefix(7)) == [
            "storage.data_dir", "storage.backend", "log.level", "log.format", "http.host", "http.port",
            "hub.shutdown_timeout_ms",
        ])
        #expect(schema.key("market.spike_multiple")?.defaultValue == .double(10))
        #expect(schema.key("storage.tick_retention_days")?.defaultValue == .integer(0))
        #expect(schema.key("storage.data_dir")?.kind == .string)
        #expect(schema.key("storage.data_dir")?.defaultValue == .string("./tradehub-data"))
        #expect(schema.key("storage.data_dir")?.summary == "Directory holding everything the embedded mode stores")
        #expect(schema.key("storage.backend")?.kind == .choice(["sqlite", "memory"]))
        #expect(schema.key("storage.backend")?.defaultValue == .string("sqlite"))
        #expect(schema.key("log.level")?.kind
            == .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]))
        #expect(schema.key("log.level")?.defaultValue == .string("info"))
        #expect(schema.key("log.format")?.kind == .choice(["text", "json"]))
        #expect(schema.key("log.format")?.defaultValue == .string("text"))
        #expect(schema.key("http.host")?.kind == .string)
        #expect(schema.key("http.host")?.defaultValue == .string("127.0.0.1"))
        #expect(schema.key("http.port")?.kind == .integer(0...65535))
        #expect(schema.key("http.port")?.defaultValue == .integer(8000))
        #expect(schema.key("http.port")?.summary == "Port of the HTTP API (0 picks a free one)")
        #expect(schema.key("hub.shutdown_timeout_ms")?.kind == .integer(100...60000))
        #expect(schema.key("hub.shutdown_timeout_ms")?.defaultValue == .integer(1500))
        #expect(schema.key("nope") == nil)
        for key in schema.keys {
            #expect(!key.summary.isEmpty && !key.summary.contains("\n"), "\(key.name)")
            #expect(key.kind.admits(key.defaultValue), "\(key.name)")
        }
    }

    @Test func environmentNames() {
        let schema = ConfigSchema.tradehub
        #expect(Array(schema.keys.map(\.environmentName).prefix(7)) == [
            "TRADEHUB_STORAGE_DATA_DIR", "TRADEHUB_STORAGE_BACKEND", "TRADEHUB_LOG_LEVEL", "TRADEHUB_LOG_FORMAT",
            "TRADEHUB_HTTP_HOST", "TRADEHUB_HTTP_PORT", "TRADEHUB_HUB_SHUTDOWN_TIMEOUT_MS",
        ])
        #expect(schema.key(environmentName: "TRADEHUB_MARKET_SPIKE_MULTIPLE")?.name == "market.spike_multiple")
        #expect(schema.key(environmentName: "TRADEHUB_HTTP_PORT")?.name == "http.port")
        #expect(schema.key(environmentName: "TRADEHUB_CONFIG") == nil)
        #expect(schema.key(environmentName: "tradehub_http_port") == nil)
    }

    @Test func kindDescriptions() {
        #expect(ConfigKey.Kind.integer(0...65535).allowedValues == "0…65535")
        #expect(ConfigKey.Kind.choice(["text", "json"]).allowedValues == "text, json")
        #expect(ConfigKey.Kind.double(0...1).allowedValues == "0.0…1.0")
        #expect(ConfigKey.Kind.integer(0...65535).description == "integer 0…65535")
        #expect(ConfigKey.Kind.choice(["a", "b"]).description == "one of a, b")
        #expect(ConfigKey.Kind.boolean.description == "true or false")
    }

    @Test func admits() {
        #expect(ConfigKey.Kind.integer(1...3).admits(.integer(3)))
        #expect(!ConfigKey.Kind.integer(1...3).admits(.integer(4)))
        #expect(!ConfigKey.Kind.integer(1...3).admits(.string("2")))
        #expect(ConfigKey.Kind.choice(["a"]).admits(.string("a")))
        #expect(!ConfigKey.Kind.choice(["a"]).admits(.string("A")))
        #expect(!ConfigKey.Kind.double(0...1).admits(.double(.nan)))
        #expect(ConfigKey.Kind.boolean.admits(.boolean(false)))
        #expect(ConfigKey.Kind.string.admits(.string("")))
    }

    @Test func valueDescriptionIsThePlainValue() {
        #expect(ConfigValue.integer(8000).description == "8000")
        #expect(ConfigValue.string("./tradehub-data").description == "./tradehub-data")
        #expect(ConfigValue.boolean(true).description == "true")
        #expect(ConfigValue.double(1.5).description == "1.5")
    }

    @Test func customSchemaLookup() {
        let schema = ConfigSchema([
            .boolean("feature.on", default: false, "A switch"),
            .double("risk.ratio", 0...1, default: 0.5, "A ratio"),
        ])
        #expect(schema.index(of: "risk.ratio") == 1)
        #expect(schema.key("feature.on")?.environmentName == "TRADEHUB_FEATURE_ON")
        #expect(schema.key("risk.ratio")?.defaultValue == .double(0.5))
    }
}
