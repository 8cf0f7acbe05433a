/// One entry of the error catalogue: what the code means and what to do about it.
public struct ErrorDefinition: Sendable, Codable, Equatable {
    /// The stable code.
    public let code: ErrorCode
    /// The area of the platform that raises it (`config`, `storage`, `http`, …).
    public let domain: String
    /// The HTTP status the API answers with when this error reaches a client.
    public let httpStatus: Int
    /// A short human title, constant for the code (problem+json `title`).
    public let title: String
    /// The message with `{name}` placeholders filled from the error's context.
    public let template: String
    /// One line telling the user how to fix it.
    public let remediation: String

    enum CodingKeys: String, CodingKey {
        case code, domain, httpStatus = "http_status", title, template, remediation
    }

    public init(
        _ code: ErrorCode, domain: String, status: Int, title: String, template: String, remediation: String
    ) {
        self.code = code
        self.domain = domain
        self.httpStatus = status
        self.title = title
        self.template = template
        self.remediation = remediation
    }

    /// Names of the `{placeholders}` in the template, in order of first appearance.
    public var placeholders: [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"),
              let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            if !names.contains(name) { names.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// Fills the template from `context`; a missing value is shown as `{name}` so it is noticed.
    public func render(_ context: [(key: String, value: String)]) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"),
              let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = rest[rest.index(after: open)..<close]
            if let value = context.first(where: { $0.key == name })?.value {
                result += value
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }
}
