/// What the rhythm rules know about one beat: its time and class, whether a P wave precedes it, its PR and QRS
/// durations, and whether a pacing stimulus precedes it.
struct BeatFeatures: Sendable, Equatable {
    var time: Double
    var aami: AAMIClass
    /// A P wave was delineated before this QRS; nil when the beat was not delineated.
    var pWave: Bool?
    /// That P wave was taken from another lead than the analysed one (``RhythmStripWaves``).
    var pWaveFromOtherLead = false
    /// P onset to QRS onset, ms.
    var prMs: Double?
    /// QRS onset to offset, ms.
    var qrsMs: Double?
    var ventricularStimulus = false
    var atrialStimulus = false
    /// The QRS snippet around R (``PacedMorphology/snippets(signal:sampleRate:peaks:)``); empty when not available.
    var shape: [Float] = []

    /// Features from beats, their delineated waves (`waves[i]` for `beats[i]`, positions at `waveRate`; empty when
    /// not delineated), pacing stimuli (``PacingSpikes/detect(_:sampleRate:rPeaks:)``; empty when not looked for) and
    /// QRS snippets (`shapes[i]` for `beats[i]`; empty when not available); `pWaveFromOtherLead[i]` marks the beats
    /// whose P wave another lead gave (empty: none).
    static func make(
        beats: [ClassifiedBeat], waves: [BeatWaves], waveRate: Double, stimuli: [(ventricular: Bool, atrial: Bool)],
        shapes: [[Float]] = [], pWaveFromOtherLead: [Bool] = []
    ) -> [BeatFeatures] {
        beats.indices.map { i in
            var f = BeatFeatures(time: beats[i].time, aami: beats[i].aami)
            if waves.count == beats.count, waveRate > 0 {
                let w = waves[i]
                f.pWave = w.pPeak != nil
                f.pWaveFromOtherLead = w.pPeak != nil && pWaveFromOtherLead.count == beats.count && pWaveFromOtherLead[i]
                if let on = w.pOnset, let q = w.qrsOnset, q > on { f.prMs = (q - on) * 1000 / waveRate }
                if let on = w.qrsOnset, let off = w.qrsOffset, off > on { f.qrsMs = (off - on) * 1000 / waveRate }
            }
            if stimuli.count == beats.count {
                f.ventricularStimulus = stimuli[i].ventricular
                f.atrialStimulus = stimuli[i].atrial
            }
            if shapes.count == beats.count { f.shape = shapes[i] }
            return f
        }
    }
}
