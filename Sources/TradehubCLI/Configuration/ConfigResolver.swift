import ErrorDNA
import Foundation

/// Where an effective configuration value came from.
public enum ConfigSource: Sendable, Equatable, CustomStringConvertible {
    /// The schema default.
    case defaultValue
    /// A line of the config file.
    case file(path: String, line: Int)
    /// An environment variable such as `TRADEHUB_HTTP_PORT`.
    case environment(variable: String)
    /// A command-line flag, named as the user typed it (`--port`, `--set http.port`).
    case flag(String)

    /// `default`, `/abs/path.toml:3`, `environment variable TRADEHUB_HTTP_PORT`, `flag --port`.
    public var description: String {
        switch self {
        case .defaultValue: return "default"
        case .file(let path, let line): return "\(path):\(line)"
        case .environment(let variable): return "environment variable \(variable)"
        case .flag(let flag): return "flag \(flag)"
        }
    }
}

/// The effective configuration: one value per schema key and the layer it came from.
public struct ResolvedConfig: Sendable {
    /// The schema the values were resolved against.
    public let schema: ConfigSchema
    private let values: [ConfigValue]
    private let sources: [ConfigSource]

    init(schema: ConfigSchema, values: [ConfigValue], sources: [ConfigSource]) {
        precondition(values.count == schema.keys.count && sources.count == schema.keys.count)
        self.schema = schema
        self.values = values
        self.sources = sources
    }

    /// The schema defaults, every source `.defaultValue`.
    public init(defaultsOf schema: ConfigSchema) {
        self.init(
            schema: schema, values: schema.keys.map(\.defaultValue),
            sources: Array(repeating: .defaultValue, count: schema.keys.count))
    }

    private func index(_ key: String) -> Int {
        guard let index = schema.index(of: key) else {
            preconditionFailure("'\(key)' is not a key of the configuration schema")
        }
        return index
    }

    /// The value of `key`; precondition: the key is in the schema.
    public func value(_ key: String) -> ConfigValue { values[index(key)] }

    /// The layer that set `key`; precondition: the key is in the schema.
    public func source(_ key: String) -> ConfigSource { sources[index(key)] }

    /// The value of a string or choice key.
    public func string(_ key: String) -> String {
        guard case .string(let text) = value(key) else { preconditionFailure("configuration key '\(key)' is not a string") }
        return text
    }

    /// The value of an integer key.
    public func integer(_ key: String) -> Int64 {
        guard case .integer(let number) = value(key) else { preconditionFailure("configuration key '\(key)' is not an integer") }
        return number
    }

    /// The value of a boolean key.
    public func boolean(_ key: String) -> Bool {
        guard case .boolean(let flag) = value(key) else { preconditionFailure("configuration key '\(key)' is not a boolean") }
        return flag
    }

    /// The value of a double key.
    public func double(_ key: String) -> Double {
        guard case .double(let number) = value(key) else { preconditionFailure("configuration key '\(key)' is not a number") }
        return number
    }

    /// Every key with its value and source, in schema order.
    public var entries: [(key: ConfigKey, value: ConfigValue, source: ConfigSource)] {
        schema.keys.indices.map { (key: schema.keys[$0], value: values[$0], source: sources[$0]) }
    }
}

/// Layers configuration — defaults < config file (TOML) < environment (`TRADEHUB_…`) < flags —
/// and validates every value against a ``ConfigSchema``.
///
/// Errors are `TradehubError`s (`E_CONFIG_FILE_NOT_FOUND`, `E_CONFIG_SYNTAX`, `E_CONFIG_UNKNOWN_KEY`,
/// `E_CONFIG_TYPE`, `E_CONFIG_RANGE`) whose context names the key, the source (`file:line`,
/// `environment variable NAME` or `flag --name`) and what is allowed. The first problem is
/// reported: file lines in order, then environment variables sorted by name, then flags in order.
public struct ConfigResolver: Sendable {
    /// The keys this resolver accepts.
    public let schema: ConfigSchema

    public init(schema: ConfigSchema) {
        self.schema = schema
    }

