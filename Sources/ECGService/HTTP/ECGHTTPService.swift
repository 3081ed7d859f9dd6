#if Service
import ECGAnalysis
import Foundation
import Hummingbird
import Logging

/// The HTTP service: `POST /predict`, `GET /results/{id}`, `GET /debug/info`, `GET /healthz`, `GET /metrics` and the
/// web page at `/`. One backend (one loaded model) serves every request; analyses run on a ``WorkerPool``; results
/// go to a ``ResultStore`` (files on this machine by default, or a PostgreSQL table shared by every replica).
public final class ECGHTTPService: Sendable {
    public let configuration: ServiceConfiguration
    public let backend: any ECGAnalysisBackend
    public let pool: WorkerPool
    public let store: any ResultStore
    public let metrics: ServiceMetrics
    /// `GET /debug/info` body, built once: the backend's model description plus the service's limits.
    private let debugInfo: Data
    private let logger = Logger(label: "ecg.service")

    /// Opens the store the configuration asks for (see ``makeStore(_:metrics:)``) and starts the worker threads.
    public convenience init(backend: any ECGAnalysisBackend, configuration: ServiceConfiguration) throws {
        let metrics = ServiceMetrics()
        try self.init(
            backend: backend, configuration: configuration, store: try Self.makeStore(configuration, metrics: metrics),
            metrics: metrics)
    }

    /// Serves with the given store (which the caller has not prepared yet: ``prepare()`` does) and starts the workers.
    public init(
        backend: any ECGAnalysisBackend, configuration: ServiceConfiguration, store: any ResultStore,
        metrics: ServiceMetrics = ServiceMetrics()
    ) throws {
        self.configuration = configuration
        self.backend = backend
        self.store = store
        self.metrics = metrics
        self.pool = WorkerPool(workers: configuration.workers, queueDepth: configuration.queueDepth)
        let limits = ServiceLimits(
            workers: pool.workers, queueDepth: pool.queueDepth, maxUploadBytes: configuration.maxUploadBytes,
            maxImagePixels: configuration.imageLimits.maxPixels, maxImageDimension: configuration.imageLimits.maxDimension,
            maxImageDecodedBytes: configuration.imageLimits.maxDecodedBytes,
            maxSamplesPerLead: configuration.maxSamplesPerLead, maxLeads: configuration.maxLeads,
            maxCSVLineBytes: configuration.maxCSVLineBytes,
            analysisTimeoutSeconds: configuration.analysisTimeout.map(Self.seconds),
            requestTimeoutSeconds: Self.seconds(configuration.requestTimeout),
            acceptedExtensions: UploadPolicy.acceptedExtensions, resultStore: store.kind)
        self.debugInfo = try ReportEncoding.encode(DebugInfo(model: backend.debugInfo, service: limits))
    }

    /// The store for a configuration: the results folder alone (no database URL), the database alone (`outputs` nil),
    /// or the database with a file copy in the folder.
    /// - Throws: ``ResultFolder/StoreError`` when the folder cannot be opened, ``ResultStoreError/noStore`` when
    ///   neither a database nor a folder is given.
    public static func makeStore(_ configuration: ServiceConfiguration, metrics: ServiceMetrics) throws -> any ResultStore {
        let durable = configuration.durableResponses
        let fileStore = try configuration.outputsDirectory.map { directory in
            try FileResultStore(directory: directory, durable: durable) { id, error in
                Logger(label: "ecg.results").error("saving a result failed", metadata: ["id": "\(id)", "error": "\(error)"])
                // A durable save's failure reaches its request, which counts it; a write-behind one is counted here.
                if !durable { metrics.storeFailed(store: "file", unavailable: false) }
            }
        }
        guard let url = configuration.databaseURL else {
            guard let fileStore else { throw ResultStoreError.noStore }
            return fileStore
        }
        let database = PostgresResultStore(
            url: url, deadline: configuration.databaseDeadline, maximumConnections: configuration.databaseConnections)
        guard let fileStore else { return database }
        return MirroredResultStore(primary: database, copy: fileStore)
    }

    /// The store's file side, when results are (also) kept in a folder on this machine.
    public var fileStore: FileResultStore? {
        (store as? FileResultStore) ?? (store as? MirroredResultStore)?.copy
    }

    /// Readies the store (creates the results table when there is a database); call before serving.
    public func prepare() async throws {
        try await store.prepare()
    }

    /// Stops the worker threads after the queued analyses finish, then finishes the store's queued saves and closes it.
    public func shutdown() {
        pool.shutdown()
        store.shutdown()
    }

