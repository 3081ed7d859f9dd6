/// The rhythm of a recording: its name, the rule that gave it and the evidence; ectopy, ventricular runs and pauses;
/// and for recordings longer than one window, the rhythm episodes and the atrial-fibrillation burden.
public struct RhythmAssessment: Sendable, Encodable, Equatable {
    public var code: RhythmCode
    public var label: String
    /// The rule that decided `code`.
    public var rule: String
    /// A first-degree AV block under a sinus rhythm (included in `label`); nil when there is none or the rhythm
    /// is not sinus.
    @ExplicitNull public var firstDegreeAVBlock: FirstDegreeAVBlock? = nil
    /// The measurements the rule read.
    public var evidence: RhythmEvidence
    /// Heart rate the sinus categories were judged on (60 / mean RR of all beats), bpm.
    @ExplicitNull public var rateBPM: Double? = nil
    public var rrIrregularity: RRIrregularity
    /// True when RR irregularity passes the atrial-fibrillation thresholds.
    public var irregular: Bool
    /// From the median beat; nil when no median beat could be built.
    @ExplicitNull public var pWavesPresent: Bool? = nil
    public var ectopy: Ectopy
    public var ventricularRuns: VentricularRuns
    public var pauses: Pauses
    /// Consecutive stretches of one rhythm, in time order (pauses listed where they occur).
    public var episodes: [RhythmEpisode]
    /// Time in atrial-fibrillation episodes / analysed time, percent.
    public var afBurdenPct: Double
}
