#if Service
import ECGAnalysis
import Foundation

/// What the HTTP layer needs from an analysis engine. Implementations are shared by every worker thread, so they
/// must be safe to call from many threads at once; `analyze` is blocking and runs off the event loop.
///
/// The engine hands over typed values, and the service encodes them once with ``ReportEncoding``: the real engine's
/// `Report` is ``AnalysisReport`` and its `ModelDescription` is ``ModelInfo``.
public protocol ECGAnalysisBackend: Sendable {
    /// The analysis result. It must encode as a JSON object (a keyed container): `/predict` adds `id`, `saved_as`
    /// and `trace` next to its keys.
    associatedtype Report: Encodable & Sendable = AnalysisReport
    /// The model description for `GET /debug/info`, also a JSON object (the service adds `service`).
    associatedtype ModelDescription: Encodable & Sendable = ModelInfo

    /// Analyses one uploaded recording.
    /// - Parameters:
    ///   - upload: the file's bytes as uploaded.
    ///   - fileName: the client's file name (for its extension only; never used as a path).
    ///   - lead: lead to analyse (nil: the engine's preferred lead).
    ///   - sampleRate: sampling rate in Hz when the file does not say (nil: the engine's rule).
    ///   - imageLimits: size limits for image uploads, checked from the header before decoding.
    /// - Throws: `ECGAnalysisError` for anything the client should hear about (each kind maps to one HTTP status);
    ///   any other error becomes a generic 500 without details.
    func analyze(
        upload: Data, fileName: String, lead: String?, sampleRate: Double?, imageLimits: ImageDecodingLimits
    ) throws -> AnalysisOutcome<Report>

    /// The loaded model (labels, window length, sample rate, shapes, layers, engine version) for `GET /debug/info`.
    var debugInfo: ModelDescription { get }
}
#endif
