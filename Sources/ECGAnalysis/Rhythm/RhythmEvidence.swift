import Foundation

/// The measurements a rhythm name rests on, over one stretch of beats (a whole recording, a segment or an episode
/// window). Every rule of ``RhythmClassifier`` reads only these fields, so the JSON shows why a name was given.
///
/// Fractions are 0…1 of the stretch's beats; intervals in ms; nil means "not measurable here".
public struct RhythmEvidence: Sendable, Encodable, Equatable {
    public var beats: Int
    public var durationS: Double
    /// (beats − 1) · 60 / (last R − first R), bpm.
    public var rateBPM: Double?
    /// RR measures between consecutive conducted (N or S) beats.
    public var rrIrregularity: RRIrregularity
    /// Longest minus shortest RR between consecutive N beats, ms (sinus arrhythmia).
    public var nnRangeMs: Double?
    /// P-wave verdict on the median beat (whole recordings only; nil for windows or without a median beat).
    public var pWaveOnMedianBeat: Bool?
    /// P-wave amplitude on the median beat, mV.
    public var medianPAmplitudeMv: Double?
    /// Share of N and S beats with a delineated P wave before the QRS; nil when beats were not delineated.
    public var pWaveRatio: Double?
    /// PR (P onset to QRS onset) over N beats with a P wave, ms.
    public var prMeanMs: Double?
    public var prSDMs: Double?
    /// Median QRS duration of N and V beats, ms.
    public var qrsMedianMs: Double?
    public var ventricularFraction: Double
    public var supraventricularFraction: Double
    /// Beats with a pacing stimulus before them or labelled paced (Q) by the model.
    public var pacedFraction: Double
    /// Beats with a stimulus in the atrial / ventricular window (``PacingSpikes``); nil when stimuli were not looked
    /// for (sample rate too low or no raw signal).
    public var atrialStimulusFraction: Double?
    public var ventricularStimulusFraction: Double?
    /// Beats inside ventricular bigeminy / trigeminy patterns (≥ 3 cycles).
    public var bigeminyFraction: Double
    public var trigeminyFraction: Double
    /// RR intervals between two N beats of 1.5-2.4 × the median NN interval (a beat missing from a regular rhythm).
    public var droppedBeats: Int
    /// Mean over dropped beats of (PR of the beat before the gap − PR of the beat after it), ms: positive when PR
    /// lengthens up to the dropped beat and resets after it (Wenckebach).
    public var prChangeAcrossDropsMs: Double?
    /// RR intervals above the pause threshold.
    public var pauses: Int
    /// Atrial-band spectrum between QRS complexes; nil without a signal, for stretches under 6 s, and for the whole of
    /// a recording longer than a minute (its episodes carry their own).
    public var flutterWaves: FlutterWaves?