    /// The router with every route and middleware.
    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RequestObservationMiddleware(metrics: metrics))
        router.add(middleware: JSONErrorMiddleware(uploadLimit: configuration.maxUploadBytes))
        if let folder = configuration.publicDirectory {
            router.add(middleware: FileMiddleware(folder, searchForIndexHtml: true))
        }
        router.post("/predict") { request, context in try await self.predict(request, logger: context.logger) }
        router.get("/results/:id") { _, context in
            try await self.savedResult(context.parameters.get("id") ?? "", logger: context.logger)
        }
        router.get("/debug/info") { _, _ in Self.json(self.debugInfo) }
        router.get("/healthz") { _, _ in try self.health() }
        router.get("/metrics") { _, _ in self.metricsPage() }
        return router
    }

    /// A ready-to-run application bound to the configured host and port.
    /// - Parameter onListening: called once the server accepts connections, with the port it is bound to.
    public func buildApplication(
        logger: Logger? = nil, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: buildRouter(),
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "ecg"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    // MARK: - Routes

    private func predict(_ request: Request, logger: Logger) async throws -> Response {
        let contentType = request.headers[.contentType]
        _ = try PredictForm.multipartBoundary(contentType: contentType)
        let limit = configuration.maxUploadBytes
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw ServiceError.uploadTooLarge(limit: limit)
        }
        let body = try await Self.collect(request.body, upTo: limit, within: configuration.requestTimeout)
        let form = try PredictForm.parse(body: body, contentType: contentType)
        try UploadPolicy.checkType(of: form.fileName)
        let backend = self.backend
        let metrics = self.metrics
        let options = configuration.readOptions(lead: form.lead, sampleRate: form.sampleRate)
        let timeout = configuration.analysisTimeout
        let (result, response) = try await pool.run {
            // The time limit starts when a worker takes the analysis (waiting in the queue is bounded by its depth).
            try Self.analyze(
                form, backend: backend, metrics: metrics, options: options,
                deadline: timeout.map { AnalysisDeadline(after: $0) })
        }
        try await save(result, logger: logger)
        return Self.json(response)
    }

    /// The whole request body, at most `limit` bytes, read within `timeout` of the call; a slower body (a client
    /// trickling bytes to hold the connection) is ``ServiceError/requestTimeout(limit:)``, and the read is cancelled.
    private static func collect(_ body: RequestBody, upTo limit: Int, within timeout: Duration) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: limit) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let collected = first else {
                throw ServiceError.requestTimeout(limit: timeout)
            }
            return collected
        }
    }

    /// Runs on a worker thread: analyse, then encode the result to save (``PredictResponse`` without a trace) and
    /// the response body (the same bytes, or the response with `trace` when asked for).
    private static func analyze<Backend: ECGAnalysisBackend>(
        _ form: PredictForm, backend: Backend, metrics: ServiceMetrics, options: ECGReadOptions,
        deadline: AnalysisDeadline?
    ) throws -> (StoredResult, Data) {
        let clock = ContinuousClock()
        let started = clock.now
        let outcome: AnalysisOutcome<Backend.Report>
        do {
            outcome = try backend.analyze(upload: form.file, fileName: form.fileName, options: options, deadline: deadline)
            // An engine that does not check the deadline itself still gets no result saved once it has passed.
            try deadline?.check()
        } catch let failure as ECGAnalysisError {
            if case .timedOut = failure { metrics.analysisTimedOut() }
            throw ServiceError.analysis(failure)
        }
        metrics.analysisFinished(total: clock.now - started, model: outcome.modelDuration)
        let id = ResultID()
        let encoder = ReportEncoding.encoder()
        let saved = try encoder.encode(PredictResponse(report: outcome.report, id: id))
        let result = StoredResult(id: id, source: String(decoding: form.fileName.utf8.prefix(255), as: UTF8.self), contents: saved)
        guard form.includeTrace, let trace = outcome.trace else { return (result, saved) }
        return (result, try encoder.encode(PredictResponse(report: outcome.report, id: id, trace: TracePlot(trace))))
    }

    /// Saves through the store and counts the outcome; an unreachable store becomes 503 with `Retry-After`.
    private func save(_ result: StoredResult, logger: Logger) async throws {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try await store.save(result)
            metrics.resultStored(store: store.kind, duration: clock.now - started)
        } catch let error as ServiceError {
            throw error
        } catch {
            throw storeFailure(error, logger: logger, action: "saving a result")
        }
    }

    private func savedResult(_ text: String, logger: Logger) async throws -> Response {
        guard let id = ResultID(text) else { throw ServiceError.invalidResultID }
        let contents: Data?
        do {
            contents = try await store.load(id)
        } catch {
            throw storeFailure(error, logger: logger, action: "reading a result")
        }
        guard let contents else { throw ServiceError.resultNotFound(id.description) }
        return Self.json(contents)
    }

    /// Counts and logs a store failure and turns it into what the client hears: 503 for an unreachable store, the
    /// error itself (a generic 500) otherwise.
    private func storeFailure(_ error: any Error, logger: Logger, action: String) -> any Error {
        if case ResultStoreError.unavailable(let reason)? = error as? ResultStoreError {
            metrics.storeFailed(store: store.kind, unavailable: true)
            logger.warning("\(action) failed: store unavailable", metadata: ["reason": "\(reason)"])
            return ServiceError.storeUnavailable(retryAfterSeconds: configuration.storeRetryAfterSeconds)
        }
        metrics.storeFailed(store: store.kind, unavailable: false)
        return error
    }

    private func metricsPage() -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition(queue: pool.load))))
    }

    private func health() throws -> Response {
        let load = pool.load
        let saving = fileStore?.writer.load ?? (pending: 0, failures: 0)
        let status = HealthStatus(
            status: "ok", workers: pool.workers, queueDepth: pool.queueDepth, waiting: load.waiting, running: load.running,
            resultStore: store.kind, resultsPending: saving.pending, resultSaveFailures: saving.failures)
        return Self.json(try ReportEncoding.encode(status))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private static func json(_ body: Data) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// `GET /healthz` body.
private struct HealthStatus: Encodable {
    let status: String
    let workers: Int
    let queueDepth: Int
    let waiting: Int
    let running: Int
    let resultStore: String
    let resultsPending: Int
    let resultSaveFailures: Int
}
#endif
