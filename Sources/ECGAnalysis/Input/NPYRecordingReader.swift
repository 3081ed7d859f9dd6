import Foundation

/// Reads `.npy` arrays as recordings: 1-D (one lead) or 2-D `[samples, leads]` (a `[leads, samples]` array with
/// fewer rows than columns is transposed). NPY carries no rate: it comes from the options or the default.
enum NPYRecordingReader {
    static func read(data: Data, options: ECGReadOptions) throws -> ECGRecording {
        throw ECGAnalysisError.unsupportedFormat("NPY input is not available in this build")
    }
}
