#if Service
import ECGAnalysis
import Foundation

/// Everything `ecg serve` can set. Defaults match the original Flask service (127.0.0.1:5000, `json_outputs/`).
public struct ServiceConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 5000
    /// Largest accepted request body, in bytes (default 20 MB).
    public var maxUploadBytes: Int = 20 << 20
    /// Limits on uploaded images (pixels, pixels per side, decoded bytes), checked from the image header before
    /// decoding; larger images are answered 413.
    public var imageLimits = ImageDecodingLimits()
    /// Longest recording accepted per upload, in samples per lead (CSV: data rows); longer uploads are answered 400
    /// `invalid_input` before any analysis.
    public var maxSamplesPerLead: Int = ECGReadOptions.defaultMaxSamples
    /// Most leads accepted per upload (CSV: signal columns, besides an index and a time column; NPY, EDF and image
    /// leads); more are answered 400 `invalid_input`.
    public var maxLeads: Int = ECGReadOptions.defaultMaxLeads
    /// Longest CSV/TXT line accepted, in bytes; a longer line is answered 400 `invalid_input`.
    public var maxCSVLineBytes: Int = ECGReadOptions.defaultMaxLineBytes
    /// Longest time one analysis may run on its worker (from the moment a worker takes it), checked between its
    /// stages (``AnalysisDeadline``); past it `/predict` answers 503 `analysis_timeout` and saves nothing. nil: no limit.
    public var analysisTimeout: Duration? = .seconds(120)
    /// Longest time to receive a `/predict` request body, from the moment its head arrived; a slower upload is
    /// answered 408 `request_timeout` and its connection closed.
    public var requestTimeout: Duration = .seconds(60)
    /// Analysis worker threads (default: the number of active cores).
    public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Analyses allowed to wait for a worker before `/predict` answers 503.
    public var queueDepth: Int = 64
    /// Folder for saved results, created when missing; nil keeps no files (only allowed with a database).
    public var outputsDirectory: String? = "json_outputs"
    /// PostgreSQL database for results (shared by every replica); nil keeps results in ``outputsDirectory`` only.
    public var databaseURL: DatabaseURL?
    /// Longest wait for a database connection plus one statement before a request is answered 503.
    public var databaseDeadline: Duration = .seconds(5)
    /// Database connections this process opens at most.
    public var databaseConnections: Int = 16
    /// `Retry-After` seconds sent with a 503 for an unreachable result store.
    public var storeRetryAfterSeconds: Int = 2
    /// When true (default), `/predict` answers only once its result file is durable (fsynced), so an answered
    /// result survives a crash (with a database, `/predict` always waits for the row's commit; this setting then
    /// applies to the file copy). When false (write-behind) it answers as soon as the analysis is done and the file
    /// follows within milliseconds (served from memory by `/results/{id}` until then); a crash in that window can
    /// lose an answered result. Both write the same atomic, fsynced, never-overwriting files.
    public var durableResponses: Bool = true
    /// Folder of the web page (index.html, script.js, style.css); nil serves no page.
    public var publicDirectory: String?

    public init() {}

    /// The reading options for one upload: the form's lead and sample rate within this configuration's limits.
    public func readOptions(lead: String?, sampleRate: Double?) -> ECGReadOptions {
        ECGReadOptions(
            sampleRate: sampleRate, maxSamples: maxSamplesPerLead, maxLeads: maxLeads, lead: lead,
            imageLimits: imageLimits, maxLineBytes: maxCSVLineBytes)
    }
}

/// Finds the web page's folder so `ecg serve` works from the repository root and from elsewhere.
public enum PublicFolder {
    /// The first of: `path` as given (relative to the working directory), then next to the executable's package
    /// (`<repo>/.build/<config>/ecg` → `<repo>/Public`), that holds an `index.html`; nil when none does.
    public static func resolve(_ path: String, executablePath: String = CommandLine.arguments.first ?? "") -> String? {
        var candidates = [path]
        if !path.hasPrefix("/") {
            let executable = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
            var folder = executable.deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent(path).path)
                folder = folder.deletingLastPathComponent()
            }
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/index.html") }
            .map { URL(fileURLWithPath: $0).standardizedFileURL.path }
    }
}
#endif
