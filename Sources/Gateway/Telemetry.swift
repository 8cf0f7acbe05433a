import ErrorDNA
import Metrics
import Prometheus

/// The process's metrics: a Prometheus registry fed through swift-metrics, passed to whoever
/// records metrics instead of living in a global, so tests get their own.
public struct Telemetry: Sendable {
    public let registry: PrometheusCollectorRegistry
    /// The swift-metrics factory writing into `registry`.
    public let factory: PrometheusMetricsFactory

    /// `processStartSeconds`: the process start time, seconds since the Unix epoch.
    public init(processStartSeconds: Double, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        self.factory = factory
        Gauge(label: "process_start_time_seconds", factory: factory).record(processStartSeconds)
    }

    /// Counts one error by code (`tradehub_errors_total{code=…}`).
    public func countError(_ code: ErrorCode) {
        Counter(label: "tradehub_errors_total", dimensions: [("code", code.rawValue)], factory: factory).increment()
    }

    /// Counts one HTTP request and its duration by route, method and status.
    public func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        Counter(label: "http_requests_total", dimensions: dimensions, factory: factory).increment()
        Metrics.Timer(label: "http_request_duration_seconds", dimensions: dimensions, factory: factory)
            .recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// The exposition text format served at `GET /metrics`.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}
