import ErrorDNA

/// A value read from a TOML file by ``TOMLSubset``.
public enum TOMLValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])

    /// The value written back in TOML syntax (strings quoted and escaped), as error messages show it.
    public var description: String {
        switch self {
        case .string(let text):
            return TOMLValue.quoted(text)
        case .integer(let number):
            return String(number)
        case .float(let number):
            if number.isNaN { return "nan" }
            if number.isInfinite { return number < 0 ? "-inf" : "inf" }
            return String(number)
        case .boolean(let flag):
            return flag ? "true" : "false"
        case .array(let items):
            return "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u" + TOMLSubset.hex4(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// A parser for the subset of TOML that Tradehub configuration files use.
///
/// Supported: blank lines, `#` comments (whole-line and trailing), table headers `[section]` and
/// `[a.b]`, `key = value` lines with bare (`A-Za-z0-9_-`) and dotted (`http.port`) keys, and the
/// values basic strings `"…"` (escapes `\" \\ \n \t \r \b \f \e \uXXXX \UXXXXXXXX`), literal
/// strings `'…'`, integers (sign, `_` separators, `0x`/`0o`/`0b`), floats (`1.5`, `1e3`, `inf`,
/// `nan`), booleans and single-line arrays of those. Everything else — inline tables, multi-line
/// strings and arrays, arrays of tables, dates and times, quoted keys — is rejected with
/// `E_CONFIG_SYNTAX` naming `path:line` and the problem, as are duplicate keys and tables.
public enum TOMLSubset {
    /// One `key = value` line of a file.
    public struct Entry: Sendable, Equatable {
        /// The full dotted path of the key, including the enclosing table (`http.port`).
        public let key: String
        /// The parsed value.
        public let value: TOMLValue
        /// The 1-based line the key is defined on.
        public let line: Int

        public init(key: String, value: TOMLValue, line: Int) {
            self.key = key
            self.value = value
            self.line = line
        }
    }

    /// Parses `text`, the content of the file at `path` (used only in error messages).
    ///
    /// Returns the entries in file order; throws `TradehubError` `.configSyntax` with context
    /// `source` (`path:line`) and `problem` on the first line that is not in the subset.
    public static func parse(_ text: String, path: String) throws -> [Entry] {
        let result = parsePrefix(text, path: path)
        if let error = result.error { throw error }
        return result.entries
    }

    /// Parses as far as the first syntax error: the entries before it and the error, if any.
    ///
    /// The resolver uses this to report problems strictly in file order.
    static func parsePrefix(_ text: String, path: String) -> (entries: [Entry], error: TradehubError?) {
        var document = TOMLDocument()
        var entries: [Entry] = []
        var lineNumber = 0
        for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var scalars = Array(rawLine)
            if lineNumber == 1, scalars.first == "\u{FEFF}" { scalars.removeFirst() }
            if scalars.last == "\r" { scalars.removeLast() }
            do {
                if let entry = try parseLine(scalars, number: lineNumber, document: &document) {
                    entries.append(entry)
                }
            } catch let problem as TOMLProblem {
                return (entries, syntaxError(path: path, line: lineNumber, problem: problem.text))
            } catch {
                return (entries, syntaxError(path: path, line: lineNumber, problem: "\(error)"))
            }
        }
        return (entries, nil)
    }

    static func syntaxError(path: String, line: Int, problem: String) -> TradehubError {
        TradehubError(.configSyntax, ["source": "\(path):\(line)", "problem": problem])
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    // MARK: - Lines

    private static let maximumArrayDepth = 32

    private static func parseLine(_ scalars: [Unicode.Scalar], number: Int, document: inout TOMLDocument) throws -> Entry? {
        var scanner = TOMLLineScanner(scalars)
        scanner.skipWhitespace()
        guard let first = scanner.peek, first != "#" else { return nil }

        if first == "[" {
            scanner.advance()
            if scanner.peek == "[" {
                throw TOMLProblem("arrays of tables ([[…]]) are not supported")
            }
            let parts = try parseKey(&scanner, in: "table header")
            scanner.skipWhitespace()
            guard scanner.peek == "]" else {
                if let found = scanner.peek {
                    throw TOMLProblem("expected ']' to close the table header, found \(show(found))")
                }
                throw TOMLProblem("missing ']' at the end of the table header")
            }
            scanner.advance()
            guard scanner.restIsBlank() else {
                throw TOMLProblem("unexpected \(quote(scanner.rest)) after the table header")
            }
            try document.openTable(parts)
            return nil
        }

        let parts = try parseKey(&scanner, in: "key")
        let name = parts.joined(separator: ".")
        scanner.skipWhitespace()
        guard scanner.peek == "=" else {
            if let found = scanner.peek, found != "#" {
                throw TOMLProblem("expected '=' after key '\(name)', found \(show(found))")
            }
            throw TOMLProblem("expected '=' after key '\(name)'; every line must be `key = value` or a [section] header")
        }
        scanner.advance()
        scanner.skipWhitespace()
        if scanner.peek == nil || scanner.peek == "#" {
            throw TOMLProblem("missing value for key '\(name)'")
        }
        let value = try parseValue(&scanner, depth: 0)
        guard scanner.restIsBlank() else {
            throw TOMLProblem("unexpected \(quote(scanner.rest)) after the value of '\(name)'; comments start with '#'")
        }
        let fullKey = try document.define(parts, line: number)
        return Entry(key: fullKey, value: value, line: number)
    }

    // MARK: - Keys

    private static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": return true
        default: return false
        }
    }

    private static func parseKey(_ scanner: inout TOMLLineScanner, in role: String) throws -> [String] {
        var parts: [String] = []
        while true {
            scanner.skipWhitespace()
            guard let first = scanner.peek else {
                throw TOMLProblem(parts.isEmpty ? "missing \(role) name" : "expected a key after '.'")
            }
            if first == "\"" || first == "'" {
                throw TOMLProblem("quoted keys are not supported; use bare keys (letters, digits, '_' and '-')")
            }
            var segment = String.UnicodeScalarView()
            while let scalar = scanner.peek, isBareKeyScalar(scalar) {
                segment.append(scalar)
                scanner.advance()
            }
            if segment.isEmpty {
                if !parts.isEmpty { throw TOMLProblem("expected a key after '.', found \(show(first))") }
                if first == "=" { throw TOMLProblem("missing key before '='") }
                if first == "]" { throw TOMLProblem("empty table header") }
                throw TOMLProblem("expected a \(role) name, found \(show(first)); keys use letters, digits, '_' and '-'")
            }
            parts.append(String(segment))
            scanner.skipWhitespace()
            guard scanner.peek == "." else { return parts }
            scanner.advance()
        }
    }

    // MARK: - Values

    private static func parseValue(_ scanner: inout TOMLLineScanner, depth: Int) throws -> TOMLValue {
        guard let first = scanner.peek else { throw TOMLProblem("missing value") }
        switch first {
        case "\"":
            if scanner.peek(1) == "\"", scanner.peek(2) == "\"" {
                throw TOMLProblem("multi-line strings (\"\"\") are not supported")
            }
            return .string(try parseBasicString(&scanner))
        case "'":
            if scanner.peek(1) == "'", scanner.peek(2) == "'" {
                throw TOMLProblem("multi-line strings (''') are not supported")
            }
            return .string(try parseLiteralString(&scanner))
        case "[":
            guard depth < maximumArrayDepth else { throw TOMLProblem("arrays are nested too deeply") }
            return .array(try parseArray(&scanner, depth: depth + 1))
        case "{":
            throw TOMLProblem("inline tables ({…}) are not supported; use a [section] header")
        default:
            return try parseBareValue(&scanner)
        }
    }

    private static func parseBasicString(_ scanner: inout TOMLLineScanner) throws -> String {
        scanner.advance()  // opening quote
        var out = String.UnicodeScalarView()
        while true {
            guard let scalar = scanner.next() else {
                throw TOMLProblem("unterminated string: missing closing '\"' on this line")
            }
            switch scalar {
            case "\"":
                return String(out)
            case "\\":
                guard let escape = scanner.next() else {
                    throw TOMLProblem("unterminated string: missing closing '\"' on this line")
                }
                switch escape {
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "e": out.append("\u{1B}")
                case "u": out.append(try parseUnicodeEscape(&scanner, digits: 4))
                case "U": out.append(try parseUnicodeEscape(&scanner, digits: 8))
                default:
                    throw TOMLProblem("invalid escape sequence '\\\(printable(escape))' in string")
                }
            default:
                try checkNotControl(scalar)
                out.append(scalar)
            }
        }
    }

    private static func parseUnicodeEscape(_ scanner: inout TOMLLineScanner, digits: Int) throws -> Unicode.Scalar {
        var value: UInt32 = 0
        let letter = digits == 4 ? "u" : "U"
        for _ in 0..<digits {
            guard let scalar = scanner.peek, let digit = hexValue(scalar) else {
                throw TOMLProblem("invalid escape: '\\\(letter)' must be followed by \(digits) hexadecimal digits")
            }
            scanner.advance()
            value = value &* 16 &+ digit
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw TOMLProblem("invalid escape: U+\(hex4(value)) is not a Unicode scalar value")
        }
        return scalar
    }

    private static func parseLiteralString(_ scanner: inout TOMLLineScanner) throws -> String {
        scanner.advance()  // opening quote
        var out = String.UnicodeScalarView()
        while true {
            guard let scalar = scanner.next() else {
                throw TOMLProblem("unterminated string: missing closing \"'\" on this line")
            }
            if scalar == "'" { return String(out) }
            try checkNotControl(scalar)
            out.append(scalar)
        }
    }

    private static func checkNotControl(_ scalar: Unicode.Scalar) throws {
        if (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F {
            throw TOMLProblem("control character U+\(hex4(scalar.value)) in string; use an escape such as \\u\(hex4(scalar.value))")
        }
    }

    private static func parseArray(_ scanner: inout TOMLLineScanner, depth: Int) throws -> [TOMLValue] {
        scanner.advance()  // [
        var items: [TOMLValue] = []
        let unterminated = "unterminated array: missing ']' on this line (multi-line arrays are not supported)"
        while true {
            scanner.skipWhitespace()
            guard let first = scanner.peek, first != "#" else { throw TOMLProblem(unterminated) }
            if first == "]" {
                scanner.advance()
                return items
            }
            items.append(try parseValue(&scanner, depth: depth))
            scanner.skipWhitespace()
            guard let separator = scanner.peek, separator != "#" else { throw TOMLProblem(unterminated) }
            switch separator {
            case ",":
                scanner.advance()
            case "]":
                scanner.advance()
                return items
            default:
                throw TOMLProblem("expected ',' or ']' in array, found \(show(separator))")
            }
        }
    }

    private static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", ",", "[", "]", "{", "}", "#", "\"", "'", "=": return false
        default: return true
        }
    }

    /// Booleans, numbers and the bare words that are errors (unquoted strings, dates).
    private static func parseBareValue(_ scanner: inout TOMLLineScanner) throws -> TOMLValue {
        var token = String.UnicodeScalarView()
        while let scalar = scanner.peek, isTokenScalar(scalar) {
            token.append(scalar)
            scanner.advance()
        }
        guard !token.isEmpty else {
            if let found = scanner.peek { throw TOMLProblem("expected a value, found \(show(found))") }
            throw TOMLProblem("missing value")
        }
        let text = String(token)
        switch text {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default: break
        }
        if looksLikeDateOrTime(Array(token)) {
            throw TOMLProblem("dates and times are not supported; quote the value to make it a string")
        }
        if let integer = try parseInteger(text) { return .integer(integer) }
        if let float = try parseFloat(text) { return .float(float) }
        throw TOMLProblem("invalid value \(quote(text)); strings must be quoted (\"…\")")
    }

    private static func looksLikeDateOrTime(_ token: [Unicode.Scalar]) -> Bool {
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= token.count && token[range].allSatisfy { ("0"..."9").contains($0) }
        }
        if digits(0..<4), token.count > 4, token[4] == "-" { return true }  // 1979-05-27
        if digits(0..<2), token.count > 2, token[2] == ":" { return true }  // 07:32:00
        return false
    }

    /// `_`-separated digits of `radix`: non-empty, underscores only between digits.
    private static func isSeparatedDigits(_ text: Substring, radix: UInt32 = 10) -> Bool {
        guard let first = text.first, let last = text.last, first != "_", last != "_" else { return false }
        var previousUnderscore = false
        for character in text {
            if character == "_" {
                if previousUnderscore { return false }
                previousUnderscore = true
                continue
            }
            previousUnderscore = false
            guard let ascii = character.asciiValue, let digit = hexValue(Unicode.Scalar(ascii)), digit < radix
            else { return false }
        }
        return true
    }

    /// An integer, nil when `text` is not integer-shaped, a problem when it is but is invalid.
    private static func parseInteger(_ text: String) throws -> Int64? {
        var body = Substring(text)
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        let prefixes: [(prefix: String, radix: Int, name: String)] = [
            ("0x", 16, "hexadecimal"), ("0o", 8, "octal"), ("0b", 2, "binary"),
        ]
        for (prefix, radix, name) in prefixes where body.hasPrefix(prefix) {
            let digits = body.dropFirst(2)
            guard isSeparatedDigits(digits, radix: UInt32(radix)) else {
                throw TOMLProblem("invalid \(name) integer \(quote(text))")
            }
            if text.first == "+" || text.first == "-" {
                throw TOMLProblem("a \(name) integer cannot have a sign: \(quote(text))")
            }
            guard let value = Int64(digits.filter { $0 != "_" }, radix: radix) else {
                throw TOMLProblem("integer \(quote(text)) does not fit in 64 bits")
            }
            return value
        }
        guard isSeparatedDigits(body) else { return nil }
        if body.count > 1, body.first == "0" {
            throw TOMLProblem("leading zeros are not allowed in integer \(quote(text))")
        }
        guard let value = Int64(sign + body.filter { $0 != "_" }) else {
            throw TOMLProblem("integer \(quote(text)) does not fit in 64 bits")
        }
        return value
    }

    /// A float, nil when `text` is not float-shaped, a problem when it is but is invalid.
    private static func parseFloat(_ text: String) throws -> Double? {
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        if body == "inf" { return negative ? -.infinity : .infinity }
        if body == "nan" { return .nan }

        var mantissa = body
        var exponent: Substring? = nil
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = body[..<e]
            var rest = body[body.index(after: e)...]
            if let first = rest.first, first == "+" || first == "-" { rest = rest.dropFirst() }
            exponent = rest
        }
        var integerPart = mantissa
        var fraction: Substring? = nil
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fraction = mantissa[mantissa.index(after: dot)...]
        }
        guard fraction != nil || exponent != nil,
              isSeparatedDigits(integerPart),
              fraction.map({ isSeparatedDigits($0) }) ?? true,
              exponent.map({ isSeparatedDigits($0) }) ?? true
        else { return nil }
        if integerPart.count > 1, integerPart.first == "0" {
            throw TOMLProblem("leading zeros are not allowed in float \(quote(text))")
        }
        guard let value = Double(text.filter { $0 != "_" }) else { return nil }
        guard value.isFinite else { throw TOMLProblem("float \(quote(text)) is out of range") }
        return value
    }

    private static func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 48
        case "a"..."f": return scalar.value - 87
        case "A"..."F": return scalar.value - 55
        default: return nil
        }
    }

    // MARK: - Message helpers

    private static func printable(_ scalar: Unicode.Scalar) -> String {
        if scalar.value < 0x20 || scalar.value == 0x7F { return "U+" + hex4(scalar.value) }
        return String(scalar)
    }

    private static func show(_ scalar: Unicode.Scalar) -> String {
        if scalar.value < 0x20 || scalar.value == 0x7F { return "U+" + hex4(scalar.value) }
        return "'" + String(scalar) + "'"
    }

    private static func quote(_ text: String) -> String {
        let limit = 40
        var shown = String(text.unicodeScalars.map { printable($0) }.joined())
        if shown.count > limit { shown = String(shown.prefix(limit)) + "…" }
        return "'" + shown + "'"
    }
}

