/// An RFC 9457 problem+json body carrying a catalogue code.
///
/// `type` is a relative URI reference to the code's explanation endpoint
/// (`/api/v1/errors/E_CODE`), so a client can dereference it.
public struct ProblemDetails: Codable, Sendable, Equatable {
    public static let mediaType = "application/problem+json"

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var instance: String?
    public var code: ErrorCode
    public var hint: String
    public var fingerprint: String
    public var requestID: String?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, instance, code, hint, fingerprint
        case requestID = "request_id"
    }

    public init(_ error: TradehubError, instance: String? = nil, requestID: String? = nil) {
        let definition = error.definition
        type = "/api/v1/errors/\(error.code)"
        title = definition.title
        status = definition.httpStatus
        detail = error.message
        self.instance = instance
        code = error.code
        hint = definition.remediation
        fingerprint = error.fingerprint.value
        self.requestID = requestID
    }
}
