/// A typed configuration value. Keys of kind `.choice` hold `.string`.
public enum ConfigValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case integer(Int64)
    case boolean(Bool)
    case double(Double)

    /// The plain value: `8000`, `./tradehub-data`, `true`, `1.5`.
    public var description: String {
        switch self {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .double(let number): return String(number)
        }
    }
}

/// One configuration key: its dotted name, type and allowed values, default and documentation.
public struct ConfigKey: Sendable, Equatable {
    /// The type of a key and the values it allows.
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        /// Any string.
        case string
        /// A 64-bit integer within the range.
        case integer(ClosedRange<Int64>)
        /// `true` or `false`.
        case boolean
        /// One of the listed strings (compared case-insensitively, stored as listed).
        case choice([String])
        /// A number within the range; files may write it as an integer or a float.
        case double(ClosedRange<Double>)

        /// A short human description of the type, e.g. `integer 0…65535`, `one of text, json`.
        public var description: String {
            switch self {
            case .string: return "string"
            case .integer: return "integer \(allowedValues)"
            case .boolean: return "true or false"
            case .choice: return "one of \(allowedValues)"
            case .double: return "number \(allowedValues)"
            }
        }

        /// The allowed values as error messages show them: `0…65535`, `text, json`.
        public var allowedValues: String {
            switch self {
            case .string: return "any string"
            case .integer(let range): return "\(range.lowerBound)…\(range.upperBound)"
            case .boolean: return "true, false"
            case .choice(let choices): return choices.joined(separator: ", ")
            case .double(let range): return "\(range.lowerBound)…\(range.upperBound)"
            }
        }

        /// Whether `value` has this kind's type and lies within its range or choices (exact spelling).
        public func admits(_ value: ConfigValue) -> Bool {
            switch (self, value) {
            case (.string, .string): return true
            case (.integer(let range), .integer(let number)): return range.contains(number)
            case (.boolean, .boolean): return true
            case (.choice(let choices), .string(let text)): return choices.contains(text)
            case (.double(let range), .double(let number)): return range.contains(number)
            default: return false
            }
        }
    }

    /// Dotted name as written in the config file and in `--set`, e.g. `http.port`.
    public let name: String
    /// Type and allowed values.
    public let kind: Kind
    /// The value when no layer sets the key.
    public let defaultValue: ConfigValue
    /// One line of documentation.
    public let summary: String

    public init(name: String, kind: Kind, defaultValue: ConfigValue, summary: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// The environment variable that sets the key: `TRADEHUB_` + the name uppercased with `.` → `_`
    /// (`storage.data_dir` → `TRADEHUB_STORAGE_DATA_DIR`).
    public var environmentName: String {
        ConfigSchema.environmentPrefix + name.uppercased().replacingDots()
    }

    /// A string key.
    public static func string(_ name: String, default value: String, _ summary: String) -> ConfigKey {
        ConfigKey(name: name, kind: .string, defaultValue: .string(value), summary: summary)
    }

    /// An integer key limited to `range`.
    public static func integer(
        _ name: String, _ range: ClosedRange<Int64>, default value: Int64, _ summary: String
    ) -> ConfigKey {
        ConfigKey(name: name, kind: .integer(range), defaultValue: .integer(value), summary: summary)
    }

    /// A boolean key.
    public static func boolean(_ name: String, default value: Bool, _ summary: String) -> ConfigKey {
        ConfigKey(name: name, kind: .boolean, defaultValue: .boolean(value), summary: summary)
    }

    /// A key whose value is one of `choices`.
    public static func choice(
        _ name: String, _ choices: [String], default value: String, _ summary: String
    ) -> ConfigKey {
        ConfigKey(name: name, kind: .choice(choices), defaultValue: .string(value), summary: summary)
    }

    /// A floating-point key limited to `range`.
    public static func double(
        _ name: String, _ range: ClosedRange<Double>, default value: Double, _ summary: String
    ) -> ConfigKey {
        ConfigKey(name: name, kind: .double(range), defaultValue: .double(value), summary: summary)
    }
}

/// The set of configuration keys a program understands, in display order.
public struct ConfigSchema: Sendable {
    /// Every environment variable that configures Tradehub starts with this.
    public static let environmentPrefix = "TRADEHUB_"
    /// The variable naming the config file; the caller reads it, the resolver ignores it.
    public static let configFileVariable = "TRADEHUB_CONFIG"

    /// The keys in display order.
    public let keys: [ConfigKey]
    private let indexByName: [String: Int]
    private let indexByEnvironmentName: [String: Int]

