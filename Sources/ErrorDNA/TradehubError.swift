/// The one error type the platform throws: a catalogue code plus the context that explains it.
///
/// The context is an ordered list of named values (`key`, `source`, `path`, …) that fill the
/// code's message template; the fingerprint is computed from it with numbers, ids and paths
/// normalised away, so repeated occurrences of the same problem group together.
public struct TradehubError: Error, Sendable, CustomStringConvertible {
    public let code: ErrorCode
    public let context: [(key: String, value: String)]

    public init(_ code: ErrorCode, _ context: KeyValuePairs<String, String> = [:]) {
        self.code = code
        self.context = context.map { (key: $0.key, value: $0.value) }
    }

    public init(_ code: ErrorCode, context: [(key: String, value: String)]) {
        self.code = code
        self.context = context
    }

    /// The catalogue entry; an uncatalogued code (a programming error) falls back to `E_INTERNAL`'s.
    public var definition: ErrorDefinition {
        ErrorCatalogue.definition(for: code) ?? ErrorCatalogue.definition(for: .internal)!
    }

    /// The rendered message, without the code.
    public var message: String { definition.render(context) }

    /// The one-line remediation.
    public var remediation: String { definition.remediation }

    /// The HTTP status of the code.
    public var httpStatus: Int { definition.httpStatus }

    /// The value for a context key, if present.
    public subscript(key: String) -> String? { context.first { $0.key == key }?.value }

    /// Stable grouping key for repeated occurrences.
    public var fingerprint: Fingerprint { Fingerprint(code: code, context: context) }

    /// `error[E_CODE]: message`, the form the CLI prints.
    public var description: String { "error[\(code)]: \(message)" }
}
