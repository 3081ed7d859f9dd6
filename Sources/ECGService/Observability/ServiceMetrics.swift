#if Service
import Metrics
import Prometheus

/// The service's Prometheus metrics (`GET /metrics`, text exposition format 0.0.4), kept in one
/// `PrometheusCollectorRegistry` per service:
///
/// | metric | type | labels |
/// |---|---|---|
/// | `ecg_http_requests_total` | counter | `method`, `route` (the route pattern, `static` or `unmatched`), `status` |
/// | `ecg_http_request_duration_seconds` | histogram | `method`, `route` |
/// | `ecg_analysis_queue_waiting`, `ecg_analysis_running` | gauge | — (read from the ``WorkerPool`` when scraped) |
/// | `ecg_analysis_duration_seconds` | histogram | — (read, preprocess, model, measurements of one upload) |
/// | `ecg_model_duration_seconds` | histogram | — (the model's share of it) |
/// | `ecg_results_stored_total` | counter | `store` |
/// | `ecg_result_store_errors_total` | counter | `store`, `reason` (`unavailable` or `failed`) |
/// | `ecg_result_store_duration_seconds` | histogram | `store` (one save, until durable) |
///
/// `ecg serve` also bootstraps swift-metrics with this registry, so metrics of libraries that use swift-metrics show
/// up in the same scrape.
public final class ServiceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    /// Request latency buckets, seconds: 1 ms … 10 s.
    static let latencyBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(50),
        .milliseconds(100), .milliseconds(200), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
    ]

    private let queueWaiting: Prometheus.Gauge
    private let running: Prometheus.Gauge
    private let analysis: DurationHistogram
    private let model: DurationHistogram

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        queueWaiting = registry.makeGauge(
            descriptor: Self.name("analysis_queue_waiting", unit: "", help: "Analyses waiting for a worker thread."))
        running = registry.makeGauge(
            descriptor: Self.name("analysis_running", unit: "", help: "Analyses running on worker threads."))
        analysis = registry.makeDurationHistogram(
            descriptor: Self.name("analysis_duration", unit: "seconds", help: "Time to analyse one upload."),
            buckets: Self.latencyBuckets)
        model = registry.makeDurationHistogram(
            descriptor: Self.name("model_duration", unit: "seconds", help: "Model inference time within one analysis."),
            buckets: Self.latencyBuckets)
    }

    /// Counts one finished request and its latency.
    public func requestFinished(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.name("http_requests", unit: "total", help: "HTTP requests by method, route and status."),
            labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("http_request_duration", unit: "seconds", help: "HTTP request latency."),
            labels: [("method", method), ("route", route)], buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// Records one analysis: its whole time and the model's share (nil when the backend does not say).
    public func analysisFinished(total: Duration, model modelTime: Duration?) {
        analysis.record(total)
        if let modelTime { model.record(modelTime) }
    }

    /// Counts an analysis stopped at its time limit (answered 503 `analysis_timeout`).
    public func analysisTimedOut() {
        registry.makeCounter(
            descriptor: Self.name("analysis_timeouts", unit: "total", help: "Analyses stopped at their time limit."),
            labels: []
        ).increment()
    }

    /// Records a save that succeeded, with its time until durable.
    public func resultStored(store: String, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.name("results_stored", unit: "total", help: "Results saved by the result store."),
            labels: [("store", store)]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("result_store_duration", unit: "seconds", help: "Time to save one result."),
            labels: [("store", store)], buckets: Self.latencyBuckets
        ).record(duration)
    }

    /// Counts a failed save or read: `unavailable` (store unreachable, answered 503) or `failed` (answered 500).
    public func storeFailed(store: String, unavailable: Bool) {
        registry.makeCounter(
            descriptor: Self.name("result_store_errors", unit: "total", help: "Result store calls that failed."),
            labels: [("store", store), ("reason", unavailable ? "unavailable" : "failed")]
        ).increment()
    }

    /// The exposition text, with the pool gauges read now.
    public func exposition(queue: (waiting: Int, running: Int)) -> [UInt8] {
        queueWaiting.set(Double(queue.waiting))
        running.set(Double(queue.running))
        return registry.emitToBuffer()
    }

    /// Points swift-metrics (process-wide, once per process) at this registry, so libraries that record through
    /// swift-metrics are scraped with the service's own metrics.
    public func bootstrapSwiftMetrics() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    private static func name(_ metric: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "ecg", metricName: metric, unitName: unit, helpText: help)
    }
}
#endif
