import Hummingbird

/// The per-request context of the HTTP API.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    /// The request id on every log line of this request (`hb.request.id`), echoed as `X-Request-Id`.
    /// Kept here as well as in the logger's metadata, because a log handler may not keep metadata.
    public internal(set) var requestID: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestID = source.logger[metadataKey: "hb.request.id"]?.description ?? RequestID().description
    }
}
