/// Reads ECG signals off an image of ECG paper.
public struct ECGDigitizer: Sendable {
    public init() {}

    /// Digitizes every lead on the page. Throws `ECGAnalysisError.unanalysableSignal` with the reason when the image
    /// is not an ECG or cannot be read.
    public func digitize(_ image: RasterImage) throws -> DigitizedECG {
        throw ECGAnalysisError.unanalysableSignal("ECG images cannot be digitized yet")
    }
}
