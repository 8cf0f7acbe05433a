import Hummingbird

/// The per-request context of the HTTP API.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The request id on every log line of this request (`hb.request.id`), echoed as `X-Request-Id`.
    public var requestID: String { logger[metadataKey: "hb.request.id"]?.description ?? "-" }
}
