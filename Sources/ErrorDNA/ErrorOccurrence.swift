/// How often one fingerprint has been seen, as recorded by an error occurrence store.
public struct ErrorOccurrence: Codable, Sendable, Equatable {
    public var fingerprint: Fingerprint
    public var code: ErrorCode
    public var count: Int
    /// Milliseconds since the Unix epoch, UTC.
    public var firstSeenMs: Int64
    public var lastSeenMs: Int64
    /// The message of one occurrence (the first), for a reader to recognise it.
    public var sample: String

    public init(
        fingerprint: Fingerprint, code: ErrorCode, count: Int, firstSeenMs: Int64, lastSeenMs: Int64,
        sample: String
    ) {
        self.fingerprint = fingerprint
        self.code = code
        self.count = count
        self.firstSeenMs = firstSeenMs
        self.lastSeenMs = lastSeenMs
        self.sample = sample
    }

    enum CodingKeys: String, CodingKey {
        case fingerprint, code, count, sample
        case firstSeenMs = "first_seen_ms"
        case lastSeenMs = "last_seen_ms"
    }
}