    /// Resolves the effective configuration.
    ///
    /// - Parameters:
    ///   - configFile: path of the TOML config file, or nil for none. Relative paths are read
    ///     relative to the working directory and reported as given.
    ///   - environment: the process environment; only `TRADEHUB_*` variables are looked at, and
    ///     `TRADEHUB_CONFIG` (the config file path, handled by the caller) is ignored.
    ///   - flags: overrides from the command line as (dotted key, raw value, flag name as typed),
    ///     applied in order so a later flag for the same key wins.
    public func resolve(
        configFile: String?, environment: [String: String], flags: [(key: String, value: String, flag: String)]
    ) throws -> ResolvedConfig {
        var values = schema.keys.map(\.defaultValue)
        var sources = [ConfigSource](repeating: .defaultValue, count: schema.keys.count)

        if let path = configFile {
            let text = try Self.readFile(path)
            let parsed = TOMLSubset.parsePrefix(text, path: path)
            for entry in parsed.entries {
                let source = ConfigSource.file(path: path, line: entry.line)
                guard let index = schema.index(of: entry.key) else {
                    throw unknownKey(entry.key, source: source, allowed: schema.names)
                }
                let key = schema.keys[index]
                values[index] = try checked(typed(entry.value, for: key, source: source), for: key, source: source)
                sources[index] = source
            }
            if let error = parsed.error { throw error }
        }

        for variable in environment.keys.sorted() where variable.hasPrefix(ConfigSchema.environmentPrefix) {
            if variable == ConfigSchema.configFileVariable { continue }
            let source = ConfigSource.environment(variable: variable)
            guard let key = schema.key(environmentName: variable), let index = schema.index(of: key.name) else {
                throw unknownKey(
                    variable, source: source,
                    allowed: schema.keys.map(\.environmentName) + [ConfigSchema.configFileVariable])
            }
            let raw = environment[variable] ?? ""
            values[index] = try checked(parse(raw, for: key, source: source), for: key, source: source)
            sources[index] = source
        }

        for flag in flags {
            let source = ConfigSource.flag(flag.flag)
            guard let index = schema.index(of: flag.key) else {
                throw unknownKey(flag.key, source: source, allowed: schema.names)
            }
            let key = schema.keys[index]
            values[index] = try checked(parse(flag.value, for: key, source: source), for: key, source: source)
            sources[index] = source
        }

        return ResolvedConfig(schema: schema, values: values, sources: sources)
    }

    // MARK: - Reading

    static func readFile(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard !path.isEmpty,
              FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path)
        else {
            throw TradehubError(.configFileNotFound, ["path": path])
        }
        if let text = String(data: data, encoding: .utf8) { return text }
        // Name the first line that is not UTF-8.
        var line = 1
        for chunk in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(data: Data(chunk), encoding: .utf8) == nil { break }
            line += 1
        }
        throw TOMLSubset.syntaxError(path: path, line: line, problem: "the line is not valid UTF-8 text")
    }

    // MARK: - Typing

    /// A file value as the key's type, or `E_CONFIG_TYPE`.
    private func typed(_ value: TOMLValue, for key: ConfigKey, source: ConfigSource) throws -> ConfigValue {
        switch (key.kind, value) {
        case (.string, .string(let text)), (.choice, .string(let text)):
            return .string(text)
        case (.integer, .integer(let number)):
            return .integer(number)
        case (.boolean, .boolean(let flag)):
            return .boolean(flag)
        case (.double, .integer(let number)):
            return .double(Double(number))
        case (.double, .float(let number)):
            return .double(number)
        default:
            throw typeError(key, source: source, value: value.description)
        }
    }

    /// An environment or flag string as the key's type, or `E_CONFIG_TYPE`.
    private func parse(_ raw: String, for key: ConfigKey, source: ConfigSource) throws -> ConfigValue {
        switch key.kind {
        case .string, .choice:
            return .string(raw)
        case .integer:
            if let number = Int64(raw) { return .integer(number) }
            if Self.isDecimalDigits(raw) {
                // Integer-shaped but beyond 64 bits: out of range rather than the wrong type.
                throw rangeError(key, source: source, value: raw)
            }
            throw typeError(key, source: source, value: raw)
        case .boolean:
            switch raw.lowercased() {
            case "true", "1", "yes", "on": return .boolean(true)
            case "false", "0", "no", "off": return .boolean(false)
            default: throw typeError(key, source: source, value: raw)
            }
        case .double:
            let allowed = Set("0123456789+-.eE")
            guard !raw.isEmpty, raw.allSatisfy({ allowed.contains($0) }), raw.contains(where: \.isNumber),
                  let number = Double(raw)
            else { throw typeError(key, source: source, value: raw) }
            return .double(number)
        }
    }

    private static func isDecimalDigits(_ raw: String) -> Bool {
        var digits = Substring(raw)
        if let first = digits.first, first == "+" || first == "-" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The value after range and choice checks (choices matched case-insensitively, stored canonically).
    private func checked(_ value: ConfigValue, for key: ConfigKey, source: ConfigSource) throws -> ConfigValue {
        if case .choice(let choices) = key.kind, case .string(let text) = value, !choices.contains(text),
           let canonical = choices.first(where: { $0.lowercased() == text.lowercased() }) {
            return .string(canonical)
        }
        guard key.kind.admits(value) else { throw rangeError(key, source: source, value: value.description) }
        return value
    }

    // MARK: - Errors

    private func unknownKey(_ key: String, source: ConfigSource, allowed: [String]) -> TradehubError {
        TradehubError(.configUnknownKey, [
            "key": key, "source": source.description, "allowed": allowed.joined(separator: ", "),
        ])
    }

    private func typeError(_ key: ConfigKey, source: ConfigSource, value: String) -> TradehubError {
        let expected: String
        switch key.kind {
        case .string: expected = "a string"
        case .integer: expected = "an integer"
        case .boolean: expected = "true or false"
        case .choice(let choices): expected = "a string (one of: \(choices.joined(separator: ", ")))"
        case .double: expected = "a number"
        }
        return TradehubError(.configType, [
            "key": key.name, "source": source.description, "expected": expected, "value": value,
        ])
    }

    private func rangeError(_ key: ConfigKey, source: ConfigSource, value: String) -> TradehubError {
        TradehubError(.configRange, [
            "key": key.name, "source": source.description, "value": value, "allowed": key.kind.allowedValues,
        ])
    }
}
