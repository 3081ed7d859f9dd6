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
    /// Which beats the report lists; nil: ``BeatListMode/automatic(durationSeconds:)``.
    public var beatList: BeatListMode?
    /// Wall-clock limit of the analysis, checked between stages, model batches and chunks (``AnalysisDeadline``);
    /// nil: none.
    public var deadline: AnalysisDeadline?
    /// Chunk, margin and segment lengths of the streaming pipeline (tests shorten them).
    var chunking = ChunkingParameters()

    public init(
        lead: String? = nil, sampleRate: Double? = nil, imageLimits: ImageDecodingLimits = .init(),
        progress: (@Sendable (Double) -> Void)? = nil, beatList: BeatListMode? = nil, deadline: AnalysisDeadline? = nil
    ) {
        self.deadline = deadline
        self.beatList = beatList
        self.lead = lead
        self.sampleRate = sampleRate
        self.imageLimits = imageLimits
        self.progress = progress
    }

    var readOptions: ECGReadOptions { ECGReadOptions(sampleRate: sampleRate, lead: lead, imageLimits: imageLimits) }
}
