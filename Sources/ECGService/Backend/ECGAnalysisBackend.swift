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
    /// - Throws: ``AnalysisFailure`` for anything the client should hear about; any other error becomes a
    ///   generic 500 without details.
    func analyze(upload: Data, fileName: String, lead: String?, sampleRate: Double?) throws -> AnalysisOutcome

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

    public init(report: Data, trace: SignalTrace? = nil) {
        self.report = report
        self.trace = trace
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

/// The ways an analysis can fail that the client should hear about, each with a message safe to show.
public enum AnalysisFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file type is known but the engine cannot read it (yet), e.g. an ECG image. → 415
    case unsupportedFormat(String)
    /// The content cannot be parsed: empty, unparseable, too many samples, a bad header. → 400
    case invalidInput(String)
    /// The signal was read but nothing sound can be said: too short, flat, clipped, too noisy, no beats. → 422
    case unanalysableSignal(String)
    /// The model failed on a valid signal; the message must hold no paths or internals. → 500
    case modelFailure(String)

    public var description: String {
        switch self {
        case .unsupportedFormat(let message), .invalidInput(let message),
             .unanalysableSignal(let message), .modelFailure(let message):
            return message
        }
    }
}
