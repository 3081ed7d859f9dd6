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
    ///   - options: the form's `lead` and `sample_rate` (nil: the engine's rule) and the service's limits on what
    ///     an upload may hold (samples per lead, leads, CSV line length, image pixels and decoded bytes).
    ///   - deadline: the analysis's time limit (``ServiceConfiguration/analysisTimeout``), to be checked between
    ///     stages; past it the engine throws `ECGAnalysisError.timedOut(limit:)`. nil: no limit.
    /// - Throws: `ECGAnalysisError` for anything the client should hear about (each kind maps to one HTTP status);
    ///   any other error becomes a generic 500 without details.
    func analyze(
        upload: Data, fileName: String, options: ECGReadOptions, deadline: AnalysisDeadline?
    ) throws -> AnalysisOutcome<Report>

    /// The loaded model (labels, window length, sample rate, shapes, layers, engine version) for `GET /debug/info`.
    var debugInfo: ModelDescription { get }
}
#endif
