/// Everything the rhythm analysis reads from a recording.
///
/// `waves[i]` and `peaks[i]` belong to `beats[i]` (positions at `sampleRate`, the measurement signal's rate);
/// `raw` is the analysed lead before filtering at `rawRate`, where `beats[i].sample` indexes it. Empty arrays mean
/// "not available" (no delineation, no flutter-wave analysis, no pacing-stimulus search).
struct RhythmInput: Sendable {
    var beats: [ClassifiedBeat]
    var waves: [BeatWaves] = []
    /// Per beat: its P wave in `waves` came from another lead than the analysed one (``RhythmStripWaves``); empty
    /// when not known.
    var pWaveFromOtherLead: [Bool] = []
    var peaks: [Int] = []
    var signal: [Float] = []
    var sampleRate: Double = 0
    var raw: [Float] = []
    var rawRate: Double = 0
    /// The median beat's P-wave verdict and amplitude (mV).
    var pWaveOnMedianBeat: Bool?
    var medianPAmplitude: Double?
    /// Whether a sinus P wave is upright on the analysed lead (``SinusPWaveLeads``); nil when the lead does not say.
    var sinusPUprightOnLead: Bool?
    /// The median-beat P-wave verdict and amplitude over a range of beats (episode windows); nil when not available.
    var medianP: (@Sendable (Range<Int>) -> (present: Bool?, amplitude: Double?))?
}