// MARK: - Parser state

/// What went wrong on the current line; becomes the `problem` of `E_CONFIG_SYNTAX`.
private struct TOMLProblem: Error {
    let text: String
    init(_ text: String) { self.text = text }
}

/// A cursor over the unicode scalars of one line.
private struct TOMLLineScanner {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    mutating func advance() { index += 1 }

    mutating func next() -> Unicode.Scalar? {
        defer { if index < scalars.count { index += 1 } }
        return peek
    }

    mutating func skipWhitespace() {
        while let scalar = peek, scalar == " " || scalar == "\t" { index += 1 }
    }

    /// True when only whitespace and an optional `#` comment remain.
    mutating func restIsBlank() -> Bool {
        skipWhitespace()
        return peek == nil || peek == "#"
    }

    /// The rest of the line without trailing whitespace.
    var rest: String {
        var view = String.UnicodeScalarView(scalars[min(index, scalars.count)...])
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}

/// Which keys and tables the document has defined so far, to reject duplicates and conflicts.
private struct TOMLDocument {
    var currentTable: [String] = []
    /// Keys holding values, with the line that set them.
    var values: [String: Int] = [:]
    /// Tables opened with a `[header]`.
    var headerTables: Set<String> = []
    /// Tables created by dotted keys (`a.b = 1` creates `a`); they cannot be reopened by a header.
    var dottedTables: Set<String> = []
    /// Every table that exists, however it was created.
    var allTables: Set<String> = []