    enum CodingKeys: String, CodingKey {
        case beats, durationS = "duration_s", rateBPM = "rate_bpm", rrIrregularity = "rr_irregularity"
        case nnRangeMs = "nn_range_ms", pWaveOnMedianBeat = "p_wave_on_median_beat"
        case medianPAmplitudeMv = "median_p_amplitude_mv", pWaveRatio = "p_wave_ratio", prMeanMs = "pr_mean_ms"
        case prSDMs = "pr_sd_ms", qrsMedianMs = "qrs_median_ms", ventricularFraction = "ventricular_fraction"
        case supraventricularFraction = "supraventricular_fraction", pacedFraction = "paced_fraction"
        case atrialStimulusFraction = "atrial_stimulus_fraction", ventricularStimulusFraction = "ventricular_stimulus_fraction"
        case bigeminyFraction = "bigeminy_fraction", trigeminyFraction = "trigeminy_fraction"
        case droppedBeats = "dropped_beats", prChangeAcrossDropsMs = "pr_change_across_drops_ms", pauses
        case flutterWaves = "flutter_waves"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(beats, forKey: .beats)
        try c.encode(durationS, forKey: .durationS)
        try c.encode(rateBPM, forKey: .rateBPM)
        try c.encode(rrIrregularity, forKey: .rrIrregularity)
        try c.encode(nnRangeMs, forKey: .nnRangeMs)
        try c.encode(pWaveOnMedianBeat, forKey: .pWaveOnMedianBeat)
        try c.encode(medianPAmplitudeMv, forKey: .medianPAmplitudeMv)
        try c.encode(pWaveRatio, forKey: .pWaveRatio)
        try c.encode(prMeanMs, forKey: .prMeanMs)
        try c.encode(prSDMs, forKey: .prSDMs)
        try c.encode(qrsMedianMs, forKey: .qrsMedianMs)
        try c.encode(ventricularFraction, forKey: .ventricularFraction)
        try c.encode(supraventricularFraction, forKey: .supraventricularFraction)
        try c.encode(pacedFraction, forKey: .pacedFraction)
        try c.encode(atrialStimulusFraction, forKey: .atrialStimulusFraction)
        try c.encode(ventricularStimulusFraction, forKey: .ventricularStimulusFraction)
        try c.encode(bigeminyFraction, forKey: .bigeminyFraction)
        try c.encode(trigeminyFraction, forKey: .trigeminyFraction)
        try c.encode(droppedBeats, forKey: .droppedBeats)
        try c.encode(prChangeAcrossDropsMs, forKey: .prChangeAcrossDropsMs)
        try c.encode(pauses, forKey: .pauses)
        try c.encode(flutterWaves, forKey: .flutterWaves)
    }

    /// Evidence over `features[range]`. `stimuliLooked` says whether pacing stimuli were searched for.
    init(
        features all: [BeatFeatures], range: Range<Int>, stimuliLooked: Bool, pWaveOnMedianBeat: Bool? = nil,
        medianPAmplitude: Double? = nil, flutterWaves: FlutterWaves? = nil
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
        let delineated = f.filter { conducted.contains($0.aami) && $0.pWave != nil }
        if !delineated.isEmpty {
            pWaveRatio = (Double(delineated.filter { $0.pWave == true }.count) / Double(delineated.count)).rounded(toPlaces: 3)
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
        supraventricularFraction = share(f.filter { $0.aami == .supraventricular }.count)
        pacedFraction = share(f.filter { $0.aami == .unknown || $0.ventricularStimulus || $0.atrialStimulus }.count)
        atrialStimulusFraction = stimuliLooked ? share(f.filter(\.atrialStimulus).count) : nil
        ventricularStimulusFraction = stimuliLooked ? share(f.filter(\.ventricularStimulus).count) : nil
        let isV = f.map { $0.aami == .ventricular }
        bigeminyFraction = share(EctopyPatterns.cycles(isV, period: 2).beats)
        trigeminyFraction = share(EctopyPatterns.cycles(isV, period: 3).beats)
        var dropped = 0
        var changes: [Double] = []
        let sortedNN = nn.sorted()
        if sortedNN.count >= 4 {
            let median = sortedNN[sortedNN.count / 2]
            for i in f.indices.dropFirst() where f[i - 1].aami == .normal && f[i].aami == .normal {
                let interval = f[i].time - f[i - 1].time
                guard interval >= 1.5 * median, interval <= 2.4 * median else { continue }
                dropped += 1
                if let before = f[i - 1].prMs, let after = f[i].prMs { changes.append(before - after) }
            }
        }
        droppedBeats = dropped
        if !changes.isEmpty { prChangeAcrossDropsMs = (changes.reduce(0, +) / Double(changes.count)).rounded(toPlaces: 1) }
        var longRR = 0
        for i in f.indices.dropFirst() where f[i].time - f[i - 1].time > EctopyPatterns.pauseThreshold { longRR += 1 }
        pauses = longRR
        self.flutterWaves = flutterWaves
    }
}
