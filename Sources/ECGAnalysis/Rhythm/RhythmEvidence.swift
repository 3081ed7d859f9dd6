import Foundation

/// The measurements a rhythm name rests on, over one stretch of beats (a whole recording, a segment or an episode
/// window). Every rule of ``RhythmClassifier`` reads only these fields, so the JSON shows why a name was given.
///
/// Fractions are 0…1 of the stretch's beats; intervals in ms; nil means "not measurable here".
public struct RhythmEvidence: Sendable, Encodable, Equatable {
    public var beats: Int
    public var durationS: Double
    /// (beats − 1) · 60 / (last R − first R), bpm.
    @ExplicitNull public var rateBPM: Double? = nil
    /// RR measures between consecutive conducted (N or S) beats.
    public var rrIrregularity: RRIrregularity
    /// Longest minus shortest RR between consecutive N beats, ms (sinus arrhythmia).
    @ExplicitNull public var nnRangeMs: Double? = nil
    /// P-wave verdict on the median beat (whole recordings only; nil for windows or without a median beat).
    @ExplicitNull public var pWaveOnMedianBeat: Bool? = nil
    /// P-wave amplitude on the median beat, mV.
    @ExplicitNull public var medianPAmplitudeMv: Double? = nil
    /// Whether a sinus P wave is upright on the analysed lead, by its name (``SinusPWaveLeads``: true on I, II,
    /// aVF, V4-V6, MLI, MLII, D1 and D2, false on aVR); nil on other leads, where P-wave polarity does not tell
    /// sinus rhythm.
    @ExplicitNull public var sinusPUprightOnLead: Bool? = nil
    /// Share of N and S beats with a delineated P wave before the QRS; nil when beats were not delineated.
    @ExplicitNull public var pWaveRatio: Double? = nil
    /// Of those N and S beats with a P wave, the share whose P wave came from another lead than the analysed one (a
    /// steady P wave there where the analysed lead shows none; ``RhythmStripWaves``); nil without P waves.
    @ExplicitNull public var pWaveOtherLeadRatio: Double? = nil
    /// PR (P onset to QRS onset) over N beats with a P wave, ms.
    @ExplicitNull public var prMeanMs: Double? = nil
    @ExplicitNull public var prSDMs: Double? = nil
    /// Median QRS duration of N and V beats, ms.
    @ExplicitNull public var qrsMedianMs: Double? = nil
    public var ventricularFraction: Double
    /// Median Pearson correlation of the ventricular (V) beats' QRS snippets (`[R − 80 ms, R + 120 ms]`) with their
    /// sample-wise median: near 1 for one ectopic focus (monomorphic ventricular tachycardia, idioventricular
    /// rhythm), low when the "ventricular" beats are artefact-distorted complexes. nil with fewer than 3 such beats
    /// or without a signal.
    @ExplicitNull public var ventricularShapeConsistency: Double? = nil
    public var supraventricularFraction: Double
    /// Beats with a pacing stimulus before them or labelled paced (Q) by the model.
    public var pacedFraction: Double
    /// Beats with a stimulus in the atrial / ventricular window (``PacingSpikes``); nil when stimuli were not looked
    /// for (sample rate too low or no raw signal).
    @ExplicitNull public var atrialStimulusFraction: Double? = nil
    @ExplicitNull public var ventricularStimulusFraction: Double? = nil
    /// Beats inside ventricular bigeminy / trigeminy patterns (≥ 3 cycles).
    public var bigeminyFraction: Double
    public var trigeminyFraction: Double
    /// RR intervals between two N beats of 1.5-2.4 × the median NN interval (a beat missing from a regular rhythm).
    public var droppedBeats: Int
    /// Mean over dropped beats of (PR of the beat before the gap − PR of the beat after it), ms: positive when PR
    /// lengthens up to the dropped beat and resets after it (Wenckebach).
    @ExplicitNull public var prChangeAcrossDropsMs: Double? = nil
    /// RR intervals above the pause threshold.
    public var pauses: Int
    /// Atrial-band spectrum between QRS complexes; nil without a signal, for stretches under 6 s, and for the whole of
    /// a recording longer than a minute (its episodes carry their own).
    @ExplicitNull public var flutterWaves: FlutterWaves? = nil
    /// P waves midway between conducted ones that no QRS follows (2:1 AV block); searched only below
    /// ``RhythmClassifier/bradycardia`` with a signal and a per-beat delineation, nil otherwise.
    @ExplicitNull public var blockedPWaves: BlockedPWaves? = nil
    /// The same search in the gaps of the dropped beats (a P wave on schedule in the gap: second-degree block; none:
    /// a sinus pause); nil without dropped beats, a signal or a per-beat delineation.
    @ExplicitNull public var pWavesInGaps: BlockedPWaves? = nil
    /// QRS width, shape constancy, rate fixity and atrial relation over every beat (paced rhythm without visible
    /// stimuli).
    public var pacedMorphology: PacedMorphology

