#if Service
import ArgumentParser
import CBLAS
import ECGAnalysis
import ECGService
import Foundation

/// `ecg serve`: the HTTP API and web page, a drop-in for the original Flask service (same port, field and routes).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve POST /predict, GET /results/{id}, GET /debug/info, GET /healthz and the web page at /.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 5000
    @Option(help: "Keras model file (default: $ECG_MODEL, else the bundled Weights/ecg_model.h5).") var model: String?
    @Option(help: "Label file (label_classes.npy); default: next to the model.") var labels: String?
    @Option(help: "Folder for saved results (created when missing).") var outputs = "json_outputs"
    @Option(name: .customLong("max-upload-mb"), help: "Largest accepted upload, in MB.") var maxUploadMB = 20
    @Option(
        name: .customLong("max-image-megapixels"),
        help: "Largest accepted image, in megapixels (checked from the header before decoding; larger images get 413).")
    var maxImageMegapixels = Double(ImageDecodingLimits.defaultMaxPixels) / 1e6
    @Option(help: "Analysis worker threads (default: number of cores).") var workers: Int?
    @Option(name: .customLong("queue-depth"), help: "Analyses allowed to wait for a worker before answering 503.")
    var queueDepth = 64
    @Option(name: .customLong("public"), help: "Folder of the web page (index.html, script.js, style.css).")
    var publicFolder = "Public"
    @Flag(
        name: .customLong("write-behind"),
        help: "Answer /predict before its result file is fsynced (faster; a crash can lose answered results).")
    var writeBehind = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard (1...4096).contains(maxUploadMB) else { throw ValidationError("--max-upload-mb must be between 1 and 4096") }
        guard maxImageMegapixels >= 0.01, maxImageMegapixels <= 250 else {
            throw ValidationError("--max-image-megapixels must be between 0.01 and 250")
        }
        if let workers, !(1...256).contains(workers) { throw ValidationError("--workers must be between 1 and 256") }
        guard (0...100_000).contains(queueDepth) else { throw ValidationError("--queue-depth must be between 0 and 100000") }
    }

    func run() async throws {
        // Parallelism comes from the worker threads; OpenBLAS's own threads would only compete with them
        // (measured: 2.2x the throughput at 32 concurrent uploads with one BLAS thread per worker).
        cblas_shim_set_threads(1)
        let analyzer: ECGAnalyzer
        do {
            analyzer = try ECGAnalyzer(modelPath: try BundledModel.resolve(model), labelsPath: labels)
        } catch let error as ECGAnalysisError {
            throw ServeError(description: "cannot load the model: \(error.message) (use --model and --labels)")
        }

        var configuration = ServiceConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.maxUploadBytes = maxUploadMB << 20
        let maxPixels = Int(maxImageMegapixels * 1e6)
        configuration.imageLimits = ImageDecodingLimits(
            maxPixels: maxPixels,
            maxDecodedBytes: max(ImageDecodingLimits.defaultMaxDecodedBytes, maxPixels * 7))
        configuration.queueDepth = queueDepth
        configuration.outputsDirectory = outputs
        configuration.durableResponses = !writeBehind
        if let workers { configuration.workers = workers }
        configuration.publicDirectory = PublicFolder.resolve(publicFolder)
        if configuration.publicDirectory == nil {
            printToStandardError("no web page: '\(publicFolder)/index.html' not found; GET / will answer 404 (use --public DIR)")
        }

        let service: ECGHTTPService
        do {
            service = try ECGHTTPService(backend: analyzer, configuration: configuration)
        } catch let error as ResultStore.StoreError {
            throw ServeError(description: error.description)
        }
        printToStandardError(
            "serving on http://\(host):\(port) with \(service.pool.workers) worker(s), queue depth \(queueDepth), results in \(outputs)/")
        try await service.buildApplication().runService()
        service.shutdown()
    }

    private func printToStandardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// A start-up failure of `ecg serve`, printed as one line (no usage text: the flags were fine).
struct ServeError: Error, CustomStringConvertible {
    let description: String
}
#else
import ArgumentParser

/// `ecg serve` is left out of builds without the `Service` trait (`--disable-default-traits`).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the HTTP API (not in this build: rebuild with the Service trait).")

    func run() async throws {
        throw ValidationError("'ecg serve' is not in this build; rebuild with the default traits (or --traits Service)")
    }
}
#endif
