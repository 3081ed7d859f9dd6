/// How recordings are split for analysis (see ``ECGAnalyzer`` and `docs/STREAMING.md`).
///
/// Recordings up to `wholeSignalLimit` samples per lead are analysed whole. Longer ones go through the chunked
/// pipeline: cores of `chunkSeconds` tile the lead; each is read with `marginSeconds` more on both sides so the
/// zero-phase filters settle before the core; measurements (delineation of every beat, the median beat) run per
/// `segmentSeconds` of analysis-rate signal. Sample counts are rounded up to the block-averaging and resampling grid.
struct ChunkingParameters: Sendable, Equatable {
    /// Samples per lead up to which the whole lead is analysed in one pass.
    var wholeSignalLimit = 2_000_000
    var chunkSeconds = 600.0
    var marginSeconds = 30.0
    var segmentSeconds = 1800.0
    /// Beats per model call in the chunked pipeline. The model's activations grow with the batch (one
    /// [batch, window, channels] tensor per layer), so a small batch bounds them; results do not depend on it.
    var modelBatchBeats = 256
    /// Shortest core: the R-peak detector measures its initial QRS level over the first 8 s.
    static let minimumChunkSeconds = 10.0
}
