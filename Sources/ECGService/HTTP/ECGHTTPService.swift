#if Service
import ECGAnalysis
import Foundation
import Hummingbird
import Logging

/// The HTTP service: `POST /predict`, `GET /results/{id}`, `GET /debug/info`, `GET /healthz`, and the web page at `/`.
/// One backend (one loaded model) serves every request; analyses run on a ``WorkerPool``; results are saved by a
/// ``ResultWriter`` (atomic, fsynced files in a ``ResultStore``).
public final class ECGHTTPService: Sendable {
    public let configuration: ServiceConfiguration
    public let backend: any ECGAnalysisBackend
    public let pool: WorkerPool
    public let writer: ResultWriter
    public var store: ResultStore { writer.store }
    /// `GET /debug/info` body, built once: the backend's model description plus the service's limits.
    private let debugInfo: Data

    /// Opens the results folder and starts the worker threads.
    public init(backend: any ECGAnalysisBackend, configuration: ServiceConfiguration) throws {
        self.configuration = configuration
        self.backend = backend
        let logger = Logger(label: "ecg.results")
        self.writer = ResultWriter(store: try ResultStore(directory: configuration.outputsDirectory)) { id, error in
            logger.error("saving a result failed", metadata: ["id": "\(id)", "error": "\(error)"])
        }
        self.pool = WorkerPool(workers: configuration.workers, queueDepth: configuration.queueDepth)
        let limits = ServiceLimits(
            workers: pool.workers, queueDepth: pool.queueDepth, maxUploadBytes: configuration.maxUploadBytes,
            maxImagePixels: configuration.imageLimits.maxPixels, maxImageDimension: configuration.imageLimits.maxDimension,
            acceptedExtensions: UploadPolicy.acceptedExtensions)
        let limitsJSON = (try? JSONEncoder.snakeCase.encode(limits)) ?? Data("{}".utf8)
        let modelInfo = backend.debugInfo
        self.debugInfo = (try? JSONObjectSplice.inserting([("service", limitsJSON)], atEndOf: modelInfo))
            ?? JSONObjectSplice.wrapping(model: modelInfo, service: limitsJSON)
    }

    /// Stops the worker threads after the queued analyses finish and their results are on disk.
    public func shutdown() {
        pool.shutdown()
        writer.shutdown()
    }

    /// The router with every route and middleware.
    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: JSONErrorMiddleware(uploadLimit: configuration.maxUploadBytes))
        if let folder = configuration.publicDirectory {
            router.add(middleware: FileMiddleware(folder, searchForIndexHtml: true))
        }
        router.post("/predict") { request, _ in try await self.predict(request) }
        router.get("/results/:id") { _, context in try self.savedResult(context.parameters.get("id") ?? "") }
        router.get("/debug/info") { _, _ in Self.json(self.debugInfo) }
        router.get("/healthz") { _, _ in try self.health() }
        return router
    }

    /// A ready-to-run application bound to the configured host and port.
    public func buildApplication(logger: Logger? = nil) -> some ApplicationProtocol {
        Application(
            router: buildRouter(),
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "ecg"),
            logger: logger
        )
    }

    // MARK: - Routes

    private func predict(_ request: Request) async throws -> Response {
        let contentType = request.headers[.contentType]
        _ = try PredictForm.multipartBoundary(contentType: contentType)
        let limit = configuration.maxUploadBytes
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw ServiceError.uploadTooLarge(limit: limit)
        }
        let body = try await request.body.collect(upTo: limit)
        let form = try PredictForm.parse(body: body, contentType: contentType)
        try UploadPolicy.checkType(of: form.fileName)
        let backend = self.backend
        let writer = self.writer
        let limits = configuration.imageLimits
        let (response, saving) = try await pool.run {
            try Self.analyzeAndSave(form, backend: backend, writer: writer, imageLimits: limits)
        }
        if configuration.durableResponses {
            _ = try await saving.wait()
        }
        return Self.json(response)
    }

    /// Runs on a worker thread: analyse, queue `{"id", "saved_as", …report}` for saving, return the response body.
    private static func analyzeAndSave(
        _ form: PredictForm, backend: any ECGAnalysisBackend, writer: ResultWriter, imageLimits: ImageDecodingLimits
    ) throws -> (Data, ResultWriter.PendingSave) {
        let outcome: AnalysisOutcome
        do {
            outcome = try backend.analyze(
                upload: form.file, fileName: form.fileName, lead: form.lead, sampleRate: form.sampleRate,
                imageLimits: imageLimits)
        } catch let failure as ECGAnalysisError {
            throw ServiceError.analysis(failure)
        }
        let id = ResultID()
        let saved = try JSONObjectSplice.inserting(
            [("id", JSONObjectSplice.string(id.description)), ("saved_as", JSONObjectSplice.string(id.fileName))],
            atStartOf: outcome.report)
        let saving = try writer.enqueue(saved, id: id)
        guard form.includeTrace, let trace = outcome.trace else { return (saved, saving) }
        return (try JSONObjectSplice.inserting([("trace", trace.plotJSON())], atEndOf: saved), saving)
    }

    private func savedResult(_ text: String) throws -> Response {
        guard let id = ResultID(text) else { throw ServiceError.invalidResultID }
        guard let contents = try writer.pendingContents(id) ?? store.load(id) else { throw ServiceError.resultNotFound(id.description) }
        return Self.json(contents)
    }

    private func health() throws -> Response {
        let load = pool.load
        let saving = writer.load
        let status = HealthStatus(
            status: "ok", workers: pool.workers, queueDepth: pool.queueDepth, waiting: load.waiting, running: load.running,
            resultsPending: saving.pending, resultSaveFailures: saving.failures)
        return Self.json(try JSONEncoder.snakeCase.encode(status))
    }

    private static func json(_ body: Data) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// The service's limits as shown by `/debug/info`.
private struct ServiceLimits: Encodable {
    let workers: Int
    let queueDepth: Int
    let maxUploadBytes: Int
    let maxImagePixels: Int
    let maxImageDimension: Int
    let acceptedExtensions: [String]
}

/// `GET /healthz` body.
private struct HealthStatus: Encodable {
    let status: String
    let workers: Int
    let queueDepth: Int
    let waiting: Int
    let running: Int
    let resultsPending: Int
    let resultSaveFailures: Int
}

extension JSONEncoder {
    static var snakeCase: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

extension JSONObjectSplice {
    /// `{"model": <model>, "service": <service>}` for a backend whose description is not a JSON object.
    static func wrapping(model: Data, service: Data) -> Data {
        var result = Data("{\"model\":".utf8)
        result.append(model.isEmpty ? Data("null".utf8) : model)
        result.append(Data(",\"service\":".utf8))
        result.append(service)
        result.append(UInt8(ascii: "}"))
        return result
    }
}
#endif