    /// A schema of `keys`.
    ///
    /// Preconditions (programming errors): names are unique, made of dot-separated segments of
    /// `a-z 0-9 _`, their environment names are unique and not `TRADEHUB_CONFIG`, and every
    /// default is admitted by its key's kind.
    public init(_ keys: [ConfigKey]) {
        var byName: [String: Int] = [:]
        var byEnvironment: [String: Int] = [:]
        for (index, key) in keys.enumerated() {
            precondition(ConfigSchema.isValidName(key.name), "invalid configuration key name '\(key.name)'")
            precondition(byName[key.name] == nil, "configuration key '\(key.name)' is defined twice")
            precondition(
                byEnvironment[key.environmentName] == nil && key.environmentName != ConfigSchema.configFileVariable,
                "configuration key '\(key.name)' has a clashing environment name \(key.environmentName)")
            precondition(
                key.kind.admits(key.defaultValue),
                "default '\(key.defaultValue)' of configuration key '\(key.name)' is not \(key.kind)")
            byName[key.name] = index
            byEnvironment[key.environmentName] = index
        }
        self.keys = keys
        self.indexByName = byName
        self.indexByEnvironmentName = byEnvironment
    }

    /// The key named `name` (dotted), or nil.
    public func key(_ name: String) -> ConfigKey? { index(of: name).map { keys[$0] } }

    /// The key set by the environment variable `variable`, or nil.
    public func key(environmentName variable: String) -> ConfigKey? {
        indexByEnvironmentName[variable].map { keys[$0] }
    }

    /// The position of the key named `name` in `keys`, or nil.
    public func index(of name: String) -> Int? { indexByName[name] }

    /// The dotted names in order.
    public var names: [String] { keys.map(\.name) }

    private static func isValidName(_ name: String) -> Bool {
        let segments = name.split(separator: ".", omittingEmptySubsequences: false)
        return segments.allSatisfy { segment in
            !segment.isEmpty && segment.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
            }
        }
    }
}

extension ConfigSchema {
    /// Every key Tradehub understands. To add one, add a line here.
    public static let tradehub = ConfigSchema([
        .string("storage.data_dir", default: "./tradehub-data", "Directory holding everything the embedded mode stores"),
        .choice("storage.backend", ["sqlite", "memory"], default: "sqlite", "Store implementation: sqlite (durable, under data_dir) or memory (lost at exit)"),
        .choice("log.level", ["trace", "debug", "info", "notice", "warning", "error", "critical"], default: "info", "Least severe log level written"),
        .choice("log.format", ["text", "json"], default: "text", "Log line format: text for people, json (one object per line) for machines"),
        .string("http.host", default: "127.0.0.1", "Address the HTTP API binds"),
        .integer("http.port", 0...65535, default: 8000, "Port of the HTTP API (0 picks a free one)"),
        .integer("hub.shutdown_timeout_ms", 100...60000, default: 1500, "How long services get to finish in-flight work on SIGTERM/SIGINT"),
        .integer("storage.tick_retention_days", 0...36500, default: 0, "Delete stored ticks older than this many days (0 keeps every tick)"),
        .string("market.digits", default: "", "Price digits per symbol, e.g. \"EURUSD=5,XAUUSD=2\" (others: forex 5, JPY 3, gold 2)"),
        .string("market.symbols", default: "", "Comma-separated symbols to accept (empty accepts every symbol; others are quarantined E_UNKNOWN_SYMBOL)"),
        .double("market.spike_multiple", 0...1_000_000, default: 10, "A mid jump beyond this many times the recent robust volatility is a suspected spike (0 turns the rule off)"),
        .integer("market.spike_confirmation_ticks", 1...100, default: 3, "Ticks after a suspected spike that vote on whether it was a real level shift"),
        .integer("market.spike_window", 8...4096, default: 64, "Accepted ticks whose median absolute mid change is the robust volatility"),
        .double("market.spike_floor_points", 0...1_000_000_000, default: 10, "Smallest robust volatility, in points, so quiet markets do not flag ordinary moves"),
        .integer("bridge.port", 0...65535, default: 8001, "Port of the MT5 bridge on http.host (0 picks a free one)"),
        .integer("bridge.max_batch", 1...1_000_000, default: 8192, "Most messages stored in one group commit"),
        .integer("bridge.batch_window_ms", 1...1000, default: 10, "Longest wait for more messages before a group commit"),
        .integer("bridge.max_pending", 1024...100_000_000, default: 262_144, "Queued messages past which data is refused with E_OVERLOADED (connections stop reading at a quarter)"),
        .integer("bridge.max_connections", 1...100_000, default: 1024, "Most terminal connections at once"),
        .integer("bridge.idle_timeout_ms", 1000...3_600_000, default: 15000, "A connection silent this long is closed"),
        .integer("bridge.spike_hold_ms", 10...600_000, default: 1000, "A tick held by the spike rule longer than this is decided on the evidence so far"),
        .integer("bridge.order_timeout_ms", 100...600_000, default: 10000, "How long an order waits for the terminal's RESULT before it is timed_out"),
    ])
}

extension String {
    fileprivate func replacingDots() -> String {
        String(unicodeScalars.map { $0 == "." ? "_" : Character($0) })
    }
}
