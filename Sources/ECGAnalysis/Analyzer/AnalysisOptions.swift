/// Per-call options of `ECGAnalyzer.analyze`.
public struct AnalysisOptions: Sendable {
    /// Lead to analyse by name (case-insensitive); nil picks MLII / II, else the first lead.
    public var lead: String?
    /// Sample rate in Hz for inputs that do not state one (CSV without a time column, NPY).
    public var sampleRate: Double?
    /// Size limits for image uploads, checked from the header before decoding.
    public var imageLimits: ImageDecodingLimits
    /// Called with the fraction done, 0…1, from the analysing thread.
    public var progress: (@Sendable (Double) -> Void)?

    public init(
        lead: String? = nil, sampleRate: Double? = nil, imageLimits: ImageDecodingLimits = .init(),
        progress: (@Sendable (Double) -> Void)? = nil
    ) {
        self.lead = lead
        self.sampleRate = sampleRate
        self.imageLimits = imageLimits
        self.progress = progress
    }

    var readOptions: ECGReadOptions { ECGReadOptions(sampleRate: sampleRate, lead: lead, imageLimits: imageLimits) }
}
