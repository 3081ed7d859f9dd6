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
        abstract: "Serve POST /predict, GET /results/{id}, GET /debug/info, GET /healthz, GET /metrics and the web page at /.",
        discussion: """
            Results go to the --outputs folder (default json_outputs/), or with --database-url (or ECG_DATABASE_URL) to \
            a PostgreSQL table shared by every replica, plus the folder unless --outputs none. SIGTERM or SIGINT stops \
            accepting connections, finishes the requests already received (at most --shutdown-grace seconds) and exits.
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, printed when listening).") var port = 5000
    @Option(help: "Keras model file (default: $ECG_MODEL, else the bundled Weights/ecg_model.h5).") var model: String?
    @Option(help: "Label file (label_classes.npy); default: next to the model.") var labels: String?
    @Option(help: "Folder for saved results (created when missing); 'none' keeps no files (needs --database-url).")
    var outputs = "json_outputs"
    @Option(
        name: .customLong("database-url"),
        help: "PostgreSQL for results, postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=disable|prefer|require] (default: $ECG_DATABASE_URL).")
    var databaseURL: String?
    @Option(name: .customLong("database-connections"), help: "Database connections this process opens at most.")
    var databaseConnections = 16
    @Option(
        name: .customLong("database-timeout"),
        help: "Seconds to wait for a database connection and statement before answering 503.")
    var databaseTimeout = 5.0
    @Option(
        name: .customLong("shutdown-grace"),
        help: "On SIGTERM/SIGINT, seconds to let requests already received finish before they are cancelled.")
    var shutdownGrace = 30.0
    @Option(name: .customLong("log-format"), help: "Log lines as 'text' or 'json' (one object per line, on stderr).")
    var logFormat = "text"
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical ('debug' logs every request).")
    var logLevel = "info"
    @Option(name: .customLong("max-upload-mb"), help: "Largest accepted upload, in MB.") var maxUploadMB = 20
    @Option(
        name: .customLong("max-image-megapixels"),
        help: "Largest accepted image, in megapixels (checked from the header before decoding; larger images get 413).")
    var maxImageMegapixels = Double(ImageDecodingLimits.defaultMaxPixels) / 1e6
    @Option(
        name: .customLong("max-image-decoded-mb"),
        help: "Most memory one image may decode into, in MiB (default: 320, or 7 bytes per pixel of --max-image-megapixels if more).")
    var maxImageDecodedMB: Int?
    @Option(
        name: .customLong("max-samples"),
        help: "Longest recording per upload, in samples per lead (CSV: data rows); longer uploads get 400.")
    var maxSamples = ECGReadOptions.defaultMaxSamples
    @Option(
        name: .customLong("max-leads"),
        help: "Most leads per upload (CSV: signal columns besides an index and a time column); more get 400.")
    var maxLeads = ECGReadOptions.defaultMaxLeads
    @Option(name: .customLong("max-csv-line-kb"), help: "Longest CSV/TXT line, in KiB; longer lines get 400.")
    var maxCSVLineKB = ECGReadOptions.defaultMaxLineBytes >> 10
    @Option(
        name: .customLong("analysis-timeout"),
        help: "Seconds one analysis may run on its worker before it is stopped and answered 503 (0: no limit).")
    var analysisTimeout = 120.0
    @Option(
        name: .customLong("request-timeout"),
        help: "Seconds to receive a /predict upload before answering 408 and closing the connection.")
    var requestTimeout = 60.0
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
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (1...4096).contains(maxUploadMB) else { throw ValidationError("--max-upload-mb must be between 1 and 4096") }
        guard maxImageMegapixels >= 0.01, maxImageMegapixels <= 250 else {
            throw ValidationError("--max-image-megapixels must be between 0.01 and 250")
        }
        if let maxImageDecodedMB, !(1...16384).contains(maxImageDecodedMB) {
            throw ValidationError("--max-image-decoded-mb must be between 1 and 16384")
        }
        guard (1...(1 << 31)).contains(maxSamples) else { throw ValidationError("--max-samples must be between 1 and 2147483648") }
        guard (1...1024).contains(maxLeads) else { throw ValidationError("--max-leads must be between 1 and 1024") }
        guard (1...(1 << 21)).contains(maxCSVLineKB) else {
            throw ValidationError("--max-csv-line-kb must be between 1 and 2097152")
        }
        guard analysisTimeout >= 0, analysisTimeout <= 86_400 else {
            throw ValidationError("--analysis-timeout must be between 0 (no limit) and 86400 seconds")
        }
        guard requestTimeout >= 0.1, requestTimeout <= 86_400 else {
            throw ValidationError("--request-timeout must be between 0.1 and 86400 seconds")
        }
        if let workers, !(1...256).contains(workers) { throw ValidationError("--workers must be between 1 and 256") }
        guard (0...100_000).contains(queueDepth) else { throw ValidationError("--queue-depth must be between 0 and 100000") }
        guard (1...1000).contains(databaseConnections) else {
            throw ValidationError("--database-connections must be between 1 and 1000")
        }
        guard databaseTimeout >= 0.1, databaseTimeout <= 600 else {
            throw ValidationError("--database-timeout must be between 0.1 and 600 seconds")
        }
        guard shutdownGrace >= 0, shutdownGrace <= 3600 else {
            throw ValidationError("--shutdown-grace must be between 0 and 3600 seconds")
        }
        guard ["text", "json"].contains(logFormat) else { throw ValidationError("--log-format must be text or json") }
        guard ServiceLogging.levels.contains(logLevel) else {
            throw ValidationError("--log-level must be one of " + ServiceLogging.levels.joined(separator: ", "))
        }
        if let url = resolvedDatabaseURL {
            do { _ = try DatabaseURL(url) } catch { throw ValidationError("\(error)") }
        } else if outputs == "none" {
            throw ValidationError("--outputs none needs a database (--database-url or ECG_DATABASE_URL) to keep results in")
        }
    }

    /// --database-url, else $ECG_DATABASE_URL (empty means none).
    private var resolvedDatabaseURL: String? {
        let url = databaseURL ?? ProcessInfo.processInfo.environment["ECG_DATABASE_URL"]
        return url?.isEmpty == false ? url : nil
    }

    func run() async throws {
        ServiceLogging.bootstrap(json: logFormat == "json", level: logLevel)
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
            maxDecodedBytes: maxImageDecodedMB.map { $0 << 20 }
                ?? max(ImageDecodingLimits.defaultMaxDecodedBytes, maxPixels * 7))
        configuration.maxSamplesPerLead = maxSamples
        configuration.maxLeads = maxLeads
        configuration.maxCSVLineBytes = maxCSVLineKB << 10
        configuration.analysisTimeout = analysisTimeout > 0 ? .milliseconds(Int64(analysisTimeout * 1000)) : nil
        configuration.requestTimeout = .milliseconds(Int64(requestTimeout * 1000))
        configuration.queueDepth = queueDepth
        configuration.outputsDirectory = outputs == "none" ? nil : outputs
        configuration.databaseURL = try resolvedDatabaseURL.map(DatabaseURL.init)
        configuration.databaseConnections = databaseConnections
        configuration.databaseDeadline = .milliseconds(Int64(databaseTimeout * 1000))
        configuration.durableResponses = !writeBehind
        if let workers { configuration.workers = workers }
        configuration.publicDirectory = PublicFolder.resolve(publicFolder)
        if configuration.publicDirectory == nil {
            Self.printToStandardError("no web page: '\(publicFolder)/index.html' not found; GET / will answer 404 (use --public DIR)")
        }

        let service: ECGHTTPService
        do {
            service = try ECGHTTPService(backend: analyzer, configuration: configuration)
        } catch let error as ResultFolder.StoreError {
            throw ServeError(description: error.description)
        }
        service.metrics.bootstrapSwiftMetrics()
        var places: [String] = []
        if let url = configuration.databaseURL { places.append("database \(url)") }
        if let folder = configuration.outputsDirectory { places.append("\(folder)/") }
        let workers = service.pool.workers
        let storage = places.joined(separator: " and ")
        do {
            try await service.run(shutdownGrace: .milliseconds(Int64(shutdownGrace * 1000))) { port in
                Self.printToStandardError(
                    "serving on http://\(host):\(port) with \(workers) worker(s), queue depth \(queueDepth), results in \(storage)")
            }
        } catch let error as ResultStoreError {
            throw ServeError(description: error.description)
        }
    }

    private static func printToStandardError(_ line: String) {
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