    /// Evidence over `features[range]`. `stimuliLooked` says whether pacing stimuli were searched for.
    init(
        features all: [BeatFeatures], range: Range<Int>, stimuliLooked: Bool, pWaveOnMedianBeat: Bool? = nil,
        medianPAmplitude: Double? = nil, sinusPUprightOnLead: Bool? = nil, flutterWaves: FlutterWaves? = nil
    ) {
        let f = Array(all[range])
        beats = f.count
        let span = (f.last?.time ?? 0) - (f.first?.time ?? 0)
        durationS = span.rounded(toPlaces: 3)
        rateBPM = f.count > 1 && span > 0 ? (Double(f.count - 1) * 60 / span).rounded(toPlaces: 1) : nil
        let conducted: Set<AAMIClass> = [.normal, .supraventricular]
        var rr: [Double] = []
        var nn: [Double] = []
        for i in f.indices.dropFirst() {
            let interval = f[i].time - f[i - 1].time
            guard interval >= 0.25, interval <= 2.5 else { continue }
            if conducted.contains(f[i - 1].aami), conducted.contains(f[i].aami) { rr.append(interval) }
            if f[i - 1].aami == .normal, f[i].aami == .normal { nn.append(interval) }
        }
        rrIrregularity = RRIrregularity(rr: rr)
        if nn.count >= 4, let low = nn.min(), let high = nn.max() { nnRangeMs = ((high - low) * 1000).rounded(toPlaces: 1) }
        self.pWaveOnMedianBeat = pWaveOnMedianBeat
        medianPAmplitudeMv = medianPAmplitude.map { $0.rounded(toPlaces: 3) }
        self.sinusPUprightOnLead = sinusPUprightOnLead
        let delineated = f.filter { conducted.contains($0.aami) && $0.pWave != nil }
        if !delineated.isEmpty {
            pWaveRatio = (Double(delineated.filter { $0.pWave == true }.count) / Double(delineated.count)).rounded(toPlaces: 3)
        }
        let withP = delineated.filter { $0.pWave == true }
        if !withP.isEmpty {
            pWaveOtherLeadRatio = (Double(withP.count { $0.pWaveFromOtherLead }) / Double(withP.count)).rounded(toPlaces: 3)
        }
        let prs = f.filter { $0.aami == .normal }.compactMap(\.prMs).filter { $0 >= 40 && $0 <= 600 }
        if prs.count >= 3 {
            let mean = prs.reduce(0, +) / Double(prs.count)
            prMeanMs = mean.rounded(toPlaces: 1)
            prSDMs = (prs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(prs.count - 1)).squareRoot().rounded(toPlaces: 1)
        }
        let qrs = f.filter { $0.aami == .normal || $0.aami == .ventricular }.compactMap(\.qrsMs).sorted()
        if !qrs.isEmpty { qrsMedianMs = qrs[qrs.count / 2].rounded(toPlaces: 1) }
        let count = Double(max(1, f.count))
        func share(_ n: Int) -> Double { (Double(n) / count).rounded(toPlaces: 3) }
        ventricularFraction = share(f.filter { $0.aami == .ventricular }.count)
        ventricularShapeConsistency = PacedMorphology.consistency(of: f.filter { $0.aami == .ventricular }.map(\.shape))
        supraventricularFraction = share(f.filter { $0.aami == .supraventricular }.count)
        pacedFraction = share(f.filter { $0.aami == .unknown || $0.ventricularStimulus || $0.atrialStimulus }.count)
        atrialStimulusFraction = stimuliLooked ? share(f.filter(\.atrialStimulus).count) : nil
        ventricularStimulusFraction = stimuliLooked ? share(f.filter(\.ventricularStimulus).count) : nil
        let isV = f.map { $0.aami == .ventricular }
        bigeminyFraction = share(EctopyPatterns.cycles(isV, period: 2).beats)
        trigeminyFraction = share(EctopyPatterns.cycles(isV, period: 3).beats)
        var changes: [Double] = []
        let gaps = Self.droppedBeatGaps(all, range: range)
        for i in gaps {
            if let before = all[i].prMs, let after = all[i + 1].prMs { changes.append(before - after) }
        }
        droppedBeats = gaps.count
        if !changes.isEmpty { prChangeAcrossDropsMs = (changes.reduce(0, +) / Double(changes.count)).rounded(toPlaces: 1) }
        var longRR = 0
        for i in f.indices.dropFirst() where f[i].time - f[i - 1].time > EctopyPatterns.pauseThreshold { longRR += 1 }
        pauses = longRR
        self.flutterWaves = flutterWaves
        pacedMorphology = PacedMorphology(features: f)
    }

    /// Indices i (into `features`, within `range`) where beats i and i + 1 are normal and their RR is 1.5-2.4 times
    /// the median NN interval of `range` (a beat missing from a regular rhythm); empty with fewer than 4 NN intervals.
    static func droppedBeatGaps(_ features: [BeatFeatures], range: Range<Int>) -> [Int] {
        var nn: [Double] = []
        for i in range.dropFirst() where features[i - 1].aami == .normal && features[i].aami == .normal {
            let interval = features[i].time - features[i - 1].time
            if interval >= 0.25, interval <= 2.5 { nn.append(interval) }
        }
        guard nn.count >= 4 else { return [] }
        let median = nn.sorted()[nn.count / 2]
        return range.dropFirst().compactMap { i in
            guard features[i - 1].aami == .normal, features[i].aami == .normal else { return nil }
            let interval = features[i].time - features[i - 1].time
            return interval >= 1.5 * median && interval <= 2.4 * median ? i - 1 : nil
        }
    }
}