    mutating func openTable(_ parts: [String]) throws {
        let name = parts.joined(separator: ".")
        try checkPrefixes(of: parts)
        if let line = values[name] {
            throw TOMLProblem("table [\(name)] conflicts with the key '\(name)' set on line \(line)")
        }
        if headerTables.contains(name) {
            throw TOMLProblem("table [\(name)] is defined twice")
        }
        if dottedTables.contains(name) {
            throw TOMLProblem("table [\(name)] was already created by dotted keys")
        }
        headerTables.insert(name)
        for length in 1...parts.count {
            allTables.insert(parts[0..<length].joined(separator: "."))
        }
        currentTable = parts
    }

    mutating func define(_ keyParts: [String], line: Int) throws -> String {
        let parts = currentTable + keyParts
        let name = parts.joined(separator: ".")
        try checkPrefixes(of: parts)
        if let first = values[name] {
            throw TOMLProblem("duplicate key '\(name)' (first set on line \(first))")
        }
        if allTables.contains(name) {
            throw TOMLProblem("key '\(name)' is already a table")
        }
        // Tables the dotted key itself creates (below the current table).
        for length in (currentTable.count + 1)..<parts.count {
            let table = parts[0..<length].joined(separator: ".")
            if headerTables.contains(table) {
                throw TOMLProblem("dotted key '\(name)' adds to table [\(table)], which has its own header")
            }
            dottedTables.insert(table)
        }
        for length in 1..<parts.count {
            allTables.insert(parts[0..<length].joined(separator: "."))
        }
        values[name] = line
        return name
    }

    private func checkPrefixes(of parts: [String]) throws {
        guard parts.count > 1 else { return }
        for length in 1..<parts.count {
            let prefix = parts[0..<length].joined(separator: ".")
            if let line = values[prefix] {
                throw TOMLProblem("'\(prefix)' was set to a value on line \(line), so it cannot also be a table")
            }
        }
    }
}
