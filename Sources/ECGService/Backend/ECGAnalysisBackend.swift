#if Service
import ECGAnalysis
import Foundation

/// What the HTTP layer needs from an analysis engine. Implementations are shared by every worker thread, so they
/// must be safe to call from many threads at once; `analyze` is blocking and runs off the event loop.
public protocol ECGAnalysisBackend: Sendable {
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
    ) throws -> AnalysisOutcome

    /// A JSON object describing the loaded model (labels, window length, sample rate, shapes, layers, engine version)
    /// for `GET /debug/info`.
    var debugInfo: Data { get }
}

/// The result of one analysis.
public struct AnalysisOutcome: Sendable {
    /// The analysis report, encoded as one JSON object (`diagnosis`, `score`, `doctors_notes`, …).
    public var report: Data
    /// The analysed lead, for plotting; nil when the engine has no trace to offer.
    public var trace: SignalTrace?
    /// Time the model itself took (for the `ecg_model_duration_seconds` metric); nil when the engine does not say.
    public var modelDuration: Duration?

    public init(report: Data, trace: SignalTrace? = nil, modelDuration: Duration? = nil) {
        self.report = report
        self.trace = trace
        self.modelDuration = modelDuration
    }
}

/// One lead of the analysed signal, as plotted by the web page.
public struct SignalTrace: Sendable, Equatable {
    /// Lead name, e.g. "MLII".
    public var lead: String
    /// Sampling rate in Hz.
    public var sampleRate: Double
    /// Samples in mV, in the input's own sampling (the same index space as the report's beat `sample`s).
    public var samples: [Float]

    public init(lead: String, sampleRate: Double, samples: [Float]) {
        self.lead = lead
        self.sampleRate = sampleRate
        self.samples = samples
    }
}
#endif
