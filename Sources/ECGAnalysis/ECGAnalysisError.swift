/// Errors of the analysis library. Each case maps to one HTTP status in the service and carries a one-line,
/// user-safe message (no file-system paths, no internals).
public enum ECGAnalysisError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file type is not an ECG trace this library reads (e.g. an image). HTTP 415.
    case unsupportedFormat(String)
    /// The input cannot be parsed: empty, malformed, too many samples or leads, bad header. HTTP 400.
    case invalidInput(String)
    /// The trace parsed but cannot be analysed: too short, flat, clipped, too noisy, no beats. HTTP 422.
    case unanalysableSignal(String)
    /// The model cannot be loaded or could not run on the recording, with the typed cause. HTTP 500.
    case modelFailure(ModelFailure)
    /// An uploaded image could not be decoded: too large (HTTP 413), not a format or variant the decoders read
    /// (HTTP 415), or damaged (HTTP 422). The decoder's error is kept as it is.
    case imageDecoding(ImageDecodingError)
    /// The analysis ran past its ``AnalysisDeadline`` (the limit it was given) and was stopped; nothing was
    /// reported. HTTP 503.
    case timedOut(limit: Duration)

    /// Stable machine-readable code, used as `error.code` in JSON responses.
    public var code: String {
        switch self {
        case .unsupportedFormat: "unsupported_format"
        case .invalidInput: "invalid_input"
        case .unanalysableSignal: "unanalysable_signal"
        case .modelFailure: "model_failure"
        case .imageDecoding(let failure): failure.code
        case .timedOut: "analysis_timeout"
        }
    }

    /// The message alone, without the category.
    public var message: String {
        switch self {
        case .unsupportedFormat(let message), .invalidInput(let message), .unanalysableSignal(let message):
            message
        case .imageDecoding(let failure): failure.message
        case .modelFailure(let failure):
            failure.description
        case .timedOut(let limit):
            "the analysis did not finish within its time limit of \(AnalysisDeadline.seconds(limit)) s and was stopped"
        }
    }

    public var description: String {
        switch self {
        case .unsupportedFormat(let message): "unsupported format: \(message)"
        case .invalidInput(let message): "invalid input: \(message)"
        case .unanalysableSignal(let message): "unanalysable signal: \(message)"
        case .modelFailure(let message): "model failure: \(message)"
        case .imageDecoding(let failure): "image: \(failure.message)"
        case .timedOut: "timed out: \(message)"
        }
    }
}
