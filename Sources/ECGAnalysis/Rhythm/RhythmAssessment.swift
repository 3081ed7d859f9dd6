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

    /// Whether each beat at `times` (seconds, increasing) lies in atrial fibrillation or flutter as this assessment
    /// names it: inside such an episode when the recording is longer than a minute (the episodes decide), else on
    /// the whole strip when its rhythm is one of them. S labels there are not counted as supraventricular ectopy
    /// (``beatsInRhythmContext(_:normalLabel:)``).
    public func inAtrialFibrillation(times: [Double]) -> [Bool] {
        Self.inAtrialFibrillation(times: times, code: code, episodes: episodes)
    }

    /// `beats` as the analysis reports them: a supraventricular (S) label inside atrial fibrillation or flutter
    /// (``inAtrialFibrillation(times:)``) reads as `normalLabel`, the model's label kept in
    /// ``ClassifiedBeat/modelLabel``. Fibrillating or flutter atria give no premature atrial beat to come early
    /// from: a beat conducted from them is normal in the AAMI EC57 classes, however irregular its RR interval.
    /// Other labels are kept.
    public func beatsInRhythmContext(_ beats: [ClassifiedBeat], normalLabel: String) -> [ClassifiedBeat] {
        let inAF = inAtrialFibrillation(times: beats.map(\.time))
        return zip(beats, inAF).map { beat, fibrillating in
            fibrillating && beat.aami == .supraventricular ? beat.relabelled(normalLabel) : beat
        }
    }

    static func inAtrialFibrillation(times: [Double], code: RhythmCode, episodes: [RhythmEpisode]) -> [Bool] {
        let fibrillating: Set<RhythmCode> = [.atrialFibrillation, .atrialFlutter]
        guard let first = times.first, let last = times.last, last - first > RhythmClassifier.dominantAfter else {
            return Array(repeating: fibrillating.contains(code), count: times.count)
        }
        // One pass over beats and episodes, both in time order; an episode's start and end are inside it.
        let atrial = episodes.filter { fibrillating.contains($0.code) }
        var mask = [Bool](repeating: false, count: times.count)
        var k = 0
        for (i, time) in times.enumerated() {
            while k < atrial.count, atrial[k].endS < time { k += 1 }
            mask[i] = k < atrial.count && atrial[k].startS <= time
        }
        return mask
    }
}
