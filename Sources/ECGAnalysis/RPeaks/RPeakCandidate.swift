/// A local maximum of the QRS feature that survived the refractory merge, with everything the decision rules and
/// the refinement read about it (so decisions need no signal once the candidate is found).
struct RPeakCandidate: Sendable, Equatable {
    /// Index at the detector's working rate (the block-averaged signal), from the start of the recording.
    var index: Int
    /// Height of the integrated QRS feature (RMS slope) at `index`.
    var height: Float
    /// Steepest band-passed slope within ±75 ms of `index` (the T-wave and search-back tests).
    var slope: Float
    /// The refined R apex: index into the raw lead at its own sample rate.
    var apex: Int
}
